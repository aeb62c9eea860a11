"""simple-history on the governance models, with the admin's history views; personal fields never in history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.anomaly import thresholds_get
from deletion.models import LegalHold, RetentionPolicy
from deletion.services import legal_hold_place
from privacy.models import PrivacyRequest, Processor
from privacy.processors import processor_create, processor_update
from privacy.services import privacy_request_submit
from supportrecords import roles
from tests.auth import staff_login
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAL = {"email", "exchange_account_id", "secret", "data_key", "rectification_wrong", "rectification_correct"}


def test_governance_models_keep_history_without_personal_fields():
    for model in (RetentionPolicy, LegalHold, PrivacyRequest, Processor, type(thresholds_get())):
        history_fields = {f.name for f in model.history.model._meta.fields}
        assert not (history_fields & PERSONAL), model.__name__


def test_processor_changes_are_kept_in_history_without_the_secret(settings):
    settings.DEBUG = True  # allows an http endpoint
    processor = processor_create(name="crm", endpoint="https://crm.example.com/hook", secret="s3cret-value")
    processor_update(processor=processor, name="crm", endpoint="https://crm.example.com/v2", active=False)
    history = list(processor.history.order_by("history_date").values_list("endpoint", "active"))
    assert history == [("https://crm.example.com/hook", True), ("https://crm.example.com/v2", False)]


def test_history_views_open_in_the_admin(client, django_capture_on_commit_callbacks):
    root = UserFactory(is_superuser=True)
    compliance = UserFactory(role=roles.COMPLIANCE_OFFICER)
    customer = CustomerFactory(exchange_account_id="HIST1", email="hist@example.com")
    hold = legal_hold_place(actor=compliance, kind="litigation", reason="case 7", customer_id=customer.pk)
    processor = processor_create(name="crm", endpoint="https://crm.example.com/hook", secret="x")
    with django_capture_on_commit_callbacks(execute=True):
        privacy_request_submit(
            kind="access", exchange_account_id="HIST1", email="hist@example.com", language="en", ip="203.0.113.9"
        )
    request = PrivacyRequest.objects.get(customer_id=customer.pk)
    staff_login(client, root)
    for name, pk in (
        ("deletion_legalhold", hold.pk),
        ("privacy_processor", processor.pk),
        ("privacy_privacyrequest", request.pk),
        ("deletion_retentionpolicy", RetentionPolicy.objects.first().pk),  # type: ignore[union-attr]
        ("audit_anomalythresholds", thresholds_get().pk),
    ):
        response = client.get(reverse(f"admin:{name}_history", args=[pk]))
        assert response.status_code == 200, name
        assert "hist@example.com" not in response.content.decode()
