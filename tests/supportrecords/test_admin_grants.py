"""Issue 9, case 6: supervisors and superusers manage which customers an integration may reference; audited."""

from __future__ import annotations

import pytest
from django.test import Client

from audit.models import AuditEvent
from supportrecords import roles
from supportrecords.external_ids import external_id_key
from supportrecords.ingest import integration_create
from supportrecords.models import IntegrationCustomerGrant
from tests.auth import staff_login
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/supportrecords/integrationcustomergrant/add/"


def _client(user) -> Client:
    client = Client()
    staff_login(client, user)
    return client


def test_supervisor_grants_and_revokes_a_customer_and_both_are_audited(make_user):
    integration, _token = integration_create(name="helpdesk-b")
    customer = CustomerFactory()
    supervisor = make_user(role=roles.SUPERVISOR)
    client = _client(supervisor)
    response = client.post(
        ADD, {"integration": integration.pk, "customer": customer.pk, "external_id": "b-7"}, secure=True
    )
    assert response.status_code == 302, response.content
    grant = IntegrationCustomerGrant.objects.get()
    assert (grant.customer_id, grant.external_id, grant.origin, grant.granted_by) == (
        customer.pk,
        external_id_key("b-7"),  # kept keyed-hashed, as every external id
        "granted",
        supervisor,
    )
    granted = AuditEvent.objects.get(action="customer.grant")
    assert granted.customer_id == customer.pk and granted.details["integration"] == integration.pk

    again = client.post(
        ADD, {"integration": integration.pk, "customer": customer.pk, "external_id": "b-8"}, secure=True
    )
    assert again.status_code == 200 and IntegrationCustomerGrant.objects.count() == 1  # form error, nothing added

    url = f"/admin/supportrecords/integrationcustomergrant/{grant.pk}/delete/"
    assert client.post(url, {"post": "yes"}, secure=True).status_code == 302
    assert not IntegrationCustomerGrant.objects.exists()
    assert AuditEvent.objects.filter(action="customer.revoke", customer_id=customer.pk).count() == 1


@pytest.mark.parametrize("role", [roles.AGENT, roles.PRIVACY_OFFICER, roles.AUDITOR])
def test_other_roles_cannot_see_or_grant(make_user, role):
    integration, _token = integration_create(name="helpdesk-b")
    customer = CustomerFactory()
    client = _client(make_user(role=role))
    assert client.get("/admin/supportrecords/integrationcustomergrant/", secure=True).status_code == 403
    response = client.post(
        ADD, {"integration": integration.pk, "customer": customer.pk, "external_id": "b-7"}, secure=True
    )
    assert response.status_code == 403 and not IntegrationCustomerGrant.objects.exists()
