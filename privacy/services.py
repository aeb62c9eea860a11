"""Writes of privacy requests: submission, confirmation, review (approve, second approval, reject, extend, cancel),
rectification, stuck detection, abandonment and minimisation.

Execution lives beside this module: `privacy_erasure` (through the purge engine), `privacy_access` (the export) and
`privacy_processors` (downstream notifications). Each service owns its transaction, audits inside it and queues
tasks and emails with `transaction.on_commit`.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import targets
from audit.services import audit_record
from audit.types import Actor, StaffUser, signed_in
from encryption.blind_index import blind_index
from encryption.services import data_key_create, data_keys_destroy
from privacy import deadlines, dispatch, selectors
from privacy.access import access_export_build, access_export_delete, access_exports_expire
from privacy.emails import (
    privacy_officers_remind,
    privacy_request_email_send,
    unmatched_email_send,
    verification_email_send,
)
from privacy.erasure import privacy_erasure_execute, privacy_erasures_follow_up
from privacy.exceptions import (
    CustomerErased,
    ExtensionNotAllowed,
    InvalidTransition,
    NotComplianceOfficer,
    NotPrivacyOfficer,
    RateLimited,
    ReasonRequired,
    RecordMustStayUnaltered,
    SameApprover,
    TokenExpired,
    TokenInvalid,
    TokenUsed,
)
from privacy.lifecycle import (
    event_record,
    privacy_request_complete,
    privacy_request_contact_forget,
    progress_mark,
    request_audit,
    request_locked,
)
from privacy.models import (
    FINAL_STATUSES,
    PrivacyEventKind,
    PrivacyRequest,
    PrivacyRequestKind,
    PrivacyRequestStatus,
    PrivacySubmission,
    Rectification,
    SupplementaryStatement,
)
from privacy.processors import processor_notifications_create
from privacy.ratelimit import ratelimit_hit
from privacy.tokens import VERIFY_SALT, nonce_matches, nonce_new, token_read
from supportrecords import roles
from supportrecords.models import Customer, Ticket
from supportrecords.normalise import account_id_clean, account_id_normalise, email_normalise
from supportrecords.scanning import SECRET_REFUSED, text_holds_secret, text_scan, text_secrets_redact
from supportrecords.selectors import customer_get_by_account_id

logger = logging.getLogger(__name__)

MAX_ACCOUNT_ID_LENGTH = 64
MAX_EMAIL_LENGTH = 254
MAX_TEXT_LENGTH = 2000
MAX_REASON_LENGTH = 2000
RECTIFIABLE_FIELDS = ("name", "phone", "email")
_ALLOWED_CONTROL = {"\n", "\t"}


def _require_privacy_officer(actor: Actor) -> StaffUser:
    staff = signed_in(actor)
    if staff is None or not roles.is_privacy_officer(staff):
        raise NotPrivacyOfficer("only a privacy officer may do this")
    return staff


def _require_status(request: PrivacyRequest, *allowed: str) -> None:
    if request.status not in allowed:
        raise InvalidTransition(f"privacy request {request.pk} is {request.status}")


# --- Input -------------------------------------------------------------------------------------------------------


def text_clean(value: str, *, field: str, max_length: int, required: bool = False, multiline: bool = True) -> str:
    """Normalise (NFC), strip, and refuse control and bidirectional-override characters and oversized text."""
    text = unicodedata.normalize("NFC", value or "").strip()
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > max_length:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": max_length}})
    for char in text:
        category = unicodedata.category(char)
        if char in _ALLOWED_CONTROL and multiline:
            continue
        if category in ("Cc", "Cs", "Co") or char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            raise ValidationError({field: _("This field contains characters that are not allowed.")})
    return text


@dataclass(frozen=True)
class SubmitOutcome:
    """What happened, for tests and logs; the customer is shown the same page whatever it says."""

    matched: bool
    request_id: int | None


def _submission_clean(
    *,
    kind: str,
    exchange_account_id: str,
    email: str,
    language: str,
    rectification_wrong: str,
    rectification_correct: str,
    ip: str | None,
) -> dict[str, str]:
    """Validate a submission and count it against the rate limits (the same work whatever it will match)."""
    if kind not in PrivacyRequestKind.values:
        raise ValidationError({"kind": _("Choose a type of request.")})
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if not (exchange_account_id or "").strip():
        raise ValidationError({"exchange_account_id": _("This field is required.")})
    if text_holds_secret(exchange_account_id):  # before the id's own checks: this message says it was not stored
        raise ValidationError({"exchange_account_id": ValidationError(SECRET_REFUSED, code="secret")})
    account_id = account_id_clean(exchange_account_id)
    if text_holds_secret(account_id):
        # Refused, not redacted: a marker is no account id. The form is shown again without the value.
        raise ValidationError({"exchange_account_id": ValidationError(SECRET_REFUSED, code="secret")})
    address = text_clean(email, field="email", max_length=MAX_EMAIL_LENGTH, required=True, multiline=False)
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    wrong = correct = ""
    if kind == PrivacyRequestKind.RECTIFICATION:
        wrong = text_clean(rectification_wrong, field="rectification_wrong", max_length=MAX_TEXT_LENGTH, required=True)
        correct = text_clean(
            rectification_correct, field="rectification_correct", max_length=MAX_TEXT_LENGTH, required=True
        )
    if ip and not ratelimit_hit(scope="privacy-ip", key=ip, rate=settings.CUSTOS_PRIVACY_RATE_PER_IP):
        raise RateLimited("too many submissions from this address")
    if not ratelimit_hit(
        scope="privacy-email", key=email_normalise(address), rate=settings.CUSTOS_PRIVACY_RATE_PER_EMAIL
    ):
        raise RateLimited("too many submissions for this email")

    return {
        "kind": kind,
        "account_id": account_id,
        "address": address,
        "language": language,
        "wrong": wrong,
        "correct": correct,
    }


def privacy_request_submit(
    *,
    kind: str,
    exchange_account_id: str,
    email: str,
    language: str,
    rectification_wrong: str = "",
    rectification_correct: str = "",
    ip: str | None = None,
) -> SubmitOutcome:
    """Open a request and email its confirmation link, if the account and the address match; otherwise email the
    address that nothing could be opened, at once (staff tools, tests). The public form uses
    `privacy_submission_receive`, which does the matching in a task after answering."""
    data = _submission_clean(
        kind=kind,
        exchange_account_id=exchange_account_id,
        email=email,
        language=language,
        rectification_wrong=rectification_wrong,
        rectification_correct=rectification_correct,
        ip=ip,
    )
    return _submission_match(**data, ip=ip)


def privacy_submission_receive(
    *,
    kind: str,
    exchange_account_id: str,
    email: str,
    language: str,
    rectification_wrong: str = "",
    rectification_correct: str = "",
    ip: str | None = None,
) -> int:
    """The public form: validate, rate-limit, and store the submission encrypted under a key of its own; the
    matching (account lookup, request, emails) runs in a task after the answer, so that the answer takes the same
    time whether the account and address match, the address is wrong, or the account is unknown."""
    data = _submission_clean(
        kind=kind,
        exchange_account_id=exchange_account_id,
        email=email,
        language=language,
        rectification_wrong=rectification_wrong,
        rectification_correct=rectification_correct,
        ip=ip,
    )
    with transaction.atomic():
        submission = PrivacySubmission(data_key=data_key_create())
        submission.payload = {**data, "ip": ip or ""}
        submission.save()
        dispatch.submission_match_enqueue(submission_id=submission.pk)
    return submission.pk


def privacy_submissions_sweep(*, older_than_seconds: int | None = None, dry_run: bool = False) -> int:
    """Queue matching again for submissions still unmatched a few minutes after it was last queued (its task died
    with a worker, or its message was lost); return how many. Matching is idempotent: the first run deletes the
    submission in the transaction that opens the request, so a second run finds nothing."""
    age = int(
        settings.CUSTOS_PRIVACY_SUBMISSION_SWEEP_AFTER_SECONDS if older_than_seconds is None else older_than_seconds
    )
    now = timezone.now()
    with transaction.atomic():
        # A submission being matched right now is locked by its task: skipped, not queued twice.
        due = list(
            PrivacySubmission.objects.select_for_update(skip_locked=True)
            .filter(match_queued_at__lte=now - timedelta(seconds=age))
            .order_by("match_queued_at")
            .values_list("pk", flat=True)[:500]
        )
        if dry_run or not due:
            return len(due)
        PrivacySubmission.objects.filter(pk__in=due).update(match_queued_at=now)
        for submission_id in due:
            dispatch.submission_match_enqueue(submission_id=submission_id)
    logger.warning("privacy form: %s submissions still unmatched, matching queued again", len(due))
    return len(due)


def privacy_submission_match(*, submission_id: int) -> SubmitOutcome | None:
    """The task's half of a public submission: match and open (or tell the address), then shred the submission.
    Idempotent: a second run finds nothing."""
    with transaction.atomic():
        submission = PrivacySubmission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None:
            return None
        data = dict(submission.payload or {})
        key_id = submission.data_key_id
        outcome = _submission_match(
            kind=str(data["kind"]),
            account_id=str(data["account_id"]),
            address=str(data["address"]),
            language=str(data["language"]),
            wrong=str(data.get("wrong", "")),
            correct=str(data.get("correct", "")),
            ip=str(data.get("ip") or "") or None,
        )
        submission.delete()
        data_keys_destroy(data_key_ids=[key_id], reason="privacy form submission processed")
    return outcome


def _submission_match(
    *,
    kind: str,
    account_id: str,
    address: str,
    language: str,
    wrong: str,
    correct: str,
    ip: str | None,
) -> SubmitOutcome:
    customer = customer_get_by_account_id(exchange_account_id=account_id)
    matched = customer is not None and customer.email_index == blind_index(
        namespace="email", normalised=email_normalise(address)
    )
    if customer is None or not matched:
        with transaction.atomic():
            audit_record(
                actor=None,
                action="privacy_request.submit_unmatched",
                target_type=targets.PRIVACY_REQUEST,
                target_id="-",
                ip=ip,
                details={"kind": kind},
            )
            transaction.on_commit(lambda: unmatched_email_send(email=address, language=language))
        return SubmitOutcome(matched=False, request_id=None)
    return _request_open(
        customer=customer,
        kind=kind,
        account_id=account_id,
        address=address,
        language=language,
        wrong=wrong,
        correct=correct,
        ip=ip,
    )


def _request_open(
    *,
    customer: Customer,
    kind: str,
    account_id: str,
    address: str,
    language: str,
    wrong: str,
    correct: str,
    ip: str | None,
) -> SubmitOutcome:
    nonce, digest = nonce_new()
    now = timezone.now()
    for attempt in range(2):
        try:
            with transaction.atomic():
                # A double submit (or a second form before confirming) reuses the unconfirmed request: one link
                # works, the newest; older links stop working because their nonce no longer matches.
                request = (
                    PrivacyRequest.objects.select_for_update()
                    .filter(customer_id=customer.pk, kind=kind, status=PrivacyRequestStatus.UNVERIFIED)
                    .first()
                )
                created = request is None
                if request is None:
                    request = PrivacyRequest(
                        kind=kind,
                        customer_id=customer.pk,
                        jurisdiction=customer.jurisdiction,
                        data_key=data_key_create(),
                    )
                request.language = language
                request.exchange_account_id = account_id
                request.email = address
                if kind == PrivacyRequestKind.RECTIFICATION:
                    # Free text from the public form: a pasted recovery phrase or key is never stored.
                    request.rectification_wrong = text_secrets_redact(wrong, jurisdiction=customer.jurisdiction)
                    request.rectification_correct = text_secrets_redact(correct, jurisdiction=customer.jurisdiction)
                request.verification_digest = digest
                request.verification_sent_at = now
                if created:
                    request.submitted_at = now
                request.save()
                if created:
                    event_record(request=request, kind=PrivacyEventKind.RECEIVED)
                request_audit(request=request, action="submit", actor=None, ip=ip, reused=not created)
                transaction.on_commit(lambda r=request: verification_email_send(request=r, nonce=nonce))  # type: ignore[misc]  # default-bound lambda
            return SubmitOutcome(matched=True, request_id=request.pk)
        except IntegrityError:
            if attempt:
                raise
            # Two submissions raced to create the unconfirmed request: the second reuses the first's.
    raise AssertionError("unreachable")


def _verify_link_read(token: str) -> tuple[PrivacyRequest, str]:
    value = token_read(
        token=token, salt=VERIFY_SALT, max_age=timedelta(hours=int(settings.CUSTOS_PRIVACY_VERIFY_HOURS))
    )
    uid, nonce = value.get("r"), value.get("n")
    if not isinstance(uid, str) or not isinstance(nonce, str):
        raise TokenInvalid("token lacks its fields")
    found = selectors.privacy_request_get(uid=uid)
    if found is None:
        raise TokenInvalid("token names no request")
    return found, nonce


def privacy_verify_link_check(*, token: str) -> str:
    """Check a confirmation link before showing its button, changing nothing: TokenInvalid or TokenExpired for a
    link the confirmation would refuse anyway (a used link passes: confirming it again shows the request).
    Returns the language of the request, which its page is shown in."""
    found, nonce = _verify_link_read(token)
    if found.verified_at is not None:
        return str(found.language)
    if found.status != PrivacyRequestStatus.UNVERIFIED:
        raise TokenExpired(f"privacy request {found.pk} is {found.status}")
    if not nonce_matches(nonce=nonce, digest=found.verification_digest):
        raise TokenInvalid(f"privacy request {found.pk}: not the newest link")
    return str(found.language)


def privacy_request_verify(*, token: str, ip: str | None = None) -> PrivacyRequest:
    """Confirm a request from its emailed link: genuine, unexpired, unused, and the newest link sent."""
    found, nonce = _verify_link_read(token)
    with transaction.atomic():
        request = request_locked(found.pk)
        if request.verified_at is not None:
            raise TokenUsed(f"privacy request {request.pk} is confirmed already")
        if request.status != PrivacyRequestStatus.UNVERIFIED:
            raise TokenExpired(f"privacy request {request.pk} is {request.status}")
        if not nonce_matches(nonce=nonce, digest=request.verification_digest):
            raise TokenInvalid(f"privacy request {request.pk}: not the newest link")
        now = timezone.now()
        request.verified_at = now
        request.verification_digest = ""
        request.status = PrivacyRequestStatus.PENDING_REVIEW
        request.deadline_at = deadlines.deadline_compute(jurisdiction=request.jurisdiction, received_at=now)
        request.original_deadline_at = request.deadline_at
        request.save()
        event_record(
            request=request, kind=PrivacyEventKind.VERIFIED, details={"deadline": request.deadline_at.isoformat()}
        )
        request_audit(request=request, action="verify", actor=None, ip=ip)
        dispatch.request_email_enqueue(request_id=request.pk, kind="verified")
    return request


# --- Review ------------------------------------------------------------------------------------------------------


def privacy_request_approve(*, request_id: int, actor: Actor, ip: str | None = None) -> PrivacyRequest:
    """The privacy officer's approval. An erasure touching a restricted category then waits for a compliance
    officer's second approval; anything else is approved, its rules snapshotted and its execution queued."""
    actor = _require_privacy_officer(actor)
    with transaction.atomic():
        request = request_locked(request_id)
        _require_status(request, PrivacyRequestStatus.PENDING_REVIEW)
        if request.submitted_by_id is not None and request.submitted_by_id == actor.pk:
            raise SameApprover("the person who submitted a request cannot approve it")
        now = timezone.now()
        request.approved_by = actor
        request.approved_at = now
        if request.kind == PrivacyRequestKind.ERASURE:
            request.rules_snapshot = selectors.retention_rules_snapshot(now=now)
            scope = selectors.erasure_plan(customer_id=request.customer_id, rules=request.rules_snapshot, now=now)
            request.needs_second_approval = scope.touches_restricted
        elif request.kind == PrivacyRequestKind.ACCESS:
            # AML and suspicious-activity material leaves only with a compliance officer's decision.
            request.needs_second_approval = selectors.access_needs_compliance_decision(
                customer_id=request.customer_id, now=now
            )
        if request.needs_second_approval:
            request.status = PrivacyRequestStatus.AWAITING_SECOND_APPROVAL
            request.save()
            event_record(request=request, kind=PrivacyEventKind.FIRST_APPROVAL, actor=actor)
            # Recorded as the plain, disclosable approval: the customer's export must not tell a request that
            # waits for a compliance decision from any other (tipping-off).
            request_audit(request=request, action="approve", actor=actor, ip=ip, awaiting_second=True)
            return request
        _approved(request=request, actor=actor, ip=ip, action="approve")
    return request


