"""Through the real privacy flow: the customer's IP in the trail is ciphertext, unreadable after their erasure,
and the chain still verifies."""

from __future__ import annotations

import pytest
from django.db import connection

from audit.chain import audit_seal
from audit.models import AuditEvent
from audit.personal import personal_decrypt
from audit.verify import audit_verify
from privacy import dispatch
from privacy import erasure as privacy_erasure
from privacy import services as privacy_services
from privacy.models import PrivacyRequestStatus
from tests.privacy.helpers import make_customer, make_ticket, submitted, token_of

pytestmark = pytest.mark.django_db

IP = "203.0.113.9"


@pytest.fixture
def oncommit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_erased_customers_ip_is_unreadable_and_the_chain_verifies(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch, eager
):
    customer = make_customer()
    make_ticket(customer, messages=1)
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)
    request, link = submitted(customer, oncommit)
    with oncommit(execute=True):
        privacy_services.privacy_request_verify(token=token_of(link), ip=IP)
    events = list(AuditEvent.objects.filter(customer_id=customer.pk, personal__isnull=False))
    assert len(events) >= 2  # submit and verify, from the customer's own address
    assert all(personal_decrypt(data_key_id=e.personal_key_id, blob=e.personal) == {"ip": IP} for e in events)
    request = privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    if request.status == PrivacyRequestStatus.AWAITING_SECOND_APPROVAL:
        privacy_services.privacy_request_approve_second(request_id=request.pk, actor=compliance_officer)
    with oncommit(execute=True):
        assert privacy_erasure.privacy_erasure_execute(request_id=request.pk) == PrivacyRequestStatus.COMPLETED
    audit_seal()
    for event in events:
        event.refresh_from_db()
        assert personal_decrypt(data_key_id=event.personal_key_id, blob=event.personal) is None
    with connection.cursor() as cursor:  # the address appears nowhere in the table, in any column
        cursor.execute(
            "SELECT count(*) FROM audit_auditevent WHERE CAST(ip AS TEXT) LIKE %s OR CAST(details AS TEXT) LIKE %s",
            [f"{IP}%", f"%{IP}%"],
        )
        assert cursor.fetchone()[0] == 0
    assert audit_verify().ok
