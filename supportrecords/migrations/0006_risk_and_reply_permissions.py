"""Let supervisors and officers see risk indicators, and supervisors edit the automatic replies."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "support supervisor": ["view_riskflag", "view_replytemplate", "change_replytemplate"],
    "privacy officer": ["view_riskflag"],
    "compliance officer": ["view_riskflag"],
}


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("supportrecords")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="supportrecords", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("supportrecords", "0005_secret_exposed_reply_template")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
