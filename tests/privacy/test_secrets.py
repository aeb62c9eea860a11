"""Issue 8: a recovery phrase or key typed into the public privacy form's free text is never stored."""

from __future__ import annotations

import pytest
from django.db import connection

from privacy.models import PrivacyRequest
from tests.privacy.helpers import client, make_customer

pytestmark = pytest.mark.django_db

PHRASE = "abandon math mimic master filter design carbon crystal rookie group knife young"
WIF = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"


def test_the_correction_text_never_stores_a_secret(privacy_settings, django_capture_on_commit_callbacks, eager):
    customer = make_customer()
    form = {
        "kind": "rectification",
        "exchange_account_id": customer.exchange_account_id,
        "email": customer.email,
        "language": "en",
        "rectification_wrong": f"my wallet words are wrong, they should be {PHRASE}",
        "rectification_correct": f"the key is {WIF[:20]} {WIF[20:]}",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client().post("/privacy/", form)
    assert response.status_code == 302
    request = PrivacyRequest.objects.get()
    assert "[REDACTED:seed_phrase]" in request.rectification_wrong and "mimic" not in request.rectification_wrong
    assert "[REDACTED:private_key]" in request.rectification_correct and WIF[-10:] not in request.rectification_correct
    assert request.rectification_wrong.startswith("my wallet words are wrong")


def test_a_customer_name_never_stores_a_secret(db):
    customer = make_customer(name=f"Li Wei {PHRASE}")
    assert customer.name.startswith("Li Wei") and "rookie" not in customer.name
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM supportrecords_customer WHERE id = %s", [customer.pk])
        (ciphertext,) = cursor.fetchone()
    assert b"rookie" not in bytes(ciphertext)
