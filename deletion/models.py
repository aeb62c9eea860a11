"""Retention policies, legal holds, purge runs and their batches, the file-deletion queue and anonymised statistics.

Holds and batches name tickets and customers by id, not by foreign key: they must outlive what they describe
and must never stand in the way of a set-based delete.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from supportrecords.models import Channel, DataCategory, Jurisdiction


class RetentionClock(models.TextChoices):
    TICKET_CLOSED = "ticket_closed", _("from the ticket's closing")
    RELATIONSHIP_ENDED = "relationship_ended", _("from the end of the customer relationship")


class RetentionAction(models.TextChoices):
    DELETE = "delete", _("delete")
    ANONYMISE = "anonymise", _("anonymise (keep category, channel and dates only)")


# The legal bases of the seeded retention policies (migration 0002), translated where they are shown to customers;
# a basis an officer typed stays as typed.
SEEDED_LEGAL_BASES = {
    "storage limitation: kept no longer than needed (GDPR Art. 5(1)(e), PIPL Art. 19, PDPO DPP 2(2))": _(
        "storage limitation: kept no longer than needed (GDPR Art. 5(1)(e), PIPL Art. 19, PDPO DPP 2(2))"
    ),
    "limitation period for claims; storage limitation (GDPR Art. 5(1)(e), PIPL Art. 19, PDPO DPP 2(2))": _(
        "limitation period for claims; storage limitation (GDPR Art. 5(1)(e), PIPL Art. 19, PDPO DPP 2(2))"
    ),
    # As seeded before migration 0011 (certificates issued then still cite them).
    "GDPR Art. 5(1)(e) storage limitation": _("GDPR Art. 5(1)(e) storage limitation"),
    "AML transaction records: FATF R.11, EU AMLD Art. 40, 31 CFR 1010.430, HK AMLO Sch. 2": _(
        "AML transaction records: FATF R.11, EU AMLD Art. 40, 31 CFR 1010.430, HK AMLO Sch. 2"
    ),
    "AML customer due diligence records: FATF R.11, EU AMLD Art. 40, HK AMLO Sch. 2": _(
        "AML customer due diligence records: FATF R.11, EU AMLD Art. 40, HK AMLO Sch. 2"
    ),
    "limitation period for claims; GDPR Art. 5(1)(e)": _("limitation period for claims; GDPR Art. 5(1)(e)"),
    "complaint handling records (e.g. FCA DISP 1.9: 3 years)": _(
        "complaint handling records (e.g. FCA DISP 1.9: 3 years)"
    ),
    "AML records: 5 years after the business relationship ends (FATF R.11, EU AMLD Art. 40, HK AMLO)": _(
        "AML records: 5 years after the business relationship ends (FATF R.11, EU AMLD Art. 40, HK AMLO)"
    ),
    "New York BitLicense 23 NYCRR 200.12: books and records for 7 years": _(
        "New York BitLicense 23 NYCRR 200.12: books and records for 7 years"
    ),
    "kept where the law requires us": _("kept where the law requires us"),
}


def legal_basis_label(basis: str) -> str:
    """A legal basis in the current language (the seeded ones are translated)."""
    label = SEEDED_LEGAL_BASES.get(basis)
    return str(label) if label is not None else basis


class RetentionPolicy(models.Model):
    """How long one data category is kept, for every jurisdiction (blank) or for one jurisdiction."""

    category = models.ForeignKey(
        DataCategory, on_delete=models.PROTECT, related_name="retention_policies", verbose_name=_("data category")
    )
    jurisdiction = models.CharField(
        _("jurisdiction"),
        max_length=10,
        choices=Jurisdiction.choices,
        blank=True,
        help_text=_("Blank: every jurisdiction without a policy of its own for this category."),
    )
    retention_days = models.PositiveIntegerField(_("retention (days)"))
    clock = models.CharField(_("counted"), max_length=20, choices=RetentionClock.choices)
    action = models.CharField(
        _("action"), max_length=10, choices=RetentionAction.choices, default=RetentionAction.DELETE
    )
    is_active = models.BooleanField(_("active"), default=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")
        ordering = ["category__name", "jurisdiction"]
        constraints = [
            models.UniqueConstraint(fields=["category", "jurisdiction"], name="retention_policy_one_per_scope"),
            models.CheckConstraint(condition=Q(retention_days__gte=1), name="retention_policy_days_positive"),
        ]

    def __str__(self) -> str:
        scope = self.get_jurisdiction_display() if self.jurisdiction else gettext("every jurisdiction")
        return ngettext(
            "%(category)s (%(scope)s): %(days)s day", "%(category)s (%(scope)s): %(days)s days", self.retention_days
        ) % {"category": self.category, "scope": scope, "days": self.retention_days}


class LegalHoldKind(models.TextChoices):
    AML_SAR = "aml_sar", _("AML / suspicious-activity investigation")
    LITIGATION = "litigation", _("litigation")
    REGULATOR = "regulator", _("regulator request")
    FRAUD = "fraud", _("fraud")


class LegalHold(models.Model):
    """Keeps a customer (all their tickets) or one ticket from any deletion until released or ended."""

    customer_id = models.BigIntegerField(_("customer id"), null=True, blank=True, db_index=True)
    ticket_id = models.BigIntegerField(_("ticket id"), null=True, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=LegalHoldKind.choices)
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("placed by")
    )
    placed_at = models.DateTimeField(_("placed"), default=timezone.now)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    release_reason = models.TextField(_("release reason"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(customer_id__isnull=False, ticket_id__isnull=True)
                | Q(customer_id__isnull=True, ticket_id__isnull=False),
                name="legal_hold_one_scope",
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True, released_by__isnull=True)
                | Q(released_at__isnull=False, released_by__isnull=False),
                name="legal_hold_release_complete",
            ),
            models.UniqueConstraint(
                fields=["customer_id", "kind"],
                condition=Q(released_at__isnull=True, customer_id__isnull=False),
                name="legal_hold_one_active_per_customer_kind",
            ),
            models.UniqueConstraint(
                fields=["ticket_id", "kind"],
                condition=Q(released_at__isnull=True, ticket_id__isnull=False),
                name="legal_hold_one_active_per_ticket_kind",
            ),
        ]

    def __str__(self) -> str:
        if self.customer_id:
            return gettext("%(kind)s hold on customer #%(id)s") % {
                "kind": capfirst(self.get_kind_display()),
                "id": self.customer_id,
            }
        return gettext("%(kind)s hold on ticket #%(id)s") % {
            "kind": capfirst(self.get_kind_display()),
            "id": self.ticket_id,
        }

    @property
    def is_active(self) -> bool:
        return self.released_at is None and (self.ends_at is None or self.ends_at > timezone.now())


class PurgeRunStatus(models.TextChoices):
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    COMPLETED_WITH_ERRORS = "completed_with_errors", _("completed with errors")
    ABANDONED = "abandoned", _("abandoned (interrupted, resumed by a later run)")


class PurgeRun(models.Model):
    """One purge: a nightly run, a command, an erasure or a ledger replay, with its counts."""

    trigger = models.CharField(_("trigger"), max_length=30)
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(
        _("status"), max_length=30, choices=PurgeRunStatus.choices, default=PurgeRunStatus.RUNNING
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    chunks_total = models.PositiveIntegerField(_("chunks"), null=True, blank=True)
    tickets_deleted = models.PositiveBigIntegerField(_("tickets"), default=0)
    messages_deleted = models.PositiveBigIntegerField(_("messages"), default=0)
    attachments_deleted = models.PositiveBigIntegerField(_("attachments"), default=0)
    customers_deleted = models.PositiveBigIntegerField(_("customers"), default=0)
    keys_destroyed = models.PositiveBigIntegerField(_("keys destroyed"), default=0)
    anonymised = models.PositiveBigIntegerField(_("anonymised"), default=0)
    held_back = models.PositiveBigIntegerField(_("held back"), default=0)
    files_failed = models.PositiveIntegerField(_("file deletions queued for retry"), default=0)
    counts_by_category = models.JSONField(_("counts by category"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        verbose_name = _("purge run")
        verbose_name_plural = _("purge runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return gettext("purge run #%(id)s (%(status)s)") % {"id": self.pk, "status": self.get_status_display()}

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class PurgeBatch(models.Model):
    """One committed batch of a run, written in the batch's own transaction: proof and idempotency key."""

    run = models.ForeignKey(PurgeRun, on_delete=models.PROTECT, related_name="batches")
    seq = models.PositiveIntegerField()
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    policy = models.ForeignKey(RetentionPolicy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    category = models.CharField(max_length=50, blank=True)
    failed = models.BooleanField(default=False)
    error = models.CharField(max_length=200, blank=True)
    tickets = models.PositiveIntegerField(default=0)
    messages = models.PositiveIntegerField(default=0)
    attachments = models.PositiveIntegerField(default=0)
    customers = models.PositiveIntegerField(default=0)
    keys_destroyed = models.PositiveIntegerField(default=0)
    anonymised = models.PositiveIntegerField(default=0)
    held_back = models.PositiveIntegerField(default=0)
    skipped_locked = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("purge batch")
        verbose_name_plural = _("purge batches")
        constraints = [models.UniqueConstraint(fields=["run", "seq"], name="purge_batch_once_per_seq")]

    def __str__(self) -> str:
        return gettext("batch %(seq)s of purge run #%(id)s") % {"seq": self.seq, "id": self.run_id}


class FileDeletion(models.Model):
    """A stored file whose record was deleted; removed from storage after commit, retried until it succeeds."""

    storage_name = models.CharField(max_length=200, unique=True)
    run = models.ForeignKey(PurgeRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    queued_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("pending file deletion")
        verbose_name_plural = _("pending file deletions")
        ordering = ["next_attempt_at", "id"]

    def __str__(self) -> str:
        return f"file deletion #{self.pk}"


class AnonymisedTicket(models.Model):
    """What statistics keep of an anonymised ticket: no link to the customer and no content."""

    category = models.ForeignKey(DataCategory, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    jurisdiction = models.CharField(max_length=10, choices=Jurisdiction.choices, blank=True)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    anonymised_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("anonymised ticket")
        verbose_name_plural = _("anonymised tickets")

    def __str__(self) -> str:
        return f"anonymised ticket #{self.pk}"


class RunLock(models.Model):
    """A named lock row with an expiry: the fallback of the Redis lock when no Redis is configured."""

    name = models.CharField(max_length=100, primary_key=True)
    token = models.CharField(max_length=64)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("run lock")
        verbose_name_plural = _("run locks")

    def __str__(self) -> str:
        return self.name
