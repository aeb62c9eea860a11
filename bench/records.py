"""Bulk building of support messages, for the benchmarks only.

`supportrecords.services.message_create` stores a message and reacts to it: a customer's exposed secret flags the
ticket, alerts security and answers the customer. The benchmarks insert tens of thousands of bodies they wrote
themselves, so they build messages with the same validation, redaction and encryption and insert them in bulk,
without the reaction. So that this never hides an exposure, a body in which the scanner finds a secret is refused.
Import it only after `bench.common.django_setup()`.
"""

from __future__ import annotations

from supportrecords.models import Message, Ticket
from supportrecords.services import message_build_scanned


def message_build(*, ticket: Ticket, author_kind: str, body: str) -> Message:
    """Validate, redact and encrypt a message without saving it; refuse a body that holds a secret."""
    message, scanned = message_build_scanned(ticket=ticket, author_kind=author_kind, body=body)
    if scanned.has_secret:
        raise ValueError("a benchmark message holds a secret: create it with message_create, which reacts to it")
    return message


def messages_insert(*, messages: list[Message], batch_size: int = 1000) -> list[Message]:
    """Insert messages built by `message_build` in batches."""
    return Message.objects.bulk_create(messages, batch_size=batch_size)
