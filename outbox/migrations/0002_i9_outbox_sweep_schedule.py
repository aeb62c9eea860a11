"""Beat entry of the outbox sweeper (every minute; edited in the admin afterwards)."""

from django.db import migrations

SWEEP = "Outbox: send task starts left pending by a broker outage (every minute)"


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=SWEEP,
        defaults={
            "task": "outbox.tasks.outbox_sweep_task",
            "interval": minute,
            "description": "Security alerts, customer emails and erasure starts are never lost to a broker outage.",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SWEEP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_i9_outbox"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
