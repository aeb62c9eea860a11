"""Starting the support records' Celery tasks: by pinned name, through the outbox, after commit.

Services call these functions inside their transaction and never import `tasks.py`: the outbox row commits with
the service's writes and is sent after commit (or by the sweeper when the broker is down). The names are stored
in outbox rows and broker messages, so they are frozen strings, never derived from a module path; `tasks.py`
registers each task under its name here.
"""

from __future__ import annotations

from outbox.services import outbox_enqueue

SECURITY_ALERT = "supportrecords.tasks.security_alert_send_task"
EXPOSURE_REPLY = "supportrecords.tasks.exposure_reply_send_task"
TASK_NAMES = (SECURITY_ALERT, EXPOSURE_REPLY)


def security_alert_enqueue(*, ticket_id: int) -> None:
    """Alert the security contacts about a ticket's exposed secret, after commit."""
    outbox_enqueue(task_name=SECURITY_ALERT, kwargs={"ticket_id": ticket_id})


def exposure_reply_enqueue(*, ticket_id: int) -> None:
    """Email the customer the automatic exposure reply, after commit."""
    outbox_enqueue(task_name=EXPOSURE_REPLY, kwargs={"ticket_id": ticket_id})
