"""The role walk: every demo account opens every registered admin URL (changelist, add, change and history of an
object it can list, delete, every custom view and every action) and every public page. Nothing answers 5xx, and
every refusal (403, 404) is the site's own page, not Django's or a bare response."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import URLPattern, reverse

from deletion.services import legal_hold_place
from privacy import services as privacy_services
from privacy.models import PrivacyRequest, PrivacyRequestKind
from supportrecords import demo
from supportrecords.models import Attachment, Message, Ticket
from tests.auth import staff_login

PASSWORD = "correct horse battery staple"
USERNAMES = [username for username, _role, _team in demo.DEMO_ACCOUNTS]
STANDARD = ("_changelist", "_add", "_change", "_delete", "_history")
# Custom admin URLs whose <int:pk> names an object of another model than the admin's own.
PK_MODELS: dict[str, type[Model]] = {
    "supportrecords_attachment_download": Attachment,
    "supportrecords_message_reveal": Message,
}
ERROR_MARK = 'class="custos-error"'


@pytest.fixture
def walk_data(db, django_capture_on_commit_callbacks, settings, tmp_path, mailoutbox):
    settings.CUSTOS_LEDGER_DIR = tmp_path / "ledger"
    settings.CUSTOS_PRIVACY_RATE_PER_EMAIL = settings.CUSTOS_PRIVACY_RATE_PER_IP = "1000/h"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "walk"}}
    demo.demo_accounts_ensure(password=PASSWORD)
    demo.demo_data_seed(customers=4)
    user_model = get_user_model()
    compliance = user_model.objects.get(username="compliance.chen")
    tickets = list(Ticket.objects.order_by("pk"))
    legal_hold_place(actor=compliance, kind="litigation", reason="Case 12/2026", ticket_id=tickets[0].pk)
    Ticket.objects.filter(pk=tickets[-1].pk).update(restricted=True)
    customer = tickets[1].customer
    for kind in (PrivacyRequestKind.ERASURE, PrivacyRequestKind.ACCESS, PrivacyRequestKind.RECTIFICATION):
        with django_capture_on_commit_callbacks(execute=False):
            outcome = privacy_services.privacy_request_submit(
                kind=kind,
                exchange_account_id=customer.exchange_account_id,
                email=customer.email,
                language="en",
                ip="203.0.113.9",
                **(
                    {"rectification_wrong": "my name", "rectification_correct": "Jane Roe"}
                    if kind == PrivacyRequestKind.RECTIFICATION
                    else {}
                ),
            )
        assert outcome.request_id is not None
    return PrivacyRequest.objects.all()


def _pattern_kwargs(pattern: URLPattern, model_admin: Any, obj: Model | None) -> dict[str, Any] | None:
    kwargs: dict[str, Any] = {}
    for name, converter in pattern.pattern.converters.items():
        if name in ("pk", "object_id"):
            target_model = PK_MODELS.get(pattern.name or "")
            target = target_model._default_manager.order_by("pk").first() if target_model else obj
            if target is None:
                return None
            kwargs[name] = target.pk
        elif name == "field":
            kwargs[name] = "email"
        else:
            kwargs[name] = converter.to_url(converter.to_python("1"))
    return kwargs


def _admin_urls(user: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, url, POST data) for every admin page of every registered model."""
    request = RequestFactory().get("/admin/")
    request.user = user
    calls: list[tuple[str, str, dict[str, Any]]] = [("GET", reverse("admin:index"), {})]
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        obj = model_admin.get_queryset(request).order_by("pk").first()
        calls += [("GET", reverse(f"admin:{info}_changelist"), {}), ("GET", reverse(f"admin:{info}_add"), {})]
        calls.append(("GET", reverse("admin:app_list", args=[model._meta.app_label]), {}))
        if obj is not None:
            for view in ("change", "history", "delete"):
                calls.append(("GET", reverse(f"admin:{info}_{view}", args=[obj.pk]), {}))
            for action in model_admin.get_actions(request):
                data = {"action": action, "_selected_action": [obj.pk], "index": 0}
                calls.append(("POST", reverse(f"admin:{info}_changelist"), data))
        for pattern in model_admin.get_urls():
            name = pattern.name or ""
            if not name or name.endswith(STANDARD):
                continue
            kwargs = _pattern_kwargs(pattern, model_admin, obj)
            if kwargs is None:
                continue
            url = reverse(f"admin:{name}", kwargs=kwargs)
            calls += [("GET", url, {}), ("POST", url, {"reason": "walk", "field": "name", "value": "Jane Roe"})]
    calls.append(("GET", reverse("admin:supportrecords_ticket_change", args=[987654321]), {}))
    calls.append(("GET", reverse("admin:supportrecords_customer_changelist") + "?q=UID0", {}))
    calls.append(("GET", reverse("admin:supportrecords_customer_changelist") + "?q=nobody@example.com", {}))
    return calls


