"""Per-integration rate limits (DRF throttling over the Django cache, which is Redis when REDIS_URL is set)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

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
