"""Insider-anomaly lockout: inline where content is read, in the periodic scan, and the unlock rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.anomaly import (
    AccessLocked,
    access_is_locked,
    access_unlock,
    anomalies_scan,
    thresholds_get,
)
from audit.models import AccessLock, AuditEvent, Incident, TeamWorkingHours
from supportrecords import roles, selectors
from supportrecords.services import (
    customer_field_reveal,
    message_body_reveal,
    message_create,
    team_create,
    ticket_assign,
    ticket_content_open,
)
from tests.auth import staff_login
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits():
    thresholds = thresholds_get()
    thresholds.customers_per_hour_floor = 3
    thresholds.save()
    return thresholds


@pytest.fixture
def alice(make_user):
    return make_user(roles.AGENT, username="alice")


def _assigned_tickets(agent, n):
    tickets = []
    for _ in range(n):
        ticket = TicketFactory()
        ticket_assign(ticket=ticket, agent=agent, actor=None)
        ticket.refresh_from_db()
        tickets.append(ticket)
    return tickets


def test_agent_opening_too_many_customers_is_locked_within_the_same_request(
    settings, limits, alice, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CUSTOS_SECURITY_CONTACTS = ["security@example.com"]
    bob = make_user(roles.AGENT, username="bob")
    tickets = _assigned_tickets(alice, 4)
    bobs = _assigned_tickets(bob, 1)
    for ticket in tickets[:3]:
        ticket_content_open(user=alice, ticket=ticket)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(AccessLocked):
        ticket_content_open(user=alice, ticket=tickets[3])
    assert access_is_locked(user=alice)
    assert not selectors.ticket_list_visible_to(user=alice).exists()
    incident = Incident.objects.get(user_id=alice.pk)
    assert incident.rule == "distinct_customers"
    assert incident.evidence["customers"] == 4 and incident.evidence["limit"] == 3
    assert len(mailoutbox) == 1 and "alice" in mailoutbox[0].subject
    assert tickets[3].subject not in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="access.locked", target_id=str(alice.pk)).count() == 1
    refused = AuditEvent.objects.get(action="access.refused", actor_id=alice.pk)
    assert refused.details == {"attempted": "ticket.view_content", "reason": "distinct_customers"}
    assert not AuditEvent.objects.filter(action="ticket.view_content", target_id=str(tickets[3].pk)).exists()
    # Already-opened tickets are refused too, with an event; other staff are unaffected.
    with pytest.raises(PermissionDenied):
        ticket_content_open(user=alice, ticket=tickets[0])
    assert AuditEvent.objects.filter(action="access.refused", actor_id=alice.pk).count() == 2
    ticket_content_open(user=bob, ticket=bobs[0])


def test_the_limit_is_three_times_the_agents_own_p95_when_above_the_floor(limits, alice):
    now = timezone.now()
    for day in range(1, 5):  # 4 customers per active hour over the last days: p95 = 4, limit 12
        for customer_id in range(4):
            AuditEvent.objects.create(
                actor_id=alice.pk,
                action="ticket.view_content",
                target_type="t",
                target_id="1",
                customer_id=10_000 + customer_id,
                at=now - timedelta(days=day),
            )
    tickets = _assigned_tickets(alice, 13)
    for ticket in tickets[:12]:
        ticket_content_open(user=alice, ticket=ticket)
    with pytest.raises(AccessLocked):
        ticket_content_open(user=alice, ticket=tickets[12])
    assert Incident.objects.get(user_id=alice.pk).evidence["p95"] == 4


def test_reads_of_tickets_not_assigned_to_them_lock_a_supervisor(limits, make_user):
    limits.customers_per_hour_floor = 100
    limits.unassigned_reads_per_hour = 2
    limits.save()
    officer = make_user(roles.COMPLIANCE_OFFICER)
    tickets = [TicketFactory() for _ in range(3)]
    ticket_content_open(user=officer, ticket=tickets[0])
    ticket_content_open(user=officer, ticket=tickets[1])
    with pytest.raises(AccessLocked):
        ticket_content_open(user=officer, ticket=tickets[2])
    assert Incident.objects.get(user_id=officer.pk).rule == "unassigned_reads"


def test_reveal_volume_locks(limits, alice):
    limits.reveals_per_hour = 2
    limits.save()
    ticket = _assigned_tickets(alice, 1)[0]
    message = message_create(ticket=ticket, author_kind="customer", body="hello")
    message_body_reveal(user=alice, message=message)
    customer_field_reveal(user=alice, customer=ticket.customer, field="email")
    with pytest.raises(AccessLocked):
        message_body_reveal(user=alice, message=message)
    assert Incident.objects.get(user_id=alice.pk).rule == "reveals"


def test_access_outside_the_teams_working_hours_locks(limits, alice):
    team = team_create(name="Europe")
    ticket = _assigned_tickets(alice, 1)[0]
    ticket.team = team
    ticket.save()
    hour = timezone.now().hour
    start, end = ((hour + 1) % 23, (hour + 1) % 23 + 1)
    TeamWorkingHours.objects.create(
        team_id=team.pk, team_name="Europe", start_hour=start, end_hour=end, weekdays="0,1,2,3,4,5,6"
    )
    with pytest.raises(AccessLocked):
        ticket_content_open(user=alice, ticket=ticket)
    assert Incident.objects.get(user_id=alice.pk).rule == "outside_working_hours"


def test_periodic_scan_locks_what_no_inline_check_saw(limits, alice):
    for customer_id in range(5):
        AuditEvent.objects.create(
            actor_id=alice.pk, action="api.read", target_type="t", target_id="1", customer_id=customer_id
        )
    assert anomalies_scan() == 1
    assert access_is_locked(user=alice)
    assert anomalies_scan() == 0  # already locked: no second incident
    assert Incident.objects.filter(user_id=alice.pk).count() == 1


def test_unlocking_needs_another_privileged_user_and_a_reason(limits, alice, make_user):
    for customer_id in range(5):
        AuditEvent.objects.create(
            actor_id=alice.pk, action="api.read", target_type="t", target_id="1", customer_id=customer_id
        )
    anomalies_scan()
    lock = AccessLock.objects.get(user_id=alice.pk)
    officer = make_user(roles.COMPLIANCE_OFFICER)
    supervisor = make_user(roles.SUPERVISOR)
    alice.is_superuser = True
    alice.save()
    with pytest.raises(PermissionDenied):
        access_unlock(lock=lock, actor=alice, reason="it was me")
    with pytest.raises(PermissionDenied):
        access_unlock(lock=lock, actor=supervisor, reason="looks fine")
    with pytest.raises(ValidationError):
        access_unlock(lock=lock, actor=officer, reason="  ")
    access_unlock(lock=lock, actor=officer, reason="bulk review of a complaint, approved")
    assert not access_is_locked(user=alice)
    event = AuditEvent.objects.get(action="access.unlocked")
    assert event.actor_id == officer.pk and event.target_id == str(alice.pk)


def test_admin_request_that_breaches_is_refused_and_later_pages_show_nothing(client, limits, alice):
    tickets = _assigned_tickets(alice, 4)
    staff_login(client, alice)
    for ticket in tickets[:3]:
        assert client.get(reverse("admin:supportrecords_ticket_change", args=[ticket.pk])).status_code == 200
    response = client.get(reverse("admin:supportrecords_ticket_change", args=[tickets[3].pk]))
    assert response.status_code == 403
    listing = client.get(reverse("admin:supportrecords_ticket_changelist"))
    assert list(listing.context["cl"].result_list) == []
    again = client.get(reverse("admin:supportrecords_ticket_change", args=[tickets[0].pk]))
    assert again.status_code == 403
    assert AuditEvent.objects.filter(action="access.refused", actor_id=alice.pk).count() == 2


def test_thresholds_are_edited_in_the_admin_with_history(client, make_user):
    officer = make_user(roles.COMPLIANCE_OFFICER)
    thresholds = thresholds_get()
    staff_login(client, officer)
    url = reverse("admin:audit_anomalythresholds_change", args=[thresholds.pk])
    form = {
        "customers_per_hour_floor": 50,
        "baseline_multiplier": 3,
        "baseline_days": 28,
        "unassigned_reads_per_hour": 10,
        "reveals_per_hour": 30,
        "exports_per_hour": 30,
    }
    assert client.post(url, form).status_code == 302
    thresholds.refresh_from_db()
    assert thresholds.customers_per_hour_floor == 50
    latest = thresholds.history.latest()
    assert latest.customers_per_hour_floor == 50 and latest.history_user == officer
    assert client.get(reverse("admin:audit_anomalythresholds_history", args=[thresholds.pk])).status_code == 200
    event = AuditEvent.objects.get(action="anomaly_thresholds.change")
    assert event.details == {"fields": ["customers_per_hour_floor"]} and event.actor_id == officer.pk


def test_thresholds_cannot_be_raised_out_of_reach_and_every_change_tells_security(
    client, make_user, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CUSTOS_SECURITY_CONTACTS = ["security@example.com"]
    officer = make_user(roles.COMPLIANCE_OFFICER)
    thresholds = thresholds_get()
    staff_login(client, officer)
    url = reverse("admin:audit_anomalythresholds_change", args=[thresholds.pk])
    form = {
        "customers_per_hour_floor": 9_999_999,
        "baseline_multiplier": 3,
        "baseline_days": 28,
        "unassigned_reads_per_hour": 9_999_999,
        "reveals_per_hour": 9_999_999,
        "exports_per_hour": 9_999_999,
    }
    refused = client.post(url, form)
    assert refused.status_code == 200 and refused.context["adminform"].form.errors  # the form, with its errors
    thresholds.refresh_from_db()
    assert thresholds.customers_per_hour_floor == 20 and not mailoutbox
    allowed = {**form, "customers_per_hour_floor": 40, "unassigned_reads_per_hour": 10, "reveals_per_hour": 30}
    allowed["exports_per_hour"] = 30
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, allowed).status_code == 302
    (alert,) = mailoutbox
    assert alert.to == ["security@example.com"] and "customers_per_hour_floor: 20 -> 40" in alert.body


def test_unlock_and_close_in_the_admin(client, limits, alice, make_user):
    for customer_id in range(5):
        AuditEvent.objects.create(
            actor_id=alice.pk, action="api.read", target_type="t", target_id="1", customer_id=customer_id
        )
    anomalies_scan()
    lock = AccessLock.objects.get(user_id=alice.pk)
    officer = make_user(roles.COMPLIANCE_OFFICER)
    staff_login(client, officer)
    url = reverse("admin:audit_accesslock_unlock", args=[lock.pk])
    assert (
        "Unlock (needs a reason)"
        in client.get(reverse("admin:audit_accesslock_change", args=[lock.pk])).content.decode()
    )
    assert client.post(url, {"reason": ""}).status_code == 200  # the form asks again
    assert AccessLock.objects.get(pk=lock.pk).unlocked_at is None
    response = client.post(url, {"reason": "reviewed with the team lead"})
    assert response.status_code == 302
    lock.refresh_from_db()
    assert lock.unlocked_by == officer.username and lock.unlock_reason == "reviewed with the team lead"
    incident = Incident.objects.get(user_id=alice.pk)
    client.post(
        reverse("admin:audit_incident_changelist"),
        {"action": "close_incidents", "_selected_action": [incident.pk]},
    )
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_by == officer.username
    assert AuditEvent.objects.filter(action="incident.close", actor_id=officer.pk).count() == 1


def test_an_agent_cannot_open_the_unlock_page(client, limits, alice, make_user):
    for customer_id in range(5):
        AuditEvent.objects.create(
            actor_id=alice.pk, action="api.read", target_type="t", target_id="1", customer_id=customer_id
        )
    anomalies_scan()
    lock = AccessLock.objects.get(user_id=alice.pk)
    staff_login(client, make_user(roles.AGENT))
    assert client.post(reverse("admin:audit_accesslock_unlock", args=[lock.pk]), {"reason": "x"}).status_code == 403
    assert access_is_locked(user=alice)
