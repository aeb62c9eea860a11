"""HEAD on the public pages: a link checker or a monitor gets the GET's headers; nothing is confirmed or used."""

from __future__ import annotations

from privacy.models import PrivacyRequestStatus
from tests.privacy.helpers import client, make_customer, submitted


def test_head_on_the_public_pages_is_answered_like_get(privacy_settings, db):
    browser = client()
    for path in ("/privacy/", "/privacy/sent/", "/privacy/certificates/verify/", "/.well-known/custos-certificate-key"):
        head = browser.head(path)
        assert head.status_code == 200, path
        assert head.content == b"" and head["Content-Type"] == browser.get(path)["Content-Type"]


def test_head_on_a_confirmation_link_confirms_nothing(privacy_settings, db, django_capture_on_commit_callbacks, eager):
    customer = make_customer()
    request, link = submitted(customer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert client().head(link).status_code == 200  # a mail scanner's HEAD, as its GET, shows the button only
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.UNVERIFIED
    with django_capture_on_commit_callbacks(execute=True):
        assert client().post(link).status_code == 302  # the link still works for the customer
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.PENDING_REVIEW


def test_head_never_exchanges_a_link_nor_downloads_an_export(privacy_settings, db):
    # These pages keep a link in the session or audit a download: only a GET does that.
    browser = client()
    for path in ("/privacy/status/", "/privacy/export/", "/privacy/status/x/", "/privacy/export/x/"):
        assert browser.head(path).status_code == 405, path
