"""A customer's personal data in events is encrypted under their data key: erasure shreds it, the chain verifies."""

from __future__ import annotations

import pytest

from audit.chain import audit_seal
from audit.models import AuditEvent
from audit.personal import personal_decrypt
from audit.services import audit_record
from audit.verify import audit_verify
from encryption.services import data_keys_destroy
from supportrecords import roles
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _public_event(customer_id: int | None, ip: str = "203.0.113.9") -> AuditEvent:
    return audit_record(
        actor=None,
        action="privacy_request.verify",
        target_type="deletion.privacyrequest",
        target_id=1,
        customer_id=customer_id,
        ip=ip,
    )


def test_customer_ip_is_stored_encrypted_under_the_customer_key():
    customer = CustomerFactory()
    event = _public_event(customer.pk)
    event.refresh_from_db()
    assert event.ip is None
    assert event.personal_key_id == customer.data_key_id
    assert b"203.0.113.9" not in bytes(event.personal or b"")
    assert personal_decrypt(data_key_id=event.personal_key_id, blob=event.personal) == {"ip": "203.0.113.9"}


def test_staff_ip_stays_readable():
    customer = CustomerFactory()
    agent = UserFactory(role=roles.AGENT)
    event = audit_record(
        actor=agent,
        action="ticket.view_content",
        target_type="supportrecords.ticket",
        target_id=1,
        customer_id=customer.pk,
        ip="10.0.0.7",
    )
    event.refresh_from_db()
    assert event.ip == "10.0.0.7" and event.personal is None


def test_personal_identifiers_passed_by_the_caller_are_encrypted_too():
    customer = CustomerFactory()
    event = audit_record(
        actor=None,
        action="privacy_request.submit",
        target_type="deletion.privacyrequest",
        target_id=2,
        customer_id=customer.pk,
        personal={"email": "jane@example.com"},
    )
    event.refresh_from_db()
    assert b"jane@example.com" not in bytes(event.personal or b"")
    assert personal_decrypt(data_key_id=event.personal_key_id, blob=event.personal) == {"email": "jane@example.com"}


def test_a_public_ip_without_a_customer_to_key_it_to_is_not_stored():
    event = _public_event(None)
    event.refresh_from_db()
    assert event.ip is None and event.personal is None


def test_erased_customer_events_are_unreadable_and_still_verify():
    customer = CustomerFactory()
    events = [_public_event(customer.pk) for _ in range(7)]
    audit_seal()
    assert audit_verify().ok
    data_keys_destroy(data_key_ids=[customer.data_key_id], reason="erasure")
    audit_seal()
    for event in events:
        event.refresh_from_db()
        assert personal_decrypt(data_key_id=event.personal_key_id, blob=event.personal) is None
    assert not AuditEvent.objects.filter(ip="203.0.113.9").exists()
    assert audit_verify().ok
    # An event recorded after the key is gone keeps nothing personal.
    late = _public_event(customer.pk)
    late.refresh_from_db()
    assert late.personal is None and late.ip is None
