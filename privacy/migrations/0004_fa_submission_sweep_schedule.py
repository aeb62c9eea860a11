"""Beat entry of the privacy form's submission sweep (every minute; edited in the admin afterwards)."""

from django.db import migrations

SWEEP = "Privacy form: match submissions left unmatched by a killed worker (every minute)"


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=SWEEP,
        defaults={
            "task": "privacy.tasks.privacy_submissions_sweep_task",
            "interval": minute,
            "description": "Queues matching again for a public form submission still unmatched after 5 minutes.",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SWEEP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0003_fa_submission_match_queued"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
