"""Deadline reminders, stuck requests, abandoned confirmations and minimisation of our own records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from encryption.models import DataKey
from privacy import dispatch
from privacy import services as privacy_services
from privacy.models import PrivacyEventKind, PrivacyRequest, PrivacyRequestKind, PrivacyRequestStatus
from tests.privacy.helpers import make_customer, submitted, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def oncommit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_the_daily_reminder_lists_overdue_and_soon_due_requests(privacy_settings, oncommit, privacy_officer):
    now = timezone.now()
    overdue, soon, later = (verified(make_customer(), oncommit) for _ in range(3))
    PrivacyRequest.objects.filter(pk=overdue.pk).update(deadline_at=now - timedelta(days=2))
    PrivacyRequest.objects.filter(pk=soon.pk).update(deadline_at=now + timedelta(days=2))
    PrivacyRequest.objects.filter(pk=later.pk).update(deadline_at=now + timedelta(days=20))
    mail.outbox.clear()
    assert privacy_services.privacy_deadlines_remind() == 1
    (message,) = mail.outbox
    assert message.to == [privacy_officer.email] and "1 overdue, 1 due soon" in message.subject
    assert f"#{overdue.pk} " in message.body and f"#{soon.pk} " in message.body and f"#{later.pk} " not in message.body


def test_a_request_without_progress_is_flagged_stuck_and_queued_again(
    privacy_settings, oncommit, privacy_officer, monkeypatch
):
    queued = []
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: queued.append(request_id))
    request = verified(make_customer(), oncommit)
    privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    queued.clear()
    assert privacy_services.privacy_requests_flag_stuck() == []
    PrivacyRequest.objects.filter(pk=request.pk).update(progress_at=timezone.now() - timedelta(hours=7))
    assert privacy_services.privacy_requests_flag_stuck() == [request.pk]
    request.refresh_from_db()
    assert request.stuck_since is not None and queued == [request.pk]
    assert request.events.filter(kind=PrivacyEventKind.STUCK).count() == 1


def test_unconfirmed_requests_are_abandoned_and_closed_requests_minimised(privacy_settings, oncommit, privacy_officer):
    unconfirmed, _link = submitted(make_customer(), oncommit, kind=PrivacyRequestKind.ACCESS)
    PrivacyRequest.objects.filter(pk=unconfirmed.pk).update(submitted_at=timezone.now() - timedelta(hours=25))
    rejected = verified(make_customer(), oncommit)
    privacy_services.privacy_request_reject(request_id=rejected.pk, actor=privacy_officer, reason="duplicate")
    assert privacy_services.privacy_requests_abandon() == 1
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == PrivacyRequestStatus.ABANDONED
    assert privacy_services.privacy_requests_minimise() == 0  # not yet past the period
    later = timezone.now() + timedelta(days=91)
    assert privacy_services.privacy_requests_minimise(now=later) == 2
    for request in PrivacyRequest.objects.filter(pk__in=[unconfirmed.pk, rejected.pk]):
        assert request.minimised_at is not None and request.email is None and request.rejection_reason is None
        assert DataKey.objects.get(pk=request.data_key_id).is_destroyed
        assert request.kind and request.submitted_at and request.status  # ids, dates and outcome stay