def privacy_request_approve_second(*, request_id: int, actor: Actor, ip: str | None = None) -> PrivacyRequest:
    """The compliance officer's second approval (four eyes): never the first approver."""
    staff = signed_in(actor)
    if staff is None or not roles.gives_compliance_decision(staff):
        raise NotComplianceOfficer("only a compliance officer gives the second approval")
    actor = staff
    with transaction.atomic():
        request = request_locked(request_id)
        _require_status(request, PrivacyRequestStatus.AWAITING_SECOND_APPROVAL)
        if actor.pk in (request.approved_by_id, request.submitted_by_id):
            raise SameApprover("the second approver must be another person than the first")
        request.second_approved_by = actor
        request.second_approved_at = timezone.now()
        # Not disclosable: a compliance officer's decision on a customer's request is never shown to them.
        _approved(request=request, actor=actor, ip=ip, action="approve_second")
    return request


def _approved(*, request: PrivacyRequest, actor: Actor, ip: str | None, action: str) -> None:
    request.status = PrivacyRequestStatus.APPROVED
    request.progress_at = timezone.now()
    request.save()
    event_record(request=request, kind=PrivacyEventKind.APPROVED, actor=actor)
    request_audit(request=request, action=action, actor=actor, ip=ip)
    dispatch.request_email_enqueue(request_id=request.pk, kind="approved")
    if request.kind != PrivacyRequestKind.RECTIFICATION:
        dispatch.request_execute_enqueue(request_id=request.pk)


