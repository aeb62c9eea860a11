"""Customer privacy requests (access, rectification, erasure), their timeline, processors, exports and statements.

A request names its customer by id, not by foreign key: it outlives the customer it erases. What the customer
typed (account id, email, what to correct) is encrypted under the request's own data key, destroyed when the
request is minimised; the request then keeps only ids, dates and its outcome.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from encryption.fields import EncryptedJSONField, EncryptedTextField
from encryption.models import DataKey
from supportrecords.models import Customer, Ticket


class PrivacyRequestKind(models.TextChoices):
    ACCESS = "access", _("access to my records")
    RECTIFICATION = "rectification", _("correction of my records")
    ERASURE = "erasure", _("erasure of my records")


class PrivacyRequestStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("waiting for email confirmation")
    PENDING_REVIEW = "pending_review", _("in review")
    AWAITING_SECOND_APPROVAL = "awaiting_second_approval", _("awaiting second approval")
    APPROVED = "approved", _("approved")
    EXECUTING = "executing", _("in progress")
    AWAITING_PROCESSORS = "awaiting_processors", _("waiting for our processors to confirm")
    COMPLETED = "completed", _("completed")
    REJECTED = "rejected", _("rejected")
    CANCELLED = "cancelled", _("cancelled")
    ABANDONED = "abandoned", _("abandoned (never confirmed)")


OPEN_STATUSES = (
    PrivacyRequestStatus.PENDING_REVIEW,
    PrivacyRequestStatus.AWAITING_SECOND_APPROVAL,
    PrivacyRequestStatus.APPROVED,
    PrivacyRequestStatus.EXECUTING,
    PrivacyRequestStatus.AWAITING_PROCESSORS,
)
FINAL_STATUSES = (
    PrivacyRequestStatus.COMPLETED,
    PrivacyRequestStatus.REJECTED,
    PrivacyRequestStatus.CANCELLED,
    PrivacyRequestStatus.ABANDONED,
)
# Statuses a request is being executed in: watched for lack of progress.
RUNNING_STATUSES = (PrivacyRequestStatus.APPROVED, PrivacyRequestStatus.EXECUTING)


class PrivacyRequest(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=20, choices=PrivacyRequestKind.choices)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=PrivacyRequestStatus.choices,
        default=PrivacyRequestStatus.UNVERIFIED,
        db_index=True,
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    customer_id = models.BigIntegerField(_("customer id"), db_index=True)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=10)
    # The request's own key: what the customer typed is readable until the request is minimised.
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+", editable=False)
    exchange_account_id = EncryptedTextField(
        _("exchange account id"), context="deletion.privacyrequest.exchange_account_id"
    )
    email = EncryptedTextField(_("email"), context="deletion.privacyrequest.email")
    rectification_wrong = EncryptedTextField(_("what is wrong"), context="deletion.privacyrequest.rectification_wrong")
    rectification_correct = EncryptedTextField(
        _("what it should be"), context="deletion.privacyrequest.rectification_correct"
    )
    rejection_reason = EncryptedTextField(_("rejection reason"), context="deletion.privacyrequest.rejection_reason")
    extension_reason = EncryptedTextField(_("extension reason"), context="deletion.privacyrequest.extension_reason")
    verification_digest = models.CharField(max_length=64, blank=True, editable=False)
    verification_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by (staff)"),
    )
    verified_at = models.DateTimeField(_("confirmed by the customer"), null=True, blank=True)
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True, db_index=True)
    original_deadline_at = models.DateTimeField(_("first deadline"), null=True, blank=True)
    extended_at = models.DateTimeField(_("extended"), null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("extended by"),
    )
    needs_second_approval = models.BooleanField(_("needs a second approval"), default=False)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    second_approved_at = models.DateTimeField(_("second approval"), null=True, blank=True)
    second_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second approver"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rejected or cancelled by"),
    )
    # The retention rules in force at approval: a retry of the erasure applies exactly these.
    rules_snapshot = models.JSONField(_("rules at approval"), default=dict, blank=True, editable=False)
    started_at = models.DateTimeField(_("execution started"), null=True, blank=True)
    progress_at = models.DateTimeField(_("last progress"), null=True, blank=True, db_index=True)
    stuck_since = models.DateTimeField(_("stuck since"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("execution attempts"), default=0)
    erasure_run_id = models.BigIntegerField(_("purge run"), null=True, blank=True, editable=False)
    erasure_seq = models.PositiveIntegerField(default=0, editable=False)
    # {"categories": {slug: {"tickets": n, "messages": n, "attachments": n}}, "stores": {...}} of what was deleted.
    erasure_counts = models.JSONField(_("deleted"), default=dict, blank=True, editable=False)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, db_index=True)
    certificate = models.JSONField(_("certificate"), null=True, blank=True, editable=False)
    certificate_signature = models.CharField(max_length=200, blank=True, editable=False)
    emails_sent = models.JSONField(default=list, blank=True, editable=False)
    contact_forgotten_at = models.DateTimeField(_("contact details forgotten"), null=True, blank=True)
    minimised_at = models.DateTimeField(_("minimised"), null=True, blank=True)
    history = HistoricalRecords(
        table_name="deletion_historicalprivacyrequest",
        excluded_fields=[
            "data_key",
            "exchange_account_id",
            "email",
            "rectification_wrong",
            "rectification_correct",
            "rejection_reason",
            "extension_reason",
            "verification_digest",
            "rules_snapshot",
            "erasure_counts",
            "certificate",
            "certificate_signature",
            "emails_sent",
        ],
    )

    class Meta:
        db_table = "deletion_privacyrequest"  # pinned: the table keeps its name wherever the model lives
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")
        ordering = ["deadline_at", "submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(second_approved_by__isnull=True) | ~Q(second_approved_by=F("approved_by")),
                name="privacy_request_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(second_approved_by__isnull=True) | Q(approved_by__isnull=False),
                name="privacy_request_second_after_first",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[
                        PrivacyRequestStatus.APPROVED,
                        PrivacyRequestStatus.EXECUTING,
                        PrivacyRequestStatus.AWAITING_PROCESSORS,
                        PrivacyRequestStatus.COMPLETED,
                    ]
                )
                | Q(approved_at__isnull=False, verified_at__isnull=False),
                name="privacy_request_executed_only_when_approved",
            ),
            models.CheckConstraint(
                condition=Q(needs_second_approval=False)
                | ~Q(status__in=[PrivacyRequestStatus.APPROVED, PrivacyRequestStatus.EXECUTING])
                | Q(second_approved_by__isnull=False),
                name="privacy_request_second_approval_before_execution",
            ),
            models.UniqueConstraint(
                fields=["customer_id", "kind"],
                condition=Q(status=PrivacyRequestStatus.UNVERIFIED),
                name="privacy_request_one_unverified_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return gettext("privacy request #%(id)s") % {"id": self.pk}

    @property
    def is_overdue(self) -> bool:
        return (
            self.deadline_at is not None
            and self.status not in FINAL_STATUSES
            and self.status != PrivacyRequestStatus.AWAITING_PROCESSORS
            and self.deadline_at < timezone.now()
        )


class PrivacyEventKind(models.TextChoices):
    RECEIVED = "received", _("Request received")
    VERIFIED = "verified", _("Email address confirmed")
    FIRST_APPROVAL = "first_approval", _("Approved by the privacy officer; a second approval is needed")
    APPROVED = "approved", _("Request approved")
    REJECTED = "rejected", _("Request rejected")
    EXTENDED = "extended", _("Deadline extended")
    CANCELLED = "cancelled", _("Request cancelled")
    STARTED = "started", _("Work on the request started")
    ERASED = "erased", _("Records erased")
    RESTRICTED = "restricted", _("Records we must keep were restricted")
    EXPORT_READY = "export_ready", _("Your copy of the records is ready")
    RECTIFIED = "rectified", _("A record was corrected")
    STATEMENT_ADDED = "statement_added", _("A supplementary statement was added to a record")
    PROCESSORS_NOTIFIED = "processors_notified", _("Our processors were notified")
    PROCESSOR_CONFIRMED = "processor_confirmed", _("A processor confirmed")
    COMPLETED = "completed", _("Request completed")
    STUCK = "stuck", _("No progress: flagged for staff")
    RETRIED = "retried", _("Execution retried")
    ABANDONED = "abandoned", _("Not confirmed in time")
    MINIMISED = "minimised", _("Personal details of the request deleted")


# Events the customer sees on the status page (the others are for staff).
PUBLIC_EVENTS = frozenset(
    {
        PrivacyEventKind.RECEIVED,
        PrivacyEventKind.VERIFIED,
        PrivacyEventKind.APPROVED,
        PrivacyEventKind.REJECTED,
        PrivacyEventKind.EXTENDED,
        PrivacyEventKind.CANCELLED,
        PrivacyEventKind.STARTED,
        PrivacyEventKind.ERASED,
        PrivacyEventKind.RESTRICTED,
        PrivacyEventKind.EXPORT_READY,
        PrivacyEventKind.RECTIFIED,
        PrivacyEventKind.STATEMENT_ADDED,
        PrivacyEventKind.PROCESSORS_NOTIFIED,
        PrivacyEventKind.PROCESSOR_CONFIRMED,
        PrivacyEventKind.COMPLETED,
        PrivacyEventKind.ABANDONED,
    }
)


class PrivacyRequestEvent(models.Model):
    """One step of a request's timeline; `details` holds counts and ids, never customer content."""

    request = models.ForeignKey(PrivacyRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("step"), max_length=30, choices=PrivacyEventKind.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "deletion_privacyrequestevent"  # pinned: the table keeps its name wherever the model lives
        verbose_name = _("privacy request event")
        verbose_name_plural = _("privacy request events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def is_public(self) -> bool:
        return self.kind in PUBLIC_EVENTS


class Processor(models.Model):
    """A downstream processor told of erasures and rectifications (GDPR Art. 19), with its shared secret."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    endpoint = models.URLField(_("endpoint"), max_length=500)
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+", editable=False)
    secret = EncryptedTextField(_("shared secret"), context="deletion.processor.secret")
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # Name, endpoint and active flag are kept; the shared secret and its key never enter history.
    history = HistoricalRecords(table_name="deletion_historicalprocessor", excluded_fields=["data_key", "secret"])

    class Meta:
        db_table = "deletion_processor"  # pinned: the table keeps its name wherever the model lives
        verbose_name = _("processor")
        verbose_name_plural = _("processors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted (not yet confirmed)")
    CONFIRMED = "confirmed", _("confirmed")
    FAILED = "failed", _("failed: delivery gave up")


class ProcessorNotification(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(PrivacyRequest, on_delete=models.CASCADE, related_name="notifications")
    processor = models.ForeignKey(
        Processor, on_delete=models.PROTECT, related_name="notifications", verbose_name=_("processor")
    )
    kind = models.CharField(_("type"), max_length=20, choices=PrivacyRequestKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        db_table = "deletion_processornotification"  # pinned: the table keeps its name wherever the model lives
        verbose_name = _("processor notification")
        verbose_name_plural = _("processor notifications")
        ordering = ["processor__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "processor", "kind"], name="processor_notification_once"),
            models.CheckConstraint(
                condition=~Q(status=NotificationStatus.CONFIRMED) | Q(confirmed_at__isnull=False),
                name="processor_notification_confirmed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"notification #{self.pk} to {self.processor_id}"


class AccessExport(models.Model):
    """A zipped copy of a customer's records, encrypted under the request's key, downloadable for a week."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.OneToOneField(PrivacyRequest, on_delete=models.CASCADE, related_name="export")
    storage_name = models.CharField(max_length=200, unique=True)
    size = models.PositiveBigIntegerField()
    ciphertext_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    downloads = models.PositiveIntegerField(default=0)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "deletion_accessexport"  # pinned: the table keeps its name wherever the model lives
        verbose_name = _("access export")
        verbose_name_plural = _("access exports")

    def __str__(self) -> str:
        return f"export of request #{self.request_id}"


class ExportWithholding(models.Model):
    """A ticket left out of an access export, decided by staff before release, with the reason.

    A withholding for tipping-off (suspicious-activity material, decided by a compliance officer) leaves no trace
    in the export; any other is listed in it with its reason, so that the customer knows what was withheld."""

    request = models.ForeignKey(PrivacyRequest, on_delete=models.CASCADE, related_name="withholdings")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    tipping_off = models.BooleanField(_("tipping-off risk"), default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        db_table = "deletion_exportwithholding"  # pinned: the table keeps its name wherever the model lives
        verbose_name = _("withheld item")
        verbose_name_plural = _("withheld items")
        constraints = [models.UniqueConstraint(fields=["request", "ticket"], name="export_withholding_once")]

    def __str__(self) -> str:
        return gettext("ticket #%(id)s") % {"id": self.ticket_id}


class Rectification(models.Model):
    """A correction of a customer's field; the previous value is kept encrypted under the customer's key."""

    request = models.ForeignKey(PrivacyRequest, on_delete=models.PROTECT, related_name="rectifications")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("field"), max_length=30)
    previous_value = EncryptedTextField(_("previous value"), context="deletion.rectification.previous_value")
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)

    class Meta:
        db_table = "deletion_rectification"  # pinned: the table keeps its name wherever the model lives
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["applied_at", "id"]

    def __str__(self) -> str:
        return f"rectification #{self.pk}"


class SupplementaryStatement(models.Model):
    """The customer's correction attached to a record that must stay unaltered (AML), instead of an overwrite."""

    request = models.ForeignKey(
        PrivacyRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="supplementary_statements")
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("statement"), context="deletion.supplementarystatement.text")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        db_table = "deletion_supplementarystatement"  # pinned: the table keeps its name wherever the model lives
        verbose_name = _("supplementary statement")
        verbose_name_plural = _("supplementary statements")
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return f"statement #{self.pk} on ticket #{self.ticket_id}"


__all__ = [
    "AccessExport",
    "ExportWithholding",
    "NotificationStatus",
    "PrivacyEventKind",
    "PrivacyRequest",
    "PrivacyRequestEvent",
    "PrivacyRequestKind",
    "PrivacyRequestStatus",
    "Processor",
    "ProcessorNotification",
    "Rectification",
    "SupplementaryStatement",
]


class PrivacySubmission(models.Model):
    """A public form submission waiting for its matching task (seconds): encrypted under a key of its own, which
    is destroyed with the row once processed."""

    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+", editable=False)
    payload = EncryptedJSONField(_("submission"), context="deletion.privacysubmission.payload")
    received_at = models.DateTimeField(default=timezone.now)
    # When its matching task was last queued: beat's sweep queues it again after a few minutes, so a submission
    # whose task died with a worker (SIGKILL after taking the message) is matched all the same.
    match_queued_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        db_table = "deletion_privacysubmission"  # pinned: the table keeps its name wherever the model lives
        verbose_name = _("privacy form submission")
