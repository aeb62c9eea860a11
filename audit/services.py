"""Writing the audit trail. Callers pass ids and labels, never customer content."""

from __future__ import annotations

from typing import Any

from audit.models import AuditEvent

SYSTEM_ACTOR = "system"


def audit_record(
    *,
    actor: Any | None,
    action: str,
    target_type: str,
    target_id: object,
    customer_id: int | None = None,
    ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction; `actor` is a user or None for the system."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor_id=user.pk if user is not None else None,
        actor_label=user.get_username() if user is not None else SYSTEM_ACTOR,
        action=action,
        target_type=target_type,
        target_id=str(target_id)[:64],
        customer_id=customer_id,
        ip=ip or None,
        details=details or {},
    )


def client_ip(request: Any) -> str | None:
    """The client address as Django sees it (REMOTE_ADDR; put a proxy's address rewriting in front)."""
    ip = request.META.get("REMOTE_ADDR")
    return str(ip) if ip else None
