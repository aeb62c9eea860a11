"""Issue 9, case 5: the public form does the same work whatever it matches; matching runs in a task afterwards."""

from __future__ import annotations

import pytest
from django.core import mail

from encryption.models import DataKey
from outbox import services as outbox_services
from outbox.models import OutboxMessage
from privacy.dispatch import SUBMISSION_MATCH
from privacy.models import PrivacyRequest, PrivacySubmission
from privacy.services import privacy_submission_match
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
