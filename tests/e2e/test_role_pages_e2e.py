"""Each demo role in real headless Chromium at 1280x800: its key pages (ticket list and page, customer page,
privacy-request review, audit trail) have no horizontal overflow, its main path is clicked through, and a
screenshot of its main page is written to docs/screenshots/<account>.png (shown in the README) when
CUSTOS_SCREENSHOTS=1, so an ordinary run leaves the committed pictures alone."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from audit.models import AuditEvent
from deletion.services import legal_hold_place
from privacy import services as privacy_services
from privacy.models import PrivacyRequest, PrivacyRequestKind
from supportrecords import demo, selectors, services
from supportrecords.models import Attachment, Ticket
from tests.auth import browser_login
from tests.conftest import skip_unless_ci
from tests.e2e.test_privacy_e2e import CHROMIUM, CHROMIUM_ARGS

PASSWORD = "correct horse battery staple"
SHOTS = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
# The innermost elements that reach past the window's right edge, to name the culprit in a failure.
WIDEST_JS = """(limit) => {
  const past = (e) => e.getBoundingClientRect().right > limit;
  return [...document.querySelectorAll('body *')]
    .filter(e => past(e) && ![...e.children].some(past))
    .slice(0, 5)
    .map(e => `${e.closest('[id]')?.id} ${e.tagName.toLowerCase()}.${e.className}: `
      + `${Math.round(e.getBoundingClientRect().right)}px`);
}"""

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reseeded")]


def _role_permissions_reseed() -> None:
    """A transactional test starts from a flushed database: put back the groups' permissions (data migrations)."""
    from django.contrib.auth.models import Group, Permission

    records = importlib.import_module("supportrecords.migrations.0002_roles_and_categories")
    risk = importlib.import_module("supportrecords.migrations.0006_risk_and_reply_permissions")
    retention = importlib.import_module("deletion.migrations.0002_retention_defaults")
    grants = [(role, perm.split(".")) for role, perms in records.ROLE_PERMISSIONS.items() for perm in perms]
    grants += [(role, ["supportrecords", code]) for role, codes in risk.GRANTS.items() for code in codes]
    grants += [(role, ["deletion", code]) for role, codes in retention.ROLE_PERMISSIONS.items() for code in codes]
    for role, (app_label, codename) in grants:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


@pytest.fixture(autouse=True)
def _sync_orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop in this thread


@pytest.fixture
def chromium():
    if not CHROMIUM.exists():
        skip_unless_ci("needs Debian's chromium at /usr/bin/chromium (CI installs it)")
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo_site(settings, tmp_path):
    settings.CUSTOS_LEDGER_DIR = tmp_path / "ledger"
    settings.CUSTOS_PRIVACY_RATE_PER_EMAIL = settings.CUSTOS_PRIVACY_RATE_PER_IP = "1000/h"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "e2e"}}
    _role_permissions_reseed()
    demo.demo_accounts_ensure(password=PASSWORD)
    demo.demo_data_seed(customers=6)
    compliance = get_user_model().objects.get(username="compliance.chen")
    tickets = list(Ticket.objects.order_by("pk"))
    legal_hold_place(actor=compliance, kind="litigation", reason="Case 12/2026", ticket_id=tickets[0].pk)
    Ticket.objects.filter(pk=tickets[-1].pk).update(restricted=True)
    customer = tickets[1].customer
    outcome = privacy_services.privacy_request_submit(
        kind=PrivacyRequestKind.ERASURE,
        exchange_account_id=customer.exchange_account_id,
        email=customer.email,
        language="en",
        ip="203.0.113.9",
    )
    assert outcome.request_id is not None
    request = PrivacyRequest.objects.get(pk=outcome.request_id)
    PrivacyRequest.objects.filter(pk=request.pk).update(status="pending_review")
    return request


