"""The cipher that lets `audit` keep a customer's personal data (their IP) encrypted under the customer's data key.

Registered from `SupportRecordsConfig.ready()`: audit imports no other app, so the app that owns customers and
their keys gives it this hook (docs/decisions.md).
"""

from __future__ import annotations

from encryption.envelope import value_decrypt, value_encrypt
from encryption.exceptions import EncryptionError
from supportrecords.models import Customer

CONTEXT = "audit.auditevent.personal"


class CustomerKeyCipher:
    def encrypt(self, *, customer_id: int, plaintext: bytes) -> tuple[int, bytes] | None:
        data_key_id = Customer.objects.filter(pk=customer_id).values_list("data_key_id", flat=True).first()
        if data_key_id is None:
            return None
        try:
            return data_key_id, value_encrypt(data_key_id=data_key_id, context=CONTEXT, plaintext=plaintext)
        except EncryptionError:  # the key is destroyed: the customer is being erased, keep nothing personal
            return None

    def decrypt(self, *, data_key_id: int, blob: bytes) -> bytes | None:
        try:
            return value_decrypt(data_key_id=data_key_id, context=CONTEXT, blob=blob)
        except EncryptionError:
            return None
