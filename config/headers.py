"""Security headers Django has no setting for (CSP is django-csp's; HSTS, nosniff, referrer and COOP Django's)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", str(settings.PERMISSIONS_POLICY))
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
