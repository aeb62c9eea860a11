"""Executing an approved erasure through the purge engine: what goes, what is kept and restricted, the key,
the certificate, idempotent retries and a crash mid-erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from deletion import engine
from deletion.models import LegalHoldKind
from deletion.services import legal_hold_place
from encryption.envelope import value_decrypt
from encryption.exceptions import KeyDestroyed
from encryption.models import DataKey
from privacy import dispatch
from privacy import erasure as privacy_erasure
from privacy import services as privacy_services
from privacy.certificates import certificate_document, certificate_verify
from privacy.models import PrivacyRequest, PrivacyRequestStatus
from supportrecords import roles
from supportrecords.models import Customer, Ticket
from supportrecords.selectors import ticket_list_visible_to
from tests.deletion.checks import orphans, ticket_traces
from tests.factories import UserFactory
from tests.privacy.helpers import make_customer, make_ticket, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def oncommit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def _approved(customer, oncommit, privacy_officer, compliance_officer, monkeypatch) -> PrivacyRequest:
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)
    request = verified(customer, oncommit)
    request = privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    if request.status == PrivacyRequestStatus.AWAITING_SECOND_APPROVAL:
        request = privacy_services.privacy_request_approve_second(request_id=request.pk, actor=compliance_officer)
    return request


def test_an_erasure_deletes_every_copy_destroys_the_key_and_issues_a_valid_certificate(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch, eager
):
    customer = make_customer()
    tickets = [make_ticket(customer, messages=3, attachment=True), make_ticket(customer, messages=2)]
    bystander = make_ticket(make_customer(), messages=1)
    ciphertext = bytes(Ticket.objects.values_list("subject_ciphertext", flat=True).get(pk=tickets[0].pk) or b"")
    request = _approved(customer, oncommit, privacy_officer, compliance_officer, monkeypatch)
    mail.outbox.clear()
    with oncommit(execute=True):
        status = privacy_erasure.privacy_erasure_execute(request_id=request.pk)
    assert status == PrivacyRequestStatus.COMPLETED
    assert ticket_traces([t.pk for t in tickets]) == dict.fromkeys(ticket_traces([]), 0)
    assert all(v == 0 for v in orphans().values())
    assert not Customer.objects.filter(pk=customer.pk).exists()
    assert DataKey.objects.get(pk=customer.data_key_id).is_destroyed
    with pytest.raises(KeyDestroyed):
        value_decrypt(data_key_id=customer.data_key_id, context="supportrecords.ticket.subject", blob=ciphertext)
    assert Ticket.objects.filter(pk=bystander.pk).exists()

    request.refresh_from_db()
    counts = request.erasure_counts["stores"]
    assert (counts["tickets"], counts["messages"], counts["attachments"], counts["files"]) == (2, 5, 1, 1)
    assert counts["customers"] == 1 and counts["data_keys_destroyed"] == 1 and counts["history_rows"] >= 2
    assert request.certificate is not None
    document = certificate_document(payload=request.certificate, signature=request.certificate_signature)
    assert certificate_verify(document=document)
    assert document["certificate"]["deleted"]["stores"]["data_key"] == "destroyed"
    assert document["certificate"]["kept"] == []
    # The completion email links the certificate; then the request forgets the customer's contact details too.
    assert any("/privacy/certificates/" in m.body for m in mail.outbox)
    assert request.contact_forgotten_at is not None and request.email is None
    assert DataKey.objects.get(pk=request.data_key_id).is_destroyed
    page = Client().get(f"/privacy/certificates/{request.uid}/")
    assert page.status_code == 200 and b"signature of this certificate is valid" in page.content
    assert Client().get(f"/privacy/certificates/{request.uid}.pdf").content.startswith(b"%PDF-")


def test_records_under_a_hold_or_an_aml_obligation_are_kept_restricted_and_the_key_survives(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch
):
    customer = make_customer()
    general = make_ticket(customer)
    aml = make_ticket(customer, category="deposit-withdrawal")
    held = make_ticket(customer)
    legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.LITIGATION, reason="case 42", ticket_id=held.pk)
    request = _approved(customer, oncommit, privacy_officer, compliance_officer, monkeypatch)
    with oncommit(execute=True):
        privacy_erasure.privacy_erasure_execute(request_id=request.pk)
    assert not Ticket.objects.filter(pk=general.pk).exists()
    assert set(Ticket.objects.filter(restricted=True).values_list("pk", flat=True)) == {aml.pk, held.pk}
    assert not DataKey.objects.get(pk=customer.data_key_id).is_destroyed
    request.refresh_from_db()
    assert request.certificate is not None
    kept = {row["category"]: row for row in request.certificate["kept"]}
    assert kept["deposit-withdrawal"]["legal_basis"].startswith("AML")
    assert kept["deposit-withdrawal"]["until"] is None  # the relationship has not ended: the clock has not started
    # A hold is stated in words that never tip off: no kind, reason or category.
    assert any(row["legal_basis"] == "kept where the law requires us" for row in request.certificate["kept"])
    assert "litigation" not in str(request.certificate)
    assert request.certificate["deleted"]["stores"]["data_key"] == "kept while records are retained"

    # Restricted: hidden from agents, supervisors and privacy officers; compliance officers still see them.
    agent = UserFactory(role=roles.AGENT)
    assert not ticket_list_visible_to(user=agent).filter(pk=aml.pk).exists()
    assert not ticket_list_visible_to(user=privacy_officer).filter(pk=aml.pk).exists()
    assert ticket_list_visible_to(user=compliance_officer).filter(pk=aml.pk).exists()


def test_a_suspicious_activity_hold_is_never_named_on_the_certificate(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch
):
    customer = make_customer()
    make_ticket(customer)
    sar = make_ticket(customer)
    legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.AML_SAR, reason="SAR 7", ticket_id=sar.pk)
    request = _approved(customer, oncommit, privacy_officer, compliance_officer, monkeypatch)
    with oncommit(execute=True):
        privacy_erasure.privacy_erasure_execute(request_id=request.pk)
    request.refresh_from_db()
    assert Ticket.objects.get(pk=sar.pk).restricted
    text = str(request.certificate)
    assert "aml_sar" not in text and "SAR" not in text and "suspicious" not in text.lower()
    # ... yet never "Nothing" kept: the held ticket is counted, in words that never tip off.
    assert request.certificate is not None
    (row,) = request.certificate["kept"]
    assert row["tickets"] == 1 and row["legal_basis"] == "kept where the law requires us" and row["category"] == ""
    page = Client().get(reverse("privacy:certificate", args=[request.uid])).content.decode()
    assert "kept where the law requires us" in page and "Nothing." not in page


def test_after_the_obligation_ends_the_follow_up_deletes_the_rest_and_the_key(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch
):
    customer = make_customer()
    make_ticket(customer)
    aml = make_ticket(customer, category="deposit-withdrawal")
    request = _approved(customer, oncommit, privacy_officer, compliance_officer, monkeypatch)
    with oncommit(execute=True):
        privacy_erasure.privacy_erasure_execute(request_id=request.pk)
    assert Ticket.objects.filter(pk=aml.pk).exists()
    Customer.objects.filter(pk=customer.pk).update(relationship_ended_at=timezone.now() - timedelta(days=2000))
    with oncommit(execute=True):
        privacy_erasure.privacy_erasures_follow_up()
    assert not Ticket.objects.filter(pk=aml.pk).exists()
    assert not Customer.objects.filter(pk=customer.pk).exists()
    assert DataKey.objects.get(pk=customer.data_key_id).is_destroyed


def test_running_an_erasure_again_changes_nothing(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch
):
    customer = make_customer()
    make_ticket(customer)
    request = _approved(customer, oncommit, privacy_officer, compliance_officer, monkeypatch)
    with oncommit(execute=True):
        privacy_erasure.privacy_erasure_execute(request_id=request.pk)
    request.refresh_from_db()
    before = (request.erasure_counts, request.certificate, request.events.count())
    with oncommit(execute=True):
        assert privacy_erasure.privacy_erasure_execute(request_id=request.pk) == PrivacyRequestStatus.COMPLETED
    request.refresh_from_db()
    assert (request.erasure_counts, request.certificate, request.events.count()) == before


def test_a_crash_mid_erasure_leaves_whole_chunks_and_a_retry_finishes_with_the_snapshotted_rules(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch
):
    privacy_settings.CUSTOS_PURGE_CHUNK_TICKETS = 2
    customer = make_customer()
    tickets = [make_ticket(customer, messages=1) for _ in range(5)]
    request = _approved(customer, oncommit, privacy_officer, compliance_officer, monkeypatch)
    real = engine.tickets_purge
    calls = {"n": 0}

    def dying(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(privacy_erasure, "tickets_purge", dying)
    with pytest.raises(OSError):
        privacy_erasure.privacy_erasure_execute(request_id=request.pk)
    request.refresh_from_db()
    remaining = Ticket.objects.filter(customer_id=customer.pk).count()
    assert remaining == 3  # the first chunk committed whole; the second rolled back whole
    assert request.status == PrivacyRequestStatus.EXECUTING and request.erasure_counts["stores"]["tickets"] == 2

    # The rules changed since approval: the retry still applies the snapshot (general enquiries are deleted).
    privacy_settings.CUSTOS_PRIVACY_RETAINED_CATEGORIES = ["general-enquiry"]
    monkeypatch.setattr(privacy_erasure, "tickets_purge", real)
    with oncommit(execute=True):
        assert privacy_erasure.privacy_erasure_execute(request_id=request.pk) == PrivacyRequestStatus.COMPLETED
    request.refresh_from_db()
    assert not Ticket.objects.filter(pk__in=[t.pk for t in tickets]).exists()
    assert request.erasure_counts["stores"]["tickets"] == 5 and request.attempts == 2


def test_a_hold_placed_after_approval_still_wins(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch
):
    customer = make_customer()
    keep = make_ticket(customer)
    make_ticket(customer)
    request = _approved(customer, oncommit, privacy_officer, compliance_officer, monkeypatch)
    legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.REGULATOR, reason="regulator", ticket_id=keep.pk)
    with oncommit(execute=True):
        privacy_erasure.privacy_erasure_execute(request_id=request.pk)
    assert Ticket.objects.get(pk=keep.pk).restricted
    assert Ticket.objects.filter(customer_id=customer.pk).count() == 1


def test_the_status_page_shows_the_timeline_and_the_certificate(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch
):
    from privacy.tokens import track_token_make

    customer = make_customer()
    make_ticket(customer)
    request = _approved(customer, oncommit, privacy_officer, compliance_officer, monkeypatch)
    with oncommit(execute=True):
        privacy_erasure.privacy_erasure_execute(request_id=request.pk)
    page = (
        Client().get(f"/privacy/status/{track_token_make(request_uid=str(request.uid))}/", follow=True).content.decode()
    )
    assert 'data-status="completed"' in page
    for step in (
        "Request received",
        "Email address confirmed",
        "Request approved",
        "Records erased",
        "Request completed",
    ):
        assert step in page
    assert f"/privacy/certificates/{request.uid}/" in page


def test_a_restricted_ticket_arriving_after_approval_waits_for_a_second_approval(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch, eager
):
    """Issue 9, case 8: approved for general enquiries only; a security-incident ticket arrives before execution."""
    customer = make_customer()
    make_ticket(customer, category="general-enquiry")
    request = _approved(customer, oncommit, privacy_officer, compliance_officer, monkeypatch)
    assert request.status == PrivacyRequestStatus.APPROVED and request.second_approved_at is None
    incident = make_ticket(customer, category="security-incident")
    assert (
        privacy_erasure.privacy_erasure_execute(request_id=request.pk) == PrivacyRequestStatus.AWAITING_SECOND_APPROVAL
    )
    assert Ticket.objects.filter(customer_id=customer.pk).count() == 2  # nothing deleted
    assert AuditEvent.objects.filter(action="privacy_request.scope_grew", target_id=str(request.pk)).exists()
    privacy_services.privacy_request_approve_second(request_id=request.pk, actor=compliance_officer)
    assert privacy_erasure.privacy_erasure_execute(request_id=request.pk) == PrivacyRequestStatus.COMPLETED
    assert not Ticket.objects.filter(pk=incident.pk, restricted=False).exists()


def _shown(page: str) -> str:
    """The certificate page without its signed JSON (which stays as signed, in English)."""
    return page.split('id="certificate-document"')[0]


def test_the_certificate_page_and_pdf_follow_the_visitors_language_in_words_and_dates(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch
):
    from django.conf import settings

    from privacy import certificates

    customer = make_customer()
    make_ticket(customer)
    make_ticket(customer, category="deposit-withdrawal")
    held = make_ticket(customer)
    legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.LITIGATION, reason="case 42", ticket_id=held.pk)
    request = _approved(customer, oncommit, privacy_officer, compliance_officer, monkeypatch)
    with oncommit(execute=True):
        privacy_erasure.privacy_erasure_execute(request_id=request.pk)
    request.refresh_from_db()
    assert request.language == "en"
    url = reverse("privacy:certificate", args=[request.uid])
    english_words = (
        "General enquiry",
        "Deposit and withdrawal",
        "AML transaction records",
        "kept where the law requires us",
        "kept while records are retained",
        "HMAC-SHA256 under",
        "tickets",
        "Other records",
    )
    english = _shown(Client().get(url).content.decode())
    assert "General enquiry" in english and "AML transaction records" in english
    assert "HMAC-SHA256 under" not in english  # the method is explained in words, in either language
    switched = Client()
    switched.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    browser = Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    for client in (switched, browser):
        page = _shown(client.get(url).content.decode())
        assert "一般咨询" in page and "充值与提币" in page and "依法须保留" in page
        assert "年" in page and "月" in page  # dates in the Chinese format
        leftovers = [word for word in english_words if word in page]
        assert not leftovers, leftovers
        pdf = client.get(reverse("privacy:certificate_pdf", args=[request.uid]))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    # A visitor whose browser asks only for a language we lack sees the language of the request.
    assert "General enquiry" in _shown(Client(HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").get(url).content.decode())
    document = certificates.certificate_document(
        payload=dict(request.certificate or {}), signature=request.certificate_signature
    )
    from django.utils import translation

    with translation.override("zh-hans"):
        title, lines = certificates.certificate_lines(document=document)
    text = "\n".join([title, *(f"{label} {value}" for label, value in lines)])
    leftovers = [word for word in (*english_words, "Signed document", "days after") if word in text]
    assert not leftovers, leftovers
    assert "删除证明" in title and "年" in text


def test_the_language_of_a_certificate_visitor_survives_hostile_headers(rf):
    from privacy.views import visitor_language

    for header in ("*", "x" * 5000, ";;;,,,q=abc", "zh-Hant-TW", "en-GB;q=0", "\x00"):
        request = rf.get("/", HTTP_ACCEPT_LANGUAGE=header)
        assert visitor_language(request, fallback="zh-hans") in ("en", "zh-hans")
    request = rf.get("/")
    request.COOKIES["django_language"] = "../../etc" * 100
    assert visitor_language(request, fallback="zh-hans") == "zh-hans"


def test_the_certificate_page_speaks_to_the_customer_and_tucks_the_signed_json_away(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch
):
    customer = make_customer()
    make_ticket(customer)
    held = make_ticket(customer)
    legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.LITIGATION, reason="case 42", ticket_id=held.pk)
    request = _approved(customer, oncommit, privacy_officer, compliance_officer, monkeypatch)
    with oncommit(execute=True):
        privacy_erasure.privacy_erasure_execute(request_id=request.pk)
    request.refresh_from_db()
    page = Client().get(reverse("privacy:certificate", args=[request.uid])).content.decode()
    main, technical = page.split('<details id="certificate-technical">')
    assert "What we deleted" in main and "Conversations" in main and "kept where the law requires us" in main
    for internal in ("&quot;alg&quot;", "Account fingerprint", "Database rows deleted", "HMAC", "Ed25519"):
        assert internal not in main, internal
    assert 'id="certificate-document"' in technical and "&quot;alg&quot;" in technical
    assert "<details open" not in page
