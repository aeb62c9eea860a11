"""The purge under a real Celery worker on PostgreSQL and Redis: crashes, concurrent dispatchers, racing holds."""

from __future__ import annotations

import os
import random
import signal
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection, connections, transaction

from deletion import ledger, services
from deletion.engine import tickets_purge
from deletion.exceptions import LegalHoldScopeNotFound
from deletion.models import FileDeletion, LegalHoldKind, PurgeBatch, PurgeRun
from deletion.tasks import purge_dispatch_task
from supportrecords.models import Ticket
from tests.deletion.checks import orphans, ticket_traces
from tests.deletion.conftest import end_relationship
from tests.worker import celery_worker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reseeded")]


@pytest.fixture
def redis_broker(requires_postgres, settings):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs a Redis broker (CELERY_BROKER_URL=redis://...): redelivery after a crash is the broker's")


def _kill_tree(worker) -> None:
    """SIGKILL the worker and its pool processes at once, as a machine failure or the OOM killer would."""
    children = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == worker.process.pid:
            children.append(int(status.parent.name))
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    worker.kill()


def _dataset(make_ticket, compliance_officer, *, expired: int):
    expired_tickets = [make_ticket(messages=2) for _ in range(expired)]
    for ticket in expired_tickets[::3]:
        end_relationship(ticket.customer)
    kept = [make_ticket(closed_days_ago=5, messages=1)]
    held = make_ticket(messages=1)
    services.legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.AML_SAR, reason="SAR", ticket_id=held.pk)
    return [t.pk for t in expired_tickets], [t.pk for t in [*kept, held]]


def _run_finished() -> bool:
    return PurgeRun.objects.exists() and not PurgeRun.objects.filter(status="running").exists()


def _assert_end_state(expired: list[int], kept: list[int]) -> None:
    assert set(Ticket.objects.values_list("pk", flat=True)) == set(kept)
    assert not any(ticket_traces(expired).values()), ticket_traces(expired)
    assert orphans() == dict.fromkeys(orphans(), 0), orphans()
    assert not FileDeletion.objects.exists()
    counts = ledger.ledger_committed_ticket_counts()
    assert {t: counts.get(t) for t in expired} == dict.fromkeys(expired, 1)  # each deleted exactly once


def test_sigkill_in_the_middle_of_a_purge_then_restart_ends_as_an_uninterrupted_run(
    redis_broker, make_ticket, compliance_officer, _ledger_dir
):
    expired, kept = _dataset(make_ticket, compliance_officer, expired=12)
    queue = f"test-purge-{uuid.uuid4().hex[:8]}"
    ledger_dir = str(_ledger_dir)
    with celery_worker(
        queue=queue, CUSTOS_PURGE_QUEUE=queue, CUSTOS_LEDGER_DIR=ledger_dir, CUSTOS_PURGE_CHUNK_TICKETS="3"
    ) as worker:
        with transaction.atomic():
            # Hold the batch table: the first chunk deletes its rows, then waits inside its transaction.
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE deletion_purgebatch IN EXCLUSIVE MODE")
            purge_dispatch_task.apply_async(kwargs={"trigger": "test"}, queue=queue)

            def chunk_waits_on_lock() -> bool:
                with connections["default"].cursor() as c:
                    c.execute(
                        "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'deletion_purgebatch'::regclass"
                    )
                    return bool(c.fetchone()[0])

            try:
                wait_until(chunk_waits_on_lock, timeout=30)
            except AssertionError:
                raise AssertionError("".join(worker.output[-60:])) from None
            _kill_tree(worker)  # mid-transaction: messages, files and tickets deleted but not committed
        time.sleep(0.5)
    assert PurgeBatch.objects.count() == 0
    assert PurgeRun.objects.get().status == "running"
    assert set(expired) <= set(Ticket.objects.values_list("pk", flat=True))  # the crashed batch rolled back

    # The restarted worker redelivers the chunk the dead one had taken (acks_late) once its visibility lapses.
    with celery_worker(
        queue=queue,
        CUSTOS_PURGE_QUEUE=queue,
        CUSTOS_LEDGER_DIR=ledger_dir,
        CUSTOS_PURGE_CHUNK_TICKETS="3",
        CELERY_VISIBILITY_TIMEOUT="3",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
    ):
        wait_until(_run_finished, timeout=120)
    run = PurgeRun.objects.get()
    assert run.status == "succeeded" and run.tickets_deleted == len(expired) and run.held_back == 1
    _assert_end_state(expired, kept)


def test_two_dispatchers_started_together_purge_every_record_exactly_once(
    requires_postgres, make_ticket, compliance_officer, _ledger_dir
):
    expired, kept = _dataset(make_ticket, compliance_officer, expired=12)
    queue = f"test-purge-{uuid.uuid4().hex[:8]}"
    with celery_worker(
        queue=queue,
        concurrency=2,
        CUSTOS_PURGE_QUEUE=queue,
        CUSTOS_LEDGER_DIR=str(_ledger_dir),
        CUSTOS_PURGE_CHUNK_TICKETS="2",
    ):
        for _ in range(2):
            purge_dispatch_task.apply_async(kwargs={"trigger": "test"}, queue=queue)
        wait_until(lambda: _run_finished() and not Ticket.objects.filter(pk__in=expired).exists(), timeout=120)
        time.sleep(1)  # a second dispatcher that started late has had time to run
    assert sum(PurgeRun.objects.values_list("tickets_deleted", flat=True)) == len(expired)
    _assert_end_state(expired, kept)


def _race_round(
    make_ticket, compliance_officer, *, per_round: int
) -> tuple[list[Ticket], list[int], list[int], set[int]]:
    """Purge some tickets while holds are placed on three of them (alternately ticket and customer holds)."""
    tickets = [make_ticket(messages=1, attachment=False) for _ in range(per_round)]
    ids = [t.pk for t in tickets]
    targets = random.sample(tickets, 3)
    placed: list[int] = []
    refused: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def purge() -> None:
        try:
            start.wait()
            tickets_purge(ticket_ids=ids, reason="race")
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    def hold() -> None:
        try:
            start.wait()
            for n, ticket in enumerate(targets):
                scope = {"ticket_id": ticket.pk} if n % 2 == 0 else {"customer_id": ticket.customer_id}
                try:
                    services.legal_hold_place(
                        actor=compliance_officer, kind=LegalHoldKind.LITIGATION, reason="race", **scope
                    )
                    placed.append(ticket.pk)
                except LegalHoldScopeNotFound:
                    refused.append(ticket.pk)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=purge), threading.Thread(target=hold)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    existing = set(Ticket.objects.filter(pk__in=ids).values_list("pk", flat=True))
    return targets, placed, refused, existing


def test_a_hold_placed_while_a_purge_runs_keeps_its_ticket_every_time(
    requires_postgres, make_ticket, compliance_officer
):
    kept_by_hold = 0
    for _round in range(25):
        targets, placed, refused, existing = _race_round(make_ticket, compliance_officer, per_round=6)
        ticket_holds = {t.pk for n, t in enumerate(targets) if n % 2 == 0}
        for ticket_id in placed:
            if ticket_id in existing:
                kept_by_hold += 1
            else:
                # A customer hold may be placed after the purge committed (the customer remains): its ticket was
                # gone before the hold existed. A ticket hold never: it locks the very row the purge deletes.
                assert ticket_id not in ticket_holds, f"ticket {ticket_id} was deleted under its legal hold"
        assert not set(refused) & existing
        assert existing <= set(placed), "only held tickets survive the purge"
    assert kept_by_hold > 0
