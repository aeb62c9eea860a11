from __future__ import annotations

import pytest
from django.urls import reverse

from deletion import services
from deletion.models import LegalHold, LegalHoldKind, RetentionPolicy
from tests.auth import staff_login


@pytest.mark.django_db
def test_preview_page_shows_what_the_next_run_deletes(client, make_ticket, privacy_officer):
    make_ticket(messages=2)
    staff_login(client, privacy_officer)
    response = client.get(reverse("admin:deletion_purgerun_preview"))
    assert response.status_code == 200
    assert b"General enquiry" in response.content


@pytest.mark.django_db
def test_compliance_officer_places_and_releases_a_hold_in_the_admin(client, make_ticket, compliance_officer):
    ticket = make_ticket()
    staff_login(client, compliance_officer)
    response = client.post(
        reverse("admin:deletion_legalhold_add"),
        {"ticket_id": ticket.pk, "kind": LegalHoldKind.LITIGATION, "reason": "case 12"},
    )
    assert response.status_code == 302, response.content[:2000]
    hold = LegalHold.objects.get()
    assert hold.placed_by == compliance_officer
    response = client.post(reverse("admin:deletion_legalhold_release", args=[hold.pk]), {"reason": "settled"})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.released_at is not None and hold.release_reason == "settled"


@pytest.mark.django_db
def test_privacy_officer_changes_a_policy_with_a_reason_in_the_admin(client, privacy_officer):
    policy = RetentionPolicy.objects.get(category__slug="complaint", jurisdiction="")
    staff_login(client, privacy_officer)
    response = client.post(
        reverse("admin:deletion_retentionpolicy_change", args=[policy.pk]),
        {
            "category": policy.category_id,
            "jurisdiction": "",
            "retention_days": 2000,
            "clock": policy.clock,
            "action": policy.action,
            "is_active": "on",
            "legal_basis": policy.legal_basis,
            "change_reason": "longer limitation period",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert policy.history.latest().history_change_reason == "longer limitation period"


@pytest.mark.django_db
def test_purge_runs_and_pending_files_are_read_only_in_the_admin(client, compliance_officer, make_ticket):
    services.purge_dispatch(trigger="test")
    staff_login(client, compliance_officer)
    assert client.get(reverse("admin:deletion_purgerun_changelist")).status_code == 200
    assert client.get(reverse("admin:deletion_filedeletion_changelist")).status_code == 200
    assert client.get(reverse("admin:deletion_purgerun_add")).status_code == 403


@pytest.mark.django_db
def test_the_hold_form_offers_its_kinds_as_labels_in_english_and_chinese(client, compliance_officer):
    """A newcomer saw "litigation", "fraud" in lower case in the drop-down, beside "AML / ..." and capitalised
    labels everywhere else."""
    staff_login(client, compliance_officer)
    page = client.get(reverse("admin:deletion_legalhold_add")).content.decode()
    for value, label in (("litigation", "Litigation"), ("fraud", "Fraud"), ("regulator", "Regulator request")):
        assert f'<option value="{value}">{label}</option>' in page
    assert '<option value="" selected>---------</option>' in page
    page = client.get(reverse("admin:deletion_legalhold_add"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<option value="litigation">诉讼</option>' in page


@pytest.mark.django_db
def test_a_placed_holds_page_shows_its_kind_as_a_label(client, make_ticket, compliance_officer):
    """The form's kind field is read-only on a placed hold's page: the drop-down's labels must not break it (a 500
    for every role)."""
    ticket = make_ticket()
    staff_login(client, compliance_officer)
    client.post(
        reverse("admin:deletion_legalhold_add"),
        {"ticket_id": ticket.pk, "kind": LegalHoldKind.LITIGATION, "reason": "case 12"},
    )
    page = client.get(reverse("admin:deletion_legalhold_change", args=[LegalHold.objects.get().pk]))
    assert page.status_code == 200 and "Litigation" in page.content.decode()
