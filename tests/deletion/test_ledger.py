# ruff: noqa: S608  # the simulated backup builds SQL from model metadata only

from __future__ import annotations

import json

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import connection

from deletion import ledger, services
from deletion.engine import tickets_purge
from deletion.exceptions import LedgerError
from deletion.ledger import FileLedger, StorageLedger
from deletion.models import LegalHoldKind
from encryption.models import DataKey
from supportrecords.models import Customer, Message, Ticket
from tests.deletion.checks import ticket_traces
from tests.deletion.conftest import end_relationship


@pytest.mark.django_db
def test_every_committed_purge_leaves_tombstones_in_the_ledger_outside_the_database(
    make_ticket, _ledger_dir, django_capture_on_commit_callbacks
):
    ticket = make_ticket()
    end_relationship(ticket.customer)
    with django_capture_on_commit_callbacks(execute=True):
        result = tickets_purge(ticket_ids=[ticket.pk], reason="retention")
    records = [json.loads(line) for path in _ledger_dir.glob("*/*.jsonl") for line in path.read_text().splitlines()]
    assert [r["phase"] for r in records] == ["prepare", "commit"]
    prepare = records[0]
    assert prepare["tickets"] == [ticket.pk] and prepare["customers"] == [ticket.customer_id]
    assert prepare["data_keys"] == [ticket.customer.data_key_id] and prepare["batch"] == result.batch
    assert prepare["reason"] == "retention" and prepare["at"]
    contents = ledger.ledger_read()
    assert contents.committed_ticket_ids == {ticket.pk} and contents.committed_batches == 1


def test_file_ledger_detects_an_edited_line(tmp_path):
    store = FileLedger(tmp_path, fsync=False)
    for n in range(3):
        store.append({"phase": "prepare", "batch": str(n), "tickets": [n]})
    path = next(tmp_path.glob("*/*.jsonl"))
    path.write_text(path.read_text().replace('"tickets":[1]', '"tickets":[7]'))
    with pytest.raises(LedgerError, match="hash chain"):
        list(store.records())


def test_object_storage_ledger_round_trips_records(tmp_path):
    store = StorageLedger(FileSystemStorage(location=tmp_path), prefix="ledger")
    store.append({"phase": "prepare", "batch": "b1", "tickets": [1], "at": "2026-01-01T00:00:00+00:00"})
    store.append({"phase": "commit", "batch": "b1", "at": "2026-01-01T00:00:01+00:00"})
    assert [r["phase"] for r in store.records()] == ["prepare", "commit"]


@pytest.mark.django_db
def test_a_crash_before_commit_leaves_only_a_prepare_record(make_ticket, monkeypatch):
    ticket = make_ticket()

    def crash(**kwargs):
        raise RuntimeError("simulated crash after the ledger write, before the commit")

    monkeypatch.setattr("deletion.engine.PurgeBatch.objects.create", crash)
    with pytest.raises(RuntimeError):
        tickets_purge(ticket_ids=[ticket.pk], reason="retention", run_id=1, seq=0)
    assert Ticket.objects.filter(pk=ticket.pk).exists()


def _backup(*querysets):
    """Raw rows as a database backup holds them (no model code involved)."""
    saved = []
    with connection.cursor() as cursor:
        for queryset in querysets:
            model = queryset.model
            columns = [f.column for f in model._meta.concrete_fields]
            ids = list(queryset.values_list("pk", flat=True))
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"SELECT {', '.join(columns)} FROM {model._meta.db_table} WHERE {model._meta.pk.column} IN ({marks})",
                ids,
            )
            saved.append((model._meta.db_table, columns, cursor.fetchall()))
    return saved


def _restore(saved):
    with connection.cursor() as cursor:
        for table, columns, rows in saved:
            for row in rows:
                cursor.execute(f"DELETE FROM {table} WHERE {columns[0]} = %s", [row[0]])  # the backup's version wins
                marks = ", ".join(["%s"] * len(columns))
                cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", list(row))


@pytest.mark.django_db
def test_replay_after_restoring_a_backup_brings_nothing_back(make_ticket):
    erased, kept = make_ticket(), make_ticket(closed_days_ago=None)
    end_relationship(erased.customer)
    # The "backup": every row of the erased customer, as a restore would bring it back.
    backup = _backup(
        DataKey.objects.filter(pk=erased.customer.data_key_id),
        Customer.objects.filter(pk=erased.customer_id),
        Ticket.objects.filter(pk=erased.pk),
        Message.objects.filter(ticket=erased),
    )
    tickets_purge(ticket_ids=[erased.pk], reason="retention")
    assert not Ticket.objects.filter(pk=erased.pk).exists()

    _restore(backup)
    assert Ticket.objects.filter(pk=erased.pk).exists()
    assert not DataKey.objects.get(pk=erased.customer.data_key_id).is_destroyed

    call_command("ledger_replay")

    assert not any(ticket_traces([erased.pk]).values())
    assert not Customer.objects.filter(pk=erased.customer_id).exists()
    assert DataKey.objects.get(pk=erased.customer.data_key_id).is_destroyed
    assert Ticket.objects.filter(pk=kept.pk).exists()
    report = services.ledger_replay()  # replaying again changes nothing
    assert (report.tickets_deleted, report.customers_deleted, report.keys_destroyed) == (0, 0, 0)


@pytest.mark.django_db
def test_replay_keeps_a_ticket_that_is_held_in_the_restored_database(make_ticket, compliance_officer):
    ticket = make_ticket()
    backup = _backup(Ticket.objects.filter(pk=ticket.pk))
    tickets_purge(ticket_ids=[ticket.pk], reason="retention")
    _restore(backup)
    services.legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.LITIGATION, reason="r", ticket_id=ticket.pk)
    report = services.ledger_replay()
    assert report.held == [ticket.pk] and Ticket.objects.filter(pk=ticket.pk).exists()


@pytest.mark.django_db
def test_replay_removes_a_restored_customers_integration_grants(make_ticket):
    from supportrecords.ingest import integration_create, integration_customer_grant
    from supportrecords.models import IntegrationCustomerGrant

    erased = make_ticket()
    end_relationship(erased.customer)
    integration, _token = integration_create(name="helpdesk-a")
    integration_customer_grant(integration=integration, customer=erased.customer, external_id="c-1", actor=None)
    backup = _backup(
        DataKey.objects.filter(pk=erased.customer.data_key_id),
        Customer.objects.filter(pk=erased.customer_id),
        IntegrationCustomerGrant.objects.filter(customer_id=erased.customer_id),
        Ticket.objects.filter(pk=erased.pk),
        Message.objects.filter(ticket=erased),
    )
    tickets_purge(ticket_ids=[erased.pk], reason="retention")
    assert not IntegrationCustomerGrant.objects.exists()

    _restore(backup)
    assert IntegrationCustomerGrant.objects.filter(customer_id=erased.customer_id).exists()
    call_command("ledger_replay")
    assert not IntegrationCustomerGrant.objects.exists()
    assert not Customer.objects.filter(pk=erased.customer_id).exists()
