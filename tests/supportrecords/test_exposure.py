from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from outbox import services as outbox_services
from outbox.models import OutboxMessage
from supportrecords import dispatch, reply_defaults
from supportrecords.exposure import exposure_reply_send, security_alert_send
from supportrecords.models import AuthorKind, ReplyTemplate, RiskFlag, Ticket
from supportrecords.services import agent_reply, message_create, ticket_assign
from tests.supportrecords.conftest import SEED

pytestmark = pytest.mark.django_db


def test_customer_posting_a_seed_phrase_flags_alerts_and_replies(
    ticket, settings, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    settings.CUSTOS_SECURITY_CONTACTS = ["security@custos.example", "ciso@custos.example"]
    with django_capture_on_commit_callbacks(execute=True):
        message = message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body=f"is this ok? {SEED}")
    ticket.refresh_from_db()
    assert ticket.secret_exposed and ticket.secret_exposed_at is not None
    assert "abandon" not in message.body
    reply = ticket.messages.get(author_kind=AuthorKind.SYSTEM)
    assert "Your wallet may be compromised" in reply.body
    assert "您的钱包可能已经泄露" in reply.body
    alert, customer_mail = sorted(mailoutbox, key=lambda m: len(m.to), reverse=True)
    assert set(alert.to) == {"security@custos.example", "ciso@custos.example"}
    assert f"#{ticket.pk}" in alert.subject and "abandon" not in alert.body
    assert customer_mail.to == [ticket.customer.email]
    assert "abandon" not in customer_mail.body
    assert AuditEvent.objects.filter(action="ticket.secret_exposed", target_id=str(ticket.pk)).exists()


def test_second_exposure_after_the_alert_window_alerts_again_but_replies_once(
    ticket, settings, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    settings.CUSTOS_SECURITY_CONTACTS = ["security@custos.example"]
    settings.CUSTOS_SECURITY_ALERT_WINDOW_MINUTES = 0
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body=SEED)
    assert ticket.messages.filter(author_kind=AuthorKind.SYSTEM).count() == 1
    assert sum(m.to == ["security@custos.example"] for m in mailoutbox) == 2


def test_several_secret_messages_queue_one_alert_until_the_window_has_passed(
    ticket, settings, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    settings.CUSTOS_SECURITY_CONTACTS = ["security@custos.example"]
    settings.CUSTOS_SECURITY_ALERT_WINDOW_MINUTES = 60
    sent: list[OutboxMessage] = []
    monkeypatch.setattr(outbox_services, "_send", sent.append)

    def queued() -> list[int]:
        return [m.kwargs["ticket_id"] for m in sent if m.task_name == dispatch.SECURITY_ALERT]

    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body=f"again: {SEED}")
    assert queued() == [ticket.pk]
    assert security_alert_send(ticket_id=ticket.pk) is True
    # A duplicate task (a retry, a second queue entry) within the window sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body=SEED)
    assert security_alert_send(ticket_id=ticket.pk) is False
    assert queued() == [ticket.pk]
    # 61 minutes later the last alert is older than the window: the next exposure alerts again.
    earlier = timezone.now() - timedelta(minutes=61)
    Ticket.objects.filter(pk=ticket.pk).update(security_alerted_at=earlier, secret_exposed_at=earlier)
    with django_capture_on_commit_callbacks(execute=True):
        message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body=SEED)
    assert queued() == [ticket.pk, ticket.pk]
    assert security_alert_send(ticket_id=ticket.pk) is True
    assert len(mailoutbox) == 2


def test_alert_and_reply_tasks_are_idempotent(ticket, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.CUSTOS_SECURITY_CONTACTS = ["security@custos.example"]
    with django_capture_on_commit_callbacks(execute=False):
        message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body=SEED)
    assert security_alert_send(ticket_id=ticket.pk) is True
    assert security_alert_send(ticket_id=ticket.pk) is False
    assert exposure_reply_send(ticket_id=ticket.pk) is True
    assert exposure_reply_send(ticket_id=ticket.pk) is False
    assert len(mailoutbox) == 2


def test_reply_uses_the_template_staff_edited(ticket, django_capture_on_commit_callbacks):
    ReplyTemplate.objects.filter(slug=ReplyTemplate.SECRET_EXPOSED).update(body_en="EDITED EN", body_zh="已编辑")
    with django_capture_on_commit_callbacks(execute=False):
        message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body=SEED)
    body = ticket.messages.get(author_kind=AuthorKind.SYSTEM).body
    assert "EDITED EN" in body and "已编辑" in body


def test_agent_reply_with_a_secret_is_redacted_but_does_not_flag(ticket, make_user):
    from supportrecords import roles

    agent = make_user(role=roles.AGENT)
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    message = agent_reply(ticket=ticket, agent=agent, body=f"Never share words like {SEED}")
    assert "[REDACTED:seed_phrase]" in message.body
    assert not Ticket.objects.get(pk=ticket.pk).secret_exposed


def test_risk_flags_are_recorded_once_per_rule_with_evidence(ticket):
    message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="URGENT: visit custos-exchange.net now")
    message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="urgent again, please")
    ticket.refresh_from_db()
    # Evidence lives only on the RiskFlag rows, encrypted (issue 8); the ticket keeps the rules and times.
    assert all("evidence" not in flag for flag in ticket.risk_flags)
    rules = {row.rule: row.evidence for row in RiskFlag.objects.filter(ticket=ticket)}
    assert rules["phishing_link"] == "tld_swap: custos-exchange.net"
    assert "pressure_urgency" in rules
    assert RiskFlag.objects.filter(ticket=ticket).count() == len(rules) == 2


def test_the_fallback_reply_is_the_text_the_migration_seeds():
    """Runtime code keeps its own copy of the seeded reply (it must not import a migration); the copy is exact."""
    seed = import_module("supportrecords.migrations.0005_secret_exposed_reply_template")
    reworded = import_module("supportrecords.migrations.0015_fc_exposure_reply_wording")
    for name in ("SUBJECT_EN", "SUBJECT_ZH"):
        assert getattr(reply_defaults, name) == getattr(seed, name)
    # 0014 replaced one sentence of the seeded bodies: the copy is the seed with that sentence replaced.
    assert reply_defaults.BODY_EN == seed.BODY_EN.replace(reworded.OLD_EN, reworded.NEW_EN) != seed.BODY_EN
    assert reply_defaults.BODY_ZH == seed.BODY_ZH.replace(reworded.OLD_ZH, reworded.NEW_ZH) != seed.BODY_ZH
