# Risk evidence quotes the customer's words: encrypted under the customer's data key, and dropped from the
# ticket's risk_flags JSON (issue 8).

import django.db.models.deletion
from django.db import migrations, models

import encryption.fields


def _encrypt_evidence(apps, schema_editor):
    from encryption.exceptions import EncryptionError

    RiskFlag = apps.get_model("supportrecords", "RiskFlag")
    Ticket = apps.get_model("supportrecords", "Ticket")
    for row in RiskFlag.objects.select_related("ticket").iterator(chunk_size=1000):
        row.data_key_id = row.ticket.data_key_id
        try:
            row.evidence = row.evidence_plain
        except EncryptionError:
            row.delete()  # the customer's key is destroyed: their words go with it
            continue
        row.save(update_fields=["data_key", "evidence"])
    for ticket in Ticket.objects.exclude(risk_flags=[]).only("pk", "risk_flags").iterator(chunk_size=1000):
        flags = [{k: v for k, v in flag.items() if k != "evidence"} for flag in ticket.risk_flags]
        Ticket.objects.filter(pk=ticket.pk).update(risk_flags=flags)


class Migration(migrations.Migration):
    dependencies = [
        ("encryption", "0001_initial"),
        ("supportrecords", "0009_i8_attachment_quarantine"),
    ]

    operations = [
        migrations.RenameField(model_name="riskflag", old_name="evidence", new_name="evidence_plain"),
        migrations.AddField(
            model_name="riskflag",
            name="data_key",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="encryption.datakey"
            ),
        ),
        migrations.AddField(
            model_name="riskflag",
            name="evidence",
            field=encryption.fields.EncryptedTextField(
                blank=True, key_field="data_key", null=True, verbose_name="evidence"
            ),
        ),
        migrations.RunPython(_encrypt_evidence, migrations.RunPython.noop),
    ]