def screenshot_save(page: Any, name: str) -> Path | None:
    """Write docs/screenshots/<name>.png only when asked (CUSTOS_SCREENSHOTS=1); return the path written."""
    if os.environ.get("CUSTOS_SCREENSHOTS") != "1":
        return None
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def _no_overflow(page: Any, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > VIEWPORT["width"]:
        widest = page.evaluate(WIDEST_JS, VIEWPORT["width"])
        raise AssertionError(f"{what}: the page is {width}px wide in a {VIEWPORT['width']}px window: {widest}")


def _open(page: Any, url: str, what: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 500, f"{what}: {response and response.status}"
    _no_overflow(page, what)


def _attachment_path(page: Any, base: str, username: str) -> None:
    """Agents download a clean attachment of their ticket; the compliance officer releases the quarantined one
    (audited), after which it downloads like any other."""
    user = get_user_model().objects.get(username=username)
    attachments = Attachment.objects.filter(
        message__ticket__in=selectors.ticket_list_visible_to(user=user), message__ticket__restricted=False
    ).order_by("pk")
    if username.startswith("agent."):
        attachment = attachments.filter(quarantined=False).first()
    elif username == "compliance.chen":
        attachment = attachments.filter(quarantined=True).first()
    else:
        return
    assert attachment is not None, f"the demo gives {username} no attachment to try"
    page.goto(f"{base}/admin/supportrecords/ticket/{attachment.message.ticket_id}/change/")
    _no_overflow(page, "ticket page with an attachment")
    link = page.locator(f"a[href$='/attachment/{attachment.pk}/download/']")
    if attachment.quarantined:
        assert "quarantined" in link.locator("xpath=..").inner_text()
        with page.expect_navigation():
            page.get_by_role("button", name="Release to agents (recorded in the audit trail)").first.click()
        assert "The attachment was released to agents." in page.content()
        assert AuditEvent.objects.filter(
            action="attachment.release", target_id=str(attachment.pk), actor_id=user.pk
        ).exists()
        attachment.refresh_from_db()
        assert not attachment.quarantined
    with page.expect_download() as download:
        link.first.click()
    assert Path(download.value.path()).read_bytes() == services.attachment_content(attachment=attachment)
    assert AuditEvent.objects.filter(
        action="attachment.download", target_id=str(attachment.pk), actor_id=user.pk
    ).exists()


def _main_path(page: Any, base: str, username: str, request: PrivacyRequest) -> None:
    """Click through the role's everyday path; end on the page its screenshot shows."""
    user = get_user_model().objects.get(username=username)
    visible = selectors.ticket_list_visible_to(user=user).order_by("-pk")
    if username == "auditor.ada":
        page.get_by_role("link", name="Audit events").first.click()
        page.wait_for_load_state()
        _no_overflow(page, "audit trail")
        return
    if username == "privacy.paula":
        page.get_by_role("link", name="Privacy requests").first.click()
        page.get_by_role("link", name=str(request.pk), exact=True).first.click()
        page.wait_for_load_state()
        _no_overflow(page, "request review")
        assert page.locator("input[name=approve]").is_visible()
        page.locator("#privacy-scope").scroll_into_view_if_needed()
        assert page.locator("#privacy-scope").is_visible()
        return
    page.get_by_role("link", name="Tickets").first.click()
    page.wait_for_load_state()
    _no_overflow(page, "ticket list")
    if username.startswith("supervisor") or username == "admin":
        return
    if username == "compliance.chen":
        ticket = visible.filter(restricted=True).first()
        assert ticket is not None
    else:
        with_pii = (t for t in visible.exclude(restricted=True) if any(m.findings for m in t.messages.all()))
        ticket = next(with_pii, None) or visible.first()
    assert ticket is not None
    page.get_by_role("link", name=str(ticket.pk), exact=True).first.click()
    page.wait_for_load_state()
    _no_overflow(page, "ticket page")
    reveal = page.get_by_role("button", name="Reveal (recorded in the audit trail)")
    if reveal.count():
        with page.expect_navigation():
            reveal.first.click()
        assert "recorded in the audit trail" in page.content()
        page.go_back()
    page.get_by_role("link", name=f"customer #{ticket.customer_id}").click()
    page.wait_for_load_state()
    _no_overflow(page, "customer page")
    page.go_back()
    page.locator(".field-conversation, .field-restricted_badge").first.scroll_into_view_if_needed()


@pytest.mark.parametrize("username", [name for name, _role, _team in demo.DEMO_ACCOUNTS])
def test_each_role_main_path_fits_a_1280_window(requires_postgres, live_server, demo_site, chromium, username):
    base = live_server.url
    page = chromium.new_context(viewport=VIEWPORT, locale="en-GB").new_page()
    browser_login(page, base, username, PASSWORD)
    _no_overflow(page, "start page")
    user = get_user_model().objects.get(username=username)
    ticket = selectors.ticket_list_visible_to(user=user).order_by("pk").first()
    if ticket is not None:
        _open(page, f"{base}/admin/supportrecords/ticket/", "ticket list")
        _open(page, f"{base}/admin/supportrecords/ticket/{ticket.pk}/change/", "ticket page")
        _open(page, f"{base}/admin/supportrecords/customer/{ticket.customer_id}/change/", "customer page")
    _open(page, f"{base}/admin/privacy/privacyrequest/{demo_site.pk}/change/", "request review")
    _attachment_path(page, base, username)
    page.goto(f"{base}/admin/")
    _main_path(page, base, username, demo_site)
    screenshot_save(page, username)
