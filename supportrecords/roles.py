"""The staff roles (Django groups created by a data migration) and the one predicate for each role question.

Every predicate answers False for None, an anonymous visitor and an inactive user: a deactivated account keeps
its groups (for the record) but loses its powers at once, even inside a session or a queued task that still holds
the user object. How a predicate treats a superuser (the break-glass account) is stated in its docstring: most
admit one, and the compliance decisions that need a second person (four eyes) do not.
"""

from __future__ import annotations

from audit.types import Actor

AGENT = "support agent"
SUPERVISOR = "support supervisor"
PRIVACY_OFFICER = "privacy officer"
COMPLIANCE_OFFICER = "compliance officer"
AUDITOR = "auditor"
ALL_ROLES = (AGENT, SUPERVISOR, PRIVACY_OFFICER, COMPLIANCE_OFFICER, AUDITOR)

# Roles that read every ticket's metadata without an object grant.
ALL_TICKETS_ROLES = frozenset({PRIVACY_OFFICER, COMPLIANCE_OFFICER})

# Roles that read content (messages, attachments, unmasked personal data) of the tickets they see. Privacy
# officers work from metadata and a request's scope only; auditors see no customer content at all.
CONTENT_ROLES = frozenset({AGENT, SUPERVISOR, COMPLIANCE_OFFICER})

# Roles that work tickets: reply, change status, are given tickets by object grants.
TICKET_ROLES = frozenset({AGENT, SUPERVISOR})

# Roles that list and open privacy requests.
PRIVACY_REVIEW_ROLES = frozenset({PRIVACY_OFFICER, COMPLIANCE_OFFICER})


def user_roles(user: Actor) -> frozenset[str]:
    """The role names of a user (none for None, an anonymous visitor or an inactive user), cached on the user
    object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_custos_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
        user._custos_roles = cached  # type: ignore[attr-defined]  # a per-request cache on the user object
    return cached


def is_active_superuser(user: Actor) -> bool:
    """Whether the user is an active superuser (break-glass: everything, every use audited)."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def _role_or_superuser(user: Actor, allowed: frozenset[str]) -> bool:
    return is_active_superuser(user) or bool(user_roles(user) & allowed)


def is_privacy_officer(user: Actor) -> bool:
    """Whether the user decides privacy requests, retention policies and processors. Superusers: yes."""
    return _role_or_superuser(user, frozenset({PRIVACY_OFFICER}))


def is_compliance_officer(user: Actor) -> bool:
    """Whether the user places and releases legal holds, reads restricted records and releases quarantined
    attachments. Superusers: yes. (The four-eyes decisions are `gives_compliance_decision`.)"""
    return _role_or_superuser(user, frozenset({COMPLIANCE_OFFICER}))


def gives_compliance_decision(user: Actor) -> bool:
    """Whether the user gives a compliance officer's own decision: the second approval of a privacy request and
    a tipping-off withholding. Superusers: NO, deliberately: four eyes need a real compliance officer, and a
    break-glass account must not stand in for one (docs/roles.md)."""
    return COMPLIANCE_OFFICER in user_roles(user)


def reviews_privacy_requests(user: Actor) -> bool:
    """Whether the user lists and opens privacy requests (privacy and compliance officers). Superusers: yes."""
    return _role_or_superuser(user, PRIVACY_REVIEW_ROLES)


def is_supervisor(user: Actor) -> bool:
    """Whether the user supervises a team: assigns tickets, manages integrations' customer grants. Superusers:
    yes."""
    return _role_or_superuser(user, frozenset({SUPERVISOR}))


def works_tickets(user: Actor) -> bool:
    """Whether the user's role works tickets (agents, supervisors), i.e. may change those granted to them.
    Superusers: yes."""
    return _role_or_superuser(user, TICKET_ROLES)


def sees_all_tickets(user: Actor) -> bool:
    """Whether the user lists every ticket's metadata without an object grant (privacy and compliance officers).
    Superusers: yes."""
    return _role_or_superuser(user, ALL_TICKETS_ROLES)


def reads_content(user: Actor) -> bool:
    """Whether the user's role reads customer content (of the tickets the selectors let them see). Superusers:
    yes."""
    return _role_or_superuser(user, CONTENT_ROLES)


def user_releases_quarantine(user: Actor) -> bool:
    """Whether the user may download and release attachments that could not be scanned: a compliance officer.
    Superusers: yes."""
    return is_compliance_officer(user)
