"""Issue 9, fuzzing: hypothesis fills the public forms' fields with arbitrary text; nothing answers 5xx, and what
is accepted is stored (encrypted), never echoed into a log."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outbox import services as outbox_services
from privacy.models import PrivacySubmission

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
field_text = st.text(max_size=300) | st.sampled_from(
    ["", " ", "UID１２３４５６７８", "a@b.co", "\u202e", "\x00", "[" * 200]
)


@pytest.fixture
def quiet(settings, monkeypatch):
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {"default": {"BACKEND": locmem, "LOCATION": "privacy-fuzz"}}
    settings.CUSTOS_PRIVACY_RATE_PER_IP = settings.CUSTOS_PRIVACY_RATE_PER_EMAIL = "1000000/h"
    monkeypatch.setattr(outbox_services, "_send", lambda message: None)


@FUZZ
@given(
    kind=st.sampled_from(["access", "erasure", "rectification", "", "other"]) | st.text(max_size=20),
    account=field_text,
    email=field_text | st.emails(),
    wrong=field_text,
    correct=field_text,
    language=st.sampled_from(["en", "zh-hans", "", "xx"]),
)
def test_the_request_form_never_fails_whatever_its_fields_hold(quiet, kind, account, email, wrong, correct, language):
    before = PrivacySubmission.objects.count()
    response = Client().post(
        "/privacy/",
        {
            "kind": kind,
            "exchange_account_id": account,
            "email": email,
            "rectification_wrong": wrong,
            "rectification_correct": correct,
            "language": language,
        },
    )
    assert response.status_code in {302, 400}, response.status_code
    assert PrivacySubmission.objects.count() == before + (1 if response.status_code == 302 else 0)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)


@FUZZ
@given(document=st.text(max_size=2000) | json_values.map(json.dumps))
def test_the_certificate_check_never_fails_whatever_it_is_given(quiet, document):
    response = Client().post("/privacy/certificates/verify/", {"document": document})
    assert response.status_code in {200, 400}
