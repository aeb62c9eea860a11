"""The per-process cache of unwrapped data keys never serves a key for a row it was not read from.

A data key inserted in a transaction that rolls back leaves its row id free: SQLite hands the same id to the next
key. A key cached under that id would then encrypt the next customer's fields with a key nobody can unwrap again.
"""

from __future__ import annotations

import threading

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from encryption import aead
from encryption.envelope import value_decrypt, value_encrypt
from encryption.exceptions import KeyDestroyed
from encryption.keyring import data_key_generate, data_key_wrap, key_cache
from encryption.models import DataKey
from encryption.services import data_key_create, data_keys_destroy
from supportrecords.exceptions import CustomerAlreadyExists
from supportrecords.models import Customer
from supportrecords.services import REVEALABLE_FIELDS, customer_create
from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db


def _read_back(customer_pk: int) -> dict[str, str]:
    """Every encrypted field, read as a fresh process would (no key unwrapped in memory)."""
    key_cache.clear()
    fresh = Customer.objects.get(pk=customer_pk)
    return {field: getattr(fresh, field) for field in REVEALABLE_FIELDS}


def _seen_by_another_thread(data_key_id: int) -> object:
    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.append(key_cache.get(data_key_id)))
    thread.start()
    thread.join()
    return seen[0]


def test_customer_after_a_rolled_back_duplicate_reads_back(db):
    CustomerFactory(exchange_account_id="UID10000001")
    with pytest.raises(CustomerAlreadyExists):
        customer_create(exchange_account_id="UID10000001", email="dup@example.com", jurisdiction="eu", name="Dup")
    second = customer_create(
        exchange_account_id="UID10000002", email="next@example.com", jurisdiction="eu", name="Next One"
    )
    assert _read_back(second.pk) == {
        "exchange_account_id": "UID10000002",
        "email": "next@example.com",
        "name": "Next One",
        "phone": "",
    }


def test_ticket_and_message_of_the_next_customer_read_back(db):
    CustomerFactory(exchange_account_id="UID10000003")
    with pytest.raises(CustomerAlreadyExists):
        customer_create(exchange_account_id="UID10000003", email="dup@example.com", jurisdiction="eu")
    ticket = TicketFactory(customer=CustomerFactory(exchange_account_id="UID10000004"), subject="Where is it?")
    key_cache.clear()
    assert type(ticket).objects.get(pk=ticket.pk).subject == "Where is it?"


def test_key_created_in_a_rolled_back_savepoint_is_not_served_for_the_next_key(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = data_key_create()
        value_encrypt(data_key_id=lost.pk, context="t", plaintext=b"warms the cache")
        raise RuntimeError("roll back")
    kept = data_key_create()
    blob = value_encrypt(data_key_id=kept.pk, context="t", plaintext=b"x")
    key_cache.clear()
    assert value_decrypt(data_key_id=kept.pk, context="t", blob=blob) == b"x"


def test_key_cached_by_a_rolled_back_transaction_is_not_served_for_another_process_key(db):
    """Another process may commit a key under the id a rollback freed (SQLite); this process must read that key."""
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = data_key_create()
        value_encrypt(data_key_id=lost.pk, context="t", plaintext=b"warms the cache")
        raise RuntimeError("roll back")
    key = data_key_generate()
    other = DataKey(pk=lost.pk)  # as another process would insert it, under the same id
    other.kek_id, other.wrapped_key = data_key_wrap(key=key, uid=other.uid)
    other.save()
    blob = aead.seal(cipher=AESGCM(key), plaintext=b"theirs", aad=f"custos/value/v1|t|{other.pk}".encode())
    assert value_decrypt(data_key_id=other.pk, context="t", blob=blob) == b"theirs"


def test_new_key_is_cached_for_its_transaction_and_shared_once_committed(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        data_key = data_key_create()
        value_encrypt(data_key_id=data_key.pk, context="t", plaintext=b"x")
        assert _seen_by_another_thread(data_key.pk) is None  # not shared while its row may still roll back
        with CaptureQueriesContext(connection) as queries:
            value_encrypt(data_key_id=data_key.pk, context="t", plaintext=b"y")
        assert len(queries) == 0  # served from the transaction's own entry
    assert _seen_by_another_thread(data_key.pk) is not None


def test_key_destroyed_in_the_transaction_that_created_it_is_not_served(db):
    with transaction.atomic():
        data_key = data_key_create()
        value_encrypt(data_key_id=data_key.pk, context="t", plaintext=b"x")
        data_keys_destroy(data_key_ids=[data_key.pk], reason="test")
        with pytest.raises(KeyDestroyed):
            value_encrypt(data_key_id=data_key.pk, context="t", plaintext=b"y")
