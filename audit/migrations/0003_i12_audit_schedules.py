"""Beat entries of the audit trail (edited in the admin afterwards): the sealer every 5 seconds, the checkpoint
look every minute (it writes one when the last is CUSTOS_AUDIT_CHECKPOINT_MINUTES old), the daily verification."""

from django.db import migrations

SEAL = "Audit trail: seal new events into the hash chain (every 5 s)"
CHECKPOINT = "Audit trail: signed checkpoint of the chain head (looks every minute)"
VERIFY = "Audit trail: verify the chain and checkpoints, alert on failure (daily)"
SCAN = "Audit trail: insider-anomaly scan, locks accounts on a breach (every 5 minutes)"


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    five_seconds, _ = IntervalSchedule.objects.get_or_create(every=5, period="seconds")
    minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    night, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="3", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.get_or_create(name=SEAL, defaults={"task": "audit.tasks.audit_seal_task", "interval": five_seconds})
    PeriodicTask.objects.get_or_create(
        name=CHECKPOINT, defaults={"task": "audit.tasks.audit_checkpoint_task", "interval": minute}
    )
    five_minutes, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=SCAN, defaults={"task": "audit.tasks.anomalies_scan_task", "interval": five_minutes}
    )
    PeriodicTask.objects.get_or_create(name=VERIFY, defaults={"task": "audit.tasks.audit_verify_task", "crontab": night})


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[SEAL, CHECKPOINT, VERIFY, SCAN]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_i12_audit_chain"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
