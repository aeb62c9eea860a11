"""Issue 9, case 4: certificates and rate-limit keys are keyed HMACs, not brute-forceable SHA-256 of ids."""

from __future__ import annotations

import hashlib
import hmac

from django.core.cache import cache

from privacy import certificates
from privacy.ratelimit import ratelimit_hit

UID = "7f0d7c1e-5b7b-4a55-9a57-1b1f5b0c0c0c"


def test_the_account_fingerprint_cannot_be_recomputed_without_the_key(settings):
    fingerprint = certificates.account_fingerprint(request_uid=UID, exchange_account_id="uid12345678")
    assert fingerprint != hashlib.sha256(f"{UID}|UID12345678".encode()).hexdigest()
    expected = hmac.new(
        settings.CUSTOS_BLIND_INDEX_KEY, b"certificate-account\x00" + f"{UID}|UID12345678".encode(), hashlib.sha256
    ).hexdigest()
    assert fingerprint == expected
    settings.CUSTOS_BLIND_INDEX_KEY = bytes(32)
    assert certificates.account_fingerprint(request_uid=UID, exchange_account_id="UID12345678") != fingerprint


def test_rate_limit_cache_keys_are_keyed(settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"}}
    cache.clear()
    assert ratelimit_hit(scope="privacy-email", key="li.wei@example.com", rate="3/h")
    keys = list(cache._cache.keys())  # type: ignore[attr-defined]  # locmem's store
    unkeyed = hashlib.sha256(b"li.wei@example.com").hexdigest()[:32]
    assert keys and not any(unkeyed in key or "li.wei" in key for key in keys)
