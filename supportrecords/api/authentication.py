"""Bearer-token authentication of integrations: the token's SHA-256 is looked up, the token is never stored."""

from __future__ import annotations

import hmac
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from audit.services import client_ip
from supportrecords.api.throttling import bad_token_count, bad_token_over
from supportrecords.ingest import token_digest
from supportrecords.models import Integration

KEYWORDS = (b"bearer", b"token")


class IntegrationPrincipal:
    """What `request.user` is for an integration: authenticated, no staff rights, labelled in the audit trail."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None

    def __init__(self, integration: Integration) -> None:
        self.integration = integration

    def get_username(self) -> str:
        return f"integration:{self.integration.name}"[:150]

    def __str__(self) -> str:
        return self.get_username()


class IntegrationTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` of an active integration."""

    def authenticate(self, request: Request) -> tuple[IntegrationPrincipal, Integration] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send `Authorization: Bearer <token>`.")
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        digest = token_digest(token)
        integration = Integration.objects.filter(token_sha256=digest).first()
        # The lookup is by digest; comparing again in constant time costs nothing and documents intent.
        if integration is None or not hmac.compare_digest(integration.token_sha256, digest):
            # Only wrong tokens are throttled per address: an integration behind the same address (a NAT, a proxy)
            # keeps working while someone there guesses.
            if bad_token_over(ip=client_ip(request)):
                raise exceptions.Throttled(detail="Too many requests with an invalid token from this address.")
            bad_token_count(ip=client_ip(request))
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not integration.active:
            raise exceptions.AuthenticationFailed("This integration is disabled.")
        return IntegrationPrincipal(integration), integration

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="custos-api"'


class IntegrationTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]  # untyped base
    target_class = "supportrecords.api.authentication.IntegrationTokenAuthentication"
    name = "IntegrationToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "An integration's token (shown once)."}
