"""API errors that say what is wrong (the field, what is expected, the position in a batch) and never quote what
was sent: DRF's own messages repeat an invalid choice, an unknown slug, the Content-Type header and the method, so
a recovery phrase or private key put there would come back in the response (and in whatever logs it)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import exception_handler

from supportrecords.scanning import text_holds_secret

# The DRF ParseError code of parsers we did not write (multipart quotes the boundary); ours carry their own codes.
_FOREIGN_PARSE_ERROR = exceptions.ParseError.default_code
WITHHELD = "This value is not valid (it is not repeated here)."


def _literal(text: str) -> str:
    """text for a DRF message template, which is str.format()ted with the input: braces kept as they are."""
    return text.replace("{", "{{").replace("}", "}}")


def value_free_messages(field: serializers.Field[Any, Any, Any, Any]) -> dict[str, str]:
    """The error messages of field that would quote the input, rewritten to say what is expected instead."""
    if isinstance(field, serializers.ChoiceField):
        expected = ", ".join(str(choice) for choice in field.choices)
        return {"invalid_choice": _literal(f"Not one of the allowed values: {expected}.")}
    if isinstance(field, serializers.SlugRelatedField):
        slug = _literal(str(field.slug_field))
        return {
            "does_not_exist": f"No such {slug}: expected the {slug} of an existing one.",
            "invalid": f"Expected a {slug} (a string).",
        }
    return {}


def _accepted_types(view: Any) -> str:
    types = [str(parser.media_type) for parser in getattr(view, "parser_classes", [])]
    return ", ".join(types) or "none"


def _allowed_methods(view: Any) -> str:
    methods = [m for m in getattr(view, "allowed_methods", []) if m != "OPTIONS"]
    return ", ".join(methods) or "none"


def _value_free(exc: Exception, view: Any) -> Exception:
    """exc, or the same error with a message that does not quote the request."""
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return exceptions.UnsupportedMediaType(
            "", detail=f"Unsupported media type (Content-Type): this endpoint accepts {_accepted_types(view)}."
        )
    if isinstance(exc, exceptions.MethodNotAllowed):
        return exceptions.MethodNotAllowed("", detail=f"Method not allowed: use {_allowed_methods(view)}.")
    if isinstance(exc, exceptions.ParseError) and exc.get_codes() == _FOREIGN_PARSE_ERROR:
        return exceptions.ParseError(f"The request body is not valid {_accepted_types(view)}.")
    return exc


def _withhold_secrets(data: Any) -> Any:
    """data with every message that holds a recovery phrase or private key replaced: a net under the messages
    above, for a message still to be written that would quote its input."""
    if isinstance(data, dict):
        return {key: _withhold_secrets(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_withhold_secrets(value) for value in data]
    if isinstance(data, str) and text_holds_secret(data):
        return ErrorDetail(WITHHELD, code=getattr(data, "code", "invalid"))
    return data


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (REST_FRAMEWORK["EXCEPTION_HANDLER"]), with value-free messages."""
    response = exception_handler(_value_free(exc, context.get("view")), context)
    if response is not None:
        response.data = _withhold_secrets(response.data)
    return response
