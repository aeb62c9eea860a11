"""The second sign-in step, enrolment with a QR code, backup codes and re-authentication (admin pages)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

import qrcode  # type: ignore[import-untyped]  # ships no type information
import qrcode.image.svg  # type: ignore[import-untyped]  # ships no type information
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from staffauth import services


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _to_login(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(f"{reverse('admin:login')}?{urlencode({'next': next_url(request)})}")


def _signed_in_staff(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    base = {**admin.site.each_context(request), "next": next_url(request), "has_permission": False}
    return render(request, template, {**base, **context}, status=status)


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def otp_verify_view(request: HttpRequest) -> HttpResponse:
    if not _signed_in_staff(request):
        return _to_login(request)
    if services.is_verified(request.user):
        return HttpResponseRedirect(next_url(request))
    if not services.has_second_factor(request.user):
        return HttpResponseRedirect(f"{reverse('admin:otp_enrol')}?{urlencode({'next': next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if "cancel" in request.POST:
            logout(request)
            return _to_login(request)
        if form.is_valid() and services.otp_verify(request=request, token=form.cleaned_data["code"]):
            return HttpResponseRedirect(next_url(request))
        form.add_error("code", _("This code is not valid. Enter the current code from your app, or a backup code."))
    return _page(
        request,
        "staffauth/otp_verify.html",
        {"form": form, "title": _("Two-factor sign-in")},
        400 if form.errors else 200,
    )


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :] if "<svg" in svg else svg


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def otp_enrol_view(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator: allowed for a signed-in user without one, or a verified user replacing theirs."""
    if not _signed_in_staff(request):
        return _to_login(request)
    if services.has_second_factor(request.user) and not services.is_verified(request.user):
        return HttpResponseRedirect(f"{reverse('admin:otp_verify')}?{urlencode({'next': next_url(request)})}")
    if services.has_second_factor(request.user) and not services.reauth_is_fresh(request=request):
        # Replacing an enrolled authenticator takes a code from it (or a backup code) first: a session alone (a
        # stolen cookie, an unlocked desk) must not swap the second factor for the holder's own.
        return HttpResponseRedirect(f"{reverse('admin:otp_reauth')}?{urlencode({'next': request.path})}")
    device = services.totp_enrol_start(request=request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_enrol_confirm(request=request, token=form.cleaned_data["code"])
        if codes is not None:
            return _page(request, "staffauth/backup_codes.html", {"codes": codes, "title": _("Your backup codes")})
        form.add_error("code", _("This code is not valid. Check your device's clock and try the current code."))
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    context = {"form": form, "qr_svg": _qr_svg(device.config_url), "secret": secret, "title": _("Set up two-factor")}
    return _page(request, "staffauth/otp_enrol.html", context, 400 if form.errors else 200)


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def otp_reauth_view(request: HttpRequest) -> HttpResponse:
    if not _signed_in_staff(request) or not services.is_verified(request.user):
        return _to_login(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and services.otp_verify(request=request, token=form.cleaned_data["code"], reauth=True):
            return HttpResponseRedirect(next_url(request))
        form.add_error("code", _("This code is not valid."))
    return _page(
        request,
        "staffauth/otp_reauth.html",
        {"form": form, "title": _("Confirm it is you")},
        400 if form.errors else 200,
    )


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def backup_codes_view(request: HttpRequest) -> HttpResponse:
    """New backup codes (the old ones stop working), after a fresh code."""
    if not _signed_in_staff(request) or not services.is_verified(request.user):
        return _to_login(request)
    if not services.reauth_is_fresh(request=request):
        return HttpResponseRedirect(f"{reverse('admin:otp_reauth')}?{urlencode({'next': request.path})}")
    if request.method == "POST":
        codes = services.backup_codes_replace(user=request.user, request=request)
        return _page(request, "staffauth/backup_codes.html", {"codes": codes, "title": _("Your backup codes")})
    return _page(request, "staffauth/backup_codes.html", {"codes": None, "title": _("Your backup codes")})


def reauth_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Before a reveal or an export: a code entered in the last CUSTOS_STAFF_REAUTH_SECONDS, else ask for one and
    come back (to the page the user was on, for a POST)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if services.reauth_is_fresh(request=request):
            return view(request, *args, **kwargs)
        back = request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "")
        if not back or not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("admin:index")
        return HttpResponseRedirect(f"{reverse('admin:otp_reauth')}?{urlencode({'next': back})}")

    return wrapper


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' lockout (AXES_LOCKOUT_CALLABLE): the admin's look, in the reader's language, saying until
    when sign-in is refused and whom to ask. Each further failure restarts the wait, so it counts from now."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    context = {
        "try_again_at": timezone.now() + timedelta(minutes=minutes),
        "minutes": minutes,
        "title": _("Sign-in locked"),
    }
    return _page(request, "staffauth/locked_out.html", context, status=429)
