from __future__ import annotations

from io import StringIO

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from deletion import services
from deletion.exceptions import PurgeAlreadyRunning
from deletion.locks import run_lock
from deletion.models import FileDeletion, LegalHoldKind, PurgeRun
from supportrecords.models import Attachment, Ticket
from tests.deletion.checks import orphans


def _run(*args: str) -> str:
    out = StringIO()
    call_command("purge_expired", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_dry_run_shows_counts_per_category_and_holds_and_deletes_nothing(make_ticket, compliance_officer):
    make_ticket(messages=2)
    held = make_ticket(category="kyc-identity", messages=1)
    from tests.deletion.conftest import end_relationship

    end_relationship(held.customer)
    services.legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.AML_SAR, reason="r", ticket_id=held.pk)
    out = _run("--dry-run")
    assert "general-enquiry" in out and "kyc-identity" in out
    assert "aml_sar: 1" in out
    assert Ticket.objects.count() == 2 and not PurgeRun.objects.exists()


@pytest.mark.django_db
def test_purge_expired_deletes_expired_keeps_recent_and_held_and_records_the_run(make_ticket, compliance_officer):
    expired = [make_ticket() for _ in range(3)]
    recent = make_ticket(closed_days_ago=3)
    open_ticket = make_ticket(closed_days_ago=None)
    held = make_ticket()
    services.legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.FRAUD, reason="r", ticket_id=held.pk)

    out = _run()

    assert set(Ticket.objects.values_list("pk", flat=True)) == {recent.pk, open_ticket.pk, held.pk}
    run = PurgeRun.objects.get()
    assert run.status == "succeeded" and run.tickets_deleted == 3 and run.messages_deleted == 9
    assert run.attachments_deleted == 3 and run.held_back == 1 and run.finished_at is not None
    assert run.counts_by_category["general-enquiry"]["tickets"] == 3
    assert f"purge run {run.pk}: succeeded" in out
    event = AuditEvent.objects.get(action="purge.run")
    assert event.details["tickets"] == 3 and event.details["held_back"] == 1
    assert orphans() == dict.fromkeys(orphans(), 0)
    assert all(not Ticket.objects.filter(pk=t.pk).exists() for t in expired)


@pytest.mark.django_db
def test_category_and_limit_narrow_the_run(make_ticket):
    for _ in range(3):
        make_ticket(messages=1, attachment=False)
    make_ticket(category="complaint", messages=1, attachment=False)
    _run("--category", "general-enquiry", "--limit", "2", "--chunk-size", "1")
    run = PurgeRun.objects.get()
    assert run.tickets_deleted == 2 and run.chunks_total == 2
    assert Ticket.objects.filter(category__slug="complaint").exists()
    with pytest.raises(CommandError):
        _run("--category", "no-such-category")


class FlakyStorage(FileSystemStorage):
    """A storage whose deletes fail for names listed in `failing` (a class attribute the test sets)."""

    failing: set[str] = set()

    def delete(self, name: str) -> None:
        if name in self.failing:
            raise ConnectionError("storage unavailable")
        super().delete(name)


@pytest.mark.django_db
def test_a_storage_failure_leaves_the_file_queued_retried_and_reported(make_ticket, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.FlakyStorage", "OPTIONS": {"location": str(tmp_path / "media")}},
    }
    bad, good = make_ticket(), make_ticket()
    bad_name = Attachment.objects.get(message__ticket=bad).storage_name
    good_name = Attachment.objects.get(message__ticket=good).storage_name
    FlakyStorage.failing = {bad_name}
    try:
        with pytest.raises(CommandError, match="completed with errors"):
            _run()
        run = PurgeRun.objects.get()
        assert run.status == "completed_with_errors" and run.files_failed == 1
        queued = FileDeletion.objects.get()
        assert (queued.storage_name, queued.attempts, queued.last_error) == (bad_name, 1, "ConnectionError")
        assert (tmp_path / "media" / bad_name).exists() and not (tmp_path / "media" / good_name).exists()

        FileDeletion.objects.update(next_attempt_at=queued.queued_at)  # due now
        assert services.file_deletions_process().failed == 1  # still failing: still queued
        assert FileDeletion.objects.get().attempts == 2
        FlakyStorage.failing = set()
        FileDeletion.objects.update(next_attempt_at=queued.queued_at)
        assert services.file_deletions_process().deleted == 1
        assert not FileDeletion.objects.exists() and not (tmp_path / "media" / bad_name).exists()
    finally:
        FlakyStorage.failing = set()


@pytest.mark.django_db
def test_a_second_dispatcher_is_refused_while_the_lock_is_held(make_ticket):
    make_ticket()
    with run_lock(name=services.DISPATCH_LOCK, ttl_seconds=60) as acquired:
        assert acquired
        with pytest.raises(PurgeAlreadyRunning):
            services.purge_dispatch(trigger="test")
        with pytest.raises(CommandError, match="purge lock"):
            _run()
    assert services.purge_dispatch(trigger="test").tickets_deleted == 1


@pytest.mark.django_db
def test_lock_is_taken_once_and_free_again_after_release(settings):
    for redis_url in ([settings.REDIS_URL] if settings.REDIS_URL else []) + [""]:
        settings.REDIS_URL = redis_url
        with run_lock(name="test-lock", ttl_seconds=30) as first, run_lock(name="test-lock", ttl_seconds=30) as second:
            assert (first, second) == (True, False)
        with run_lock(name="test-lock", ttl_seconds=30) as again:
            assert again


@pytest.mark.django_db
def test_an_unfinished_run_blocks_the_next_one_until_it_is_stale(make_ticket, settings):
    PurgeRun.objects.create(trigger="beat", reason="r")
    with pytest.raises(PurgeAlreadyRunning):
        services.purge_dispatch(trigger="test")
    settings.CUSTOS_PURGE_RUN_STALE_SECONDS = 0
    services.purge_dispatch(trigger="test")
    assert PurgeRun.objects.filter(status="abandoned").count() == 1