def _awaits_second_approval(request_id: int) -> bool:
    return PrivacyRequest.objects.filter(pk=request_id, status=PrivacyRequestStatus.AWAITING_SECOND_APPROVAL).exists()


def privacy_request_reject(*, request_id: int, actor: Actor, reason: str, ip: str | None = None) -> PrivacyRequest:
    """Refuse a request, with a reason the customer is sent: the privacy officer in review, or the compliance
    officer asked for the second approval (four eyes can say no)."""
    staff = signed_in(actor)
    second_only = staff is not None and not roles.is_privacy_officer(staff) and roles.gives_compliance_decision(staff)
    if not second_only or not _awaits_second_approval(request_id):
        _require_privacy_officer(actor)
    text = text_clean(reason, field="reason", max_length=MAX_REASON_LENGTH)
    if not text:
        raise ReasonRequired("a rejection needs a reason for the customer")
    with transaction.atomic():
        request = request_locked(request_id)
        if second_only:
            if request.status != PrivacyRequestStatus.AWAITING_SECOND_APPROVAL:
                raise NotPrivacyOfficer("only a privacy officer rejects before the second approval")
        else:
            _require_status(request, PrivacyRequestStatus.PENDING_REVIEW, PrivacyRequestStatus.AWAITING_SECOND_APPROVAL)
        request.rejection_reason = text_secrets_redact(text)
        _close(request=request, status=PrivacyRequestStatus.REJECTED, actor=actor)
        event_record(request=request, kind=PrivacyEventKind.REJECTED, actor=actor)
        request_audit(request=request, action="reject", actor=actor, ip=ip)
        dispatch.request_email_enqueue(request_id=request.pk, kind="rejected")
    return request


