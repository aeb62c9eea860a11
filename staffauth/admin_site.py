"""The admin site: every page requires a password sign-in and then a second factor (TOTP or a backup code)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.http import urlencode

from staffauth import services, views


class CustosAdminSite(admin.AdminSite):
    site_header = "Custos"
    site_title = "Custos"
    index_title = "Support records"
    # The app list beside every page takes a quarter of a 1280px window from the changelists, whose columns
    # then hide off-screen; the index and the breadcrumbs lead everywhere it did.
    enable_nav_sidebar = False

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and services.is_verified(request.user)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff and not services.is_verified(user):
            # Password done: on to the second factor, keeping where the user was going.
            target = "admin:otp_verify" if services.has_second_factor(user) else "admin:otp_enrol"
            query = urlencode({"next": views.next_url(request)})
            return HttpResponseRedirect(f"{reverse(target)}?{query}")
        return super().login(request, extra_context)

    def get_urls(self) -> list[URLResolver | URLPattern]:
        return [
            path("otp/", views.otp_verify_view, name="otp_verify"),
            path("otp/enrol/", views.otp_enrol_view, name="otp_enrol"),
            path("otp/reauth/", views.otp_reauth_view, name="otp_reauth"),
            path("otp/backup-codes/", views.backup_codes_view, name="otp_backup_codes"),
            *super().get_urls(),
        ]
