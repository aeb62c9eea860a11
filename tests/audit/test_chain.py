"""The hash chain: the sealer, the triggers, and verification naming the first broken sequence number."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from audit.chain import GENESIS, audit_seal, chain_head, event_leaves, link
from audit.checkpoints import HEAD_NAME, audit_checkpoint_write, audit_head_write
from audit.models import AuditEvent
from audit.services import audit_record
from audit.verify import audit_verify

pytestmark = pytest.mark.django_db


def _events(n: int, **kwargs: Any) -> list[AuditEvent]:
    return [
        audit_record(
            actor=None,
            action="ticket.view_content",
            target_type="supportrecords.ticket",
            target_id=i,
            details={"n": i, "f": 1.25, "nested": {"b": [1, "二"], "a": None}},
            **kwargs,
        )
        for i in range(n)
    ]


def test_recording_only_inserts_and_the_sealer_chains_consecutively():
    events = _events(5)
    assert all(e.seq is None and e.hash == "" for e in events)
    assert audit_seal() == 5
    rows = event_leaves()
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    previous = GENESIS
    for seq, stored, leaf in rows:
        previous = link(previous, seq, leaf)
        assert previous == stored
    assert chain_head() == (5, previous)
    assert audit_seal() == 0  # nothing left: sealing twice changes nothing


def test_sealer_works_in_batches_and_continues_the_chain():
    _events(7)
    assert audit_seal(batch_size=3) == 7
    _events(2)
    assert audit_seal(batch_size=3) == 2
    assert sorted(s or 0 for s in AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, 10))
    assert audit_verify().ok


@pytest.mark.usefixtures("requires_postgres")
def test_triggers_refuse_update_and_delete_of_events():
    _events(2)
    audit_seal()
    for sql in (
        "UPDATE audit_auditevent SET actor_label = 'nobody'",
        "DELETE FROM audit_auditevent WHERE action = 'ticket.view_content'",
        "UPDATE audit_auditevent SET seq = seq + 100",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.filter(actor_label="system").count() == 2


@pytest.mark.usefixtures("requires_postgres")
def test_trigger_refuses_changing_an_unsealed_event_while_sealing_it():
    event = _events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET seq = 1, hash = 'x', action = 'other' WHERE id = %s", [event.pk])


@pytest.mark.usefixtures("requires_postgres")
def test_modified_row_is_reported_at_its_sequence_number(as_owner_without_triggers):
    _events(6)
    audit_seal()
    as_owner_without_triggers("UPDATE audit_auditevent SET actor_label = 'nobody' WHERE seq = 4")
    report = audit_verify()
    assert report.first_broken == 4
    with pytest.raises(CommandError, match="first broken sequence number 4"):
        call_command("verify_audit")


@pytest.mark.usefixtures("requires_postgres")
def test_deleted_row_is_reported_at_its_sequence_number(as_owner_without_triggers):
    _events(6)
    audit_seal()
    as_owner_without_triggers("DELETE FROM audit_auditevent WHERE seq = 3")
    assert audit_verify().first_broken == 3


@pytest.mark.usefixtures("requires_postgres")
def test_inserted_row_is_reported_at_its_sequence_number(as_owner_without_triggers):
    _events(6)
    audit_seal()
    # Make room at seq 3 by renumbering the later events, then insert a forged event there.
    as_owner_without_triggers("UPDATE audit_auditevent SET seq = seq + 1000 WHERE seq >= 3")
    as_owner_without_triggers("UPDATE audit_auditevent SET seq = seq - 999 WHERE seq >= 1000")
    as_owner_without_triggers(
        "INSERT INTO audit_auditevent (at, actor_label, action, target_type, target_id, details, seq, hash) "
        "VALUES (now(), 'system', 'x.forged', 't', '1', '{}', 3, %s)",
        ["ab" * 32],
    )
    assert audit_verify().first_broken == 3


@pytest.mark.usefixtures("requires_postgres")
def test_rewritten_chain_with_recomputed_hashes_is_caught_by_the_checkpoint(as_owner_without_triggers):
    _events(5)
    audit_seal()
    assert audit_checkpoint_write(force=True) is not None
    _events(5)
    audit_seal()
    audit_checkpoint_write(force=True)
    # Rewrite seq 7 and recompute every hash after it, as someone who knows the algorithm would.
    as_owner_without_triggers("UPDATE audit_auditevent SET actor_label = 'nobody' WHERE seq = 7")
    previous = AuditEvent.objects.get(seq=6).hash
    for seq, _, leaf in event_leaves(after_seq=6):
        previous = link(previous, seq, leaf)
        as_owner_without_triggers("UPDATE audit_auditevent SET hash = %s WHERE seq = %s", [previous, seq])
    as_owner_without_triggers("UPDATE audit_checkpoint SET head_hash = %s WHERE seq = 10", [previous])
    report = audit_verify()
    assert not report.ok
    assert report.first_broken == 6  # the first event after the last checkpoint that still matches
    assert any("seq 10 differs from its signed checkpoint" in p for p in report.problems)


@pytest.mark.usefixtures("requires_postgres")
def test_truncated_tail_is_caught_by_the_checkpoint(as_owner_without_triggers):
    _events(8)
    audit_seal()
    audit_checkpoint_write(force=True)
    as_owner_without_triggers("DELETE FROM audit_auditevent WHERE seq > 5")
    report = audit_verify()
    assert report.first_broken == 6
    assert any("truncated" in p for p in report.problems)


def test_checkpoint_document_outside_the_database_is_signed_and_checked(_checkpoint_dir):
    _events(3)
    audit_seal()
    checkpoint = audit_checkpoint_write(force=True)
    assert checkpoint is not None and checkpoint.seq == 3
    path = _checkpoint_dir / checkpoint.location
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert audit_verify().ok
    path.write_bytes(path.read_bytes().replace(checkpoint.head_hash.encode(), b"0" * 64))
    report = audit_verify()
    assert not report.ok
    assert any("bad signature" in p for p in report.problems)


def test_checkpoint_is_written_only_when_the_interval_has_passed_and_the_chain_grew(settings):
    settings.CUSTOS_AUDIT_CHECKPOINT_MINUTES = 10
    _events(2)
    audit_seal()
    assert audit_checkpoint_write() is not None
    _events(1)
    audit_seal()
    assert audit_checkpoint_write() is None  # too recent
    assert audit_checkpoint_write(force=True) is not None
    assert audit_checkpoint_write(force=True) is None  # the chain has not grown


def test_verify_from_a_checkpoint_checks_only_what_follows(capsys):
    _events(4)
    audit_seal()
    audit_checkpoint_write(force=True)
    _events(3)
    call_command("seal_audit")
    report = audit_verify(from_checkpoint=4)
    assert report.ok and report.checked == 3 and report.head_seq == 7
    call_command("verify_audit", "--from-checkpoint", "4")
    assert "audit trail OK: 3 events to seq 7" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no signed checkpoint at seq 5"):
        call_command("verify_audit", "--from-checkpoint", "5")


@pytest.mark.usefixtures("requires_postgres")
def test_daily_verification_alerts_security_on_failure(
    settings, mailoutbox, as_owner_without_triggers, django_capture_on_commit_callbacks
):
    from audit.verify import audit_verify_and_alert

    settings.CUSTOS_SECURITY_CONTACTS = ["sec@example.com"]
    _events(3)
    audit_seal()
    as_owner_without_triggers("UPDATE audit_auditevent SET action = 'x' WHERE seq = 2")
    with django_capture_on_commit_callbacks(execute=True):
        report = audit_verify_and_alert()
    assert report.first_broken == 2
    assert len(mailoutbox) == 1 and "First broken sequence number: 2" in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="audit.verify_failed").exists()


def test_beat_runs_the_sealer_checkpoints_verification_and_anomaly_scan():
    from django_celery_beat.models import PeriodicTask

    tasks = dict(PeriodicTask.objects.filter(task__startswith="audit.tasks.").values_list("task", "enabled"))
    assert tasks == {
        "audit.tasks.audit_seal_task": True,
        "audit.tasks.audit_checkpoint_task": True,
        "audit.tasks.audit_verify_task": True,
        "audit.tasks.anomalies_scan_task": True,
    }
    seal = PeriodicTask.objects.get(task="audit.tasks.audit_seal_task")
    assert (seal.interval.every, seal.interval.period) == (5, "seconds")


def test_seal_and_checkpoint_tasks_do_the_work():
    from audit.tasks import audit_checkpoint_task, audit_seal_task, audit_verify_task

    _events(3)
    assert audit_seal_task() == 3
    _events(2)
    assert audit_checkpoint_task() == 5
    assert audit_verify_task() is None


@pytest.mark.usefixtures("requires_postgres")
def test_a_tail_deleted_after_the_last_checkpoint_is_caught_by_the_signed_head(as_owner_without_triggers):
    _events(5)
    audit_seal()
    audit_checkpoint_write(force=True)  # seq 5
    _events(5)
    audit_seal()
    assert audit_head_write() == 10
    assert audit_verify().ok
    as_owner_without_triggers("DELETE FROM audit_auditevent WHERE seq > 7")  # the last events, after seq 5
    report = audit_verify()
    assert report.first_broken == 8
    assert any("truncated" in p for p in report.problems)


@pytest.mark.usefixtures("requires_postgres")
def test_a_rewrite_after_the_last_checkpoint_is_caught_by_the_signed_head(as_owner_without_triggers):
    _events(4)
    audit_seal()
    audit_checkpoint_write(force=True)
    _events(4)
    audit_seal()
    audit_head_write()
    # Rewrite event 6 and recompute every hash after it, as an owner who knows the chain's format would.
    as_owner_without_triggers("UPDATE audit_auditevent SET target_id = 'other' WHERE seq = 6")
    previous = AuditEvent.objects.get(seq=5).hash
    for seq, _hash, leaf in event_leaves(after_seq=5):
        previous = link(previous, seq, leaf)
        as_owner_without_triggers("UPDATE audit_auditevent SET hash = %s WHERE seq = %s", [previous, seq])
    report = audit_verify()
    assert report.first_broken == 5  # the first event after the checkpoint at seq 4
    assert any("seq 8 differs" in p for p in report.problems)


def test_the_signed_head_is_written_by_the_sealer_task_and_its_signature_checked(_checkpoint_dir):
    from audit.tasks import audit_seal_task

    _events(3)
    assert audit_seal_task() == 3
    path = _checkpoint_dir / HEAD_NAME
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert audit_verify().ok
    _events(2)
    audit_seal_task()
    assert b'"seq":5' in path.read_bytes()  # written over, never beside
    path.write_bytes(path.read_bytes().replace(b'"seq":5', b'"seq":9'))
    report = audit_verify()
    assert any("signed head: unreadable or bad signature" in p for p in report.problems)
