"""Downstream processors (GDPR Art. 19): signed notifications of erasures and rectifications, and their callbacks.

A notification is a JSON POST to the processor's endpoint with the header
`X-Custos-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the shared secret>`. A 2xx answer means
*accepted*, not done: the processor confirms later by POSTing `{"notification": "<uid>", "status": "done"}` to the
callback URL, signed the same way. Failed deliveries are retried with exponential backoff.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import targets
from audit.services import audit_record
from audit.types import Actor
from config.jsonsafe import json_loads
from encryption.services import data_key_create
from privacy import dispatch
from privacy.exceptions import ProcessorCallbackInvalid
from privacy.lifecycle import event_record, privacy_request_complete
from privacy.models import (
    NotificationStatus,
    PrivacyEventKind,
    PrivacyRequest,
    PrivacyRequestStatus,
    Processor,
    ProcessorNotification,
)

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Custos-Signature"
MAX_CLOCK_SKEW_SECONDS = 300
MAX_CALLBACK_BYTES = 10_000


def signature_make(*, secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signature_check(*, secret: str, header: str, body: bytes, now: float | None = None) -> bool:
    """Constant-time check of a signature header, refusing timestamps more than 5 minutes off (replays)."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - timestamp) > MAX_CLOCK_SKEW_SECONDS:
        return False
    expected = signature_make(secret=secret, timestamp=timestamp, body=body).split("v1=", 1)[1]
    return hmac.compare_digest(expected.encode(), parts.get("v1", "").encode())


ENDPOINT_NOT_HTTPS = _("The endpoint must be an https:// URL (plain http is accepted only when DEBUG is on).")


def processor_endpoint_allowed(endpoint: str) -> bool:
    """Whether notifications may go to this endpoint: https, or anything while DEBUG (a local test processor)."""
    return bool(settings.DEBUG) or urlsplit(endpoint.strip()).scheme.lower() == "https"


def _endpoint_check(endpoint: str) -> None:
    if not processor_endpoint_allowed(endpoint):
        raise ValidationError({"endpoint": ENDPOINT_NOT_HTTPS})


def processor_create(*, name: str, endpoint: str, secret: str, actor: Actor = None) -> Processor:
    _endpoint_check(endpoint)
    with transaction.atomic():
        processor = Processor(name=name, endpoint=endpoint, data_key=data_key_create())
        processor.secret = secret
        processor.full_clean(exclude=["data_key", "secret"])
        processor.save()
        audit_record(actor=actor, action="processor.create", target_type=targets.PROCESSOR, target_id=processor.pk)
    return processor


def processor_update(*, processor: Processor, name: str, endpoint: str, active: bool, actor: Actor = None) -> Processor:
    """Change a processor's name, endpoint or active flag (its secret: processor_secret_set)."""
    _endpoint_check(endpoint)
    with transaction.atomic():
        processor.name, processor.endpoint, processor.active = name, endpoint, active
        processor.full_clean(exclude=["data_key", "secret"])
        processor.save(update_fields=["name", "endpoint", "active"])
        audit_record(
            actor=actor,
            action="processor.update",
            target_type=targets.PROCESSOR,
            target_id=processor.pk,
            details={"active": active},
        )
    return processor


def processor_secret_set(*, processor: Processor, secret: str, actor: Actor = None) -> None:
    with transaction.atomic():
        processor.secret = secret
        processor.save(update_fields=["secret_ciphertext"])
        audit_record(actor=actor, action="processor.secret_set", target_type=targets.PROCESSOR, target_id=processor.pk)


def processor_notifications_create(*, request: PrivacyRequest) -> int:
    """Notify every active processor of the request (once each); returns how many have not confirmed yet."""
    created = []
    for processor in Processor.objects.filter(active=True).order_by("pk"):
        notification, was_created = ProcessorNotification.objects.get_or_create(
            request=request, processor=processor, kind=request.kind
        )
        if was_created:
            created.append(notification.pk)
    if created:
        event_record(request=request, kind=PrivacyEventKind.PROCESSORS_NOTIFIED, details={"processors": len(created)})
        for notification_id in created:
            dispatch.processor_notification_enqueue(notification_id=notification_id)
    return request.notifications.exclude(status=NotificationStatus.CONFIRMED).count()


