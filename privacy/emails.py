"""Emails of privacy requests, in the customer's language (English or Simplified Chinese).

Templates: templates/deletion/email/<kind>_subject.txt and <kind>.txt. The confirmation email is sent from the web
process after commit (its link carries a nonce that is never stored); every later email is sent by a Celery task
that takes the request id and the kind, and sends each kind once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from privacy.models import PrivacyRequest, PrivacyRequestStatus
from privacy.tokens import export_token_make, track_token_make, verify_token_make
from supportrecords import roles

logger = logging.getLogger(__name__)

# The kinds sent by the task, once each per request.
REQUEST_EMAILS = ("verified", "approved", "rejected", "extended", "cancelled", "completed")


def public_url(path: str) -> str:
    return f"{settings.CUSTOS_PUBLIC_BASE_URL}{path}"


def status_url(request: PrivacyRequest) -> str:
    return public_url(reverse("privacy:status", args=[track_token_make(request_uid=str(request.uid))]))


def _render(kind: str, *, language: str, context: dict[str, Any]) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"privacy/email/{kind}_subject.txt", context).strip().replace("\n", " ")
        body = render_to_string(f"privacy/email/{kind}.txt", context)
    return subject, body


def verification_email_send(*, request: PrivacyRequest, nonce: str) -> None:
    """Send the single-use confirmation link (called after commit, in the web process)."""
    token = verify_token_make(request_uid=str(request.uid), nonce=nonce)
    context = {
        "request": request,
        "verify_url": public_url(reverse("privacy:verify", args=[token])),
        "hours": settings.CUSTOS_PRIVACY_VERIFY_HOURS,
    }
    subject, body = _render("received", language=request.language, context=context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [request.email])


def unmatched_email_send(*, email: str, language: str) -> None:
    """Tell the address that no request could be opened, without saying whether the account exists."""
    subject, body = _render("unmatched", language=language, context={"form_url": public_url(reverse("privacy:new"))})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


def _request_context(request: PrivacyRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "request": request,
        "status_url": status_url(request),
        "kind_label": request.get_kind_display(),
    }
    if request.certificate:
        context["certificate_url"] = public_url(reverse("privacy:certificate", args=[request.uid]))
        context["certificate_pdf_url"] = public_url(reverse("privacy:certificate_pdf", args=[request.uid]))
    export = getattr(request, "export", None)
    if export is not None and export.deleted_at is None:
        context["export_url"] = public_url(
            reverse("privacy:export", args=[export_token_make(export_uid=str(export.uid))])
        )
        context["export_expires_at"] = export.expires_at
    return context


def privacy_request_email_send(*, request_id: int, kind: str) -> bool:
    """Send one of the request's emails unless it was sent already or the contact details are gone."""
    if kind not in REQUEST_EMAILS:
        raise ValueError(f"unknown privacy email kind {kind!r}")
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().get(pk=request_id)
        if kind in request.emails_sent or request.contact_forgotten_at is not None:
            return False
        with translation.override(request.language):
            context = _request_context(request)
            if kind == "rejected":
                context["reason"] = request.rejection_reason or ""
            if kind == "extended":
                context["reason"] = request.extension_reason or ""
        subject, body = _render(kind, language=request.language, context=context)
        # Sent inside the row lock: a concurrent duplicate waits and then finds the kind recorded.
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [request.email])
        request.emails_sent = [*request.emails_sent, kind]
        request.save(update_fields=["emails_sent"])
    logger.info("privacy request %s: %s email sent", request_id, kind)
    return True


def privacy_officers_remind(*, overdue: Sequence[PrivacyRequest], due: Sequence[PrivacyRequest]) -> int:
    """Email every active privacy officer the overdue requests and those due soon; returns recipients."""
    if not overdue and not due:
        return 0
    recipients = sorted(
        {
            email
            for email in get_user_model()
            .objects.filter(is_active=True, groups__name=roles.PRIVACY_OFFICER)
            .exclude(email="")
            .values_list("email", flat=True)
        }
    )
    if not recipients:
        logger.warning("privacy deadline reminder: no privacy officer has an email address")
        return 0
    admin_url = f"{settings.CUSTOS_ADMIN_BASE_URL.rstrip('/')}{reverse('admin:privacy_privacyrequest_changelist')}"
    context = {
        "overdue": overdue,
        "due": due,
        "admin_url": admin_url,
        "now": timezone.now(),
        "days": settings.CUSTOS_PRIVACY_REMIND_DAYS,
        "statuses": dict(PrivacyRequestStatus.choices),
    }
    subject, body = _render("officer_reminder", language=settings.LANGUAGE_CODE, context=context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)
