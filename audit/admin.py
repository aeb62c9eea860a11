from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEvent
from config.pagination import EstimatedCountPaginator


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["seq", "at", "actor_label", "action", "target_type", "target_id", "customer_id", "ip"]
    list_filter = ["action", "target_type"]
    search_fields = ["=actor_label", "=target_id", "=customer_id"]
    date_hierarchy = "at"
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    readonly_fields = [f.name for f in AuditEvent._meta.fields if f.name != "personal"]
    exclude = ["personal"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
