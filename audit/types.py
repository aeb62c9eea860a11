"""Types shared by every app. `audit` is the leaf every app may import, so the acting user's type lives here."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# The user acting in a service: a signed-in staff member, the anonymous visitor of a public page, or None for the
# system (tasks, commands). Strings, so that importing them never loads the auth models before the app registry.
Actor: TypeAlias = "User | AnonymousUser | None"
StaffUser: TypeAlias = "User"


def signed_in(actor: Actor) -> StaffUser | None:
    """The signed-in user behind an actor; None for the system or an anonymous visitor."""
    if actor is None or not actor.is_authenticated:
        return None
    return actor  # `is_authenticated` is `Literal[True]` on User only, so the type checker narrows here
