"""Helpers of the privacy-request tests (plain functions; the fixtures are in conftest.py and tests/conftest.py)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core import mail
from django.test import Client

from privacy import services as privacy_services
from privacy.models import PrivacyRequest, PrivacyRequestKind
from supportrecords import services
from supportrecords.models import Customer, DataCategory, Jurisdiction, Ticket
from tests.factories import CustomerFactory

LINK = re.compile(r"https?://\S+")


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
