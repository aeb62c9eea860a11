"""The client's address behind trusted proxies: the rate limits, lockouts and audit trail all read it."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from audit.services import client_ip


def _request(remote: str, forwarded: str | None = None):
    request = RequestFactory().get("/privacy/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_trusted_proxies_the_peer_is_the_client_whatever_it_sends(settings):
    settings.CUSTOS_TRUSTED_PROXIES = []
    assert client_ip(_request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        ("198.51.100.7", "198.51.100.7"),  # one proxy, as nginx appends $remote_addr
        ("1.2.3.4, 198.51.100.7", "198.51.100.7"),  # what the client wrote itself first is never believed
        ("198.51.100.7, 10.0.0.5", "198.51.100.7"),  # two proxies of the trusted network
        ("2001:db8::1", "2001:db8::1"),
        ("", "10.0.0.2"),  # no header: the proxy's own address
        ("not-an-address", "10.0.0.2"),  # malformed: nothing before it can be told from the client's words
        ("10.0.0.9", "10.0.0.2"),  # every hop a proxy
    ],
)
def test_behind_a_trusted_proxy_the_nearest_untrusted_hop_is_the_client(settings, forwarded, client):
    settings.CUSTOS_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("10.0.0.2", forwarded)) == client


def test_an_untrusted_peer_cannot_choose_its_address_by_header(settings):
    settings.CUSTOS_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("203.0.113.9", "10.0.0.7, 198.51.100.7")) == "203.0.113.9"


def test_customers_behind_one_trusted_proxy_have_limits_of_their_own(settings, db, client):
    # A newcomer found every confirmation behind one address refused once a dozen had been made: behind a proxy,
    # each customer now counts alone.
    from privacy.exceptions import RateLimited
    from privacy.services import privacy_submission_receive

    settings.CUSTOS_TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.CUSTOS_PRIVACY_RATE_PER_IP = "2/h"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ip"}}

    def submit(forwarded: str) -> None:
        ip = client_ip(_request("10.0.0.2", forwarded))
        privacy_submission_receive(
            kind="access", exchange_account_id="UID1", email="a@example.com", language="en",
            rectification_wrong="", rectification_correct="", ip=ip,
        )  # fmt: skip

    for _ in range(2):
        submit("198.51.100.7")
    with pytest.raises(RateLimited):
        submit("198.51.100.7")
    submit("198.51.100.8")  # another customer behind the same proxy
