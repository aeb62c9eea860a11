"""Writing the audit trail. Callers pass ids and labels, never customer content."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from audit import targets
from audit.models import AuditEvent
from audit.personal import personal_encrypt
from audit.types import Actor

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

SYSTEM_ACTOR = "system"


def audit_record(
    *,
    actor: Actor,
    action: str,
    target_type: str,
    target_id: int | str | None,
    customer_id: int | None = None,
    ip: str | None = None,
    details: dict[str, Any] | None = None,
    personal: dict[str, Any] | None = None,
    machine_ip: bool = False,
) -> AuditEvent:
    """Append one event in the caller's transaction (one INSERT, no lock); `actor` is a user or None for the system.

    The sealer chains it a moment later. `personal` holds the customer's identifiers that the event must keep
    (never content): it is stored encrypted under the customer's data key, and so is `ip` when nobody is signed
    in (a customer on the public pages). The IPs of staff and API integrations stay readable. Personal data
    that cannot be encrypted (no customer, or their key is already destroyed) is not stored at all.
    `machine_ip` says the anonymous caller is a machine, not a customer (an API call with a wrong token): its IP
    stays readable, as security needs it to follow an attack.

    `target_type` is a label of `audit.targets`; `target_id` is one id, or None for none (stored as "-"). An
    event about many records puts their ids in `details`. A longer string is cut to the column's 64 characters:
    only the garbage id of a refused request, taken from its URL, can be that long.
    """
    if target_type not in targets.TARGETS:
        raise ValueError(f"unregistered audit target label {target_type!r}: add it to audit/targets.py")
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    private = dict(personal or {})
    if ip and user is None and not machine_ip:
        private["ip"] = ip
        ip = None
    sealed = personal_encrypt(customer_id=customer_id, data=private) if private else None
    return AuditEvent.objects.create(
        actor_id=user.pk if user is not None else None,
        actor_label=user.get_username() if user is not None else SYSTEM_ACTOR,
        action=action,
        target_type=target_type,
        target_id="-" if target_id is None else str(target_id)[:64],
        customer_id=customer_id,
        ip=ip or None,
        details=details or {},
        personal_key_id=sealed[0] if sealed else None,
        personal=sealed[1] if sealed else None,
    )


def client_ip(request: Any) -> str | None:
    """The client's address: REMOTE_ADDR, or, where that is a proxy of CUSTOS_TRUSTED_PROXIES, the nearest address
    in X-Forwarded-For that is not one (each proxy appends the address it was reached from; what the client itself
    wrote there comes first and is never believed). Rate limits, lockouts and the audit trail all read it: behind a
    proxy that is not trusted, every customer has the proxy's address and shares its limits."""
    ip = request.META.get("REMOTE_ADDR")
    if not ip:
        return None
    trusted = _trusted_proxies(tuple(settings.CUSTOS_TRUSTED_PROXIES))
    if not trusted or not _within(str(ip), trusted):
        return str(ip)
    hops = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    for hop in reversed(hops):
        try:
            address = ipaddress.ip_address(hop)
        except ValueError:
            return str(ip)  # a malformed hop: nothing before it can be told apart from what the client wrote
        if not any(address in network for network in trusted):
            return str(address)
    return str(ip)


@lru_cache(maxsize=4)
def _trusted_proxies(values: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip())


def _within(ip: str, networks: tuple[IPNetwork, ...]) -> bool:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in network for network in networks)


def access_of(user_id: int | None) -> dict[str, Any]:
    """A user's roles, direct permissions and flags, to compare before and after an admin change."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return {"groups": set(), "permissions": set(), "flags": {}}
    return {
        "groups": set(user.groups.values_list("name", flat=True)),
        "permissions": {f"{p.content_type.app_label}.{p.codename}" for p in user.user_permissions.all()},
        "flags": {"is_superuser": user.is_superuser, "is_staff": user.is_staff, "is_active": user.is_active},
    }


def user_access_change_record(
    *, actor: Actor, user_id: int | None, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """Record what changed in a user's roles, permissions and flags (nothing if nothing changed)."""
    details: dict[str, Any] = {}
    for key in ("groups", "permissions"):
        added, removed = sorted(after[key] - before[key]), sorted(before[key] - after[key])
        if added or removed:
            details[key] = {"added": added, "removed": removed}
    flags = {k: [before["flags"].get(k), v] for k, v in after["flags"].items() if before["flags"].get(k) != v}
    if flags:
        details["flags"] = flags
    if details and user_id is not None:
        audit_record(
            actor=actor, action="user.permissions_change", target_type=targets.USER, target_id=user_id, details=details
        )


def export_record(*, actor: Actor, rows: int, filters: list[str], ip: str | None = None) -> None:
    """Record a CSV export of audit events: how many rows, and the names (not values) of the filters used."""
    audit_record(
        actor=actor,
        action="audit.export",
        target_type=targets.AUDIT_EVENT,
        target_id="-",
        ip=ip,
        details={"rows": rows, "filters": filters[:20]},
    )
