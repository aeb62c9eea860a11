"""A related object on a read-only admin page (who approved, who placed a hold, the assigned agent) is a link
only when the viewer may open its page; otherwise its name is plain text, never a link to a 403.

Django's `AdminReadonlyField.get_admin_url` links whatever has an admin URL, without asking the related admin:
`related_links_install` (from the app's ready()) asks it first, with the request kept by
`AdminViewerMiddleware` for the whole response (admin pages render after their view returns)."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.contrib.admin import helpers
from django.contrib.admin.exceptions import NotRegistered
from django.http import HttpRequest, HttpResponseBase

_VIEWER: ContextVar[HttpRequest | None] = ContextVar("custos_admin_viewer", default=None)
# django-stubs do not declare the method; it exists since Django 1.11 (tests/test_newcomer_fixes.py covers it).
_DJANGO_LINK: Callable[..., Any] = getattr(helpers.AdminReadonlyField, "get_admin_url")  # noqa: B009  # not in the stubs


class AdminViewerMiddleware:
    """Keep the request while the response renders, for `related_link`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = _VIEWER.set(request)
        try:
            response = self.get_response(request)
            render = getattr(response, "render", None)
            if callable(render) and not getattr(response, "is_rendered", True):
                render()  # a TemplateResponse renders here, while the viewer is still known
            return response
        finally:
            _VIEWER.reset(token)


def related_link(field: helpers.AdminReadonlyField, remote_field: Any, remote_obj: Any) -> Any:
    request = _VIEWER.get()
    if field.model_admin is None:
        return str(remote_obj)
    try:
        related_admin = field.model_admin.admin_site.get_model_admin(remote_field.model)
    except NotRegistered:
        return str(remote_obj)
    if request is None or not related_admin.has_view_permission(request, remote_obj):
        return str(remote_obj)
    return _DJANGO_LINK(field, remote_field, remote_obj)


def related_links_install() -> None:
    setattr(helpers.AdminReadonlyField, "get_admin_url", related_link)  # noqa: B010  # not in the stubs; no hook
