"""Admin screens of this issue: exposure filter, risk indicators, masked bodies with audited reveal, integrations."""

from __future__ import annotations

import pytest
from django.test import Client

from audit.models import AuditEvent
from supportrecords import roles
from supportrecords.models import AuthorKind, Integration, RiskFlag
from supportrecords.services import message_create, ticket_assign
from tests.auth import staff_login
from tests.supportrecords.conftest import SEED

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_client(ticket, make_user):
    agent = make_user(role=roles.AGENT)
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    client = Client()
    staff_login(client, agent)
    return client


def test_ticket_page_masks_personal_data_and_reveal_is_audited(agent_client, ticket):
    message = message_create(
        ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="reach me at li.wei@example.com <b>x</b>"
    )
    page = agent_client.get(f"/admin/supportrecords/ticket/{ticket.pk}/change/", secure=True).content.decode()
    assert "li.wei@example.com" not in page and "l***@example.com" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page  # hostile markup is escaped
    revealed = agent_client.post(f"/admin/supportrecords/ticket/message/{message.pk}/reveal/", secure=True)
    assert revealed.status_code == 200 and "li.wei@example.com" in revealed.content.decode()
    assert AuditEvent.objects.filter(action="message.reveal", target_id=str(message.pk)).exists()


def test_exposed_ticket_shows_flag_and_risk_indicators(agent_client, ticket):
    message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body=f"urgent: {SEED}")
    page = agent_client.get(f"/admin/supportrecords/ticket/{ticket.pk}/change/", secure=True).content.decode()
    assert "abandon" not in page
    assert "pressure or urgency" in page  # the rule in words, not its code
    listing = agent_client.get("/admin/supportrecords/ticket/?secret_exposed__exact=1", secure=True)
    assert f"/admin/supportrecords/ticket/{ticket.pk}/change/" in listing.content.decode()
    by_rule = agent_client.get("/admin/supportrecords/ticket/?risk_rule=pressure_urgency", secure=True)
    assert f"/admin/supportrecords/ticket/{ticket.pk}/change/" in by_rule.content.decode()


def test_risk_indicators_are_counted_per_day(ticket, make_user):
    message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="URGENT, go to custos-exchange.net")
    supervisor = make_user(role=roles.SUPERVISOR, is_superuser=True)
    client = Client()
    staff_login(client, supervisor)
    page = client.get("/admin/supportrecords/riskflag/", secure=True).content.decode()
    assert RiskFlag.objects.count() == 2
    assert "phishing_link" in page and "pressure_urgency" in page


def test_integration_token_is_shown_once_on_creation(make_user):
    admin_user = make_user(is_superuser=True)
    client = Client()
    staff_login(client, admin_user)
    response = client.post(
        "/admin/supportrecords/integration/add/",
        {"name": "zendesk-prod", "rate_limit": "600/min", "active": "on"},
        secure=True,
        follow=True,
    )
    page = response.content.decode()
    integration = Integration.objects.get(name="zendesk-prod")
    token = page.split("is not shown again): ")[1].split("<")[0].strip()
    from supportrecords.ingest import token_digest

    assert token_digest(token) == integration.token_sha256
    again = client.get(f"/admin/supportrecords/integration/{integration.pk}/change/", secure=True)
    assert token not in again.content.decode()
