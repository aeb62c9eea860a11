"""What an error shows and logs: a plain 500 page with an error id, a log line without content, an exception
reporter that hides every secret setting in every environment, and the 403 and 404 pages (in the staff admin's
look on admin paths, in the public pages' look elsewhere)."""

from __future__ import annotations

import logging
import re
import secrets
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template import loader
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.views.debug import SafeExceptionReporterFilter

logger = logging.getLogger("custos.errors")

# Setting, variable and header names whose values are secrets or may carry credentials.
SECRET_NAMES = re.compile(
    r"API|TOKEN|KEY|SECRET|PASS|SIGNATURE|KEK|CREDENTIAL|PRIVATE|AUTH|COOKIE|SESSION|DSN|BROKER|_URL$|^URL$|"
    r"LOCATION|EMAIL_CONFIG|DATABASES|CACHES|OTP|TOTP|REFERER|QUERY_STRING",
    flags=re.IGNORECASE,
)
# A URL with a user-info part (`scheme://user:password@host`), wherever it appears.
CREDENTIAL_URL = re.compile(r"[a-z][a-z0-9+.\-]*://[^/\s@]*:[^/\s@]*@", flags=re.IGNORECASE)


def looks_secret(value: Any) -> bool:
    """Raw bytes (keys) and strings holding a credentialed URL."""
    if isinstance(value, bytes | bytearray | memoryview):
        return True
    if not isinstance(value, str):
        return False
    try:
        return CREDENTIAL_URL.search(str(value)) is not None
    except Exception:  # a lazy string that cannot be evaluated: hide it
        return True


class SafeReporterFilter(SafeExceptionReporterFilter):
    """Django's filter masks names like KEY/SECRET/PASS and only when DEBUG is off; this one also masks KEKs,
    broker/cache/database URLs, raw key bytes and credentialed URLs, and does so in every environment."""

    hidden_settings = SECRET_NAMES

    def is_active(self, request: HttpRequest | None) -> bool:
        return True

    def cleanse_setting(self, key: Any, value: Any) -> Any:
        if looks_secret(value):
            return self.cleansed_substitute
        return super().cleanse_setting(key, value)

    def get_safe_request_meta(self, request: HttpRequest) -> dict[str, Any]:
        return {key: self.cleanse_setting(key, value) for key, value in request.META.items()}

    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        if request is None:
            return {}
        # Public forms carry customers' emails and account ids, certificates and callbacks: show no value.
        return {key: self.cleansed_substitute for key in request.POST}

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame: Any) -> Any:
        variables = super().get_traceback_frame_variables(request, tb_frame)
        return [
            (name, self.cleansed_substitute if SECRET_NAMES.search(str(name)) or looks_secret(value) else value)
            for name, value in variables
        ]


def error_id_new() -> str:
    return secrets.token_hex(6)


def _where(request: HttpRequest) -> str:
    """The route pattern, never the path: paths carry link tokens."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return f"{request.method} /{match.route}"
    return f"{request.method} (unresolved)"


def exception_log(*, error_id: str, exception: BaseException, request: HttpRequest | None) -> None:
    """Log the exception's type and its frames (file, line, function), never its message or any local value."""
    frames = traceback.extract_tb(exception.__traceback__)[-12:]
    stack = " < ".join(f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(frames))
    logger.error(
        "error %s: %s at %s [%s]",
        error_id,
        type(exception).__name__,
        _where(request) if request is not None else "(no request)",
        stack,
    )


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def server_error_response(request: HttpRequest, *, error_id: str) -> HttpResponse:
    message = _("Something went wrong on our side. Nothing you sent was lost; please try again later.")
    if wants_json(request):
        return JsonResponse({"detail": message, "code": "server_error", "error_id": error_id}, status=500)
    try:
        html = loader.get_template("500.html").render({"error_id": error_id, "message": message})
    except Exception:  # a broken template must not hide the error id
        html = f"<!DOCTYPE html><title>Error</title><h1>Error</h1><p>{message}</p><p>Error id: {error_id}</p>"
    response = HttpResponse(html, status=500)
    response["Cache-Control"] = "no-store"
    return response


def bad_request_response(request: HttpRequest, *, detail: str, code: str, status: int = 400) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"detail": detail, "code": code}, status=status)
    try:
        html = loader.get_template("400.html").render({"message": detail, "status": status})
    except Exception:
        html = f"<!DOCTYPE html><title>Bad request</title><h1>Bad request</h1><p>{detail}</p>"
    return HttpResponse(html, status=status)


HANDLED_BY_DJANGO = (Http404, PermissionDenied, BadRequest, SuspiciousOperation, MultiPartParserError)


class ErrorPageMiddleware:
    """Innermost middleware: an unexpected exception in a view becomes a plain 500 with an error id (JSON under
    /api/), logged without content, whatever DEBUG says."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, HANDLED_BY_DJANGO):
            return None
        error_id = error_id_new()
        exception_log(error_id=error_id, exception=exception, request=request)
        return server_error_response(request, error_id=error_id)


def handler500(request: HttpRequest) -> HttpResponse:
    """Errors outside views (middleware); Django logs them, through the redacting log filter."""
    return server_error_response(request, error_id=error_id_new())


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return bad_request_response(request, detail=_("The request is too large."), code="too_large", status=413)
    if isinstance(exception, TooManyFieldsSent):
        return bad_request_response(request, detail=_("The request has too many fields."), code="too_many_fields")
    return bad_request_response(request, detail=_("The request could not be understood."), code="bad_request")


def _render(request: HttpRequest, status: int, *, admin_template: str | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):  # JSON, like the API's own errors
        if status == 404:
            return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=status)
        detail = _("You do not have permission to perform this action.")
        return JsonResponse({"detail": detail, "code": "permission_denied"}, status=status)
    admin_path = request.path.startswith("/admin/")
    names = [admin_template or f"admin/{status}.html"] if admin_path else [f"{status}.html"]
    context: dict[str, Any] = {
        "request_path": request.path,
        "security_contacts_configured": any(c.strip() for c in settings.CUSTOS_SECURITY_CONTACTS),
    }
    if admin_path:
        context.update(admin.site.each_context(request))
    body = select_template(names).render(context, request)
    return HttpResponse(body, status=status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The exception's text is for logs, not for the page: it may name a database constraint or an internal rule.
    # An exception may name its own admin page (the anomaly lock says what happened and whom to ask).
    return _render(request, 403, admin_template=getattr(exception, "admin_template", None))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 404)


class AdminNotFoundMixin:
    """An object the user may not see answers 404, as one that does not exist: never a redirect to the index
    with "doesn't exist. Perhaps it was deleted?", which both confuses and confirms nothing useful."""

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str) -> HttpResponse:
        raise Http404
