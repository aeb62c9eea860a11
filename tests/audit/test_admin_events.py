"""Role and permission changes, searches and record opens in the admin each write one event (no query text)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from audit.models import AuditEvent
from supportrecords import roles
from tests.auth import staff_login
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    admin_user = UserFactory(is_superuser=True, username="root")
    staff_login(client, admin_user)
    return client, admin_user


def test_giving_a_user_a_role_and_superuser_is_recorded(superuser_client, make_user):
    client, admin_user = superuser_client
    target = make_user(roles.AGENT, username="target")
    auditor = Group.objects.get(name=roles.AUDITOR)
    agent = Group.objects.get(name=roles.AGENT)
    response = client.post(
        reverse("admin:auth_user_change", args=[target.pk]),
        {
            "username": "target",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [agent.pk, auditor.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="user.permissions_change", target_id=str(target.pk))
    assert event.actor_id == admin_user.pk
    assert event.details["groups"] == {"added": [roles.AUDITOR], "removed": []}
    assert event.details["flags"] == {"is_superuser": [False, True]}


def test_saving_a_user_without_access_changes_records_nothing(superuser_client, make_user):
    client, _ = superuser_client
    target = make_user(roles.AGENT, username="same")
    client.post(
        reverse("admin:auth_user_change", args=[target.pk]),
        {
            "username": "same",
            "first_name": "Renamed",
            "is_active": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name=roles.AGENT).pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert not AuditEvent.objects.filter(action="user.permissions_change").exists()


def test_changing_a_roles_permissions_is_recorded(superuser_client):
    client, _ = superuser_client
    group = Group.objects.get(name=roles.AUDITOR)
    perms = list(group.permissions.values_list("pk", flat=True))
    extra = Permission.objects.get(content_type__app_label="supportrecords", codename="view_ticket")
    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]), {"name": group.name, "permissions": [*perms, extra.pk]}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="user.permissions_change", target_type="auth.group")
    assert event.details["added"] == ["supportrecords.view_ticket"] and event.details["removed"] == []


def test_customer_search_records_the_kind_of_query_not_its_text(superuser_client):
    client, _ = superuser_client
    customer = CustomerFactory(email="findme@example.com")
    response = client.get(reverse("admin:supportrecords_customer_changelist"), {"q": "findme@example.com"})
    assert response.status_code == 200
    assert [c.pk for c in response.context["cl"].result_list] == [customer.pk]
    event = AuditEvent.objects.get(action="customer.search")
    assert event.details == {"kind": "email"}
    assert "findme" not in str(event.details) and "findme" not in event.target_id


def test_opening_a_customer_record_is_recorded_once(superuser_client):
    client, admin_user = superuser_client
    customer = CustomerFactory()
    assert client.get(reverse("admin:supportrecords_customer_change", args=[customer.pk])).status_code == 200
    event = AuditEvent.objects.get(action="customer.view")
    assert event.customer_id == customer.pk and event.actor_id == admin_user.pk


@pytest.mark.parametrize("role", [roles.AUDITOR, roles.COMPLIANCE_OFFICER])
def test_an_event_whose_details_hold_a_list_opens(client, make_user, role):
    """A newcomer's walk (2026-12-07): every event with a list in its details (secret exposures, risk flags, ticket
    lists, key destructions) was a 500 for the auditor and the compliance officer (an unhashable dict key)."""
    from audit import targets
    from audit.services import audit_record

    event = audit_record(
        actor=None,
        action="ticket.secret_exposed",
        target_type=targets.TICKET,
        target_id=7,
        details={"method": ["totp"], "kinds": ["seed_phrase", "private_key"], "ids": {"a": [1, 2]}},
    )
    user = make_user(role)
    staff_login(client, user)
    response = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert response.status_code == 200
    assert "seed_phrase" in response.content.decode()