def privacy_request_cancel(*, request_id: int, actor: Actor, ip: str | None = None) -> PrivacyRequest:
    """Cancel before execution starts (the customer withdrew, or a duplicate)."""
    _require_privacy_officer(actor)
    with transaction.atomic():
        request = request_locked(request_id)
        _require_status(
            request,
            PrivacyRequestStatus.UNVERIFIED,
            PrivacyRequestStatus.PENDING_REVIEW,
            PrivacyRequestStatus.AWAITING_SECOND_APPROVAL,
        )
        _close(request=request, status=PrivacyRequestStatus.CANCELLED, actor=actor)
        event_record(request=request, kind=PrivacyEventKind.CANCELLED, actor=actor)
        request_audit(request=request, action="cancel", actor=actor, ip=ip)
        if request.verified_at is not None:
            dispatch.request_email_enqueue(request_id=request.pk, kind="cancelled")
    return request


def _close(*, request: PrivacyRequest, status: str, actor: Actor) -> None:
    request.status = status
    request.closed_at = timezone.now()
    request.verification_digest = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        request.decided_by = signed_in(actor)
    request.save()


def privacy_request_extend(*, request_id: int, actor: Actor, reason: str, ip: str | None = None) -> PrivacyRequest:
    """Extend the deadline once, within the first period, where the jurisdiction allows it; the customer is told."""
    _require_privacy_officer(actor)
    text = text_clean(reason, field="reason", max_length=MAX_REASON_LENGTH)
    if not text:
        raise ReasonRequired("an extension needs a reason for the customer")
    with transaction.atomic():
        request = request_locked(request_id)
        if request.status in FINAL_STATUSES or request.status == PrivacyRequestStatus.UNVERIFIED:
            raise InvalidTransition(f"privacy request {request.pk} is {request.status}")
        now = timezone.now()
        if request.extended_at is not None:
            raise ExtensionNotAllowed("the deadline was extended already")
        if request.deadline_at is None or request.deadline_at <= now:
            raise ExtensionNotAllowed("the first period is over: an extension must be made within it")
        extended = deadlines.deadline_extended(jurisdiction=request.jurisdiction, deadline=request.deadline_at)
        if extended is None:
            raise ExtensionNotAllowed(f"jurisdiction {request.jurisdiction} allows no extension")
        request.deadline_at = extended
        request.extended_at = now
        request.extended_by = signed_in(actor)
        request.extension_reason = text_secrets_redact(text)
        request.save()
        event_record(
            request=request, kind=PrivacyEventKind.EXTENDED, actor=actor, details={"deadline": extended.isoformat()}
        )
        request_audit(request=request, action="extend", actor=actor, ip=ip, deadline=extended.isoformat())
        dispatch.request_email_enqueue(request_id=request.pk, kind="extended")
    return request


