"""The public pages never show back a recovery phrase or private key a customer typed: a form shown again with
errors empties the field that held one and says why (English and Chinese); links and addresses holding one are
not repeated in the page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from privacy.models import PrivacyRequest
from tests.privacy.helpers import client, make_customer

pytestmark = pytest.mark.django_db

PHRASE = "abandon ability able about above absent absorb abstract absurd abuse access ability"
HEX_KEY = "e9873d79c6d87dc0fb6a5778633389f4453213303da61f20bd67fc233aa33262"
NOT_KEPT_EN = "looked like a recovery phrase or private key"
NOT_KEPT_ZH = "看起来像助记词或私钥"
LANGUAGES: dict[str, tuple[dict[str, str], str]] = {
    "en": ({}, NOT_KEPT_EN),
    "zh-hans": ({"Accept-Language": "zh-CN"}, NOT_KEPT_ZH),
}


def _form(customer, **overrides):
    data = {
        "kind": "rectification",
        "exchange_account_id": customer.exchange_account_id,
        "email": customer.email,
        "language": "en",
        "rectification_wrong": "My name is misspelt",
        "rectification_correct": "Li Wei",
    }
    return {**data, **overrides}


def _page(response) -> str:
    return response.content.decode()


def _no_secret(page: str) -> None:
    for spelling in (PHRASE, PHRASE.replace(" ", "%20"), PHRASE.replace(" ", "+"), HEX_KEY, "absorb abstract absurd"):
        assert spelling not in page


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_free_text_holding_a_secret_is_emptied_when_another_field_is_invalid(privacy_settings, language):
    headers, not_kept = LANGUAGES[language]
    customer = make_customer()
    data = _form(
        customer,
        email="not-an-email",
        rectification_wrong=f"my wallet words are wrong, they should be {PHRASE}",
        rectification_correct=f"key {HEX_KEY}",
    )
    response = client().post("/privacy/", data, headers=headers)
    assert response.status_code == 400
    page = _page(response)
    _no_secret(page)
    assert page.count(not_kept) == 2, page
    form = response.context["form"]
    assert form["rectification_wrong"].value() == "" and form["rectification_correct"].value() == ""
    # What the customer typed that is not a secret is shown as typed, to be corrected.
    assert "not-an-email" in page and customer.exchange_account_id in page
    assert PrivacyRequest.objects.count() == 0


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("field", ["exchange_account_id", "email", "kind", "language"])
def test_any_field_holding_a_secret_is_emptied_with_a_message(privacy_settings, language, field):
    headers, not_kept = LANGUAGES[language]
    customer = make_customer()
    other_error = {"email": "not-an-email"} if field != "email" else {"rectification_correct": ""}
    response = client().post("/privacy/", _form(customer, **{field: PHRASE, **other_error}), headers=headers)
    assert response.status_code == 400
    page = _page(response)
    _no_secret(page)
    assert not_kept in page


def test_a_secret_refused_by_the_service_leaves_no_other_secret_in_the_page(privacy_settings):
    customer = make_customer()
    data = _form(customer, exchange_account_id=HEX_KEY, rectification_wrong=f"the words {PHRASE}")
    response = client().post("/privacy/", data)
    assert response.status_code == 400
    _no_secret(_page(response))


def test_a_valid_form_with_a_secret_in_the_correction_shows_nothing_back(privacy_settings):
    customer = make_customer()
    response = client().post("/privacy/", _form(customer, rectification_wrong=f"the words {PHRASE}"))
    assert response.status_code == 302


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_certificate_check_does_not_show_a_secret_back(privacy_settings, language):
    headers, not_kept = LANGUAGES[language]
    response = client().post("/privacy/certificates/verify/", {"document": f"my seed: {PHRASE}"}, headers=headers)
    page = _page(response)
    _no_secret(page)
    assert not_kept in page and 'data-valid="false"' in page
    upload = SimpleUploadedFile("certificate.json", HEX_KEY.encode(), content_type="application/json")
    page = _page(client().post("/privacy/certificates/verify/", {"upload": upload}, headers=headers))
    _no_secret(page)


def test_an_ordinary_certificate_check_keeps_the_text(privacy_settings):
    page = _page(client().post("/privacy/certificates/verify/", {"document": '{"certificate": 1}'}))
    assert "{&quot;certificate&quot;: 1}" in page


@pytest.mark.parametrize(
    "path",
    [
        f"/privacy/confirm/{PHRASE.replace(' ', '%20')}/",
        f"/privacy/confirm/{HEX_KEY}/",
        f"/privacy/status/{HEX_KEY}/",
        f"/privacy/export/{HEX_KEY}/",
        f"/privacy/{PHRASE.replace(' ', '%20')}/",
        f"/privacy/?kind={HEX_KEY}",
        f"/privacy/certificates/verify/?x={PHRASE.replace(' ', '+')}",
        f"/{HEX_KEY}",
    ],
)
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_link_or_address_holding_a_secret_is_not_repeated_in_the_page(privacy_settings, path, language):
    headers, _ = LANGUAGES[language]
    response = client().get(path, headers=headers)
    assert response.status_code in (200, 302, 400, 404), response.status_code
    _no_secret(_page(response))
    _no_secret(response.get("Location", ""))


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_an_email_holding_a_phrase_is_refused_emptied_and_never_mailed(privacy_settings, language, mailoutbox):
    """Found from outside: "<phrase joined by dots>@example.com" is a valid address; the form mailed to it."""
    headers, not_kept = LANGUAGES[language]
    customer = make_customer()
    email = PHRASE.replace(" ", ".") + "@example.com"
    response = client().post("/privacy/", _form(customer, kind="access", email=email), headers=headers)
    assert response.status_code == 400
    page = _page(response)
    _no_secret(page)
    assert PHRASE.replace(" ", ".") not in page
    assert not_kept in page
    assert not PrivacyRequest.objects.exists()
    assert not mailoutbox
