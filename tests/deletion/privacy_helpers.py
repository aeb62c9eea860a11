"""Fixtures and helpers of the privacy-request tests (imported by name by each test module)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from config.celery import app as celery_app
from deletion import privacy_services
from deletion.privacy_models import PrivacyRequest, PrivacyRequestKind
from supportrecords import roles, services
from supportrecords.models import Customer, DataCategory, Jurisdiction, Ticket
from tests.factories import CustomerFactory, UserFactory

LINK = re.compile(r"https?://\S+")


@pytest.fixture
def eager(settings):
    """Celery tasks run in-process (emails go to the locmem outbox)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def privacy_settings(settings, tmp_path):
    settings.CUSTOS_PUBLIC_BASE_URL = "http://testserver"
    settings.CUSTOS_PRIVACY_RATE_PER_IP = "1000/h"
    settings.CUSTOS_PRIVACY_RATE_PER_EMAIL = "1000/h"
    settings.CUSTOS_LEDGER_DIR = tmp_path / "ledger"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)}
    }
    return settings


@pytest.fixture
def officer(db):
    return UserFactory(role=roles.PRIVACY_OFFICER, email="paula@exchange.example")


@pytest.fixture
def compliance(db):
    return UserFactory(role=roles.COMPLIANCE_OFFICER, email="chen@exchange.example")


def links_in(message: Any) -> list[str]:
    return LINK.findall(message.body)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def make_customer(*, jurisdiction: str = Jurisdiction.EU, **kwargs: Any) -> Customer:
    return CustomerFactory(jurisdiction=jurisdiction, **kwargs)


def make_ticket(
    customer: Customer, *, category: str = "general-enquiry", messages: int = 2, attachment: bool = False, **kwargs: Any
) -> Ticket:
    ticket = services.ticket_create(
        customer=customer,
        category=DataCategory.objects.get(slug=category),
        channel="chat",
        subject=kwargs.pop("subject", "Where is my withdrawal?"),
        **kwargs,
    )
    for n in range(messages):
        message = services.message_create(ticket=ticket, author_kind="customer", body=f"message {n} of {ticket.pk}")
        if attachment and n == 0:
            services.attachment_create(
                message=message, filename="statement.pdf", content=b"%PDF-1.4 test", content_type="application/pdf"
            )
    return ticket


def submitted(
    customer: Customer, oncommit: Any, *, kind: str = PrivacyRequestKind.ERASURE, language: str = "en", **extra: Any
):
    """Submit through the service as the customer would; returns (request, verification link path)."""
    mail.outbox.clear()
    with oncommit(execute=True):
        outcome = privacy_services.privacy_request_submit(
            kind=kind,
            exchange_account_id=customer.exchange_account_id,
            email=customer.email,
            language=language,
            ip="203.0.113.9",
            **extra,
        )
    assert outcome.matched and outcome.request_id is not None
    request = PrivacyRequest.objects.get(pk=outcome.request_id)
    return request, path_of(links_in(mail.outbox[-1])[0])


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]


def verified(customer: Customer, oncommit: Any, **kwargs: Any) -> PrivacyRequest:
    request, link = submitted(customer, oncommit, **kwargs)
    with oncommit(execute=True):
        return privacy_services.privacy_request_verify(token=token_of(link))


def client() -> Client:
    return Client(REMOTE_ADDR="203.0.113.9")


def past(days: int) -> timedelta:
    return timedelta(days=days)
