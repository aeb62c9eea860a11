from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from guardian.shortcuts import get_perms

from supportrecords import roles
from supportrecords.models import Ticket
from supportrecords.selectors import customer_list_visible_to, ticket_list_visible_to
from supportrecords.services import team_create, ticket_assign, ticket_set_team
from tests.auth import staff_login
from tests.factories import TicketFactory


def test_agent_lists_only_tickets_assigned_to_them(make_user):
    alice, bob = make_user(roles.AGENT), make_user(roles.AGENT)
    mine, theirs, nobodys = TicketFactory(), TicketFactory(), TicketFactory()
    ticket_assign(ticket=mine, agent=alice, actor=None)
    ticket_assign(ticket=theirs, agent=bob, actor=None)
    assert list(ticket_list_visible_to(user=alice)) == [mine]
    assert nobodys not in ticket_list_visible_to(user=bob)


def test_reassigning_revokes_the_previous_agents_access(make_user):
    alice, bob = make_user(roles.AGENT), make_user(roles.AGENT)
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, agent=alice, actor=None)
    ticket_assign(ticket=ticket, agent=bob, actor=None)
    assert not ticket_list_visible_to(user=alice).exists()
    assert list(ticket_list_visible_to(user=bob)) == [ticket]
    assert get_perms(alice, ticket) == []
    assert set(get_perms(bob, ticket)) == {"view_ticket", "change_ticket"}


def test_supervisor_sees_their_teams_tickets_only(make_user):
    europe, asia = team_create(name="Europe"), team_create(name="Asia")
    supervisor = make_user(roles.SUPERVISOR)
    supervisor.groups.add(europe.supervisors)
    ours, other = TicketFactory(team=europe), TicketFactory(team=asia)
    assert list(ticket_list_visible_to(user=supervisor)) == [ours]
    ticket_set_team(ticket=other, team=europe, actor=None)
    assert set(ticket_list_visible_to(user=supervisor)) == {ours, other}
    ticket_set_team(ticket=ours, team=asia, actor=None)
    assert list(ticket_list_visible_to(user=supervisor)) == [other]


def test_auditor_sees_no_ticket_and_no_customer(make_user):
    TicketFactory()
    auditor = make_user(roles.AUDITOR)
    assert not ticket_list_visible_to(user=auditor).exists()
    assert not customer_list_visible_to(user=auditor).exists()


def test_privacy_and_compliance_officers_see_every_ticket(make_user):
    tickets = {TicketFactory(), TicketFactory()}
    for role in (roles.PRIVACY_OFFICER, roles.COMPLIANCE_OFFICER):
        assert set(ticket_list_visible_to(user=make_user(role))) == tickets


def test_staff_without_a_role_and_inactive_users_see_nothing(make_user):
    ticket = TicketFactory()
    nobody = make_user(None)
    inactive = make_user(roles.AGENT, is_active=False)
    ticket_assign(ticket=ticket, agent=inactive, actor=None)
    assert not ticket_list_visible_to(user=nobody).exists()
    assert not ticket_list_visible_to(user=inactive).exists()


def test_agent_sees_customers_of_their_tickets_only(make_user):
    alice = make_user(roles.AGENT)
    mine, other = TicketFactory(), TicketFactory()
    ticket_assign(ticket=mine, agent=alice, actor=None)
    assert list(customer_list_visible_to(user=alice)) == [mine.customer]
    assert other.customer not in customer_list_visible_to(user=alice)


def test_a_restricted_ticket_is_hidden_from_its_agent_and_cannot_be_changed(make_user):
    from supportrecords.models import Ticket
    from supportrecords.selectors import ticket_is_changeable_by

    alice = make_user(roles.AGENT)
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, agent=alice, actor=None)
    Ticket.objects.filter(pk=ticket.pk).update(restricted=True)
    ticket.refresh_from_db()
    assert not ticket_list_visible_to(user=alice).exists()
    assert not ticket_is_changeable_by(user=alice, ticket=ticket)
    assert list(ticket_list_visible_to(user=make_user(roles.COMPLIANCE_OFFICER))) == [ticket]


def test_a_team_ticket_cannot_be_assigned_to_another_teams_agent(make_user, client):
    """Issue 9, case 9: assignments stay within the team, in the service and in the admin."""
    europe, china = team_create(name="Europe"), team_create(name="Greater China")
    ours, theirs = make_user(roles.AGENT), make_user(roles.AGENT)
    europe.agents.add(ours)
    china.agents.add(theirs)
    supervisor = make_user(roles.SUPERVISOR)
    supervisor.groups.add(europe.supervisors)
    ticket = TicketFactory()
    ticket_set_team(ticket=ticket, team=europe, actor=None)
    with pytest.raises(ValidationError):
        ticket_assign(ticket=ticket, agent=theirs, actor=supervisor)
    ticket_assign(ticket=ticket, agent=ours, actor=supervisor)

    staff_login(client, supervisor)
    url = reverse("admin:supportrecords_ticket_change", args=[ticket.pk])
    page = client.get(url).content.decode()
    # Only the team's agents are offered (a newcomer was offered the other team's and told so after saving).
    assignee = re.search(r'<select name="assigned_agent".*?</select>', page, re.DOTALL)
    assert assignee is not None
    offered = re.findall(r'value="(\d+)"', assignee.group())
    assert str(ours.pk) in offered and str(theirs.pk) not in offered
    response = client.post(url, {"status": ticket.status, "assigned_agent": theirs.pk, "team": europe.pk, "reply": ""})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).assigned_agent == ours
