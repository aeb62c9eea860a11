"""Give the roles the audit models: auditors read incidents, locks and checkpoints; compliance officers also
unlock accounts and edit the anomaly thresholds and working hours."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "auditor": [
        "view_incident",
        "view_accesslock",
        "view_checkpoint",
        "view_anomalythresholds",
        "view_teamworkinghours",
    ],
    "compliance officer": [
        "view_auditevent",
        "view_incident",
        "change_incident",
        "view_accesslock",
        "unlock_accesslock",
        "view_anomalythresholds",
        "change_anomalythresholds",
        "view_teamworkinghours",
        "add_teamworkinghours",
        "change_teamworkinghours",
        "delete_teamworkinghours",
    ],
}


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("audit")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        group.permissions.add(*Permission.objects.filter(content_type__app_label="audit", codename__in=codenames))
    AnomalyThresholds = apps.get_model("audit", "AnomalyThresholds")
    if not AnomalyThresholds.objects.exists():
        AnomalyThresholds.objects.create()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_i12_anomaly"),
        ("supportrecords", "0002_roles_and_categories"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
