"""Issue 8's data migrations on stored rows: external ids keyed, risk evidence encrypted and out of the JSON."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from encryption.services import data_key_create
from supportrecords.external_ids import external_id_key

BEFORE = [("supportrecords", "0007_ticket_restricted")]


@pytest.mark.django_db(transaction=True)
def test_stored_external_ids_and_risk_evidence_are_migrated():
    executor = MigrationExecutor(connection)
    after = executor.loader.graph.leaf_nodes()  # every app back to its latest state afterwards (privacy too)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Customer = apps.get_model("supportrecords", "Customer")
    Ticket = apps.get_model("supportrecords", "Ticket")
    RiskFlag = apps.get_model("supportrecords", "RiskFlag")
    DataCategory = apps.get_model("supportrecords", "DataCategory")
    # A transactional test before this one may have flushed what the data migrations seeded.
    category, _ = DataCategory.objects.get_or_create(slug="i8-test", defaults={"name": "i8", "sensitivity": "internal"})
    key = data_key_create()
    customer = Customer.objects.create(
        data_key_id=key.pk, account_id_index="x" * 64, email_index="y" * 64, jurisdiction="uk",
        source="zendesk", external_id="li.wei@example.com",
    )  # fmt: skip
    ticket = Ticket.objects.create(
        customer=customer, data_key_id=key.pk, category=category, channel="chat",
        source="zendesk", external_id="4711",
        risk_flags=[{"rule": "phishing_link", "evidence": "tld_swap: custos-exchange.net", "at": "2026-12-01"}],
    )  # fmt: skip
    RiskFlag.objects.create(ticket=ticket, rule="phishing_link", evidence="tld_swap: custos-exchange.net")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    with connection.cursor() as cursor:
        cursor.execute("SELECT external_id FROM supportrecords_customer WHERE id = %s", [customer.pk])
        assert cursor.fetchone()[0] == external_id_key("li.wei@example.com")
        cursor.execute(
            "SELECT external_id, CAST(risk_flags AS TEXT) FROM supportrecords_ticket WHERE id = %s", [ticket.pk]
        )
        stored_id, flags = cursor.fetchone()
        assert stored_id == external_id_key("4711") and "custos-exchange" not in flags and "phishing_link" in flags
        cursor.execute("SELECT evidence, data_key_id FROM supportrecords_riskflag WHERE ticket_id = %s", [ticket.pk])
        evidence, data_key_id = cursor.fetchone()
        assert b"custos-exchange" not in bytes(evidence) and data_key_id == key.pk
    from supportrecords.models import RiskFlag as CurrentRiskFlag
    from supportrecords.models import Ticket as CurrentTicket

    assert CurrentRiskFlag.objects.get(ticket_id=ticket.pk).evidence == "tld_swap: custos-exchange.net"
    assert CurrentTicket.objects.get(external_id="4711").pk == ticket.pk  # looked up by the id as sent
