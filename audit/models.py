from __future__ import annotations

import pgtrigger
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label or 'system'} {self.action} {self.target_type}"


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
        return f"checkpoint #{self.seq}"
