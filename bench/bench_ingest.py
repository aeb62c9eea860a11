"""Ingest 20,000 messages through the batch API (redaction, encryption, exposure and risk rules, audit).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/custos .venv/bin/python bench/bench_ingest.py [--messages N]

Target (issue 5): >= 2,000 messages/s on PostgreSQL. The baseline beside it inserts the same messages with
`Message.objects.bulk_create` in batches of the same size, with no redaction, no encryption and no API.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import django_setup  # noqa: E402

BATCH = 500
SEED = "legal winner thank year wave sausage worth useful legal winner thank yellow"
TEMPLATES = [
    "Hello, my withdrawal #{i} of 0.5 BTC is still pending since this morning, could you check please?",
    "I cannot log in since yesterday, the app says my session expired. Ticket {i}.",
    "Please contact me at user{i}@example.com or +86 138 0013 {n:04d} about my verification.",
    "I sent USDT to 0x52908400098527886E0F7030069857D2E4169EE7 but it has not arrived, ref {i}.",
    "tx hash 0x{h} shows confirmed on the explorer but my balance is unchanged",
    "我的提币还在审核中，请帮我查一下，订单号 {i}。谢谢！",
    "My card ending 4242 was charged twice for order {i}, IBAN GB82 WEST 1234 5698 7654 32 for the refund.",
    "Thanks, that solved it. Have a nice day! ({i})",
]


def bodies(count: int) -> list[str]:
    rng = random.Random(5)
    out = []
    for i in range(count):
        if i % 200 == 199:  # 0.5% expose a seed phrase
            out.append(f"is this safe? my words are {SEED} thanks")
            continue
        template = TEMPLATES[rng.randrange(len(TEMPLATES))]
        out.append(template.format(i=i, n=i % 10000, h=f"{rng.getrandbits(256):064x}"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--tickets", type=int, default=1_000)
    args = parser.parse_args()
    os.environ["CUSTOS_EXPOSURE_REPLY_BY_EMAIL"] = "false"
    django_setup(database="custos_bench_ingest")

    from django.db import connection
    from rest_framework.test import APIClient

    from config.celery import app as celery_app
    from supportrecords.ingest import integration_create
    from supportrecords.models import Message, Ticket

    celery_app.conf.task_always_eager = True  # the exposure alerts run in-process (no contacts: nothing sent)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE supportrecords_message, supportrecords_riskflag, supportrecords_attachment,"
            " supportrecords_integration, audit_auditevent CASCADE"
        )
    run = str(time.time_ns())
    integration, token = integration_create(name=f"bench-{run}", rate_limit="100000/min")
    client = APIClient(HTTP_HOST="127.0.0.1")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    def post(path: str, payload: object) -> dict[str, object]:
        response = client.post(path, json.dumps(payload), content_type="application/json", secure=True)
        assert response.status_code in (200, 201), (path, response.status_code, response.content[:500])
        return response.json()

    customers = max(1, args.tickets // 5)
    for c in range(customers):
        post(
            "/api/customers/",
            {
                "external_id": f"{run}-u{c}",
                "exchange_account_id": f"B{run[-12:]}{c}",
                "email": f"bench{c}@example.com",
                "jurisdiction": "eu",
            },
        )
    for t in range(args.tickets):
        post(
            "/api/tickets/",
            {
                "external_id": f"{run}-t{t}",
                "customer_external_id": f"{run}-u{t % customers}",
                "category": "general-enquiry",
                "channel": "chat",
                "subject": f"Support request {t}",
            },
        )
    texts = bodies(args.messages)
    items = [
        {
            "external_id": f"{run}-m{i}",
            "ticket_external_id": f"{run}-t{i % args.tickets}",
            "author_kind": "customer" if i % 3 else "agent",
            "body": body,
        }
        for i, body in enumerate(texts)
    ]

    start = time.perf_counter()
    for offset in range(0, len(items), BATCH):
        result = post("/api/messages/batch/", {"messages": items[offset : offset + BATCH]})
        assert result["created"] == len(items[offset : offset + BATCH])
    api_seconds = time.perf_counter() - start
    api_rate = len(items) / api_seconds

    # Retrying every batch creates nothing (idempotency at full size).
    retry_start = time.perf_counter()
    for offset in range(0, len(items), BATCH):
        assert post("/api/messages/batch/", {"messages": items[offset : offset + BATCH]})["created"] == 0
    retry_rate = len(items) / (time.perf_counter() - retry_start)

    stored = Message.objects.filter(source=integration.source).count()
    exposed = Ticket.objects.filter(source=integration.source, secret_exposed=True).count()
    leaked = sum(SEED in m.body for m in Message.objects.filter(source=integration.source).iterator())

    tickets = list(Ticket.objects.filter(source=integration.source).order_by("pk"))
    baseline_start = time.perf_counter()
    for offset in range(0, len(items), BATCH):
        batch = []
        for i in range(offset, min(offset + BATCH, len(items))):
            ticket = tickets[i % len(tickets)]
            message = Message(ticket=ticket, data_key_id=ticket.data_key_id, author_kind="customer")
            message.body_ciphertext = texts[i].encode()  # type: ignore[attr-defined]  # the column's attname
            batch.append(message)
        Message.objects.bulk_create(batch)
    baseline_rate = len(items) / (time.perf_counter() - baseline_start)

    print(f"ingest {len(items)} messages through POST /api/messages/batch/ ({BATCH} per request), PostgreSQL:")
    print(f"  API with redaction + encryption  {api_rate:8.0f} messages/s  ({api_seconds:.2f} s)  (target >= 2000)")
    print(f"  baseline bulk_create, plaintext  {baseline_rate:8.0f} messages/s")
    print(f"  ratio API/baseline = {api_rate / baseline_rate:.2f}")
    print(f"  retrying every batch (all existing): {retry_rate:.0f} messages/s, created 0")
    print(f"  stored {stored}, tickets flagged secret_exposed {exposed}, stored bodies containing the seed {leaked}")


if __name__ == "__main__":
    main()
