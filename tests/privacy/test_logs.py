"""Issue 9, case 2: no link token, search term or personal identifier reaches a log (real gunicorn)."""

from __future__ import annotations

import logging
import sys

import pytest
from django.core import mail

from config.logfilters import RedactingFilter, redact
from privacy import services as privacy_services
from privacy.tokens import export_token_make, track_token_make
from tests.privacy.helpers import links_in, make_customer, path_of, token_of
from tests.web import gunicorn

PHRASE = "abandon ability able about above absent absorb abstract absurd abuse access ability"
HEX_KEY = "e9873d79c6d87dc0fb6a5778633389f4453213303da61f20bd67fc233aa33262"


def test_a_full_privacy_flow_leaves_no_token_or_identifier_in_the_access_and_django_logs(
    reseeded, eager, privacy_settings, tmp_path, settings
):
    customer = make_customer(email="mei.chen@example.com", exchange_account_id="UID55501234")
    outcome = privacy_services.privacy_request_submit(
        kind="access",
        exchange_account_id=customer.exchange_account_id,
        email=customer.email,
        language="en",
        ip="203.0.113.9",
    )
    assert outcome.matched
    confirm_path = path_of(links_in(mail.outbox[-1])[0])
    confirm_token = token_of(confirm_path)
    request = privacy_services.privacy_request_verify(token=confirm_token)
    track = track_token_make(request_uid=str(request.uid))
    export = export_token_make(export_uid="5b0f8a44-3c3e-4a55-9a57-1b1f5b0c0c0c")
    secrets = [confirm_token, track, export, customer.email, "mei.chen", customer.exchange_account_id]

    with gunicorn(tmp_path) as web:
        assert web.get(confirm_path) == 200
        assert web.get(f"/privacy/status/{track}/") == 302  # exchanged for a session: on to /privacy/status/
        assert web.get(f"/privacy/status/{track}x/") == 404  # Django logs "Not Found: <path>"
        assert web.get(f"/privacy/export/{export}/") == 302
        assert web.get(f"/privacy/?email={customer.email}&account={customer.exchange_account_id}") == 200
        assert web.get("/admin/supportrecords/customer/?q=mei.chen%40example.com") == 302
        assert web.get("/privacy/", Referer=f"{web.base_url}/privacy/status/{track}/") == 200
        # A recovery phrase and a key in the path, the query, the Referer and the User-Agent (gunicorn and Django).
        assert web.get(f"/privacy/{PHRASE.replace(' ', '%20')}/", **{"User-Agent": f"wallet ({PHRASE})"}) == 404
        assert (
            web.get(f"/privacy/{PHRASE.replace(' ', '+')}?page={HEX_KEY}", Referer=f"{web.base_url}/{HEX_KEY}") == 404
        )
    log = web.text()  # read once gunicorn has stopped: every access line is written by then
    assert "GET /privacy/[REDACTED:seed_phrase]/ " in log and "Not Found: /privacy/[REDACTED:seed_phrase]/" in log
    assert "/[REDACTED:private_key]" in log
    for secret in (PHRASE, PHRASE.replace(" ", "%20"), PHRASE.replace(" ", "+"), HEX_KEY):
        assert secret not in log, secret
    assert "/privacy/status/[redacted]/" in log and "q=[redacted]" in log  # the lines are there, redacted
    for secret in secrets:
        assert secret not in log, secret


def test_the_filter_redacts_messages_arguments_and_exception_messages():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/privacy/confirm/abc.def:ghi/",), None
    )
    try:
        raise ValueError("li.wei@example.com UID12345678")
    except ValueError:
        record.exc_info = sys.exc_info()
    RedactingFilter().filter(record)
    assert record.getMessage() == "Not Found: /privacy/confirm/[redacted]/"
    assert record.exc_info is None and "li.wei" not in (record.exc_text or "") and "ValueError" in record.exc_text
    assert redact("search ?q=UID１２３４５６７８&p=2") == "search ?q=[redacted]&p=2"
    assert redact("to li.wei@example.com about UID12345678") == "to [email] about [account]"


@pytest.mark.parametrize("path", ["/privacy/export/x/", "/privacy/status/x/", "/privacy/confirm/x/"])
def test_every_link_path_is_redacted(path):
    assert redact(f'"GET {path}y?z=1 HTTP/1.1"').count("[redacted]") == 2
