"""What each role may open in the ticket and customer admin: bugs a new user met, each pinned by a test."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from supportrecords import roles
from supportrecords.models import Ticket
from supportrecords.services import attachment_create, message_create, team_create, ticket_assign
from tests.auth import staff_login
from tests.factories import TicketFactory


@pytest.fixture
def ticket_with_content(db):
    ticket = TicketFactory(subject="Lost access to my account")
    message = message_create(
        ticket=ticket, author_kind="customer", body="Write to me at jane.roe@example.com, my phone is +44 20 7946 0958"
    )
    attachment_create(message=message, filename="statement.pdf", content=b"%PDF-1.4 x", content_type="application/pdf")
    return ticket


def _restrict(ticket: Ticket) -> Ticket:
    Ticket.objects.filter(pk=ticket.pk).update(restricted=True)
    ticket.refresh_from_db()
    return ticket


@pytest.mark.parametrize("role", [roles.PRIVACY_OFFICER, roles.COMPLIANCE_OFFICER])
def test_officers_open_a_ticket_page_without_an_error(client, make_user, ticket_with_content, role):
    staff_login(client, make_user(role))
    response = client.get(reverse("admin:supportrecords_ticket_change", args=[ticket_with_content.pk]))
    assert response.status_code == 200
    assert 'name="reply"' not in response.content.decode()


def test_compliance_officer_reads_a_restricted_ticket(client, make_user, ticket_with_content):
    ticket = _restrict(ticket_with_content)
    officer = make_user(roles.COMPLIANCE_OFFICER)
    staff_login(client, officer)
    response = client.get(reverse("admin:supportrecords_ticket_change", args=[ticket.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Write to me at" in html
    assert "custos-badge-restricted" in html
    assert 'name="reply"' not in html
    assert AuditEvent.objects.filter(action="ticket.view_content", target_id=str(ticket.pk)).count() == 1
    listing = client.get(reverse("admin:supportrecords_ticket_changelist")).content.decode()
    assert "custos-badge-restricted" in listing


def test_a_view_that_fails_to_render_leaves_no_content_audit_event(client, make_user, ticket_with_content, monkeypatch):
    from supportrecords.admin import TicketAdmin

    def broken(self, obj):
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(TicketAdmin, "channel_label", broken, raising=False)
    monkeypatch.setattr(TicketAdmin, "readonly_fields", [*TicketAdmin.readonly_fields, "channel_label"])
    monkeypatch.setattr(
        TicketAdmin, "get_fields", lambda self, request, obj=None: ["channel_label", "conversation"], raising=True
    )
    staff_login(client, make_user(roles.COMPLIANCE_OFFICER))
    client.raise_request_exception = False
    response = client.get(reverse("admin:supportrecords_ticket_change", args=[ticket_with_content.pk]))
    assert response.status_code == 500
    assert not AuditEvent.objects.filter(action="ticket.view_content").exists()


def test_privacy_officer_sees_metadata_but_no_content(client, make_user, ticket_with_content):
    officer = make_user(roles.PRIVACY_OFFICER)
    staff_login(client, officer)
    html = client.get(reverse("admin:supportrecords_ticket_change", args=[ticket_with_content.pk])).content.decode()
    assert "Write to me at" not in html and "Lost access" not in html
    assert "General enquiry" in html
    assert not AuditEvent.objects.filter(action="ticket.view_content").exists()
    message = ticket_with_content.messages.get()
    attachment = message.attachments.get()
    download = client.get(reverse("admin:supportrecords_attachment_download", args=[attachment.pk]))
    reveal = client.post(reverse("admin:supportrecords_message_reveal", args=[message.pk]))
    assert download.status_code == 403 and reveal.status_code == 403
    for field in ("email", "phone", "name", "exchange_account_id"):
        url = reverse("admin:supportrecords_customer_reveal", args=[ticket_with_content.customer_id, field])
        assert client.post(url).status_code == 403
    assert not AuditEvent.objects.filter(action__in=["attachment.download", "message.reveal", "customer.reveal"])


def test_privacy_officer_cannot_reveal_a_customer_whose_records_are_restricted(client, make_user, ticket_with_content):
    _restrict(ticket_with_content)
    staff_login(client, make_user(roles.PRIVACY_OFFICER))
    url = reverse("admin:supportrecords_customer_reveal", args=[ticket_with_content.customer_id, "email"])
    assert client.post(url).status_code == 403


def test_agent_reveals_email_and_account_id_on_the_customer_page(client, make_user, ticket_with_content):
    agent = make_user(roles.AGENT)
    ticket_assign(ticket=ticket_with_content, agent=agent, actor=None)
    staff_login(client, agent)
    page = client.get(reverse("admin:supportrecords_customer_change", args=[ticket_with_content.customer_id]))
    html = page.content.decode()
    for field in ("email", "exchange_account_id", "phone", "name"):
        assert reverse("admin:supportrecords_customer_reveal", args=[ticket_with_content.customer_id, field]) in html
    response = client.post(
        reverse("admin:supportrecords_customer_reveal", args=[ticket_with_content.customer_id, "email"])
    )
    assert response.status_code == 200
    assert ticket_with_content.customer.email in response.content.decode()


@pytest.mark.usefixtures("requires_postgres")
@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_customer_search_for_an_unknown_account_id_is_an_empty_list(client, make_user, role):
    TicketFactory()
    staff_login(client, make_user(role))
    response = client.get(reverse("admin:supportrecords_customer_changelist"), {"q": "UID0"})
    assert response.status_code in (200, 403)
    if role != roles.AUDITOR:
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []


def test_supervisor_gets_a_404_page_for_a_ticket_outside_their_team(client, make_user):
    europe, asia = team_create(name="Europe"), team_create(name="Asia")
    supervisor = make_user(roles.SUPERVISOR)
    supervisor.groups.add(europe.supervisors)
    other = TicketFactory(team=asia)
    staff_login(client, supervisor)
    for name in ("change", "history"):
        response = client.get(reverse(f"admin:supportrecords_ticket_{name}", args=[other.pk]))
        assert response.status_code == 404
        assert "doesn’t exist" not in response.content.decode()


@pytest.mark.parametrize("role", [roles.AGENT, roles.SUPERVISOR, roles.AUDITOR, roles.PRIVACY_OFFICER])
def test_only_compliance_opens_the_legal_hold_release_form(client, make_user, ticket_with_content, role):
    from deletion.services import legal_hold_place

    compliance = make_user(roles.COMPLIANCE_OFFICER)
    hold = legal_hold_place(actor=compliance, kind="litigation", reason="case 1", ticket_id=ticket_with_content.pk)
    staff_login(client, make_user(role))
    assert client.get(reverse("admin:deletion_legalhold_release", args=[hold.pk])).status_code == 403
    client.logout()
    staff_login(client, compliance)
    assert client.get(reverse("admin:deletion_legalhold_release", args=[hold.pk])).status_code == 200
