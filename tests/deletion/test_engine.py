from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent
from deletion import services
from deletion.engine import tickets_purge
from deletion.models import AnonymisedTicket, FileDeletion, LegalHoldKind, RetentionPolicy
from encryption.models import DataKey
from supportrecords.models import Attachment, Customer, Ticket
from tests.deletion.checks import orphans, ticket_traces
from tests.deletion.conftest import end_relationship


@pytest.mark.django_db
def test_purge_deletes_ticket_with_every_copy_and_its_stored_file(make_ticket):
    ticket = make_ticket()
    storage_name = Attachment.objects.get(message__ticket=ticket).storage_name
    assert default_storage.exists(storage_name)
    assert all(ticket_traces([ticket.pk]).values())

    result = tickets_purge(ticket_ids=[ticket.pk], reason="test")
    services.file_deletions_process(storage_names=result.storage_names)

    assert result.tickets == 1 and result.messages == 3 and result.attachments == 1
    assert ticket_traces([ticket.pk]) == dict.fromkeys(ticket_traces([ticket.pk]), 0)
    assert not default_storage.exists(storage_name)
    assert not FileDeletion.objects.exists()
    assert orphans() == dict.fromkeys(orphans(), 0)


@pytest.mark.django_db
def test_purge_keeps_customer_while_the_relationship_lasts(make_ticket):
    ticket = make_ticket()
    tickets_purge(ticket_ids=[ticket.pk], reason="test")
    customer = Customer.objects.get(pk=ticket.customer_id)
    assert not customer.data_key.is_destroyed


@pytest.mark.django_db
def test_purge_deletes_customer_left_without_ticket_and_destroys_the_key(make_ticket):
    ticket = make_ticket()
    end_relationship(ticket.customer)
    key_id = ticket.customer.data_key_id
    result = tickets_purge(ticket_ids=[ticket.pk], reason="test")
    assert result.customers == 1 and result.keys_destroyed == 1
    assert not Customer.objects.filter(pk=ticket.customer_id).exists()
    assert DataKey.objects.get(pk=key_id).is_destroyed


@pytest.mark.django_db
def test_purge_keeps_customer_who_still_has_a_ticket(make_ticket):
    old = make_ticket()
    make_ticket(customer=old.customer, closed_days_ago=None)
    end_relationship(old.customer)
    result = tickets_purge(ticket_ids=[old.pk], reason="test")
    assert result.tickets == 1 and result.customers == 0
    assert Customer.objects.filter(pk=old.customer_id).exists()


@pytest.mark.django_db
def test_purge_skips_ticket_under_legal_hold(make_ticket, compliance_officer):
    held, free = make_ticket(), make_ticket()
    services.legal_hold_place(
        actor=compliance_officer, kind=LegalHoldKind.LITIGATION, reason="case 1", ticket_id=held.pk
    )
    result = tickets_purge(ticket_ids=[held.pk, free.pk], reason="test")
    assert result.ticket_ids == [free.pk] and result.held_back == 1
    assert all(ticket_traces([held.pk]).values())


@pytest.mark.django_db
def test_purge_skips_every_ticket_and_the_customer_under_a_customer_hold(make_ticket, compliance_officer):
    ticket = make_ticket()
    end_relationship(ticket.customer)
    services.legal_hold_place(
        actor=compliance_officer, kind=LegalHoldKind.AML_SAR, reason="SAR 7", customer_id=ticket.customer_id
    )
    result = tickets_purge(ticket_ids=[ticket.pk], customer_ids=[ticket.customer_id], reason="test")
    assert result.tickets == 0 and result.customers == 0 and result.held_back == 1
    assert Ticket.objects.filter(pk=ticket.pk).exists()


@pytest.mark.django_db
def test_released_hold_lets_the_purge_delete(make_ticket, compliance_officer):
    ticket = make_ticket()
    hold = services.legal_hold_place(
        actor=compliance_officer, kind=LegalHoldKind.FRAUD, reason="r", ticket_id=ticket.pk
    )
    services.legal_hold_release(hold_id=hold.pk, actor=compliance_officer, reason="investigation closed")
    assert tickets_purge(ticket_ids=[ticket.pk], reason="test").tickets == 1


@pytest.mark.django_db
def test_purge_twice_deletes_nothing_the_second_time(make_ticket):
    tickets = [make_ticket() for _ in range(3)]
    ids = [t.pk for t in tickets]
    first = tickets_purge(ticket_ids=ids, reason="test")
    second = tickets_purge(ticket_ids=ids, reason="test")
    assert first.tickets == 3
    assert (second.tickets, second.messages, second.attachments, second.customers) == (0, 0, 0, 0)


