"""The 403 and 404 pages: in the staff admin's look on admin paths, in the public pages' look elsewhere."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import select_template


def _render(request: HttpRequest, status: int) -> HttpResponse:
    admin_path = request.path.startswith("/admin/")
    names = [f"admin/{status}.html"] if admin_path else [f"{status}.html"]
    context: dict[str, Any] = {"request_path": request.path}
    if admin_path:
        context.update(admin.site.each_context(request))
    body = select_template(names).render(context, request)
    return HttpResponse(body, status=status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The exception's text is for logs, not for the page: it may name a database constraint or an internal rule.
    return _render(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 404)


class AdminNotFoundMixin:
    """An object the user may not see answers 404, as one that does not exist: never a redirect to the index
    with "doesn't exist. Perhaps it was deleted?", which both confuses and confirms nothing useful."""

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str) -> HttpResponse:
        raise Http404
