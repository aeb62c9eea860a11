"""Assertions shared by the purge tests: nothing of a purged ticket is left anywhere."""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage

from supportrecords.models import (
    Attachment,
    Message,
    Ticket,
    TicketGroupObjectPermission,
    TicketUserObjectPermission,
)


def ticket_traces(ticket_ids: list[int]) -> dict[str, int]:
    """How many rows of each kind still name these tickets (all zero after a complete purge)."""
    ids = list(ticket_ids)
    return {
        "tickets": Ticket.objects.filter(pk__in=ids).count(),
        "messages": Message.objects.filter(ticket_id__in=ids).count(),
        "attachments": Attachment.objects.filter(message__ticket_id__in=ids).count(),
        "user_perms": TicketUserObjectPermission.objects.filter(content_object_id__in=ids).count(),
        "group_perms": TicketGroupObjectPermission.objects.filter(content_object_id__in=ids).count(),
        "history": Ticket.history.filter(id__in=ids).count(),
        "admin_log": LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Ticket), object_id__in=[str(i) for i in ids]
        ).count(),
    }


def orphans() -> dict[str, int]:
    """Rows and files that point at nothing (always zero)."""
    ticket_ids = Ticket.objects.values("pk")
    stored = set()
    if default_storage.exists("attachments"):
        stored = {f"attachments/{name}" for name in default_storage.listdir("attachments")[1]}
    referenced = set(Attachment.objects.values_list("storage_name", flat=True))
    return {
        "messages": Message.objects.exclude(ticket_id__in=ticket_ids).count(),
        "user_perms": TicketUserObjectPermission.objects.exclude(content_object_id__in=ticket_ids).count(),
        "group_perms": TicketGroupObjectPermission.objects.exclude(content_object_id__in=ticket_ids).count(),
        "history": Ticket.history.exclude(id__in=ticket_ids).count(),
        "admin_log": LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Ticket))
        .exclude(object_id__in=[str(i) for i in Ticket.objects.values_list("pk", flat=True)])
        .count(),
        "files": len(stored - referenced),
    }
