"""Types shared by every app. `audit` is the leaf every app may import, so the acting user's type lives here."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# The user acting in a service: a signed-in staff member, the anonymous visitor of a public page, or None for the
# system (tasks, commands). A string, so that importing it never loads the auth models before the app registry.
Actor: TypeAlias = "User | AnonymousUser | None"
