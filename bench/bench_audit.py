"""The audit trail's costs: recording the event when a ticket is opened, the sealer, and verify_audit.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/custos .venv/bin/python bench/bench_audit.py [--events N]

Targets (issue 12), each printed beside a baseline measured in the same run (medians):
- opening a ticket (the agent's admin page, 20 messages decrypted) with the event recorded and the anomaly rules
  checked, against the same page with recording and rules switched off: < 10% slower;
- the sealer: >= 5,000 events/s (baseline: encoding and hashing the same rows in Python, in memory);
- verify_audit: >= 100,000 events/s (baseline: only reading the same rows).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import django_setup, median_ms, timed  # noqa: E402


def seed_events(n: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent, audit_checkpoint")
        cursor.execute(
            "INSERT INTO audit_auditevent (at, actor_id, actor_label, action, target_type, target_id, customer_id, ip, "
            "details, hash) SELECT now() - make_interval(secs => i), 1000000 + i %% 50, 'agent.' || (i %% 50), "
            "'ticket.view_content', 'supportrecords.ticket', i::text, i %% 5000, '10.0.0.1', "
            "'{\"assigned\": true}'::jsonb, '' FROM generate_series(1, %s) AS i",
            [n],
        )
        cursor.execute("ANALYZE audit_auditevent")


def bench_open_ticket(repeat: int) -> tuple[float, float]:
    from django.test import Client

    import supportrecords.selectors as selectors_module
    import supportrecords.services as services_module
    from supportrecords import roles
    from supportrecords.models import DataCategory
    from supportrecords.services import customer_create, message_create, ticket_assign, ticket_create
    from tests.factories import UserFactory

    agent = UserFactory(role=roles.AGENT, username=f"bench.agent.{time.time_ns()}")
    customer = customer_create(
        exchange_account_id=f"UIDB{time.time_ns()}",
        email="bench@example.com",
        name="Bench",
        phone="",
        jurisdiction="eu",
    )
    ticket = ticket_create(
        customer=customer, category=DataCategory.objects.get(slug="general-enquiry"), channel="chat", subject="bench"
    )
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    for i in range(20):
        message_create(ticket=ticket, author_kind="customer", body=f"My withdrawal number {i} has not arrived yet.")
    client = Client()
    client.force_login(agent)
    url = f"/admin/supportrecords/ticket/{ticket.pk}/change/"

    def open_page() -> None:
        response = client.get(url, HTTP_HOST="localhost", secure=True)
        assert response.status_code == 200, response.status_code

    # What the event and the anomaly rules add: recording, the rules, and the lock check in the selectors.
    targets = [
        (services_module, "audit_record", lambda **kwargs: None),
        (services_module, "content_access_check", lambda **kwargs: None),
        (selectors_module, "access_is_locked", lambda **kwargs: False),
    ]
    originals = [getattr(module, name) for module, name, _ in targets]

    def switch(on: bool) -> None:
        for (module, name, stub), original in zip(targets, originals, strict=True):
            setattr(module, name, original if on else stub)

    for _ in range(10):
        open_page()
    with_audit: list[float] = []
    without: list[float] = []
    for _ in range(repeat):  # interleaved, so that drift affects both alike
        switch(True)
        with_audit += timed(open_page, repeat=1)
        switch(False)
        without += timed(open_page, repeat=1)
    switch(True)
    return median_ms(with_audit), median_ms(without)


def bench_sealer(n: int) -> tuple[float, float]:
    from django.db import connection

    from audit.chain import _SELECT, GENESIS, TABLE, audit_seal, canonical, link

    seed_events(n)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_SELECT} FROM {TABLE} ORDER BY id")  # noqa: S608  # constant SQL
        rows = cursor.fetchall()
    start = time.perf_counter()
    previous = GENESIS
    for seq, row in enumerate(rows, 1):
        previous = link(previous, seq, hashlib.sha256(canonical(row)).digest())
    hashing = n / (time.perf_counter() - start)
    start = time.perf_counter()
    sealed = audit_seal()
    rate = sealed / (time.perf_counter() - start)
    assert sealed == n, sealed
    return rate, hashing


def bench_verify(n: int, runs: int) -> tuple[float, float]:
    from django.db import connection

    from audit.chain import _SELECT, TABLE
    from audit.verify import audit_verify

    def read_only() -> None:
        last = 0
        while True:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {_SELECT}, seq, hash FROM {TABLE} WHERE seq > %s ORDER BY seq LIMIT 20000",  # noqa: S608
                    [last],
                )
                rows = cursor.fetchall()
            if not rows:
                return
            last = rows[-1][-2]

    def verify() -> None:
        report = audit_verify()
        assert report.ok and report.checked == n, report

    verify_s = statistics.median(timed(verify, repeat=runs))
    read_s = statistics.median(timed(read_only, repeat=runs))
    return n / verify_s, n / read_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--opens", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    django_setup(database="custos_bench_audit")
    import tempfile

    from django.conf import settings

    settings.CUSTOS_AUDIT_CHECKPOINT_DIR = Path(tempfile.mkdtemp(prefix="custos-bench-checkpoints-"))

    seed_events(args.events)  # the table the anomaly rules query while tickets are opened
    with_audit, without = bench_open_ticket(args.opens)
    print(
        f"open a ticket (20 messages), median of {args.opens}: {with_audit:.2f} ms with the event and anomaly rules, "
        f"{without:.2f} ms without: +{(with_audit / without - 1) * 100:.1f}% (target < 10%)"
    )
    rates = [bench_sealer(args.events) for _ in range(args.runs)]
    seal = statistics.median(r[0] for r in rates)
    hashing = statistics.median(r[1] for r in rates)
    print(
        f"sealer, {args.events} events in batches of {settings.CUSTOS_AUDIT_SEAL_BATCH}: {seal:,.0f} events/s; "
        f"encoding and hashing them in Python, in memory, {hashing:,.0f}/s: {seal / hashing:.2f}x (target >= 5,000/s)"
    )
    verify_rate, read_rate = bench_verify(args.events, args.runs)
    print(
        f"verify_audit, {args.events} events: {verify_rate:,.0f} events/s; reading the rows alone "
        f"{read_rate:,.0f}/s: {verify_rate / read_rate:.2f}x (target >= 100,000/s)"
    )


if __name__ == "__main__":
    main()
