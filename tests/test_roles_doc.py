"""docs/roles.md is checked against the code: each role's row is computed here from the selectors, the services'
role checks and the groups' permissions, and must appear in the document exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils import translation

from deletion import services as deletion_services
from deletion.exceptions import NotComplianceOfficer as HoldNotCompliance
from privacy import services as privacy_services
from privacy.exceptions import NotComplianceOfficer, NotPrivacyOfficer
from supportrecords import roles, selectors
from supportrecords.models import Ticket
from supportrecords.services import attachment_create, message_create, team_create, ticket_assign
from tests.factories import TicketFactory, UserFactory

DOC = Path(__file__).resolve().parent.parent / "docs" / "roles.md"
ROLES: list[str | None] = [
    roles.AGENT,
    roles.SUPERVISOR,
    roles.PRIVACY_OFFICER,
    roles.COMPLIANCE_OFFICER,
    roles.AUDITOR,
    None,
]


def _lists(user: Any, tickets: dict[str, Ticket]) -> str:
    visible = set(selectors.ticket_list_visible_to(user=user).values_list("pk", flat=True))
    seen = {name for name, ticket in tickets.items() if ticket.pk in visible}
    if seen == set(tickets):
        return "every ticket, restricted ones too"
    if seen == set(tickets) - {"restricted"}:
        return "every ticket except restricted ones"
    if seen == {"assigned"}:
        return "tickets assigned to them"
    if seen == {"assigned", "team"}:
        return "their team's tickets"
    assert not seen, f"unexpected ticket visibility {sorted(seen)}"
    return "no ticket"


def _allowed(call: Any, refused: type[Exception]) -> bool:
    try:
        call()
    except refused:
        return False
    except (ObjectDoesNotExist, ValidationError):
        return True  # the role check passed; the request or hold id 0 does not exist
    return True


def _approves(user: Any) -> str:
    parts = []
    if _allowed(lambda: privacy_services.privacy_request_approve(request_id=0, actor=user), NotPrivacyOfficer):
        parts.append("privacy requests (first approval)")
    if _allowed(
        lambda: privacy_services.privacy_request_approve_second(request_id=0, actor=user), NotComplianceOfficer
    ):
        parts.append("second approval of erasures touching restricted records")
    place = lambda: deletion_services.legal_hold_place(actor=user, kind="fraud", reason="", ticket_id=0)  # noqa: E731
    release = lambda: deletion_services.legal_hold_release(hold_id=0, actor=user, reason="x")  # noqa: E731
    if _allowed(place, HoldNotCompliance) and _allowed(release, HoldNotCompliance):
        parts.append("legal holds (place, release)")
    return "; ".join(parts) or "nothing"


def _changes(user: Any, tickets: dict[str, Ticket]) -> str:
    parts = []
    if selectors.ticket_is_changeable_by(user=user, ticket=tickets["assigned"]):
        parts.append("tickets they list (reply, status)" if not user.is_superuser else "every ticket")
    for model in apps.get_models():
        if model is Ticket or model._meta.app_label not in ("supportrecords", "deletion", "privacy", "audit"):
            continue
        verbs = [v for v in ("add", "change") if user.has_perm(f"{model._meta.app_label}.{v}_{model._meta.model_name}")]
        if verbs and not user.is_superuser:
            parts.append(f"{model._meta.verbose_name_plural} ({', '.join(verbs)})")
    if user.is_superuser:
        parts.append("everything")
    return "; ".join(parts) or "nothing"


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _row(role: str | None, tickets: dict[str, Ticket], team: Any) -> str:
    user: Any = UserFactory(role=role, is_superuser=role is None)
    if role == roles.AGENT:
        team.agents.add(user)  # assignments stay within the ticket's team
        ticket_assign(ticket=tickets["assigned"], agent=user, actor=None)
    if role == roles.SUPERVISOR:
        user.groups.add(team.supervisors)
        tickets["assigned"].refresh_from_db()
    user = get_user_model().objects.get(pk=user.pk)
    own = tickets["assigned"]
    attachment = own.messages.get().attachments.get()
    cells = [
        f"`{role or 'superuser'}`",
        _lists(user, tickets),
        _yes(selectors.ticket_content_is_visible_to(user=user, ticket=own)),
        _yes(selectors.customer_personal_data_is_visible_to(user=user, customer=own.customer)),
        _yes(selectors.ticket_content_is_visible_to(user=user, ticket=attachment.message.ticket)),
        _approves(user),
        _changes(user, tickets),
        _yes(user.has_perm("audit.view_auditevent")),
    ]
    return "| " + " | ".join(cells) + " |"


@pytest.mark.django_db
def test_the_role_matrix_in_docs_matches_the_code():
    team = team_create(name="Europe")
    assigned = TicketFactory(team=team)
    message = message_create(ticket=assigned, author_kind="customer", body="hello")
    attachment_create(message=message, filename="a.pdf", content=b"%PDF", content_type="application/pdf")
    tickets: dict[str, Any] = {"assigned": assigned, "team": TicketFactory(team=team), "other": TicketFactory()}
    tickets["restricted"] = TicketFactory()
    Ticket.objects.filter(pk=tickets["restricted"].pk).update(restricted=True)
    teammate = UserFactory(role=roles.AGENT)
    team.agents.add(teammate)
    ticket_assign(ticket=tickets["team"], agent=teammate, actor=None)
    with translation.override("en"):  # the document is in English, whatever an earlier test activated
        rows = [_row(role, tickets, team) for role in ROLES]
    doc = DOC.read_text()
    missing = [row for row in rows if row not in doc.splitlines()]
    assert not missing, "docs/roles.md should have these rows, as the code behaves:\n" + "\n".join(rows)