# --- Rectification -----------------------------------------------------------------------------------------------


def _rectification_open(request_id: int, actor: Actor) -> PrivacyRequest:
    _require_privacy_officer(actor)
    request = request_locked(request_id)
    if request.kind != PrivacyRequestKind.RECTIFICATION:
        raise InvalidTransition(f"privacy request {request.pk} is not a rectification")
    _require_status(request, PrivacyRequestStatus.APPROVED, PrivacyRequestStatus.EXECUTING)
    return request


def ticket_must_stay_unaltered(*, ticket: Ticket, request: PrivacyRequest) -> bool:
    """True for records kept under a legal obligation (AML): they get a supplementary statement instead."""
    rules = request.rules_snapshot or selectors.retention_rules_snapshot(now=timezone.now())
    return ticket.category.slug in selectors.obligation_categories(rules=rules)


def privacy_request_rectify_customer(
    *, request_id: int, actor: Actor, field: str, value: str, ip: str | None = None
) -> Rectification:
    """Correct one of the customer's fields; the previous value is kept under the customer's key (history)."""
    if field not in RECTIFIABLE_FIELDS:
        raise ValidationError({"field": _("This field cannot be corrected here.")})
    text = text_clean(value, field="value", max_length=200, required=True, multiline=False)
    if field == "email":
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError({"value": _("Enter a valid email address.")}) from None
    with transaction.atomic():
        request = _rectification_open(request_id, actor)
        customer = Customer.objects.select_for_update().filter(pk=request.customer_id).first()
        if customer is None:
            raise CustomerErased(f"privacy request {request.pk}: its customer was erased")
        rectification = Rectification(
            request=request,
            customer=customer,
            data_key_id=customer.data_key_id,
            field=field,
            applied_by=signed_in(actor),
        )
        rectification.previous_value = getattr(customer, field) or ""
        setattr(customer, field, text_secrets_redact(text) if field == "name" else text)
        update = [f"{field}_ciphertext"]
        if field == "email":
            customer.email_index = blind_index(namespace="email", normalised=email_normalise(text))
            update.append("email_index")
        customer.save(update_fields=update)
        rectification.save()
        progress_mark(request, status=PrivacyRequestStatus.EXECUTING)
        event_record(request=request, kind=PrivacyEventKind.RECTIFIED, actor=actor, details={"field": field})
        request_audit(
            request=request, action="rectify", actor=actor, ip=ip, field=field, rectification_id=rectification.pk
        )
    return rectification


