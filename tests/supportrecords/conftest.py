from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from config.celery import app as celery_app
from supportrecords.ingest import integration_create

SEED = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process (emails go to the locmem outbox) instead of queueing them."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def integration_and_token(db):
    return integration_create(name="zendesk-test", rate_limit="1000/min")


@pytest.fixture
def integration(integration_and_token):
    return integration_and_token[0]


@pytest.fixture
def api(integration_and_token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {integration_and_token[1]}")
    return client


@pytest.fixture
def api_customer(api):
    response = api.post(
        "/api/customers/",
        {"external_id": "u-1", "exchange_account_id": "UID777001", "email": "li.wei@example.com", "jurisdiction": "cn"},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def api_ticket(api, api_customer):
    response = api.post(
        "/api/tickets/",
        {
            "external_id": "t-1",
            "customer_external_id": "u-1",
            "category": "deposit-withdrawal",
            "channel": "email",
            "subject": "Deposit missing",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()
