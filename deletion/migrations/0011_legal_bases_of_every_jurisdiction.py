"""The seeded storage-limitation bases named the GDPR alone, also for Hong Kong and Mainland China customers: they now
name each jurisdiction's law. A basis an officer changed stays as it is."""

from django.db import migrations
from django.utils import timezone

RENAMED = {
    "GDPR Art. 5(1)(e) storage limitation": (
        "storage limitation: kept no longer than needed (GDPR Art. 5(1)(e), PIPL Art. 19, PDPO DPP 2(2))"
    ),
    "limitation period for claims; GDPR Art. 5(1)(e)": (
        "limitation period for claims; storage limitation (GDPR Art. 5(1)(e), PIPL Art. 19, PDPO DPP 2(2))"
    ),
}


def _rename(apps, renames):
    RetentionPolicy = apps.get_model("deletion", "RetentionPolicy")
    HistoricalRetentionPolicy = apps.get_model("deletion", "HistoricalRetentionPolicy")
    for old, new in renames.items():
        for policy in RetentionPolicy.objects.filter(legal_basis=old):
            RetentionPolicy.objects.filter(pk=policy.pk).update(legal_basis=new)  # its history row is below
            HistoricalRetentionPolicy.objects.create(
                id=policy.pk, category_id=policy.category_id, jurisdiction=policy.jurisdiction,
                retention_days=policy.retention_days, clock=policy.clock, action=policy.action,
                is_active=policy.is_active, legal_basis=new, history_date=timezone.now(), history_type="~",
                history_change_reason="legal basis names every jurisdiction's law",
            )


def forwards(apps, schema_editor):
    _rename(apps, RENAMED)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("deletion", "0010_i11_privacy_moved_out")]

    operations = [migrations.RunPython(forwards, backwards)]
