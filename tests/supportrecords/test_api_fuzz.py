"""Issue 9, fuzzing: schemathesis generates requests from /api/schema/ (valid and invalid); none may answer 5xx.
Bounded: a few examples per operation, so that CI stays fast."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from supportrecords.ingest import integration_create

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def token(db, settings):
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {"default": {"BACKEND": locmem, "LOCATION": "api-fuzz"}}
    # The WSGI app runs in the test's transaction: keep Django from closing the connection after each request,
    # as its own test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield integration_create(name="fuzz", rate_limit="100000/min")[1]
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_gets_a_server_error(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=[not_a_server_error])