def privacy_request_rectify_ticket_subject(
    *, request_id: int, actor: Actor, ticket_id: int, value: str, ip: str | None = None
) -> None:
    """Correct a ticket's subject, unless the record must stay unaltered (then add a statement instead)."""
    text = text_clean(value, field="value", max_length=500, required=True, multiline=False)
    with transaction.atomic():
        request = _rectification_open(request_id, actor)
        ticket = (
            Ticket.objects.select_for_update()
            .select_related("category")
            .get(pk=ticket_id, customer_id=request.customer_id)
        )
        if ticket_must_stay_unaltered(ticket=ticket, request=request):
            raise RecordMustStayUnaltered(f"ticket {ticket.pk} is kept unaltered under a legal obligation")
        scanned = text_scan(text, jurisdiction=ticket.customer.jurisdiction)
        ticket.subject = scanned.text
        ticket.findings, ticket.detector_version = scanned.findings, scanned.detector_version
        ticket.save(update_fields=["subject_ciphertext", "findings", "detector_version"])
        progress_mark(request, status=PrivacyRequestStatus.EXECUTING)
        event_record(request=request, kind=PrivacyEventKind.RECTIFIED, actor=actor, details={"ticket_id": ticket.pk})
        request_audit(request=request, action="rectify", actor=actor, ip=ip, ticket_id=ticket.pk, field="subject")


