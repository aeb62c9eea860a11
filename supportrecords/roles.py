"""The staff roles, as Django groups created by a data migration."""

from __future__ import annotations

from typing import Any

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


def user_roles(user: Any) -> frozenset[str]:
    """The role names of a user, cached on the user object for the request."""
    cached: frozenset[str] | None = getattr(user, "_custos_roles", None)
    if cached is None:
        if not getattr(user, "is_authenticated", False):
            cached = frozenset()
        else:
            cached = frozenset(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
        user._custos_roles = cached
    return cached


def user_releases_quarantine(user: Any) -> bool:
    """Whether a user may download and release attachments that could not be scanned."""
    return bool(getattr(user, "is_superuser", False)) or COMPLIANCE_OFFICER in user_roles(user)


def reads_content(user: Any) -> bool:
    """Whether a user's role reads customer content (of the tickets the selectors let them see)."""
    return bool(getattr(user, "is_superuser", False) or user_roles(user) & CONTENT_ROLES)
