"""Per-integration rate limits (DRF throttling over the Django cache, which is Redis when REDIS_URL is set)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from encryption.blind_index import blind_index
from supportrecords.models import Integration


class IntegrationRateThrottle(SimpleRateThrottle):
    """Each integration's own `rate_limit` (`600/min`), or CUSTOS_API_DEFAULT_RATE."""

    scope = "integration"

    def __init__(self) -> None:  # the rate is per integration, known only with the request
        self.rate: str | None = None
        self.num_requests: int | None = None
        self.duration: int | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        integration = request.auth
        if not isinstance(integration, Integration):
            return True
        self.rate = integration.rate_limit or str(settings.CUSTOS_API_DEFAULT_RATE)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return bool(super().allow_request(request, view))

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        integration = request.auth
        if not isinstance(integration, Integration):
            return None
        # The digest prefix keeps two integrations that reused a primary key (a restored test database) apart.
        return f"throttle_integration_{integration.pk}_{integration.token_sha256[:12]}"


def _window_key(prefix: str, ip: str, window: int) -> str:
    bucket = int(time.time() // window)
    return f"custos:{prefix}:{blind_index(namespace=prefix, normalised=ip)[:32]}:{bucket}"


def _bad_token_rate() -> tuple[int, int]:
    allowed, window = IntegrationRateThrottle().parse_rate(str(settings.CUSTOS_API_BAD_TOKEN_RATE))
    assert allowed is not None and window is not None  # noqa: S101  # parse_rate of a set rate
    return int(allowed), int(window)


def bad_token_over(*, ip: str | None) -> bool:
    """Whether this IP has sent CUSTOS_API_BAD_TOKEN_RATE requests with a wrong token already (then 429)."""
    allowed, window = _bad_token_rate()
    return int(cache.get(_window_key("api-bad-token", ip or "-", window)) or 0) >= allowed


def bad_token_count(*, ip: str | None) -> None:
    """Count a request with a wrong token from this IP."""
    _allowed, window = _bad_token_rate()
    key = _window_key("api-bad-token", ip or "-", window)
    if not cache.add(key, 1, timeout=window + 5):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 5)


def reject_audit_due(*, ip: str | None) -> bool:
    """Unauthenticated refusals are audited in aggregate: the first per IP per CUSTOS_API_REJECT_AUDIT_SECONDS."""
    window = int(settings.CUSTOS_API_REJECT_AUDIT_SECONDS)
    return bool(cache.add(_window_key("api-reject-audit", ip or "-", window), 1, timeout=window + 5))
