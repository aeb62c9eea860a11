from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from deletion import selectors, services
from deletion.exceptions import (
    LegalHoldAlreadyReleased,
    LegalHoldScopeNotFound,
    NotComplianceOfficer,
    NotPrivacyOfficer,
)
from deletion.models import LegalHold, LegalHoldKind, RetentionPolicy
from supportrecords import roles
from supportrecords.models import DataCategory
from tests.deletion.conftest import end_relationship

SEEDED = {
    "general-enquiry",
    "deposit-withdrawal",
    "kyc-identity",
    "security-incident",
    "complaint",
    "aml-suspicious-activity",
}


@pytest.mark.django_db
def test_retention_defaults_are_seeded_for_every_category_and_new_york():
    policies = RetentionPolicy.objects.select_related("category")
    assert {p.category.slug for p in policies if not p.jurisdiction} == SEEDED
    assert {p.category.slug for p in policies if p.jurisdiction == "us_ny"} == SEEDED
    aml = policies.get(category__slug="aml-suspicious-activity", jurisdiction="")
    assert (aml.retention_days, aml.clock) == (1827, "relationship_ended")
    assert all(p.retention_days == 2557 for p in policies if p.jurisdiction == "us_ny")
    assert all(p.history.exists() for p in policies)


@pytest.mark.django_db
def test_nightly_purge_is_a_beat_entry_editable_in_the_admin():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="deletion.tasks.purge_dispatch_task")
    assert task.enabled and task.crontab is not None and task.crontab.hour == "2"
    assert PeriodicTask.objects.filter(task="deletion.tasks.file_deletions_retry_task").exists()


@pytest.mark.django_db
def test_policy_change_keeps_who_when_and_why(privacy_officer):
    policy = RetentionPolicy.objects.get(category__slug="complaint", jurisdiction="")
    policy.retention_days = 1500
    services.retention_policy_save(policy=policy, actor=privacy_officer, reason="new regulator guidance")
    latest = policy.history.latest()
    assert (latest.retention_days, latest.history_user, latest.history_change_reason) == (
        1500,
        privacy_officer,
        "new regulator guidance",
    )
    assert AuditEvent.objects.filter(action="retention_policy.change", target_id=str(policy.pk)).exists()


@pytest.mark.django_db
def test_only_a_privacy_officer_changes_a_policy(make_user):
    policy = RetentionPolicy.objects.get(category__slug="complaint", jurisdiction="")
    with pytest.raises(NotPrivacyOfficer):
        services.retention_policy_save(policy=policy, actor=make_user(roles.COMPLIANCE_OFFICER), reason="x")


@pytest.mark.django_db
def test_jurisdiction_policy_governs_its_customers_and_the_general_one_the_rest(make_ticket):
    eu = make_ticket(closed_days_ago=800)
    ny = make_ticket(closed_days_ago=800, jurisdiction="us_ny")
    general = RetentionPolicy.objects.get(category__slug="general-enquiry", jurisdiction="")
    new_york = RetentionPolicy.objects.get(category__slug="general-enquiry", jurisdiction="us_ny")
    now = timezone.now()
    assert list(selectors.policy_expired_tickets(policy=general, now=now)) == [eu]
    assert not selectors.policy_expired_tickets(policy=new_york, now=now).exists()
    assert list(selectors.policy_expired_tickets(policy=new_york, now=now + timedelta(days=2000))) == [ny]


@pytest.mark.django_db
def test_aml_clock_counts_from_the_end_of_the_relationship(make_ticket):
    ticket = make_ticket(category="aml-suspicious-activity", closed_days_ago=3000)
    policy = RetentionPolicy.objects.get(category__slug="aml-suspicious-activity", jurisdiction="")
    now = timezone.now()
    assert not selectors.policy_expired_tickets(policy=policy, now=now).exists()
    end_relationship(ticket.customer, days_ago=1000)
    assert not selectors.policy_expired_tickets(policy=policy, now=now).exists()
    end_relationship(ticket.customer, days_ago=1900)
    assert list(selectors.policy_expired_tickets(policy=policy, now=now)) == [ticket]