def _payload(notification: ProcessorNotification) -> bytes:
    request = notification.request
    body = {
        "notification": str(notification.uid),
        "request": str(request.uid),
        "kind": notification.kind,
        "exchange_account_id": request.exchange_account_id,
        "callback_url": f"{settings.CUSTOS_PUBLIC_BASE_URL}{reverse('privacy:processor_callback')}",
        "issued_at": timezone.now().isoformat(),
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def processor_notification_deliver(*, notification_id: int) -> int | None:
    """Try one delivery. Returns the seconds to wait before the next try, or None when there is nothing more to do
    (accepted, confirmed, or given up after CUSTOS_PROCESSOR_MAX_ATTEMPTS)."""
    notification = ProcessorNotification.objects.select_related("processor", "request").get(pk=notification_id)
    if notification.status != NotificationStatus.PENDING:
        return None
    if notification.request.contact_forgotten_at is not None:
        _failed(notification_id, error="account id no longer held")
        return None
    processor = notification.processor
    if not processor_endpoint_allowed(processor.endpoint):
        # Registered before https was required, or edited outside the services: never send a request in clear.
        _failed(notification_id, error="endpoint is not https")
        logger.error(
            "processor notification %s refused: processor %s endpoint is not https", notification_id, processor.pk
        )
        return None
    body = _payload(notification)
    http = urllib.request.Request(  # noqa: S310  # staff-registered https endpoints
        processor.endpoint,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature_make(secret=processor.secret or "", timestamp=int(time.time()), body=body),
            "User-Agent": "Custos-Notifier/1",
        },
    )
    error = ""
    try:
        with urllib.request.urlopen(http, timeout=int(settings.CUSTOS_PROCESSOR_TIMEOUT_SECONDS)) as response:  # noqa: S310  # see above
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        status, error = int(exc.code), f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        status, error = 0, exc.__class__.__name__
    with transaction.atomic():
        locked = ProcessorNotification.objects.select_for_update().get(pk=notification_id)
        if locked.status != NotificationStatus.PENDING:
            return None
        locked.attempts += 1
        if 200 <= status < 300:
            locked.status = NotificationStatus.ACCEPTED
            locked.accepted_at = timezone.now()
            locked.last_error = ""
            locked.save()
            audit_record(
                actor=None,
                action="processor.notify",
                target_type=targets.PROCESSOR_NOTIFICATION,
                target_id=locked.pk,
                details={"processor_id": processor.pk, "request_id": locked.request_id, "kind": locked.kind},
            )
            return None
        locked.last_error = error or f"HTTP {status}"
        if locked.attempts >= int(settings.CUSTOS_PROCESSOR_MAX_ATTEMPTS):
            locked.status = NotificationStatus.FAILED
            locked.save()
            logger.error("processor notification %s gave up after %s attempts", locked.pk, locked.attempts)
            return None
        delay: int = min(int(settings.CUSTOS_PROCESSOR_RETRY_SECONDS) * 2 ** (locked.attempts - 1), 86_400)
        locked.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        locked.save()
        logger.warning("processor notification %s failed (%s); retry in %ss", locked.pk, locked.last_error, delay)
        return delay


def _failed(notification_id: int, *, error: str) -> None:
    ProcessorNotification.objects.filter(pk=notification_id, status=NotificationStatus.PENDING).update(
        status=NotificationStatus.FAILED, last_error=error[:200]
    )


def processor_notification_retry(*, notification_id: int, actor: Actor) -> None:
    """Staff send a failed notification again (after fixing the processor's endpoint)."""
    with transaction.atomic():
        updated = ProcessorNotification.objects.filter(pk=notification_id, status=NotificationStatus.FAILED).update(
            status=NotificationStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        if updated:
            audit_record(
                actor=actor,
                action="processor.retry",
                target_type=targets.PROCESSOR_NOTIFICATION,
                target_id=notification_id,
            )
            dispatch.processor_notification_enqueue(notification_id=notification_id)


def processor_callback_receive(*, body: bytes, signature: str) -> ProcessorNotification:
    """A processor confirms it has acted: verify, record, and complete the request once all have confirmed."""
    if len(body) > MAX_CALLBACK_BYTES:
        raise ProcessorCallbackInvalid("callback body too large")
    try:
        data = json_loads(body)
        uid = str(data["notification"])
        status = str(data["status"])
    except (ValueError, KeyError, TypeError):
        raise ProcessorCallbackInvalid("callback body is not the expected JSON") from None
    try:
        notification = ProcessorNotification.objects.select_related("processor").filter(uid=uuid.UUID(uid)).first()
    except ValueError:
        notification = None
    if notification is None or not signature_check(
        secret=notification.processor.secret or "", header=signature, body=body
    ):
        raise ProcessorCallbackInvalid("callback signature or notification is not valid")
    if status != "done":
        raise ProcessorCallbackInvalid("callback status must be `done`")
    with transaction.atomic():
        locked = ProcessorNotification.objects.select_for_update().get(pk=notification.pk)
        if locked.status == NotificationStatus.CONFIRMED:
            return locked  # a replayed callback changes nothing
        locked.status = NotificationStatus.CONFIRMED
        locked.confirmed_at = timezone.now()
        locked.save()
        request = PrivacyRequest.objects.select_for_update().get(pk=locked.request_id)
        event_record(
            request=request, kind=PrivacyEventKind.PROCESSOR_CONFIRMED, details={"processor_id": locked.processor_id}
        )
        audit_record(
            actor=None,
            action="processor.confirm",
            target_type=targets.PROCESSOR_NOTIFICATION,
            target_id=locked.pk,
            details={"processor_id": locked.processor_id, "request_id": request.pk},
        )
        if (
            request.status == PrivacyRequestStatus.AWAITING_PROCESSORS
            and not request.notifications.exclude(status=NotificationStatus.CONFIRMED).exists()
        ):
            privacy_request_complete(request=request)
    return locked
