"""Celery tasks of the support records: thin, taking ids only, idempotent; started through `dispatch.py`."""

from __future__ import annotations

from celery import shared_task

from supportrecords import dispatch
from supportrecords.exposure import exposure_reply_send, security_alert_send


@shared_task(name=dispatch.SECURITY_ALERT, acks_late=True)
def security_alert_send_task(ticket_id: int) -> bool:
    """Alert the security contacts about a ticket's exposed secret (once per exposure)."""
    return security_alert_send(ticket_id=ticket_id)


@shared_task(name=dispatch.EXPOSURE_REPLY, acks_late=True)
def exposure_reply_send_task(ticket_id: int) -> bool:
    """Email the customer the automatic exposure reply (once per ticket)."""
    return exposure_reply_send(ticket_id=ticket_id)