@pytest.mark.django_db
def test_only_a_compliance_officer_places_a_hold(make_ticket, make_user):
    ticket = make_ticket()
    with pytest.raises(NotComplianceOfficer):
        services.legal_hold_place(
            actor=make_user(roles.PRIVACY_OFFICER), kind=LegalHoldKind.FRAUD, reason="r", ticket_id=ticket.pk
        )


@pytest.mark.django_db
def test_hold_needs_a_reason_and_one_scope(make_ticket, compliance_officer):
    ticket = make_ticket()
    with pytest.raises(ValidationError):
        services.legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.FRAUD, reason=" ", ticket_id=ticket.pk)
    with pytest.raises(ValidationError):
        services.legal_hold_place(
            actor=compliance_officer,
            kind=LegalHoldKind.FRAUD,
            reason="r",
            ticket_id=ticket.pk,
            customer_id=ticket.customer_id,
        )


@pytest.mark.django_db
def test_hold_on_a_deleted_ticket_is_refused(compliance_officer):
    with pytest.raises(LegalHoldScopeNotFound):
        services.legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.FRAUD, reason="r", ticket_id=999_999)


@pytest.mark.django_db
def test_release_needs_a_compliance_officer_and_a_reason_and_happens_once(make_ticket, compliance_officer, make_user):
    ticket = make_ticket()
    hold = services.legal_hold_place(
        actor=compliance_officer, kind=LegalHoldKind.LITIGATION, reason="case", ticket_id=ticket.pk
    )
    with pytest.raises(NotComplianceOfficer):
        services.legal_hold_release(hold_id=hold.pk, actor=make_user(roles.AGENT), reason="done")
    with pytest.raises(ValidationError):
        services.legal_hold_release(hold_id=hold.pk, actor=compliance_officer, reason="")
    services.legal_hold_release(hold_id=hold.pk, actor=compliance_officer, reason="settled")
    with pytest.raises(LegalHoldAlreadyReleased):
        services.legal_hold_release(hold_id=hold.pk, actor=compliance_officer, reason="again")
    hold.refresh_from_db()
    assert hold.released_by == compliance_officer and hold.release_reason == "settled"
    assert AuditEvent.objects.filter(action="legal_hold.release", target_id=str(hold.pk)).exists()


@pytest.mark.django_db
def test_hold_past_its_end_date_no_longer_holds(make_ticket, compliance_officer):
    ticket = make_ticket()
    hold = services.legal_hold_place(
        actor=compliance_officer,
        kind=LegalHoldKind.REGULATOR,
        reason="request 12",
        ticket_id=ticket.pk,
        ends_at=timezone.now() + timedelta(days=30),
    )
    assert selectors.legal_holds_covering(ticket_ids=[ticket.pk], customer_ids=[]) == ({ticket.pk}, set())
    LegalHold.objects.filter(pk=hold.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    assert selectors.legal_holds_covering(ticket_ids=[ticket.pk], customer_ids=[]) == (set(), set())


@pytest.mark.django_db
def test_preview_counts_per_category_and_what_holds_keep_back(make_ticket, compliance_officer):
    make_ticket(messages=2)
    held = make_ticket(messages=2, category="complaint")
    make_ticket(closed_days_ago=5)
    services.legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.AML_SAR, reason="r", ticket_id=held.pk)
    preview = selectors.purge_preview()
    by_category = {(p.category, p.policy.jurisdiction): p for p in preview.policies}
    assert (by_category["general-enquiry", ""].tickets, by_category["general-enquiry", ""].messages) == (1, 2)
    assert (by_category["complaint", ""].tickets, by_category["complaint", ""].held_tickets) == (0, 1)
    assert preview.held_by_kind == {"aml_sar": 1}
    assert DataCategory.objects.count() == 6
