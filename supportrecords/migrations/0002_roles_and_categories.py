"""Create the staff roles (groups with their model permissions) and the seeded data categories."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "support agent": [
        "supportrecords.view_ticket",
        "supportrecords.view_customer",
        "supportrecords.view_message",
        "supportrecords.add_message",
    ],
    "support supervisor": [
        "supportrecords.view_ticket",
        "supportrecords.change_ticket",
        "supportrecords.view_customer",
        "supportrecords.view_message",
        "supportrecords.add_message",
        "supportrecords.view_team",
    ],
    "privacy officer": [
        "supportrecords.view_ticket",
        "supportrecords.view_customer",
        "supportrecords.view_datacategory",
        "supportrecords.change_datacategory",
    ],
    "compliance officer": [
        "supportrecords.view_ticket",
        "supportrecords.view_customer",
        "supportrecords.view_message",
        "supportrecords.view_datacategory",
    ],
    "auditor": ["audit.view_auditevent"],
}

CATEGORIES = [
    ("general-enquiry", "General enquiry", "internal"),
    ("deposit-withdrawal", "Deposit and withdrawal", "confidential"),
    ("kyc-identity", "KYC and identity", "restricted"),
    ("security-incident", "Security incident and account takeover", "restricted"),
    ("complaint", "Complaint", "confidential"),
    ("aml-suspicious-activity", "AML and suspicious activity", "restricted"),
]


def forwards(apps, schema_editor):
    # Permissions are normally made after migrate; make them now so that the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    DataCategory = apps.get_model("supportrecords", "DataCategory")
    for slug, name, sensitivity in CATEGORIES:
        DataCategory.objects.get_or_create(slug=slug, defaults={"name": name, "sensitivity": sensitivity})


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("supportrecords", "0001_initial"),
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
