"""Staff two-factor sign-in: TOTP enrolment, backup codes, verification, re-authentication, sign-in audit."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login  # type: ignore[import-untyped]  # ships no type information
from django_otp import user_has_device
from django_otp.oath import totp  # type: ignore[import-untyped]  # ships no type information
from django_otp.plugins.otp_static.models import StaticToken  # type: ignore[import-untyped]  # ships no type information

from audit import targets
from audit.services import audit_record, client_ip
from audit.types import Actor
from staffauth.models import HashedStaticCode, HashedStaticDevice, SealedTOTPDevice, backup_code_digest

BACKUP_CODE_COUNT = 10
TOTP_DIGITS = 6
ENROL_SESSION_KEY = "staffauth_enrol_device"
REAUTH_SESSION_KEY = "staffauth_reauth_at"
ACTIVITY_SESSION_KEY = "staffauth_last_activity"
TOTP_NAME = "authenticator"
BACKUP_NAME = "backup codes"


def is_verified(user: Actor) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


def totp_device_of(user: Actor) -> SealedTOTPDevice | None:
    device: SealedTOTPDevice | None = SealedTOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device


def has_second_factor(user: Actor) -> bool:
    return bool(user_has_device(user, confirmed=True))


def totp_enrol_start(*, request: HttpRequest) -> SealedTOTPDevice:
    """An unconfirmed authenticator for the signed-in user, kept until confirmed (one per enrolment)."""
    device_id = request.session.get(ENROL_SESSION_KEY)
    devices = SealedTOTPDevice.objects.filter(user=request.user, confirmed=False)
    device = devices.filter(pk=device_id).first() if isinstance(device_id, int) else None
    if device is None:
        device = SealedTOTPDevice.create(user=request.user, name=TOTP_NAME, confirmed=False)
        request.session[ENROL_SESSION_KEY] = device.pk
    return device


def backup_codes_replace(*, user: Actor, request: HttpRequest | None = None) -> list[str]:
    """New single-use backup codes, replacing any earlier ones; shown once, stored as keyed hashes. request: asked
    for on the backup-codes page (audited; an enrolment audits itself)."""
    with transaction.atomic():
        device, _created = HashedStaticDevice.objects.get_or_create(
            user=user, name=BACKUP_NAME, defaults={"confirmed": True}
        )
        device.codes.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        HashedStaticCode.objects.bulk_create(
            [HashedStaticCode(device=device, digest=backup_code_digest(c)) for c in codes]
        )
        if request is not None:
            audit_record(
                actor=user,
                action="auth.backup_codes",
                target_type=targets.USER,
                target_id=user.pk if user is not None else None,
                ip=client_ip(request),
            )
    return codes


def totp_enrol_confirm(*, request: HttpRequest, token: str) -> list[str] | None:
    """Confirm the pending authenticator with a code from it; returns the new backup codes, or None."""
    device = totp_enrol_start(request=request)
    if not device.verify_token(token.strip()):
        audit_record(
            actor=request.user,
            action="auth.otp_enrol_fail",
            target_type=targets.USER,
            target_id=request.user.pk,
            ip=client_ip(request),
        )
        return None
    with transaction.atomic():
        SealedTOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = backup_codes_replace(user=request.user)
        audit_record(
            actor=request.user,
            action="auth.otp_enrol",
            target_type=targets.USER,
            target_id=request.user.pk,
            ip=client_ip(request),
        )
    request.session.pop(ENROL_SESSION_KEY, None)
    otp_login(request, device)
    request.session[REAUTH_SESSION_KEY] = time.time()
    return codes


def _device_matching(user: Actor, token: str) -> SealedTOTPDevice | HashedStaticDevice | None:
    """The device a code is from, by its shape: six digits are the authenticator's, anything else a backup code's.
    (django-otp's match_token tries every device, so one wrong code counted against both and a password alone
    could keep both throttled.) Each device is locked while it verifies: a code is used once."""
    model: type[SealedTOTPDevice | HashedStaticDevice] = (
        SealedTOTPDevice if len(token) == TOTP_DIGITS and token.isdigit() else HashedStaticDevice
    )
    with transaction.atomic():
        devices: list[SealedTOTPDevice | HashedStaticDevice] = list(
            model.objects.filter(user=user, confirmed=True).select_for_update()
        )
        for device in devices:
            if device.verify_token(token):
                return device
    return None


def otp_verify(*, request: HttpRequest, token: str, reauth: bool = False) -> bool:
    """Check a code (authenticator or backup) for the signed-in user; on success the session is verified."""
    device = _device_matching(request.user, token.strip().replace(" ", ""))
    action = ("auth.reauth" if reauth else "auth.otp") if device is not None else "auth.otp_fail"
    details: dict[str, Any] = (
        {"method": "backup" if isinstance(device, HashedStaticDevice) else "totp"} if device else {}
    )
    if device is not None:
        otp_login(request, device)
        request.session[REAUTH_SESSION_KEY] = time.time()
        if isinstance(device, HashedStaticDevice):
            details["backup_codes_left"] = device.codes.count()
    audit_record(
        actor=request.user,
        action=action,
        target_type=targets.USER,
        target_id=request.user.pk,
        ip=client_ip(request),
        details=details,
    )
    return device is not None


def reauth_is_fresh(*, request: HttpRequest) -> bool:
    at = request.session.get(REAUTH_SESSION_KEY)
    return isinstance(at, int | float) and time.time() - at < int(settings.CUSTOS_STAFF_REAUTH_SECONDS)


def totp_code_current(*, user: Actor) -> str:
    """The authenticator's code now (the demo's `dev.py otp USER`): one step ahead if this one was used."""
    device = totp_device_of(user)
    if device is None:
        raise LookupError("no authenticator is enrolled")
    base = int((time.time() - device.t0) // device.step)
    now = base + device.drift
    t = max(now, device.last_t + 1)
    if t > now + device.tolerance:
        raise LookupError("the next code is not valid yet: wait a few seconds")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=t - base)
    return str(code).zfill(device.digits)


def totp_device_ensure(*, user: Actor) -> SealedTOTPDevice:
    """A confirmed authenticator for the user (demo accounts, tests)."""
    device = totp_device_of(user)
    if device is None:
        device = SealedTOTPDevice.create(user=user, name=TOTP_NAME, confirmed=True)
    return device
