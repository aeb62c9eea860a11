"""The audit registry decides what a customer's access export discloses (`Action.disclosable`), and the target
labels are frozen constants of `audit.targets`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from audit import targets
from audit.actions import ACTIONS, DISCLOSABLE_ACTIONS
from audit.models import AuditEvent
from audit.selectors import customer_accesses_disclosable
from audit.services import audit_record
from encryption.services import data_keys_destroy
from privacy import access as privacy_access
from privacy.models import PrivacyRequest, PrivacyRequestKind
from supportrecords import roles
from tests.factories import CustomerFactory, TicketFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = ("audit", "encryption", "supportrecords", "deletion", "privacy", "outbox", "staffauth", "config")

# Actions that would tip a customer off about an investigation, or reveal security and compliance work.
NEVER_DISCLOSED = {
    "legal_hold.place",
    "legal_hold.release",
    "ticket.restrict",
    "ticket.risk_flag",
    "ticket.secret_exposed",
    "access.refused",
    "access.locked",
    "access.unlocked",
    "incident.close",
    "privacy_request.export_withhold",
    "privacy_request.approve_first",
    "privacy_request.approve_second",
    "privacy_request.scope_grew",
    "purge.batch",
    "data_key.destroy",
}
ALWAYS_DISCLOSED = {"ticket.view_content", "customer.view", "customer.reveal", "message.reveal", "attachment.download"}


def test_every_action_carries_a_disclosure_decision():
    assert all(isinstance(action.disclosable, bool) for action in ACTIONS.values())
    assert set(ACTIONS) >= NEVER_DISCLOSED and not NEVER_DISCLOSED & DISCLOSABLE_ACTIONS
    assert ALWAYS_DISCLOSED <= DISCLOSABLE_ACTIONS


@pytest.mark.django_db
def test_the_access_export_lists_staff_views_and_reveals_but_no_investigation_or_security_event():
    customer = CustomerFactory()
    ticket = TicketFactory(customer=customer)
    agent = UserFactory(role=roles.AGENT)
    compliance = UserFactory(role=roles.COMPLIANCE_OFFICER)
    for action in sorted(ALWAYS_DISCLOSED):
        audit_record(
            actor=agent, action=action, target_type=targets.TICKET, target_id=ticket.pk, customer_id=customer.pk
        )
    for action in sorted(NEVER_DISCLOSED | {"not.registered"}):
        audit_record(
            actor=compliance, action=action, target_type=targets.TICKET, target_id=ticket.pk, customer_id=customer.pk
        )
    audit_record(
        actor=None, action="ticket.view_content", target_type=targets.TICKET, target_id=1, customer_id=customer.pk
    )
    request = PrivacyRequest(
        kind=PrivacyRequestKind.ACCESS,
        customer_id=customer.pk,
        jurisdiction=customer.jurisdiction,
        data_key_id=customer.data_key_id,
    )
    request.email, request.exchange_account_id = customer.email, customer.exchange_account_id
    request.save()

    listed = [event.action for event in customer_accesses_disclosable(customer_id=customer.pk)]
    exported = [access["action"] for access in privacy_access.access_export_data(request=request)["accesses"]]

    assert sorted(listed) == sorted(exported) == sorted(ALWAYS_DISCLOSED)
    assert {access["role"] for access in privacy_access.access_export_data(request=request)["accesses"]} == {
        roles.AGENT
    }


@pytest.mark.django_db
def test_an_unregistered_target_label_is_refused():
    with pytest.raises(ValueError, match="unregistered audit target label"):
        audit_record(actor=None, action="ticket.ingest", target_type="supportrecords.tickets", target_id=1)


@pytest.mark.django_db
def test_destroying_many_keys_keeps_every_id_in_the_event():
    ids = [CustomerFactory().data_key_id for _ in range(12)]
    ids += [i + 100_000_000_000 for i in range(6)]  # ids that never existed: listed all the same, not cut off
    assert data_keys_destroy(data_key_ids=ids, reason="test") == 12
    event = AuditEvent.objects.get(action="data_key.destroy")
    assert event.details["ids"] == sorted(ids) and event.details["count"] == 12


def _target_type_arguments() -> list[tuple[str, ast.expr]]:
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    found += [
                        (f"{path.relative_to(ROOT)}:{node.lineno}", k.value)
                        for k in node.keywords
                        if k.arg == "target_type"
                    ]
    return found


def test_target_labels_are_constants_of_the_registry_never_typed_or_derived():
    offenders = []
    for where, value in _target_type_arguments():
        names = {n.attr for n in ast.walk(value) if isinstance(n, ast.Attribute)}
        choices = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
        typed = any(isinstance(c, ast.Constant | ast.JoinedStr) for c in choices)
        if typed or names & {"label_lower", "model_name", "_meta"}:
            offenders.append(where)
    assert len(_target_type_arguments()) > 40
    assert offenders == []


def test_target_labels_are_unique_and_frozen():
    labels = [v for k, v in vars(targets).items() if k.isupper() and isinstance(v, str)]
    assert len(labels) == len(set(labels)) == len(targets.TARGETS)
    # Stored in events and chained: these must never change, wherever the models move.
    assert targets.PRIVACY_REQUEST == "deletion.privacyrequest"
    assert targets.TICKET == "supportrecords.ticket"
    assert targets.DATA_KEY == "encryption.datakey"
