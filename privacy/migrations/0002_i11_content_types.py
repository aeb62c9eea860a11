"""Relabel the privacy models' ContentType rows from `deletion` to `privacy` (issue 11).

The rows are updated, never recreated: permissions, guardian object permissions, admin log entries and anything else
pointing at a content type keep their ids, and `remove_stale_contenttypes` finds nothing stale to cascade-delete.
A `privacy` row made in the meantime by a `post_migrate` of the new code (it has nothing pointing at it yet) gives
way to the old one.
"""

from django.db import migrations

MODELS = (
    "accessexport",
    "exportwithholding",
    "historicalprivacyrequest",
    "historicalprocessor",
    "privacyrequest",
    "privacyrequestevent",
    "privacysubmission",
    "processor",
    "processornotification",
    "rectification",
    "supplementarystatement",
)


def _relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=old, model=model).exists():
            continue
        ContentType.objects.filter(app_label=new, model=model).delete()
        ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _relabel(apps, "deletion", "privacy")


def backwards(apps, schema_editor):
    _relabel(apps, "privacy", "deletion")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("deletion", "0010_i11_privacy_moved_out"),
        ("privacy", "0001_i11_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
