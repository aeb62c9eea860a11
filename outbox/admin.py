from __future__ import annotations

from django.contrib import admin

from outbox.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    list_display = ["id", "task_name", "queue", "created_at", "attempts", "last_attempt_at", "dispatched_at"]
    list_filter = ["task_name", ("dispatched_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["task_name", "queue", "args", "kwargs", "created_at", "attempts", "last_attempt_at"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
