"""Issue 9, case 3: a broker outage at commit loses no security alert, customer email or task start."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core import mail
from django.test import Client

from config.celery import app as celery_app
from outbox.models import OutboxMessage
from outbox.services import outbox_sweep
from privacy.models import PrivacyRequest, PrivacyRequestStatus
from supportrecords import dispatch
from supportrecords.models import AuthorKind
from supportrecords.services import message_create
from tests.privacy.helpers import links_in, make_customer, path_of
from tests.supportrecords.conftest import SEED
from tests.worker import celery_worker, wait_until

CLOSED_PORT_BROKER = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there


def _use_broker(url: str) -> None:
    """Point this process's publishing at another broker, dropping the cached connection pools."""
    celery_app.conf.update(broker_url=url, broker_write_url=url)
    celery_app._pool = None  # type: ignore[attr-defined]  # Celery's private pool cache
    celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]  # the same, for producers


@contextmanager
def dead_broker() -> Iterator[None]:
    previous = celery_app.conf.broker_url
    _use_broker(CLOSED_PORT_BROKER)
    try:
        yield
    finally:
        _use_broker(previous)


@contextmanager
def eager() -> Iterator[None]:
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = previous


@pytest.mark.django_db
def test_a_seed_phrase_posted_while_the_broker_is_down_still_alerts_security(
    ticket, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CUSTOS_SECURITY_CONTACTS = ["security@custos.example"]
    with dead_broker(), django_capture_on_commit_callbacks(execute=True):
        message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body=f"my words: {SEED}")
    ticket.refresh_from_db()
    assert ticket.secret_exposed
    pending = OutboxMessage.objects.filter(dispatched_at__isnull=True)
    assert {m.task_name for m in pending} == {dispatch.SECURITY_ALERT, dispatch.EXPOSURE_REPLY}
    assert all(m.attempts == 1 for m in pending) and mailoutbox == []
    assert "abandon" not in str([(m.args, m.kwargs) for m in pending])  # ids only
    with dead_broker():
        assert outbox_sweep(older_than_seconds=0) == 0  # still down: kept, attempts counted
    assert OutboxMessage.objects.filter(dispatched_at__isnull=True, attempts=2).count() == 2
    with eager():  # the broker is back: the sweeper sends both (run in-process here)
        assert outbox_sweep(older_than_seconds=0) == 2
    assert not OutboxMessage.objects.filter(dispatched_at__isnull=True).exists()
    recipients = sorted(tuple(m.to) for m in mailoutbox)
    assert recipients == sorted([("security@custos.example",), (ticket.customer.email,)])
    with eager():
        assert outbox_sweep(older_than_seconds=0) == 0  # sent once


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_confirmation_during_a_broker_outage_answers_and_its_email_is_sent_after_recovery(
    requires_postgres, reseeded, settings, tmp_path
):
    settings.CUSTOS_PRIVACY_RATE_PER_IP = settings.CUSTOS_PRIVACY_RATE_PER_EMAIL = "1000/h"
    settings.CUSTOS_PUBLIC_BASE_URL = "http://testserver"
    queue = f"test-outbox-{uuid.uuid4().hex[:8]}"
    settings.CUSTOS_PRIVACY_QUEUE = queue
    customer = make_customer()
    client = Client(REMOTE_ADDR="203.0.113.9")
    with eager():  # the "received" email with the link, sent in-process
        response = client.post(
            "/privacy/",
            {
                "kind": "access",
                "exchange_account_id": customer.exchange_account_id,
                "email": customer.email,
                "language": "en",
            },
        )
    assert response.status_code == 302
    confirm = path_of(links_in(mail.outbox[-1])[0])
    with dead_broker():
        answer = client.post(confirm)
    assert answer.status_code == 302 and "/privacy/status/" in answer["Location"]  # not a 500, not a 409 later
    request = PrivacyRequest.objects.get(customer_id=customer.pk)
    assert request.status == PrivacyRequestStatus.PENDING_REVIEW
    pending = OutboxMessage.objects.get(dispatched_at__isnull=True)
    assert pending.args == [request.pk, "verified"] and pending.queue == queue

    mail_dir = tmp_path / "mail"
    with celery_worker(queue=queue, CUSTOS_PRIVACY_QUEUE=queue, EMAIL_URL=f"filemail://{mail_dir}") as worker:
        assert outbox_sweep(older_than_seconds=0) == 1  # what beat runs every minute

        def emailed() -> bool:
            return mail_dir.exists() and any(mail_dir.iterdir())

        try:
            wait_until(emailed, timeout=60)
        except AssertionError:
            raise AssertionError("".join(worker.output[-40:])) from None
    files = list(mail_dir.iterdir())
    assert customer.email in "".join(p.read_text() for p in files)
    assert {p.stat().st_mode & 0o777 for p in files} == {0o600}  # live links: the owner only
    assert not OutboxMessage.objects.filter(dispatched_at__isnull=True).exists()