@pytest.mark.django_db
def test_purge_rolls_back_entirely_when_the_batch_fails(make_ticket, monkeypatch):
    ticket = make_ticket()

    def fail(**kwargs):
        raise DatabaseError("simulated crash before commit")

    monkeypatch.setattr("deletion.engine.audit_record", fail)
    with pytest.raises(DatabaseError):
        tickets_purge(ticket_ids=[ticket.pk], reason="test")
    assert all(ticket_traces([ticket.pk]).values())
    assert not FileDeletion.objects.exists()


@pytest.mark.django_db
def test_anonymise_keeps_category_channel_and_dates_without_customer_or_content(make_ticket):
    ticket = make_ticket(category="complaint")
    policy = RetentionPolicy.objects.get(category__slug="complaint", jurisdiction="")
    assert policy.action == "anonymise"
    result = tickets_purge(ticket_ids=[ticket.pk], policy=policy, reason="test")
    assert result.anonymised == 1 and result.tickets == 1
    row = AnonymisedTicket.objects.get()
    assert (row.category_id, row.channel, row.jurisdiction) == (ticket.category_id, "chat", "eu")
    assert row.opened_on == ticket.opened_at.date() and row.closed_on == ticket.closed_at.date()
    assert {f.name for f in AnonymisedTicket._meta.fields} == {
        "id",
        "category",
        "channel",
        "jurisdiction",
        "opened_on",
        "closed_on",
        "anonymised_on",
    }


@pytest.mark.django_db
def test_policy_purge_rechecks_expiry_under_the_lock(make_ticket):
    recent = make_ticket(closed_days_ago=10)
    policy = RetentionPolicy.objects.get(category__slug="general-enquiry", jurisdiction="")
    assert tickets_purge(ticket_ids=[recent.pk], policy=policy, reason="test").tickets == 0
    assert Ticket.objects.filter(pk=recent.pk).exists()


@pytest.mark.django_db
def test_customer_erasure_deletes_every_ticket_and_the_customer(make_ticket):
    ticket = make_ticket(closed_days_ago=None)
    second = make_ticket(customer=ticket.customer, closed_days_ago=None)
    result = tickets_purge(
        ticket_ids=[ticket.pk, second.pk],
        customer_ids=[ticket.customer_id],
        customers_require_ended=False,
        reason="erasure request 1",
        request_id=1,
    )
    assert result.tickets == 2 and result.customers == 1
    assert DataKey.objects.get(pk=ticket.customer.data_key_id).is_destroyed


@pytest.mark.django_db
def test_each_batch_is_an_audit_event_with_counts_and_no_content(make_ticket):
    ticket = make_ticket()
    tickets_purge(ticket_ids=[ticket.pk], reason="test")
    event = AuditEvent.objects.get(action="purge.batch")
    assert event.details["tickets"] == 1 and event.details["messages"] == 3
    assert "Where is my withdrawal" not in str(event.details)


@pytest.mark.django_db(transaction=True)
def test_database_refuses_a_raw_delete_of_a_held_ticket(reseeded, make_ticket, compliance_officer):
    ticket = make_ticket(messages=0, attachment=False)
    services.legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.REGULATOR, reason="r", ticket_id=ticket.pk)
    with pytest.raises(DatabaseError, match="legal hold"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM supportrecords_ticket WHERE id = %s", [ticket.pk])  # any path, even raw SQL
    assert Ticket.objects.filter(pk=ticket.pk).exists()


@pytest.mark.django_db
def test_customer_erasure_removes_every_integration_grant(make_ticket):
    from supportrecords.ingest import integration_create, integration_customer_grant
    from supportrecords.models import IntegrationCustomerGrant

    ticket = make_ticket(closed_days_ago=None)
    for name in ("helpdesk-a", "helpdesk-b"):
        integration, _token = integration_create(name=name)
        integration_customer_grant(integration=integration, customer=ticket.customer, external_id="c-1", actor=None)
    other = make_ticket(closed_days_ago=None)
    integration_customer_grant(integration=integration, customer=other.customer, external_id="c-2", actor=None)
    tickets_purge(
        ticket_ids=[ticket.pk],
        customer_ids=[ticket.customer_id],
        customers_require_ended=False,
        reason="erasure request 1",
        request_id=1,
    )
    assert not IntegrationCustomerGrant.objects.filter(customer_id=ticket.customer_id).exists()
    assert IntegrationCustomerGrant.objects.filter(customer_id=other.customer_id).count() == 1
