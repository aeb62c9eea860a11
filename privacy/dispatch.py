"""Starting the privacy requests' Celery tasks: by pinned name, through the outbox, after commit.

Services, executors and the lifecycle call these functions inside their transaction and never import `tasks.py`:
the outbox row commits with their writes and is sent after commit (or by the sweeper when the broker is down).
The names are stored in beat rows, outbox rows and broker messages (processor retries wait up to 24 hours), so they
are frozen strings, never derived from a module path: they are still the names the tasks had when they lived in
`deletion/privacy_tasks.py`. `tasks.py` registers each task under its name here. This module imports no other
privacy module.
"""

from __future__ import annotations

from django.conf import settings

from outbox.services import outbox_enqueue

EXECUTE = "deletion.privacy_tasks.privacy_request_execute_task"
EMAIL = "deletion.privacy_tasks.privacy_request_email_task"
PROCESSOR_NOTIFY = "deletion.privacy_tasks.processor_notification_deliver_task"
DEADLINES_REMIND = "deletion.privacy_tasks.privacy_deadlines_remind_task"
MAINTAIN = "deletion.privacy_tasks.privacy_requests_maintain_task"
SUBMISSION_MATCH = "deletion.privacy_tasks.privacy_submission_match_task"
SUBMISSIONS_SWEEP = "privacy.tasks.privacy_submissions_sweep_task"
TASK_NAMES = (EXECUTE, EMAIL, PROCESSOR_NOTIFY, DEADLINES_REMIND, MAINTAIN, SUBMISSION_MATCH, SUBMISSIONS_SWEEP)


def _queue() -> str:
    return str(settings.CUSTOS_PRIVACY_QUEUE)


def request_execute_enqueue(*, request_id: int) -> None:
    """Execute an approved request (erasure or access export), after commit."""
    outbox_enqueue(task_name=EXECUTE, args=(request_id,), queue=_queue())


def request_email_enqueue(*, request_id: int, kind: str) -> None:
    """Send one of a request's emails (each kind once), after commit."""
    outbox_enqueue(task_name=EMAIL, args=(request_id, kind), queue=_queue())


def submission_match_enqueue(*, submission_id: int) -> None:
    """Match a public form submission to a customer, after commit."""
    outbox_enqueue(task_name=SUBMISSION_MATCH, args=(submission_id,), queue=_queue())


def processor_notification_enqueue(*, notification_id: int) -> None:
    """Deliver one processor notification, after commit."""
    outbox_enqueue(task_name=PROCESSOR_NOTIFY, args=(notification_id,), queue=_queue())
