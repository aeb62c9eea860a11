"""Task starts written in the transaction of the change that needs them; dispatched after commit, swept until sent."""

from __future__ import annotations

from django.db import models


class OutboxMessage(models.Model):
    """One Celery task to start: a pinned task name and ids only (never customer content or secrets)."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    queue = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"], name="outbox_pending_idx", condition=models.Q(dispatched_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name} #{self.pk}"
