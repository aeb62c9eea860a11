from __future__ import annotations

import pytest
from django.db import connection

from encryption.exceptions import CiphertextIntegrityError, KeyDestroyed, MissingDataKey
from encryption.keyring import key_cache
from encryption.services import data_keys_destroy
from supportrecords.models import Customer, Message
from supportrecords.services import message_create
from tests.factories import CustomerFactory


def _raw(table: str, column: str, pk: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608  # fixed names
        return bytes(cursor.fetchone()[0])


def test_encrypted_fields_round_trip_and_store_no_plaintext(customer):
    fresh = Customer.objects.get(pk=customer.pk)
    assert fresh.email.startswith("jane.doe")
    assert fresh.phone == "+8613812345678"
    raw = _raw("supportrecords_customer", "email", customer.pk)
    assert b"jane.doe" not in raw and b"example.com" not in raw
    assert raw[0] == 1  # format version


def test_message_body_with_chinese_text_round_trips(ticket):
    body = "我的充值没有到账，交易哈希如下 ✓"
    message = message_create(ticket=ticket, author_kind="customer", body=body)
    assert Message.objects.get(pk=message.pk).body == body
    assert body.encode() not in _raw("supportrecords_message", "body", message.pk)


def test_same_plaintext_encrypts_differently_each_time(ticket):
    first = message_create(ticket=ticket, author_kind="customer", body="hello")
    second = message_create(ticket=ticket, author_kind="customer", body="hello")
    assert getattr(first, "body_ciphertext") != getattr(second, "body_ciphertext")  # noqa: B009  # attname the stubs do not know


def test_ciphertext_copied_to_another_customer_fails_to_decrypt(customer):
    other = CustomerFactory()
    Customer.objects.filter(pk=other.pk).update(email=customer.email_ciphertext)
    with pytest.raises(CiphertextIntegrityError):
        _ = Customer.objects.get(pk=other.pk).email


def test_ciphertext_copied_to_another_column_fails_to_decrypt(customer):
    Customer.objects.filter(pk=customer.pk).update(name=customer.email_ciphertext)
    with pytest.raises(CiphertextIntegrityError):
        _ = Customer.objects.get(pk=customer.pk).name


@pytest.mark.parametrize("position", [0, 5, 20, -1])
def test_altered_ciphertext_raises_integrity_error_never_garbage(customer, position):
    blob = bytearray(customer.email_ciphertext)
    blob[position] ^= 0x01
    Customer.objects.filter(pk=customer.pk).update(email=bytes(blob))
    with pytest.raises(CiphertextIntegrityError):
        _ = Customer.objects.get(pk=customer.pk).email


def test_truncated_ciphertext_raises_integrity_error(customer):
    Customer.objects.filter(pk=customer.pk).update(email=customer.email_ciphertext[:10])
    with pytest.raises(CiphertextIntegrityError):
        _ = Customer.objects.get(pk=customer.pk).email


def test_destroyed_key_makes_every_field_and_message_unreadable(ticket):
    message = message_create(ticket=ticket, author_kind="customer", body="secret-free but personal")
    destroyed = data_keys_destroy(data_key_ids=[ticket.data_key_id], reason="erasure test")
    assert destroyed == 1
    customer = Customer.objects.get(pk=ticket.customer_id)
    for field in ("email", "name", "phone", "exchange_account_id"):
        with pytest.raises(KeyDestroyed):
            getattr(customer, field)
    with pytest.raises(KeyDestroyed):
        _ = Message.objects.get(pk=message.pk).body
    # The same holds for a copy of the ciphertext taken before (a replica, a backup, a history row).
    with pytest.raises(KeyDestroyed):
        Message(data_key_id=ticket.data_key_id, body_ciphertext=getattr(message, "body_ciphertext")).body  # noqa: B009, B018


def test_destroying_a_key_twice_destroys_nothing_more(customer):
    assert data_keys_destroy(data_key_ids=[customer.data_key_id], reason="first") == 1
    assert data_keys_destroy(data_key_ids=[customer.data_key_id], reason="again") == 0


def test_destroyed_key_is_evicted_from_the_process_cache(customer):
    _ = Customer.objects.get(pk=customer.pk).email  # warms the cache
    assert key_cache.get(customer.data_key_id) is not None
    data_keys_destroy(data_key_ids=[customer.data_key_id], reason="test")
    assert key_cache.get(customer.data_key_id) is None


def test_setting_an_encrypted_value_without_a_data_key_is_refused(db):
    with pytest.raises(MissingDataKey):
        Customer(email="x@example.com")  # type: ignore[misc]  # the plugin does not see the encrypted property


def test_encrypted_text_field_refuses_non_text(customer):
    with pytest.raises(TypeError):
        customer.name = 42


def test_ticket_history_keeps_status_changes_but_never_content(ticket):
    from supportrecords.services import ticket_set_status

    ticket_set_status(ticket=ticket, status="closed", actor=None)
    history_fields = {f.name for f in type(ticket).history.model._meta.fields}
    assert "subject" not in history_fields and "data_key" not in history_fields
    assert list(ticket.history.values_list("status", flat=True)) == ["closed", "open"]
