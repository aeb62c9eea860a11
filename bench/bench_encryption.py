"""Encrypted inserts against unencrypted ones through the same code path; opening a 200-message ticket.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/custos .venv/bin/python bench/bench_encryption.py [--messages N]

Targets (issue 2): encrypted insert throughput >= 0.7x unencrypted; opening a 200-message ticket < 20 ms median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import django_setup, median_ms, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    django_setup(database="custos_bench_encryption")

    from django.db import connection

    from bench.records import message_build
    from encryption.keyring import key_cache
    from supportrecords.models import DataCategory, Message
    from supportrecords.selectors import ticket_messages
    from supportrecords.services import customer_create, ticket_create

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE supportrecords_message CASCADE")
    category = DataCategory.objects.get(slug="general-enquiry")
    tickets = []
    for i in range(50):
        customer = customer_create(
            exchange_account_id=f"BENCH{time.time_ns()}{i}", email=f"bench{i}@example.com", jurisdiction="eu"
        )
        tickets.append(ticket_create(customer=customer, category=category, channel="chat", subject="bench"))
    bodies = [
        f"Hello, my withdrawal #{i} of 0.5 BTC is still pending since this morning, 我的提币还在审核中 {i}"
        for i in range(args.messages)
    ]

    import encryption.fields as fields_module

    real_encrypt = fields_module.value_encrypt  # type: ignore[attr-defined]  # patched below, on purpose

    def passthrough(*, data_key_id: int, context: str, plaintext: bytes) -> bytes:
        return plaintext

    def insert(*, encrypted: bool) -> float:
        # The same code path (validation, redaction, model build, bulk insert) with the cipher switched off.
        fields_module.value_encrypt = real_encrypt if encrypted else passthrough  # type: ignore[attr-defined]
        start = time.perf_counter()
        batch: list[Message] = []
        for i, body in enumerate(bodies):
            batch.append(message_build(ticket=tickets[i % len(tickets)], author_kind="customer", body=body))
            if len(batch) == 1000:
                Message.objects.bulk_create(batch)
                batch = []
        if batch:
            Message.objects.bulk_create(batch)
        elapsed = time.perf_counter() - start
        fields_module.value_encrypt = real_encrypt  # type: ignore[attr-defined]
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE supportrecords_message CASCADE")
        return args.messages / elapsed

    plain_rates, encrypted_rates = [], []
    for _ in range(args.rounds):  # interleaved, so that machine noise hits both alike
        plain_rates.append(insert(encrypted=False))
        encrypted_rates.append(insert(encrypted=True))
    plain, encrypted = statistics.median(plain_rates), statistics.median(encrypted_rates)
    print(f"insert {args.messages} messages, median of {args.rounds}:")
    print(f"  unencrypted  {plain:10.0f} messages/s")
    print(f"  encrypted    {encrypted:10.0f} messages/s")
    print(f"  ratio encrypted/unencrypted = {encrypted / plain:.2f}  (target >= 0.70)")

    ticket = tickets[0]
    Message.objects.bulk_create(
        [message_build(ticket=ticket, author_kind="customer", body=bodies[i]) for i in range(200)]
    )

    def open_ticket() -> None:
        key_cache.clear()  # worst case: the key is unwrapped again, as in a fresh worker process
        bodies_read = [m.body for m in ticket_messages(ticket=ticket)]
        assert len(bodies_read) == 200

    def open_ticket_plain() -> None:
        list(Message.objects.filter(ticket=ticket).values_list("body", flat=True))

    open_ms = median_ms(timed(open_ticket, repeat=50))
    plain_ms = median_ms(timed(open_ticket_plain, repeat=50))
    print("open a 200-message ticket and decrypt every message (cold key cache), median of 50:")
    print(f"  {open_ms:.1f} ms  (target < 20 ms); reading the same rows without decrypting: {plain_ms:.1f} ms")


if __name__ == "__main__":
    main()
