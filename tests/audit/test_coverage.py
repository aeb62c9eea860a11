"""Every admin and API URL, as every role: a page that returns customer content writes exactly one content event,
and a page that fails writes none."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.db.models import Max
from django.urls import URLPattern, URLResolver, get_resolver

from audit.actions import CONTENT_ACTIONS
from audit.anomaly import thresholds_get
from audit.models import AuditEvent
from deletion.services import legal_hold_place
from privacy.services import privacy_request_submit
from supportrecords import roles
from supportrecords.services import attachment_create, message_create, team_create, ticket_assign, ticket_set_team
from tests.auth import staff_login
from tests.factories import CustomerFactory, TicketFactory, UserFactory

pytestmark = pytest.mark.django_db

MARKER = "zyxmarker"


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found: list[tuple[str, URLPattern]] = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _patterns(entry, route)
        else:
            found.append((route, entry))
    return found


def _fill(route: str, ids: dict[str, Any]) -> str | None:
    """A concrete path for a route, with ids of the objects set up below; None if it needs what we lack."""
    route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\/", "/")
    model = next((m for m in ids if route.startswith(f"admin/{m}/")), None)

    def value(match: re.Match[str]) -> str:
        name = match.group("name")
        if name == "field":
            return "email"
        if name in {"app_label"}:
            return "supportrecords"
        for key in ("attachment", "message"):
            if key in route.split("<")[0].split("/")[-2:-1] or f"{key}/" in route:
                return str(ids[key])
        return str(ids.get(model, 1)) if model else "1"

    route = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, route)
    route = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", value, route)
    if any(c in route for c in "()[]*+?^$\\"):
        return None
    return "/" + route


@pytest.fixture
def world(make_user, django_capture_on_commit_callbacks):
    limits = thresholds_get()
    limits.customers_per_hour_floor = limits.unassigned_reads_per_hour = 10_000
    limits.reveals_per_hour = limits.exports_per_hour = 10_000
    limits.save()
    agent = make_user(roles.AGENT)
    supervisor = make_user(roles.SUPERVISOR)
    compliance = make_user(roles.COMPLIANCE_OFFICER)
    team = team_create(name="Europe")
    team.supervisors.user_set.add(supervisor)
    customer = CustomerFactory(name=f"{MARKER} name", email=f"{MARKER}@example.com", exchange_account_id="ZYX1")
    ticket = TicketFactory(customer=customer, subject=f"{MARKER} subject")
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    ticket_set_team(ticket=ticket, team=team, actor=None)
    message = message_create(ticket=ticket, author_kind="customer", body=f"{MARKER} body, mail {MARKER}@example.com")
    attachment = attachment_create(
        message=message, filename="statement.txt", content=f"{MARKER} file".encode(), content_type="text/plain"
    )
    legal_hold_place(actor=compliance, kind="litigation", reason="case", customer_id=customer.pk)
    with django_capture_on_commit_callbacks(execute=True):
        privacy_request_submit(
            kind="access", exchange_account_id="ZYX1", email=f"{MARKER}@example.com", language="en", ip="203.0.113.9"
        )
    ids: dict[str, Any] = {"attachment": attachment.pk, "message": message.pk}
    for model, model_admin in admin.site._registry.items():
        obj = model_admin.model._default_manager.order_by("pk").first()
        ids[f"{model._meta.app_label}/{model._meta.model_name}"] = obj.pk if obj is not None else 1
    users = {
        "agent": agent,
        "supervisor": supervisor,
        "privacy officer": make_user(roles.PRIVACY_OFFICER),
        "compliance officer": compliance,
        "auditor": make_user(roles.AUDITOR),
        "superuser": UserFactory(is_superuser=True),
    }
    return ids, users


def test_every_admin_and_api_url_as_every_role_records_content_reads_exactly_once(client, world):
    ids, users = world
    routes = [r for r, _ in _patterns(get_resolver()) if r.startswith(("admin/", "api/", "^admin/"))]
    paths = sorted({p for p in (_fill(r, ids) for r in routes) if p and "logout" not in p})
    paths += [f"/admin/supportrecords/customer/?q={MARKER}@example.com", "/admin/supportrecords/ticket/?q=1"]
    assert len(paths) > 60
    problems = []
    walked = 0
    content_pages = set()
    for role, user in users.items():
        client.logout()
        staff_login(client, user)
        for path in paths:
            for method in ("get", "post") if "reveal" in path else ("get",):
                before = AuditEvent.objects.aggregate(m=Max("id"))["m"] or 0
                try:
                    response = getattr(client, method)(path)
                except Exception as exc:  # a crashing page is a finding too
                    problems.append(f"{role} {method.upper()} {path}: raised {type(exc).__name__}: {exc}")
                    continue
                body = b"".join(response.streaming_content) if response.streaming else response.content
                content_events = AuditEvent.objects.filter(id__gt=before, action__in=CONTENT_ACTIONS).count()
                shows_content = response.status_code == 200 and MARKER.encode() in body
                walked += 1
                if shows_content:
                    content_pages.add((role, path.split("/")[3]))
                if shows_content and content_events != 1:
                    problems.append(f"{role} {method.upper()} {path}: content with {content_events} events")
                if response.status_code >= 400 and content_events:
                    problems.append(f"{role} {method.upper()} {path}: {response.status_code} with a content event")
    assert walked > 300
    # The walk did reach content: tickets (conversation, downloads, reveals) and customers (reveals) for each role
    # that may read them; the auditor never sees any.
    assert {role for role, _ in content_pages} == set(users) - {"auditor"}
    assert {page for _, page in content_pages} == {"ticket", "customer"}
    assert not problems, "\n".join(problems)
