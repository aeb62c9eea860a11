# ruff: noqa: F811  # fixtures are imported by name and requested as arguments
"""End to end in real headless Chromium: an agent who opens too many customers is locked within the request; an
auditor, in Chinese, finds who read the customer in one page and sees the charts; no customer content there."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Group, Permission

from audit.anomaly import thresholds_get
from audit.models import AuditEvent, Incident
from supportrecords import roles
from supportrecords import services as records
from supportrecords.models import DataCategory, Jurisdiction
from tests.auth import browser_login
from tests.e2e.test_privacy_e2e import PASSWORD, chromium  # noqa: F401  # fixture
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reseeded")]

MARKER = "zyxsecretmarker"


def _role_permissions() -> None:
    """A transactional test flushed the roles' permissions: grant them again as the migrations do."""
    grants = dict(importlib.import_module("supportrecords.migrations.0002_roles_and_categories").ROLE_PERMISSIONS)
    audit_grants = importlib.import_module("audit.migrations.0005_i12_audit_roles").GRANTS
    for role, codenames in audit_grants.items():
        grants[role] = [*grants.get(role, []), *(f"audit.{c}" for c in codenames)]
    for role, perms in grants.items():
        group = Group.objects.get(name=role)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def test_agent_locked_and_auditor_finds_who_read_the_customer(requires_postgres, live_server, chromium, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop in this thread
    _role_permissions()
    limits = thresholds_get(fresh=True)
    limits.customers_per_hour_floor = 2
    limits.save()
    agent = UserFactory(role=roles.AGENT, username="agent.eve")
    UserFactory(role=roles.AUDITOR, username="auditor.ada")
    tickets = []
    for i in range(3):
        customer = records.customer_create(
            exchange_account_id=f"UIDE2EAUD{i}",
            email=f"c{i}@example.com",
            name=f"{MARKER} {i}",
            phone="",
            jurisdiction=Jurisdiction.EU,
        )
        ticket = records.ticket_create(
            customer=customer,
            category=DataCategory.objects.get(slug="general-enquiry"),
            channel="chat",
            subject=f"{MARKER} subject {i}",
        )
        records.ticket_assign(ticket=ticket, agent=agent, actor=None)
        records.message_create(ticket=ticket, author_kind="customer", body=f"{MARKER} body {i}")
        tickets.append(ticket)

    page = chromium.new_context(locale="en-GB").new_page()
    browser_login(page, live_server.url, "agent.eve", PASSWORD)
    statuses = []
    for ticket in tickets:
        response = page.goto(f"{live_server.url}/admin/supportrecords/ticket/{ticket.pk}/change/")
        statuses.append(response.status if response else 0)
    assert statuses == [200, 200, 403]
    assert Incident.objects.get(username="agent.eve").rule == "distinct_customers"
    page.context.close()

    auditor = chromium.new_context(locale="zh-CN").new_page()
    browser_login(auditor, live_server.url, "auditor.ada", PASSWORD)
    auditor.goto(f"{live_server.url}/admin/audit/auditevent/customer/{tickets[0].customer_id}/")
    html = auditor.content()
    assert "agent.eve" in html and "打开了工单对话" in html and MARKER not in html
    auditor.goto(f"{live_server.url}/admin/audit/auditevent/charts/")
    assert auditor.locator("figure svg").count() == 3
    assert "agent.eve" in auditor.locator("figure svg").nth(1).inner_html()
    assert MARKER not in auditor.content()
    assert AuditEvent.objects.filter(action="access.refused", actor_label="agent.eve").exists()
