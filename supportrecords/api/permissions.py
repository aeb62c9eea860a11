from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from supportrecords.models import Integration


class IsIntegration(BasePermission):
    """Only an authenticated, active integration may ingest."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, Integration) and request.auth.active
