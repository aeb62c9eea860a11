# The second half of 0010, in a transaction of its own (PostgreSQL refuses to alter a table with pending
# deferred foreign-key checks).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("encryption", "0001_initial"),
        ("supportrecords", "0010_i8_risk_evidence_encrypted"),
    ]

    operations = [
        migrations.RemoveField(model_name="riskflag", name="evidence_plain"),
        migrations.AlterField(
            model_name="riskflag",
            name="data_key",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="encryption.datakey"
            ),
        ),
    ]