def _public_urls() -> list[str]:
    missing = uuid.uuid4()
    return [
        reverse("privacy:new"),
        reverse("privacy:sent"),
        reverse("privacy:verify", args=["not-a-token"]),
        reverse("privacy:status", args=["not-a-token"]),
        reverse("privacy:export", args=["not-a-token"]),
        reverse("privacy:certificate_verify"),
        reverse("privacy:certificate", args=[missing]),
        reverse("privacy:certificate_json", args=[missing]),
        reverse("privacy:certificate_pdf", args=[missing]),
        reverse("certificate_public_key"),
        "/",
        "/no-such-page/",
        "/admin/login/",
    ]


def _check(response: Any, method: str, url: str, problems: list[str]) -> None:
    status = response.status_code
    if status >= 500:
        problems.append(f"{method} {url}: {status}")
    elif (
        status in (403, 404)
        and not url.endswith((".json", ".pdf"))
        and ERROR_MARK not in response.content.decode(errors="replace")
    ):
        problems.append(f"{method} {url}: {status} without the site's error page")


@pytest.mark.parametrize("username", USERNAMES)
def test_every_admin_page_answers_without_a_server_error(walk_data, username):
    user = get_user_model().objects.get(username=username)
    client = Client(raise_request_exception=False)
    staff_login(client, user)
    problems: list[str] = []
    for method, url, data in _admin_urls(user):
        response = client.get(url) if method == "GET" else client.post(url, data)
        _check(response, method, url, problems)
    assert not problems, f"{username}:\n" + "\n".join(problems)


@pytest.mark.parametrize("username", [None, *USERNAMES])
def test_every_public_page_answers_without_a_server_error(walk_data, username):
    client = Client(raise_request_exception=False)
    if username is not None:
        staff_login(client, get_user_model().objects.get(username=username))
    problems: list[str] = []
    for url in _public_urls():
        for language in ("en", "zh-hans"):
            client.cookies["django_language"] = language
            _check(client.get(url), "GET", url, problems)
    assert not problems, f"{username or 'anonymous'}:\n" + "\n".join(problems)


HOSTILE_QUERIES = ["?q=%00", "?q=a%00b", "?q=" + "x" * 5000, "?q=%ED%A0%80", "?p=99999999999999999999", "?o=%00"]


@pytest.mark.parametrize("username", ["admin", "compliance.chen", "agent.alice"])
def test_every_changelist_survives_hostile_search_and_paging(walk_data, username):
    # PostgreSQL refuses a NUL in a query with an error: a search for one must not be a 500.
    user = get_user_model().objects.get(username=username)
    client = Client(raise_request_exception=False)
    staff_login(client, user)
    problems: list[str] = []
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for query in HOSTILE_QUERIES:
            response = client.get(url + query)
            if response.status_code >= 500:
                problems.append(f"GET {url}{query[:20]}: {response.status_code}")
    assert not problems, f"{username}:\n" + "\n".join(problems)
