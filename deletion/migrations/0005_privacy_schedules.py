"""Beat entries of privacy requests (edited in the admin afterwards): the daily deadline reminder to the privacy
officers, and the hourly maintenance (stuck requests, abandoned confirmations, expired exports, minimisation,
processor retries, erasures whose kept records have gone)."""

from django.db import migrations

REMINDER = "Privacy requests: deadlines due and overdue (daily email to privacy officers)"
MAINTENANCE = "Privacy requests: stuck, abandoned, expired exports, minimisation (hourly)"


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.get_or_create(
        name=REMINDER,
        defaults={
            "task": "deletion.privacy_tasks.privacy_deadlines_remind_task",
            "crontab": morning,
            "description": "Emails the privacy officers the requests due within 3 days and the overdue ones.",
        },
    )
    hourly, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.get_or_create(
        name=MAINTENANCE,
        defaults={"task": "deletion.privacy_tasks.privacy_requests_maintain_task", "interval": hourly},
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[REMINDER, MAINTENANCE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("deletion", "0004_privacy_requests"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
