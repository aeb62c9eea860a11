"""The auditor's views: filters, who accessed a customer, per-staff activity, charts, CSV export; no content."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from audit.anomaly import Breach, access_lock
from audit.models import AuditEvent
from supportrecords import roles
from supportrecords.services import message_create, ticket_assign, ticket_content_open
from tests.auth import staff_login
from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db

MARKER = "zyxmarker"


@pytest.fixture
def scene(make_user):
    agent = make_user(roles.AGENT, username="agent.alice")
    customer = CustomerFactory(name=f"{MARKER} name", email=f"{MARKER}@example.com")
    ticket = TicketFactory(customer=customer, subject=f"{MARKER} subject")
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    ticket.refresh_from_db()
    message_create(ticket=ticket, author_kind="customer", body=f"{MARKER} body")
    ticket_content_open(user=agent, ticket=ticket)
    ticket_content_open(user=agent, ticket=ticket)
    auditor = make_user(roles.AUDITOR, username="auditor.ada")
    return agent, customer, ticket, auditor


def test_who_accessed_a_customer_in_one_page(client, scene):
    agent, customer, _, auditor = scene
    staff_login(client, auditor)
    response = client.get(reverse("admin:audit_auditevent_customer", args=[customer.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "agent.alice" in html and "Opened a ticket&#x27;s conversation" in html
    summary = response.context["summary"]
    assert [(s.actor_label, s.content_reads) for s in summary] == [("agent.alice", 2)]
    assert MARKER not in html


def test_staff_activity_and_charts_show_counts_not_content(client, scene):
    agent, _, _, auditor = scene
    access_lock(user=agent, breach=Breach("reveals", {"reveals": 31, "limit": 30}))
    staff_login(client, auditor)
    page = client.get(reverse("admin:audit_auditevent_staff", args=[agent.pk]))
    assert page.status_code == 200
    assert page.context["per_action"][0] == ("Opened a ticket's conversation", 2)
    assert "locked from customer content" in page.content.decode()
    charts = client.get(reverse("admin:audit_auditevent_charts"))
    html = charts.content.decode()
    assert charts.status_code == 200 and html.count("<figure><svg") == 3
    assert "agent.alice: 2" in html and MARKER not in html


def test_events_filter_by_actor_customer_and_action(client, scene, make_user):
    agent, customer, _, auditor = scene
    other = make_user(roles.AGENT)
    AuditEvent.objects.create(
        actor_id=other.pk,
        actor_label="x",
        action="message.reveal",
        target_type="t",
        target_id="1",
        customer_id=customer.pk + 1,
    )
    staff_login(client, auditor)
    url = reverse("admin:audit_auditevent_changelist")
    by_actor = client.get(url, {"actor_id": agent.pk})
    assert {e.actor_id for e in by_actor.context["cl"].result_list} == {agent.pk}
    by_customer = client.get(url, {"customer_id": customer.pk + 1})
    assert [e.action for e in by_customer.context["cl"].result_list] == ["message.reveal"]
    by_action = client.get(url, {"action": "ticket.view_content"})
    assert len(by_action.context["cl"].result_list) == 2


def test_csv_export_is_itself_recorded_and_safe_for_spreadsheets(client, scene, make_user):
    _, customer, _, auditor = scene
    AuditEvent.objects.create(actor_label="=HYPERLINK(1)", action="x.y", target_type="t", target_id="+1")
    staff_login(client, auditor)
    response = client.get(reverse("admin:audit_auditevent_export"), {"customer_id": customer.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "seq" and len(rows) == 1 + AuditEvent.objects.filter(customer_id=customer.pk).count() - 0
    event = AuditEvent.objects.get(action="audit.export")
    assert event.actor_id == auditor.pk and event.details["filters"] == ["customer_id"]
    everything = client.get(reverse("admin:audit_auditevent_export"))
    text = everything.content.decode()
    assert "'=HYPERLINK(1)" in text and ",'+1," in text and MARKER not in text


def test_agents_cannot_open_the_auditor_views(client, scene):
    agent, customer, _, _ = scene
    staff_login(client, agent)
    for url in (
        reverse("admin:audit_auditevent_customer", args=[customer.pk]),
        reverse("admin:audit_auditevent_charts"),
        reverse("admin:audit_auditevent_export"),
    ):
        assert client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export").exists()
