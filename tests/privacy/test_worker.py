"""A real Celery worker SIGKILLed in the middle of an erasure chunk: nothing half-done, and the redelivered task
finishes the erasure."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from audit.models import AuditEvent
from outbox.models import OutboxMessage
from privacy import dispatch
from privacy import services as privacy_services
from privacy.models import PrivacyRequest, PrivacyRequestStatus, PrivacySubmission
from privacy.tasks import privacy_request_execute_task
from supportrecords.models import Customer, Ticket
from tests.deletion.checks import orphans
from tests.deletion.test_tasks import _kill_tree
from tests.factories import UserFactory
from tests.privacy.helpers import make_customer, make_ticket, verified
from tests.worker import celery_worker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reseeded")]


def test_sigkill_mid_erasure_rolls_the_chunk_back_and_the_redelivered_task_finishes(
    requires_postgres, settings, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs a Redis broker (CELERY_BROKER_URL=redis://...): redelivery after a crash is the broker's")
    settings.CUSTOS_LEDGER_DIR = tmp_path / "ledger"
    settings.CUSTOS_PRIVACY_RATE_PER_IP = settings.CUSTOS_PRIVACY_RATE_PER_EMAIL = "1000/h"
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)
    monkeypatch.setattr(dispatch, "request_email_enqueue", lambda *, request_id, kind: None)
    customer = make_customer()
    tickets = [make_ticket(customer, messages=2, attachment=True) for _ in range(4)]
    request = verified(customer, django_capture_on_commit_callbacks)
    privacy_services.privacy_request_approve(request_id=request.pk, actor=UserFactory(role="privacy officer"))
    queue = f"test-privacy-{uuid.uuid4().hex[:8]}"
    ledger_dir = str(tmp_path / "ledger")
    with celery_worker(
        queue=queue, CUSTOS_PRIVACY_QUEUE=queue, CUSTOS_LEDGER_DIR=ledger_dir, EMAIL_URL="dummymail://"
    ) as worker:
        with transaction.atomic():
            # The chunk deletes its rows, then waits on the audit table inside its transaction.
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE audit_auditevent IN EXCLUSIVE MODE")
            privacy_request_execute_task.apply_async(args=(request.pk,), queue=queue)

            def chunk_waits() -> bool:
                with connections["default"].cursor() as c:
                    c.execute(
                        "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'audit_auditevent'::regclass"
                    )
                    return bool(c.fetchone()[0])

            try:
                wait_until(chunk_waits, timeout=30)
            except AssertionError:
                raise AssertionError("".join(worker.output[-60:])) from None
            _kill_tree(worker)
        time.sleep(0.5)
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.EXECUTING
    assert Ticket.objects.filter(customer_id=customer.pk).count() == len(tickets)  # the chunk rolled back whole

    with celery_worker(
        queue=queue,
        CELERY_VISIBILITY_TIMEOUT="3",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
        CUSTOS_PRIVACY_QUEUE=queue,
        CUSTOS_LEDGER_DIR=ledger_dir,
        EMAIL_URL="dummymail://",
    ) as worker:

        def done() -> bool:
            request.refresh_from_db()
            return request.status == PrivacyRequestStatus.COMPLETED

        try:
            wait_until(done, timeout=120)
        except AssertionError:
            raise AssertionError("".join(worker.output[-60:])) from None
    assert not Customer.objects.filter(pk=customer.pk).exists()
    assert request.erasure_counts["stores"]["tickets"] == len(tickets)  # each counted once
    assert orphans() == dict.fromkeys(orphans(), 0)


def test_a_submission_whose_worker_was_sigkilled_after_taking_it_is_matched_by_the_sweep(
    requires_postgres, settings, tmp_path
):
    """The outbox row says dispatched, the broker keeps the taken message unacked for an hour: only the sweep helps."""
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs a Redis broker (CELERY_BROKER_URL=redis://...)")
    queue = f"test-submission-{uuid.uuid4().hex[:8]}"
    settings.CUSTOS_PRIVACY_QUEUE = queue
    settings.CUSTOS_PRIVACY_RATE_PER_IP = settings.CUSTOS_PRIVACY_RATE_PER_EMAIL = "1000/h"
    ledger_dir = str(tmp_path / "ledger")

    def worker_started() -> Any:
        # The broker would give the taken message back only after an hour (visibility timeout).
        return celery_worker(
            queue=queue,
            CUSTOS_PRIVACY_QUEUE=queue,
            CUSTOS_LEDGER_DIR=ledger_dir,
            EMAIL_URL="dummymail://",
            CELERY_VISIBILITY_TIMEOUT="3600",
        )

    customer = make_customer()
    submission_id = privacy_services.privacy_submission_receive(
        kind="access", exchange_account_id=customer.exchange_account_id, email=customer.email, language="en"
    )
    assert OutboxMessage.objects.get(args=[submission_id]).dispatched_at is not None  # published, waiting

    with transaction.atomic():
        # The worker takes the message and waits on the submission's row lock; then it is SIGKILLed.
        PrivacySubmission.objects.select_for_update().get(pk=submission_id)
        with worker_started() as worker:

            def task_waits() -> bool:
                with connections["default"].cursor() as c:
                    c.execute("SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'")
                    return bool(c.fetchone()[0])

            try:
                wait_until(task_waits, timeout=60)
            except AssertionError:
                raise AssertionError("".join(worker.output[-60:])) from None
            _kill_tree(worker)
    time.sleep(0.5)
    assert PrivacySubmission.objects.filter(pk=submission_id).exists()
    assert privacy_services.privacy_submissions_sweep() == 0  # queued less than 5 minutes ago
    PrivacySubmission.objects.filter(pk=submission_id).update(match_queued_at=timezone.now() - timedelta(minutes=6))

    with worker_started() as worker:
        assert privacy_services.privacy_submissions_sweep() == 1

        def matched() -> bool:
            return not PrivacySubmission.objects.filter(pk=submission_id).exists()

        try:
            wait_until(matched, timeout=60)
        except AssertionError:
            raise AssertionError("".join(worker.output[-60:])) from None
    assert PrivacyRequest.objects.filter(customer_id=customer.pk).count() == 1
    assert AuditEvent.objects.filter(action="privacy_request.submit").count() == 1
