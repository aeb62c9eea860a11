"""Request parsers that refuse oversized bodies before reading them, and nested JSON before recursing into it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

from config.jsonsafe import MAX_DEPTH, JSONTooDeep, json_loads


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


class LengthRequired(APIException):
    status_code = status.HTTP_411_LENGTH_REQUIRED
    default_detail = "Send the body with a Content-Length header: chunked transfer encoding is not accepted."
    default_code = "length_required"


def chunked(request: Any) -> bool:
    """Whether the request's body comes in chunks (no Content-Length): Django would read it as empty."""
    return "chunked" in str(request.META.get("HTTP_TRANSFER_ENCODING", "")).lower()


def content_length(parser_context: Mapping[str, Any] | None) -> int:
    request = (parser_context or {}).get("request")
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    except (TypeError, ValueError):
        return 0


class LimitedJSONParser(JSONParser):
    """JSON of at most CUSTOS_API_MAX_REQUEST_BYTES (a larger body is refused with 413 unread) and at most
    MAX_DEPTH levels deep (400)."""

    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        limit = int(settings.CUSTOS_API_MAX_REQUEST_BYTES)
        if content_length(parser_context) > limit:
            raise RequestTooLarge(f"A request body has at most {limit} bytes.")
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:  # chunked or lying Content-Length
            raise RequestTooLarge(f"A request body has at most {limit} bytes.")
        encoding = str((parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET)
        try:
            return json_loads(raw.decode(encoding))
        except JSONTooDeep:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.", code="too_deep") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError("JSON parse error - the body is not valid JSON.", code="invalid_json") from exc
