"""Celery tasks of the audit trail: thin, argument-free, idempotent. Names are pinned (stored in beat rows)."""

from __future__ import annotations

from celery import shared_task

from audit.anomaly import anomalies_scan
from audit.chain import audit_seal
from audit.checkpoints import audit_checkpoint_write, audit_head_write
from audit.verify import audit_verify_and_alert


@shared_task(name="audit.tasks.audit_seal_task", ignore_result=True)
def audit_seal_task() -> int:
    """Seal what has been written since the last run (a no-op while another sealer holds the lock)."""
    sealed = audit_seal(max_seconds=20)
    if sealed:
        audit_head_write()
    return sealed


@shared_task(name="audit.tasks.audit_checkpoint_task", ignore_result=True)
def audit_checkpoint_task() -> int | None:
    """Seal, then write a signed checkpoint if the last one is older than CUSTOS_AUDIT_CHECKPOINT_MINUTES."""
    if audit_seal(max_seconds=20):
        audit_head_write()
    checkpoint = audit_checkpoint_write()
    return checkpoint.seq if checkpoint else None


@shared_task(name="audit.tasks.audit_verify_task", ignore_result=True)
def audit_verify_task() -> int | None:
    """Verify the whole chain; alerts the security contacts on failure. Returns the first broken seq, if any."""
    return audit_verify_and_alert().first_broken


@shared_task(name="audit.tasks.anomalies_scan_task", ignore_result=True)
def anomalies_scan_task() -> int:
    """Evaluate the anomaly rules for everyone who read customer content in the last hour; lock on a breach."""
    return anomalies_scan()