def privacy_request_add_statement(
    *, request_id: int, actor: Actor, ticket_id: int, text: str, ip: str | None = None
) -> SupplementaryStatement:
    """Attach the customer's correction to a record as a supplementary statement (the record is not changed)."""
    body = text_clean(text, field="text", max_length=MAX_TEXT_LENGTH, required=True)
    with transaction.atomic():
        request = _rectification_open(request_id, actor)
        ticket = Ticket.objects.get(pk=ticket_id, customer_id=request.customer_id)
        statement = SupplementaryStatement(
            request=request, ticket=ticket, data_key_id=ticket.data_key_id, added_by=signed_in(actor)
        )
        statement.text = text_secrets_redact(body)
        statement.save()
        progress_mark(request, status=PrivacyRequestStatus.EXECUTING)
        event_record(
            request=request, kind=PrivacyEventKind.STATEMENT_ADDED, actor=actor, details={"ticket_id": ticket.pk}
        )
        request_audit(request=request, action="add_statement", actor=actor, ip=ip, ticket_id=ticket.pk)
    return statement


def privacy_request_rectification_complete(*, request_id: int, actor: Actor, ip: str | None = None) -> PrivacyRequest:
    """Close a rectification once its corrections are applied; processors are told of it."""
    with transaction.atomic():
        request = _rectification_open(request_id, actor)
        if (
            not request.rectifications.exists()
            and not request.statements.exists()
            and not request.events.filter(kind=PrivacyEventKind.RECTIFIED).exists()
            # An erased customer has nothing left to correct: the request completes as it is.
            and Customer.objects.filter(pk=request.customer_id).exists()
        ):
            raise InvalidTransition(f"privacy request {request.pk}: apply a correction first")
        pending = processor_notifications_create(request=request)
        if pending:
            progress_mark(request, status=PrivacyRequestStatus.AWAITING_PROCESSORS)
        else:
            privacy_request_complete(request=request, actor=actor)
        request_audit(request=request, action="rectification_complete", actor=actor, ip=ip, processors=pending)
    return request


# --- Progress, completion and housekeeping -----------------------------------------------------------------------


def privacy_requests_flag_stuck(*, now: datetime | None = None) -> list[int]:
    """Flag requests with no progress for CUSTOS_PRIVACY_STUCK_AFTER_HOURS and queue their execution again."""
    now = now or timezone.now()
    after = timedelta(hours=int(settings.CUSTOS_PRIVACY_STUCK_AFTER_HOURS))
    flagged: list[int] = []
    for request_id in selectors.privacy_requests_stuck(now=now, after=after).values_list("pk", flat=True):
        with transaction.atomic():
            request = request_locked(request_id)
            if request.kind == PrivacyRequestKind.RECTIFICATION:
                continue  # staff apply rectifications by hand: overdue, not stuck
            first = request.stuck_since is None
            if first:
                request.stuck_since = now
                request.save(update_fields=["stuck_since"])
                event_record(request=request, kind=PrivacyEventKind.STUCK)
                request_audit(request=request, action="stuck", actor=None)
            event_record(request=request, kind=PrivacyEventKind.RETRIED)
            dispatch.request_execute_enqueue(request_id=request.pk)
            flagged.append(request.pk)
    if flagged:
        logger.warning("privacy requests stuck and re-queued: %s", flagged)
    return flagged


