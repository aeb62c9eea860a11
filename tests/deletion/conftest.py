"""Fixtures of the deletion tests: a private ledger directory, officers, and fully populated tickets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from supportrecords import roles, services
from supportrecords.models import Customer, DataCategory, Jurisdiction, Ticket
from tests.factories import CustomerFactory, UserFactory

LONG_AGO = timedelta(days=4000)


@pytest.fixture(autouse=True)
def _ledger_dir(settings, tmp_path):
    settings.CUSTOS_LEDGER_DIR = tmp_path / "ledger"
    return settings.CUSTOS_LEDGER_DIR


@pytest.fixture
def make_ticket(db):
    """A ticket with every copy the purge must remove: messages, a stored file, object permissions, history rows
    and an admin log entry. `closed_days_ago=None` leaves it open."""
    agent = UserFactory(role=roles.AGENT)
    team = services.team_create(name="Purge tests")
    team.agents.add(agent)  # assignments stay within the team

    def make(
        *,
        customer: Customer | None = None,
        category: str = "general-enquiry",
        closed_days_ago: int | None = 4000,
        messages: int = 3,
        attachment: bool = True,
        jurisdiction: str = Jurisdiction.EU,
    ) -> Ticket:
        customer = customer or CustomerFactory(jurisdiction=jurisdiction)
        closed_at = timezone.now() - timedelta(days=closed_days_ago) if closed_days_ago is not None else None
        ticket = services.ticket_create(
            customer=customer,
            category=DataCategory.objects.get(slug=category),
            channel="chat",
            subject="Where is my withdrawal?",
            team=team,
            status="closed" if closed_at else "open",
            closed_at=closed_at,
            opened_at=closed_at - timedelta(days=3) if closed_at else None,
        )
        services.ticket_assign(ticket=ticket, agent=agent, actor=None)
        for n in range(messages):
            message = services.message_create(ticket=ticket, author_kind="customer", body=f"message {n}")
            if attachment and n == 0:
                services.attachment_create(
                    message=message, filename="statement.pdf", content=b"%PDF-1.4 test", content_type="application/pdf"
                )
        LogEntry.objects.create(
            user=agent,
            content_type=ContentType.objects.get_for_model(Ticket),
            object_id=str(ticket.pk),
            object_repr=f"ticket #{ticket.pk}",
            action_flag=CHANGE,
        )
        return ticket

    return make


def end_relationship(customer: Customer, *, days_ago: int = 4000) -> None:
    Customer.objects.filter(pk=customer.pk).update(relationship_ended_at=timezone.now() - timedelta(days=days_ago))
