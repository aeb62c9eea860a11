"""The admin site: every page requires a password sign-in and then a second factor (TOTP or a backup code)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from staffauth import services, views

# Third-party apps that are the site's machinery, not anyone's work: shown to superusers only, with a name a
# person reads (their own apps name themselves "AXES", "OTP_STATIC" and carry no Chinese).
SUPERUSER_APPS = {
    "axes": _("Sign-in lockouts"),
    "otp_static": _("Backup codes"),
    "otp_totp": _("Authenticator apps"),
    "staffauth": _("Two-factor devices"),
    "outbox": _("Outbox"),
    "django_celery_beat": _("Scheduled jobs"),
}
MODEL_NAMES = {
    "axes.AccessAttempt": _("Locked or failing sign-ins"),
    "axes.AccessFailureLog": _("Failed sign-ins"),
    "axes.AccessLog": _("Sign-ins"),
    "otp_static.StaticDevice": _("Backup code sets"),
    "otp_totp.TOTPDevice": _("Enrolled authenticators"),
    "staffauth.SealedTOTPDevice": _("Enrolled authenticators"),
    "staffauth.HashedStaticDevice": _("Backup code sets"),
    "outbox.OutboxMessage": _("Emails and tasks waiting to be sent"),
}


class CustosAdminSite(admin.AdminSite):
    site_header = "Custos"
    site_title = "Custos"
    index_title = _("What your role can open")  # config/urls.py sets it too
    # The app list beside every page takes a quarter of a 1280px window from the changelists, whose columns
    # then hide off-screen; the index and the breadcrumbs lead everywhere it did.
    enable_nav_sidebar = False

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict[str, Any]]:
        """Sign-in machinery (lockouts, second-factor devices, the outbox, schedules) only for superusers, under
        human, translated names; every other section as the role's permissions give it."""
        apps = super().get_app_list(request, app_label)
        if not request.user.is_superuser:
            return [app for app in apps if app["app_label"] not in SUPERUSER_APPS]
        for app in apps:
            name = SUPERUSER_APPS.get(app["app_label"])
            if name is not None:
                app["name"] = str(name)
            for model in app["models"]:
                label = MODEL_NAMES.get(f"{app['app_label']}.{model['object_name']}")
                if label is not None:
                    model["name"] = str(label)
        return apps

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
