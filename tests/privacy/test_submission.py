"""Issue 9, case 5: the public form does the same work whatever it matches; matching runs in a task afterwards."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from config.celery import app as celery_app
from encryption.models import DataKey
from outbox import services as outbox_services
from outbox.models import OutboxMessage
from privacy.dispatch import SUBMISSION_MATCH, SUBMISSIONS_SWEEP
from privacy.models import PrivacyRequest, PrivacySubmission
from privacy.services import privacy_submission_match, privacy_submissions_sweep
from privacy.tasks import privacy_submission_match_task
from tests.privacy.helpers import client, make_customer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("case", ["match", "wrong email", "unknown account"])
def test_the_form_answers_before_any_matching_and_the_task_matches_later(
    case, privacy_settings, django_capture_on_commit_callbacks, monkeypatch
):
    sent: list[OutboxMessage] = []
    monkeypatch.setattr(outbox_services, "_send", sent.append)
    customer = make_customer()
    data = {
        "kind": "access",
        "exchange_account_id": customer.exchange_account_id if case != "unknown account" else "UID00000001",
        "email": customer.email if case == "match" else "someone.else@example.com",
        "language": "en",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client().post("/privacy/", data)
    assert response.status_code == 302 and response["Location"] == "/privacy/sent/"
    # The same work in every case: one encrypted submission, one task start; no lookup result anywhere yet.
    submission = PrivacySubmission.objects.get()
    assert customer.email.encode() not in bytes(submission.payload_ciphertext)  # type: ignore[attr-defined]
    assert [(m.task_name, m.args) for m in sent] == [(SUBMISSION_MATCH, [submission.pk])]
    assert not PrivacyRequest.objects.exists() and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        outcome = privacy_submission_match(submission_id=submission.pk)
    assert outcome is not None and outcome.matched == (case == "match")
    assert PrivacyRequest.objects.exists() == (case == "match")
    assert len(mail.outbox) == 1
    assert not PrivacySubmission.objects.exists()
    assert DataKey.objects.get(pk=submission.data_key_id).wrapped_key is None  # shredded
    assert privacy_submission_match(submission_id=submission.pk) is None  # a redelivered task changes nothing


def _submit(customer) -> PrivacySubmission:
    data = {"kind": "access", "exchange_account_id": customer.exchange_account_id, "email": customer.email}
    assert client().post("/privacy/", {**data, "language": "en"}).status_code == 302
    return PrivacySubmission.objects.get()


def test_a_submission_whose_task_died_after_its_message_was_sent_is_matched_by_the_sweep(
    privacy_settings, django_capture_on_commit_callbacks, monkeypatch
):
    """The outbox row says dispatched; the worker that took the message was SIGKILLed before matching."""
    taken: list[OutboxMessage] = []
    monkeypatch.setattr(outbox_services, "_send", taken.append)  # published, then lost with its worker
    customer = make_customer()
    with django_capture_on_commit_callbacks(execute=True):
        submission = _submit(customer)
    assert OutboxMessage.objects.get(task_name=SUBMISSION_MATCH).dispatched_at is not None
    assert outbox_services.outbox_sweep(older_than_seconds=0) == 0  # the outbox has nothing left to send
    assert privacy_submissions_sweep() == 0  # minutes have not passed: its task may still be running
    PrivacySubmission.objects.update(match_queued_at=timezone.now() - timedelta(minutes=6))

    with django_capture_on_commit_callbacks(execute=True):
        assert privacy_submissions_sweep() == 1
    assert [m.args for m in taken] == [[submission.pk], [submission.pk]]
    assert privacy_submissions_sweep() == 0  # queued again just now: not again every minute
    # Both messages are delivered (the first one was not lost after all): one request, one email.
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            privacy_submission_match_task.apply(args=(submission.pk,))
    assert PrivacyRequest.objects.filter(customer_id=customer.pk).count() == 1
    assert len(mail.outbox) == 1
    assert not PrivacySubmission.objects.exists()
    assert privacy_submissions_sweep(older_than_seconds=0) == 0


def test_the_matching_task_is_redelivered_when_its_worker_dies(db):
    task = celery_app.tasks[SUBMISSION_MATCH]
    assert task.acks_late and task.reject_on_worker_lost


def test_beat_runs_the_submission_sweep_every_minute(db):
    entry = PeriodicTask.objects.get(task=SUBMISSIONS_SWEEP)
    assert entry.enabled and entry.interval is not None
    assert (entry.interval.every, entry.interval.period) == (1, "minutes")
    assert SUBMISSIONS_SWEEP in celery_app.tasks


def test_the_sweep_command_counts_with_dry_run_and_queues_without(privacy_settings, monkeypatch, capsys):
    taken: list[OutboxMessage] = []
    monkeypatch.setattr(outbox_services, "_send", taken.append)
    _submit(make_customer())
    PrivacySubmission.objects.update(match_queued_at=timezone.now() - timedelta(minutes=6))
    call_command("sweep_privacy_submissions", "--dry-run")
    assert "1 unmatched submissions would be queued again" in capsys.readouterr().out
    assert OutboxMessage.objects.filter(task_name=SUBMISSION_MATCH).count() == 1  # the form's own
    call_command("sweep_privacy_submissions")
    assert "1 unmatched submissions queued again" in capsys.readouterr().out
    assert OutboxMessage.objects.filter(task_name=SUBMISSION_MATCH).count() == 2