def privacy_requests_abandon(*, now: datetime | None = None) -> int:
    """Close requests never confirmed within the link's lifetime."""
    now = now or timezone.now()
    after = timedelta(hours=int(settings.CUSTOS_PRIVACY_VERIFY_HOURS))
    count = 0
    for request_id in selectors.privacy_requests_unverified_expired(now=now, after=after).values_list("pk", flat=True):
        with transaction.atomic():
            request = request_locked(request_id)
            if request.status != PrivacyRequestStatus.UNVERIFIED:
                continue
            _close(request=request, status=PrivacyRequestStatus.ABANDONED, actor=None)
            event_record(request=request, kind=PrivacyEventKind.ABANDONED)
            request_audit(request=request, action="abandon", actor=None)
            count += 1
    return count


def privacy_requests_minimise(*, now: datetime | None = None) -> int:
    """Requests closed longer than CUSTOS_PRIVACY_MINIMISE_AFTER_DAYS keep only non-personal fields."""
    now = now or timezone.now()
    after = timedelta(days=int(settings.CUSTOS_PRIVACY_MINIMISE_AFTER_DAYS))
    count = 0
    for request_id in selectors.privacy_requests_to_minimise(now=now, after=after).values_list("pk", flat=True):
        access_export_delete(request_id=request_id)
        privacy_request_contact_forget(request_id=request_id, reason="minimised")
        with transaction.atomic():
            request = request_locked(request_id)
            if request.minimised_at is not None:
                continue
            request.minimised_at = now
            request.save(update_fields=["minimised_at"])
            event_record(request=request, kind=PrivacyEventKind.MINIMISED)
            request_audit(request=request, action="minimise", actor=None)
            count += 1
    return count


def privacy_deadlines_remind(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    overdue, due = selectors.privacy_requests_due(
        now=now, within=timedelta(days=int(settings.CUSTOS_PRIVACY_REMIND_DAYS))
    )
    return privacy_officers_remind(overdue=overdue, due=due)


def account_id_matches(*, request: PrivacyRequest, exchange_account_id: str) -> bool:
    """Whether a typed account id is the request's (for the certificate's fingerprint check)."""
    stored = request.exchange_account_id or ""
    return account_id_normalise(stored) == account_id_normalise(exchange_account_id)


# --- Execution and delivery (the tasks call these) -----------------------------------------------------------------


def privacy_request_execute(*, request_id: int) -> str:
    """Execute an approved request by its kind: an erasure through the purge engine, an access request by building
    the export. Rectifications are applied by staff; anything else has nothing to execute."""
    kind = PrivacyRequest.objects.filter(pk=request_id).values_list("kind", flat=True).first()
    if kind == PrivacyRequestKind.ERASURE:
        return privacy_erasure_execute(request_id=request_id)
    if kind == PrivacyRequestKind.ACCESS:
        return access_export_build(request_id=request_id)
    return "nothing to execute"


def privacy_request_email_deliver(*, request_id: int, kind: str) -> bool:
    """Send one of a request's emails (each kind once). An erased customer's contact details go as soon as the last
    email they need (the completion) has left."""
    sent = privacy_request_email_send(request_id=request_id, kind=kind)
    if kind == "completed":
        request = PrivacyRequest.objects.filter(pk=request_id).values("kind", "status").first()
        if (
            request
            and request["kind"] == PrivacyRequestKind.ERASURE
            and request["status"] == PrivacyRequestStatus.COMPLETED
        ):
            privacy_request_contact_forget(request_id=request_id, reason="erasure completed")
    return sent


def privacy_requests_maintain() -> dict[str, int]:
    """The hourly housekeeping: stuck requests, abandoned confirmations, expired exports, minimisation, and
    erasures whose kept records have gone. Returns how many of each."""
    return {
        "stuck": len(privacy_requests_flag_stuck()),
        "abandoned": privacy_requests_abandon(),
        "exports_expired": access_exports_expire(),
        "minimised": privacy_requests_minimise(),
        "erasures_followed_up": privacy_erasures_follow_up(),
    }
