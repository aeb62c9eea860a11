"""Request parsers that refuse oversized bodies before reading them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.parsers import JSONParser


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def content_length(parser_context: Mapping[str, Any] | None) -> int:
    request = (parser_context or {}).get("request")
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    except (TypeError, ValueError):
        return 0


class LimitedJSONParser(JSONParser):
    """JSON of at most CUSTOS_API_MAX_REQUEST_BYTES; a larger body is refused with 413 unread."""

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        limit = int(settings.CUSTOS_API_MAX_REQUEST_BYTES)
        if content_length(parser_context) > limit:
            raise RequestTooLarge(f"A request body has at most {limit} bytes.")
        return super().parse(stream, media_type, parser_context)
