"""Seed the retention defaults (docs/deletion.md explains each), role permissions, and the nightly beat entries."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FIVE_YEARS = 1827  # 5 x 365 + 2 leap days
SEVEN_YEARS = 2557  # 7 x 365 + 2 leap days
TWO_YEARS = 731
THREE_YEARS = 1096

# (category, jurisdiction, days, clock, action, legal basis; the bases as migration 0011 left them)
DEFAULTS = [
    ("general-enquiry", "", TWO_YEARS, "ticket_closed", "anonymise", "storage limitation: kept no longer than needed (GDPR Art. 5(1)(e), PIPL Art. 19, PDPO DPP 2(2))"),
    ("deposit-withdrawal", "", FIVE_YEARS, "relationship_ended", "delete",
     "AML transaction records: FATF R.11, EU AMLD Art. 40, 31 CFR 1010.430, HK AMLO Sch. 2"),
    ("kyc-identity", "", FIVE_YEARS, "relationship_ended", "delete",
     "AML customer due diligence records: FATF R.11, EU AMLD Art. 40, HK AMLO Sch. 2"),
    ("security-incident", "", THREE_YEARS, "ticket_closed", "delete", "limitation period for claims; storage limitation (GDPR Art. 5(1)(e), PIPL Art. 19, PDPO DPP 2(2))"),
    ("complaint", "", THREE_YEARS, "ticket_closed", "anonymise", "complaint handling records (e.g. FCA DISP 1.9: 3 years)"),
    ("aml-suspicious-activity", "", FIVE_YEARS, "relationship_ended", "delete",
     "AML records: 5 years after the business relationship ends (FATF R.11, EU AMLD Art. 40, HK AMLO)"),
]
NEW_YORK = [
    (slug, "us_ny", SEVEN_YEARS, "relationship_ended" if clock == "relationship_ended" else "ticket_closed", action,
     "New York BitLicense 23 NYCRR 200.12: books and records for 7 years")
    for slug, _j, _d, clock, action, _b in DEFAULTS
]

ROLE_PERMISSIONS = {
    "privacy officer": [
        "view_retentionpolicy", "add_retentionpolicy", "change_retentionpolicy", "view_purgerun",
        "view_filedeletion", "view_anonymisedticket", "view_legalhold",
    ],
    "compliance officer": [
        "view_legalhold", "add_legalhold", "change_legalhold", "view_retentionpolicy", "view_purgerun",
        "view_filedeletion",
    ],
    "auditor": ["view_purgerun", "view_legalhold", "view_retentionpolicy"],
}


def forwards(apps, schema_editor):
    DataCategory = apps.get_model("supportrecords", "DataCategory")
    RetentionPolicy = apps.get_model("deletion", "RetentionPolicy")
    HistoricalRetentionPolicy = apps.get_model("deletion", "HistoricalRetentionPolicy")
    from django.utils import timezone

    for slug, jurisdiction, days, clock, action, basis in DEFAULTS + NEW_YORK:
        category = DataCategory.objects.filter(slug=slug).first()
        if category is None:
            continue
        policy, created = RetentionPolicy.objects.get_or_create(
            category=category,
            jurisdiction=jurisdiction,
            defaults={"retention_days": days, "clock": clock, "action": action, "legal_basis": basis},
        )
        if created:
            HistoricalRetentionPolicy.objects.create(
                id=policy.pk, category_id=category.pk, jurisdiction=jurisdiction, retention_days=days, clock=clock,
                action=action, is_active=True, legal_basis=basis, history_date=timezone.now(),
                history_type="+", history_change_reason="seeded default",
            )

    app_config = apps.get_app_config("deletion")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="deletion", codename__in=codenames)
            )

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="2", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.get_or_create(
        name="Purge expired support records (nightly)",
        defaults={"task": "deletion.tasks.purge_dispatch_task", "crontab": nightly, "kwargs": '{"trigger": "beat"}',
                  "description": "Deletes what retention policies let go; legal holds are always kept."},
    )
    every_15, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.get_or_create(
        name="Retry failed deletions of stored files",
        defaults={"task": "deletion.tasks.file_deletions_retry_task", "interval": every_15},
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        task__in=["deletion.tasks.purge_dispatch_task", "deletion.tasks.file_deletions_retry_task"]
    ).delete()
    apps.get_model("deletion", "RetentionPolicy").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("deletion", "0001_initial"),
        ("supportrecords", "0002_roles_and_categories"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
