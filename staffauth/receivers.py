"""Sign-in events into the audit trail: password logins, failures and lockouts (Django's and axes' signals are
the only hooks these events have)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out  # type: ignore[import-untyped]  # ships no type information
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit import targets
from audit.services import audit_record, client_ip


def _user_id_of(username: object) -> int | str:
    """The id of the account tried, or "unknown": a mistyped username may be a password, never store it."""
    if not isinstance(username, str) or not username:
        return "unknown"
    found = get_user_model().objects.filter(username=username[:150]).values_list("pk", flat=True).first()
    return found if found is not None else "unknown"


@receiver(user_logged_in, dispatch_uid="staffauth.login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(
        actor=user,
        action="auth.login",
        target_type=targets.USER,
        target_id=user.pk,
        ip=client_ip(request) if request is not None else None,
        details={"step": "password"},
    )


@receiver(user_logged_out, dispatch_uid="staffauth.logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(
            actor=user,
            action="auth.logout",
            target_type=targets.USER,
            target_id=user.pk,
            ip=client_ip(request) if request is not None else None,
        )


@receiver(user_login_failed, dispatch_uid="staffauth.login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    audit_record(
        actor=None,
        action="auth.login_fail",
        target_type=targets.USER,
        target_id=_user_id_of(credentials.get("username")),
        ip=client_ip(request) if request is not None else None,
    )


@receiver(user_locked_out, dispatch_uid="staffauth.locked_out")
def _locked_out(sender: Any, request: Any, username: Any, ip_address: Any, **kwargs: Any) -> None:
    audit_record(
        actor=None,
        action="auth.lockout",
        target_type=targets.USER,
        target_id=_user_id_of(username),
        ip=client_ip(request) if request is not None else None,
    )
