from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management import call_command

from supportrecords import roles
from supportrecords.models import Customer, Message, Ticket
from supportrecords.selectors import ticket_list_visible_to


def test_setup_demo_creates_one_account_per_role_and_conversations(db, capsys, monkeypatch):
    monkeypatch.setenv("CUSTOS_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("setup_demo", "--customers", "6")
    out = capsys.readouterr().out
    assert "demo-password-for-tests" in out
    users = get_user_model().objects
    for role in roles.ALL_ROLES:
        assert users.filter(groups__name=role).exists(), role
    assert Customer.objects.count() == 6
    assert Ticket.objects.exists() and Message.objects.exists()
    alice = users.get(username="agent.alice")
    assert set(ticket_list_visible_to(user=alice)) == set(Ticket.objects.filter(assigned_agent=alice))
    assert users.get(username="admin").check_password("demo-password-for-tests")


def test_seed_demo_writes_english_and_chinese_conversations(db):
    call_command("seed_demo", "--customers", "30", "--seed", "3")
    bodies = [m.body for m in Message.objects.all()]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in body) for body in bodies)
    assert any(body.isascii() for body in bodies)


def test_demo_messages_show_masking_and_the_exposure_response(db):
    from supportrecords.demo import demo_data_seed

    demo_data_seed(customers=10, seed=5)
    kinds = {finding[0] for message in Message.objects.all() for finding in message.findings}
    assert {"email", "phone", "bank_card", "iban", "seed_phrase"} <= kinds
    # Every contact line is masked in full: its email, phone, card and IBAN are all found.
    contact = [m for m in Message.objects.all() if m.body.startswith(("You can reach me", "联系方式"))]
    assert contact
    for message in contact:
        assert {"email", "phone", "bank_card", "iban"} <= {f[0] for f in message.findings}, message.pk
    exposed = Ticket.objects.filter(secret_exposed=True)
    assert 1 <= exposed.count() <= 4  # one customer in every few
    for message in Message.objects.filter(ticket__in=exposed):
        assert "[REDACTED:seed_phrase]" in message.body or not any(f[0] == "seed_phrase" for f in message.findings)


def test_demo_dates_are_consistent(db):
    from django.utils import timezone

    from supportrecords.demo import demo_data_seed

    demo_data_seed(customers=40, seed=11)
    now = timezone.now()
    ended = Customer.objects.exclude(relationship_ended_at=None)
    assert ended.exists()
    for customer in ended:
        assert customer.relationship_ended_at is not None and customer.relationship_ended_at > customer.created_at
    for ticket in Ticket.objects.select_related("customer"):
        assert ticket.opened_at >= ticket.customer.created_at
        assert ticket.closed_at is None or ticket.opened_at <= ticket.closed_at <= now
        if ticket.customer.relationship_ended_at:
            assert ticket.closed_at is not None and ticket.closed_at <= ticket.customer.relationship_ended_at
    assert not Message.objects.filter(created_at__gt=now).exists()


def test_demo_attachments_are_mostly_clean_with_one_quarantined(db):
    from supportrecords import services
    from supportrecords.demo import demo_accounts_ensure, demo_data_seed
    from supportrecords.models import Attachment

    demo_accounts_ensure(password="demo-password-for-tests")
    tickets = demo_data_seed(customers=6, seed=7)
    attachments = list(Attachment.objects.select_related("message__ticket"))
    clean = [a for a in attachments if not a.quarantined]
    quarantined = [a for a in attachments if a.quarantined]
    assert len(quarantined) == 1
    assert len(clean) >= tickets // 4  # one clean attachment in every few tickets
    for attachment in clean:
        assert attachment.detector_version is not None  # scanned on upload
        assert attachment.content_type.startswith("text/plain")
        assert b"USDT" in services.attachment_content(attachment=attachment)
    assert services.attachment_content(attachment=quarantined[0]).startswith(b"\x89PNG")
    # The agents see clean attachments on their own tickets, so downloading can be tried.
    for username in ("agent.alice", "agent.wang"):
        assert any(
            a.message.ticket.assigned_agent.username == username for a in clean if a.message.ticket.assigned_agent
        )


def test_the_readme_demo_customer_shows_the_second_approval(
    db, privacy_settings, django_capture_on_commit_callbacks, privacy_officer, monkeypatch
):
    """README: ask for erasure as UID17000000 / demo.customer@example.com, then privacy.paula and compliance.chen
    review it. The demo customer had no restricted record, so the second approval could not be tried."""
    from privacy import dispatch
    from privacy import services as privacy_services
    from privacy.models import PrivacyRequestStatus
    from supportrecords.demo import DEMO_CUSTOMER_EMAIL, demo_data_seed
    from tests.privacy.helpers import verified

    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)
    demo_data_seed(customers=2)
    customer = Customer.objects.order_by("pk").first()
    assert customer is not None
    assert (customer.exchange_account_id, customer.email) == ("UID17000000", DEMO_CUSTOMER_EMAIL)
    assert Ticket.objects.filter(customer=customer, category__sensitivity="restricted").exists()
    request = verified(customer, django_capture_on_commit_callbacks)
    request = privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    assert request.status == PrivacyRequestStatus.AWAITING_SECOND_APPROVAL
