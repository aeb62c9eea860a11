"""Pin the stored names of the privacy models before they move to the `privacy` app (issue 11): the encryption
context of each encrypted field and each table name. State only: nothing in the database changes."""

from django.db import migrations

import encryption.fields


class Migration(migrations.Migration):
    dependencies = [
        ("deletion", "0008_i10_export_withholding"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="privacyrequest",
                    name="email",
                    field=encryption.fields.EncryptedTextField(
                        blank=True,
                        context="deletion.privacyrequest.email",
                        key_field="data_key",
                        null=True,
                        verbose_name="email",
                    ),
                ),
                migrations.AlterField(
                    model_name="privacyrequest",
                    name="exchange_account_id",
                    field=encryption.fields.EncryptedTextField(
                        blank=True,
                        context="deletion.privacyrequest.exchange_account_id",
                        key_field="data_key",
                        null=True,
                        verbose_name="exchange account id",
                    ),
                ),
                migrations.AlterField(
                    model_name="privacyrequest",
                    name="extension_reason",
                    field=encryption.fields.EncryptedTextField(
                        blank=True,
                        context="deletion.privacyrequest.extension_reason",
                        key_field="data_key",
                        null=True,
                        verbose_name="extension reason",
                    ),
                ),
                migrations.AlterField(
                    model_name="privacyrequest",
                    name="rectification_correct",
                    field=encryption.fields.EncryptedTextField(
                        blank=True,
                        context="deletion.privacyrequest.rectification_correct",
                        key_field="data_key",
                        null=True,
                        verbose_name="what it should be",
                    ),
                ),
                migrations.AlterField(
                    model_name="privacyrequest",
                    name="rectification_wrong",
                    field=encryption.fields.EncryptedTextField(
                        blank=True,
                        context="deletion.privacyrequest.rectification_wrong",
                        key_field="data_key",
                        null=True,
                        verbose_name="what is wrong",
                    ),
                ),
                migrations.AlterField(
                    model_name="privacyrequest",
                    name="rejection_reason",
                    field=encryption.fields.EncryptedTextField(
                        blank=True,
                        context="deletion.privacyrequest.rejection_reason",
                        key_field="data_key",
                        null=True,
                        verbose_name="rejection reason",
                    ),
                ),
                migrations.AlterField(
                    model_name="privacysubmission",
                    name="payload",
                    field=encryption.fields.EncryptedJSONField(
                        blank=True,
                        context="deletion.privacysubmission.payload",
                        key_field="data_key",
                        null=True,
                        verbose_name="submission",
                    ),
                ),
                migrations.AlterField(
                    model_name="processor",
                    name="secret",
                    field=encryption.fields.EncryptedTextField(
                        blank=True,
                        context="deletion.processor.secret",
                        key_field="data_key",
                        null=True,
                        verbose_name="shared secret",
                    ),
                ),
                migrations.AlterField(
                    model_name="rectification",
                    name="previous_value",
                    field=encryption.fields.EncryptedTextField(
                        blank=True,
                        context="deletion.rectification.previous_value",
                        key_field="data_key",
                        null=True,
                        verbose_name="previous value",
                    ),
                ),
                migrations.AlterField(
                    model_name="supplementarystatement",
                    name="text",
                    field=encryption.fields.EncryptedTextField(
                        blank=True,
                        context="deletion.supplementarystatement.text",
                        key_field="data_key",
                        null=True,
                        verbose_name="statement",
                    ),
                ),
                migrations.AlterModelTable(
                    name="accessexport",
                    table="deletion_accessexport",
                ),
                migrations.AlterModelTable(
                    name="exportwithholding",
                    table="deletion_exportwithholding",
                ),
                migrations.AlterModelTable(
                    name="historicalprivacyrequest",
                    table="deletion_historicalprivacyrequest",
                ),
                migrations.AlterModelTable(
                    name="historicalprocessor",
                    table="deletion_historicalprocessor",
                ),
                migrations.AlterModelTable(
                    name="privacyrequest",
                    table="deletion_privacyrequest",
                ),
                migrations.AlterModelTable(
                    name="privacyrequestevent",
                    table="deletion_privacyrequestevent",
                ),
                migrations.AlterModelTable(
                    name="privacysubmission",
                    table="deletion_privacysubmission",
                ),
                migrations.AlterModelTable(
                    name="processor",
                    table="deletion_processor",
                ),
                migrations.AlterModelTable(
                    name="processornotification",
                    table="deletion_processornotification",
                ),
                migrations.AlterModelTable(
                    name="rectification",
                    table="deletion_rectification",
                ),
                migrations.AlterModelTable(
                    name="supplementarystatement",
                    table="deletion_supplementarystatement",
                ),
            ],
        ),
    ]
