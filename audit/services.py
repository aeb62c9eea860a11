"""Writing the audit trail. Callers pass ids and labels, never customer content."""

from __future__ import annotations

from typing import Any

from audit.models import AuditEvent
from audit.personal import personal_encrypt

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
    personal: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event in the caller's transaction (one INSERT, no lock); `actor` is a user or None for the system.

    The sealer chains it a moment later. `personal` holds the customer's identifiers that the event must keep
    (never content): it is stored encrypted under the customer's data key, and so is `ip` when nobody is signed
    in (a customer on the public pages). The IPs of staff and API integrations stay readable. Personal data
    that cannot be encrypted (no customer, or their key is already destroyed) is not stored at all.
    """
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    private = dict(personal or {})
    if ip and user is None:
        private["ip"] = ip
        ip = None
    sealed = personal_encrypt(customer_id=customer_id, data=private) if private else None
    return AuditEvent.objects.create(
        actor_id=user.pk if user is not None else None,
        actor_label=user.get_username() if user is not None else SYSTEM_ACTOR,
        action=action,
        target_type=target_type,
        target_id=str(target_id)[:64],
        customer_id=customer_id,
        ip=ip or None,
        details=details or {},
        personal_key_id=sealed[0] if sealed else None,
        personal=sealed[1] if sealed else None,
    )


def client_ip(request: Any) -> str | None:
    """The client address as Django sees it (REMOTE_ADDR; put a proxy's address rewriting in front)."""
    ip = request.META.get("REMOTE_ADDR")
    return str(ip) if ip else None
