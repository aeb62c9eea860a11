"""Render the ticket changelist at a million tickets: as a superuser, and as an agent with object grants.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/custos .venv/bin/python bench/bench_changelist.py [--tickets N]

Target (issue 2): a page in < 300 ms median at 1,000,000 tickets. The baseline printed beside it is the same
page rendered by Django's stock Paginator (a full COUNT(*)), to show what the estimated count saves.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import django_setup, median_ms, timed  # noqa: E402


def populate(tickets: int, customers: int) -> None:
    """Bulk-insert through the ORM (so new columns get their defaults) with placeholder ciphertext."""
    import uuid
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from encryption.models import DataKey
    from supportrecords.models import Customer, DataCategory, Ticket

    if Ticket.objects.count() >= tickets:
        return
    print(f"populating {tickets} tickets of {customers} customers ...", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE supportrecords_ticket, supportrecords_customer, encryption_datakey, "
            "supportrecords_historicalticket, supportrecords_ticketuserobjectpermission CASCADE"
        )
    now = timezone.now()
    # The changelist shows metadata only and never decrypts, so the ciphertext columns hold a placeholder.
    keys = DataKey.objects.bulk_create(
        [DataKey(kek_id="bench", wrapped_key=b"\x01" * 61) for _ in range(customers)], batch_size=5000
    )
    people = Customer.objects.bulk_create(
        [
            Customer(
                data_key_id=key.pk,
                exchange_account_id_ciphertext=b"\x01",
                email_ciphertext=b"\x01",
                account_id_index=uuid.uuid4().hex,
                email_index=uuid.uuid4().hex,
                jurisdiction=("eu", "cn", "hk", "us_ny")[i % 4],
            )
            for i, key in enumerate(keys)
        ],
        batch_size=5000,
    )
    categories = list(DataCategory.objects.all())
    batch: list[Ticket] = []
    for i in range(tickets):
        person = people[i % len(people)]
        batch.append(
            Ticket(
                customer_id=person.pk,
                data_key_id=person.data_key_id,
                category=categories[i % len(categories)],
                channel=("email", "chat", "web", "phone", "social")[i % 5],
                status=("open", "pending", "solved", "closed")[i % 4],
                subject_ciphertext=b"\x01",
                opened_at=now - timedelta(seconds=i),
            )
        )
        if len(batch) == 10_000:
            Ticket.objects.bulk_create(batch)
            batch = []
    Ticket.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    django_setup(database="custos_bench_changelist")

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.paginator import Paginator
    from django.test import Client
    from guardian.shortcuts import assign_perm

    from supportrecords import roles
    from supportrecords.admin import TicketAdmin
    from supportrecords.models import Ticket

    populate(args.tickets, max(1, args.tickets // 50))
    users = get_user_model().objects
    admin_user = users.filter(username="bench-admin").first() or users.create_superuser("bench-admin")
    agent = users.filter(username="bench-agent").first()
    if agent is None:
        agent = users.create_user("bench-agent", is_staff=True)
        agent.groups.add(Group.objects.get(name=roles.AGENT))
        for ticket in Ticket.objects.order_by("id")[:2000]:
            assign_perm("supportrecords.view_ticket", agent, ticket)

    def page(user, query: str = "") -> float:
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)

        def get() -> None:
            response = client.get(f"/admin/supportrecords/ticket/{query}", secure=True)
            assert response.status_code == 200, response.status_code

        get()  # warm caches
        return median_ms(timed(get, repeat=args.repeat))

    print(f"ticket changelist at {Ticket.objects.order_by().count():,} tickets, median of {args.repeat}:")
    fast = page(admin_user)
    print(f"  superuser, first page:            {fast:7.1f} ms  (target < 300 ms)")
    print(f"  superuser, filtered status=open:  {page(admin_user, '?status__exact=open'):7.1f} ms")
    print(f"  superuser, page 50:               {page(admin_user, '?p=50'):7.1f} ms")
    print(f"  agent with 2,000 granted tickets: {page(agent):7.1f} ms")
    TicketAdmin.paginator = Paginator  # type: ignore[assignment]  # the stock paginator as baseline
    slow = page(admin_user)
    print(f"  baseline, stock Paginator COUNT(*): {slow:7.1f} ms  ratio estimated/stock = {fast / slow:.2f}")


if __name__ == "__main__":
    main()
