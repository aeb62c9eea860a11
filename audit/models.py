from __future__ import annotations

import pgtrigger
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audit.actions import action_label
from audit.rules import rule_label
from audit.targets import target_label

# Every column of an event except the two the sealer writes; an UPDATE may change nothing else, ever.
EVENT_COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "customer_id",
    "ip",
    "details",
    "personal_key_id",
    "personal",
)

_SEAL_ONLY = " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in EVENT_COLUMNS)


class AuditEvent(models.Model):
    """Who did what to which record, when and from where; never any customer content.

    Targets are a type and an id, not foreign keys, so that events outlive the records they describe. Request
    paths only insert; the sealer (`audit/chain.py`) later gives each event its place `seq` in the chain and
    `hash` = SHA-256(previous hash || canonical encoding). Personal data of a customer (their IP, identifiers)
    is in `personal`, encrypted under their data key `personal_key_id`, and chained as ciphertext.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64)
    target_id = models.CharField(_("target id"), max_length=64)
    customer_id = models.BigIntegerField(_("customer id"), null=True, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    personal_key_id = models.BigIntegerField(_("personal data key id"), null=True, blank=True, editable=False)
    personal = models.BinaryField(_("personal data (encrypted)"), null=True, blank=True, editable=False)
    seq = models.BigIntegerField(_("sequence number"), null=True, blank=True, unique=True, editable=False)
    hash = models.CharField(_("chain hash"), max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_unsealed_idx"),
            models.Index(fields=["actor_id", "at"], name="audit_actor_at_idx"),
        ]
        triggers = [
            pgtrigger.Protect(name="audit_event_no_delete", operation=pgtrigger.Delete),
            pgtrigger.Trigger(
                name="audit_event_seal_only",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                func=(
                    f"IF OLD.seq IS NULL AND NEW.seq IS NOT NULL AND NEW.hash <> '' AND {_SEAL_ONLY} THEN "
                    "RETURN NEW; END IF; "
                    "RAISE EXCEPTION 'audit events are append-only: only the sealer may set seq and hash, once' "
                    "USING ERRCODE = 'insufficient_privilege';"
                ),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{date_format(self.at, 'DATETIME_FORMAT')} {self.actor_label or gettext('system')} "
            f"{action_label(self.action)} · {target_label(self.target_type)}"
        )


class Checkpoint(models.Model):
    """A signed (sequence, head hash, time) of the chain; the same document is also written outside the database."""

    seq = models.BigIntegerField(_("sequence number"), unique=True)
    head_hash = models.CharField(_("head hash"), max_length=64)
    at = models.DateTimeField(_("time"), default=timezone.now)
    key_id = models.CharField(_("key id"), max_length=16)
    signature = models.CharField(_("signature"), max_length=128)
    location = models.CharField(_("written to"), max_length=500)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["-seq"]
        triggers = [pgtrigger.Protect(name="audit_checkpoint_no_change", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return gettext("checkpoint #%(seq)s") % {"seq": self.seq}


class AnomalyThresholds(models.Model):
    """The limits of the insider-anomaly rules (one row; edited in the admin, every change kept in history).

    Each limit has a ceiling, so that nobody can switch the lock off by raising it out of reach; every change is
    also emailed to the security contacts (audit/anomaly.py `thresholds_save`).
    """

    customers_per_hour_floor = models.PositiveIntegerField(
        _("distinct customers per hour: floor"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("An agent is locked above max(multiplier x their own p95, this floor)."),
    )
    baseline_multiplier = models.PositiveSmallIntegerField(
        _("multiplier of the agent's own p95"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    baseline_days = models.PositiveSmallIntegerField(
        _("days of history for the p95"), default=28, validators=[MinValueValidator(7), MaxValueValidator(90)]
    )
    unassigned_reads_per_hour = models.PositiveIntegerField(
        _("reads of tickets not assigned to them, per hour"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    reveals_per_hour = models.PositiveIntegerField(
        _("reveals per hour"), default=30, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    exports_per_hour = models.PositiveIntegerField(
        _("exports and downloads per hour"), default=30, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("anomaly thresholds")
        verbose_name_plural = _("anomaly thresholds")

    def __str__(self) -> str:
        return str(_("anomaly thresholds"))


class TeamWorkingHours(models.Model):
    """A team's working hours; content read by its members outside them is an anomaly. No row: no restriction."""

    team_id = models.BigIntegerField(_("team id"), unique=True)
    team_name = models.CharField(_("team"), max_length=150, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    start_hour = models.PositiveSmallIntegerField(_("from (hour)"), default=8)
    end_hour = models.PositiveSmallIntegerField(_("until (hour)"), default=19)
    weekdays = models.CharField(
        _("working days"), max_length=20, default="0,1,2,3,4", help_text=_("0 = Monday ... 6 = Sunday")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team working hours")
        verbose_name_plural = _("team working hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_hour__lt=models.F("end_hour"), end_hour__lte=24), name="audit_hours_valid"
            )
        ]

    def __str__(self) -> str:
        return self.team_name or f"team #{self.team_id}"


class Incident(models.Model):
    """An insider anomaly: which rule, whose account, and the evidence (counts, ids, times; never content)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("incident status", "open")
        CLOSED = "closed", pgettext_lazy("incident status", "closed")

    opened_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    user_id = models.BigIntegerField(_("user id"), db_index=True)
    username = models.CharField(_("user"), max_length=150)
    rule = models.CharField(_("rule"), max_length=64)
    evidence = models.JSONField(_("evidence"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.CharField(_("closed by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return gettext("incident #%(id)s: %(rule)s, %(user)s") % {
            "id": self.pk,
            "rule": rule_label(self.rule),
            "user": self.username,
        }


class AccessLock(models.Model):
    """A staff account locked from customer content; unlocked only by another privileged user, with a reason."""

    user_id = models.BigIntegerField(_("user id"))
    username = models.CharField(_("user"), max_length=150)
    locked_at = models.DateTimeField(_("locked"), default=timezone.now)
    rule = models.CharField(_("rule"), max_length=64)
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, null=True, verbose_name=_("incident"))
    unlocked_at = models.DateTimeField(_("unlocked"), null=True, blank=True)
    unlocked_by = models.CharField(_("unlocked by"), max_length=150, blank=True)
    unlock_reason = models.TextField(_("reason for unlocking"), blank=True)

    class Meta:
        verbose_name = _("access lock")
        verbose_name_plural = _("access locks")
        ordering = ["-locked_at"]
        permissions = [("unlock_accesslock", "Can unlock an account locked from customer content")]
        constraints = [
            models.UniqueConstraint(
                fields=["user_id"], condition=models.Q(unlocked_at__isnull=True), name="audit_one_active_lock"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(user)s, locked on %(date)s") % {
            "user": self.username,
            "date": date_format(self.locked_at, "DATETIME_FORMAT"),
        }
