"""Re-index exchange account ids under their new normal form (format characters such as zero-width spaces, the
BOM, word joiners, soft hyphens and bidirectional marks removed), and store the cleaned form.

A customer whose cleaned id is already another customer's keeps its old index, so the migration never fails on
the unique index; each such pair is logged by customer id (never the value) for staff to merge.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import migrations

from encryption.blind_index import blind_index
from encryption.exceptions import EncryptionError
from supportrecords.normalise import account_id_clean, account_id_normalise

logger = logging.getLogger("supportrecords.migrations")


def reindex(apps, schema_editor):
    Customer = apps.get_model("supportrecords", "Customer")
    holders = dict(Customer.objects.values_list("account_id_index", "pk"))
    for customer in Customer.objects.order_by("pk").iterator(chunk_size=500):
        try:
            account_id = customer.exchange_account_id
        except EncryptionError:  # erased: its key is destroyed, nothing to index
            continue
        if account_id is None:
            continue
        index = blind_index(namespace="account", normalised=account_id_normalise(account_id))
        holder = holders.get(index)
        if holder is not None and holder != customer.pk:
            logger.warning("customers %s and %s share an exchange account id: merge them", holder, customer.pk)
            continue
        try:
            cleaned = account_id_clean(account_id)
        except ValidationError:
            cleaned = account_id
        if index == customer.account_id_index and cleaned == account_id:
            continue
        holders.pop(customer.account_id_index, None)
        holders[index] = customer.pk
        customer.account_id_index = index
        customer.exchange_account_id = cleaned
        customer.save(update_fields=["account_id_index", "exchange_account_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("supportrecords", "0013_i9_integration_customer_grants"),
        ("encryption", "0001_initial"),
    ]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
