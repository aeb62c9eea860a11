"""Celery tasks of the support records: thin, taking ids only, idempotent."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def security_alert_send_task(ticket_id: int) -> bool:
    """Alert the security contacts about a ticket's exposed secret (once per exposure)."""
    from supportrecords.exposure import security_alert_send

    return security_alert_send(ticket_id=ticket_id)


@shared_task(acks_late=True)
def exposure_reply_send_task(ticket_id: int) -> bool:
    """Email the customer the automatic exposure reply (once per ticket)."""
    from supportrecords.exposure import exposure_reply_send

    return exposure_reply_send(ticket_id=ticket_id)
