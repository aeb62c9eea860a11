"""What a newcomer found walking every role in English and Chinese (issue 10, second walk): honest wording after
an exposure and an anomaly lock, translated labels, plain names where a user page is out of reach, wording that
follows a request's state, redaction badges, an admin index that shows what a role can use, read-only legal
holds, confirm links checked before the button, a favicon."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.anomaly import Breach, access_lock
from supportrecords import roles
from supportrecords.models import Ticket
from supportrecords.services import ticket_assign
from tests.auth import staff_login
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def _visible(response) -> str:
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _exposed_ticket_page(client, make_user) -> str:
    agent = make_user(roles.AGENT)
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    Ticket.objects.filter(pk=ticket.pk).update(secret_exposed=True, secret_exposed_at=timezone.now())
    staff_login(client, agent)
    return _visible(client.get(reverse("admin:supportrecords_ticket_change", args=[ticket.pk])))


def test_an_exposure_without_security_contacts_does_not_claim_security_was_alerted(client, make_user, settings):
    settings.CUSTOS_SECURITY_CONTACTS = []
    text = _exposed_ticket_page(client, make_user)
    assert "security was alerted" not in text
    assert "no security contact is configured" in text


def test_an_exposure_with_security_contacts_says_they_are_being_emailed(client, make_user, settings):
    settings.CUSTOS_SECURITY_CONTACTS = ["sec@example.com"]
    text = _exposed_ticket_page(client, make_user)
    assert "The security contacts are being emailed." in text


def test_the_automatic_exposure_reply_makes_no_claim_about_the_security_team(db):
    from supportrecords.exposure import auto_reply_text, reply_template_get

    text = auto_reply_text(reply_template_get())
    assert "has been told" not in text and "已收到通知" not in text
    assert "marked as a security case" in text


def test_a_locked_account_is_told_what_happened_and_whom_to_ask(client, make_user, settings):
    settings.CUSTOS_SECURITY_CONTACTS = []
    agent = make_user(roles.AGENT)
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    access_lock(user=agent, breach=Breach(rule="reveals", evidence={"reveals": 500}))
    staff_login(client, agent)
    response = client.get(reverse("admin:supportrecords_ticket_change", args=[ticket.pk]))
    assert response.status_code == 403
    text = _visible(response)
    assert "Your access to customer content is locked" in text
    assert "No security contact is configured" in text
