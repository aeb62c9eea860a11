"""Purge throughput and worker memory against a bare SQL DELETE and Django's QuerySet.delete() (PostgreSQL only).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/custos .venv/bin/python bench/bench_purge.py [--scale 1]

Builds 1,000,000 messages in 100,000 tickets of 20,000 customers (x --scale) with set-based SQL, half of them
expired (those customers' relationships ended too), in a template database. Each repeat copies it twice:
- copy A: the purge engine purges everything expired, in a subprocess that runs the same chunk code as a Celery
  purge worker (one transaction per chunk, ledger fsynced, files deleted), reporting its peak RSS (VmHWM);
- copy B: `QuerySet.delete()` of a sample of expired tickets, then a hand-written bare SQL DELETE of all the
  other expired rows (attachments, messages, permissions, history, admin log, tickets, customers, key destruction)
  in one transaction: the floor of what the database can do.
Prints messages per second and the ratios. Ciphertext columns hold placeholder bytes (nothing is decrypted).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DB = "custos_bench_purge"
EXPIRED_DAYS = 4000
TICKETS_PER_CUSTOMER = 5
MESSAGES_PER_TICKET = 10


def _url(database: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{database}"))


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _drop(database: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _copy(database: str) -> None:
    _drop(database)
    _admin(f'CREATE DATABASE "{database}" TEMPLATE "{TEMPLATE_DB}"')


def _scalar(conn: Any, sql: str) -> Any:
    row = conn.execute(sql).fetchone()
    assert row is not None
    return row[0]


def _read_hwm_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _django(database: str) -> None:
    os.environ["DATABASE_URL"] = _url(database)
    os.environ["DEBUG"] = "False"  # DEBUG would keep every query in memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# Dataset


def _insert_select(cursor: Any, model: Any, values: dict[str, str], tail: str, params: list[Any]) -> None:
    """INSERT ... SELECT with the given column expressions; other NOT NULL columns get their model default."""
    from django.db import connection

    columns, exprs, extra = [], [], []
    for f in model._meta.concrete_fields:
        if f.column in values:
            columns.append(f.column)
            exprs.append(values[f.column])
        elif not f.null and not f.primary_key:
            columns.append(f.column)
            exprs.append("%s")
            extra.append(f.get_db_prep_save(f.get_default(), connection))
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(exprs)} {tail}"  # noqa: S608  # bench
    cursor.execute(sql, [*extra, *params])


def build(scale: float) -> dict[str, int]:
    sys.path.insert(0, str(ROOT))
    from bench.common import django_setup

    _drop(TEMPLATE_DB)
    django_setup(database=TEMPLATE_DB)
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import Group, Permission, User
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from deletion.models import RetentionPolicy
    from encryption.models import DataKey
    from supportrecords.models import (
        Attachment,
        Customer,
        DataCategory,
        Message,
        Ticket,
        TicketGroupObjectPermission,
        TicketUserObjectPermission,
    )

    customers = max(2, int(20_000 * scale))
    tickets = customers * TICKETS_PER_CUSTOMER
    category = DataCategory.objects.get(slug="general-enquiry")
    RetentionPolicy.objects.filter(category=category).update(action="delete")  # measure deletion, not anonymising
    agent = User.objects.create(username="bench-agent", is_staff=True)
    group = Group.objects.create(name="bench team")
    view = Permission.objects.get(codename="view_ticket", content_type__app_label="supportrecords")
    history = Ticket.history.model
    blob = "'\\x" + "ab" * 120 + "'::bytea"
    start = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        _insert_select(
            cur,
            DataKey,
            {"uid": "gen_random_uuid()", "kek_id": "'bench'", "wrapped_key": blob, "created_at": "now()"},
            "FROM generate_series(1, %s) g",
            [customers],
        )
        cur.execute("SELECT min(id) FROM encryption_datakey")
        key_base = cur.fetchone()[0]
        _insert_select(
            cur,
            Customer,
            {
                "data_key_id": f"{key_base} + g - 1",
                "exchange_account_id": blob,
                "email": blob,
                "name": blob,
                "phone": blob,
                "account_id_index": "md5('a' || g)",
                "email_index": "md5('e' || g)",
                "jurisdiction": "'eu'",
                "created_at": "now() - interval '6000 days'",
                "relationship_ended_at": f"CASE WHEN g %% 2 = 1 THEN now() - interval '{EXPIRED_DAYS} days' END",
            },
            "FROM generate_series(1, %s) g ORDER BY g",
            [customers],
        )
        cur.execute("SELECT min(id) FROM supportrecords_customer")
        customer_base = cur.fetchone()[0]
        ci = f"((g - 1) / {TICKETS_PER_CUSTOMER} + 1)"
        _insert_select(
            cur,
            Ticket,
            {
                "customer_id": f"{customer_base} + {ci} - 1",
                "data_key_id": f"{key_base} + {ci} - 1",
                "category_id": str(category.pk),
                "channel": "'chat'",
                "status": "'closed'",
                "subject": blob,
                "opened_at": f"now() - interval '{EXPIRED_DAYS + 30} days'",
                "closed_at": f"CASE WHEN {ci} %% 2 = 1 THEN now() - interval '{EXPIRED_DAYS} days'"
                " ELSE now() - interval '10 days' END",
                "assigned_agent_id": str(agent.pk),
            },
            "FROM generate_series(1, %s) g ORDER BY g",
            [tickets],
        )
        _insert_select(
            cur,
            history,
            {
                "id": "t.id",
                "channel": "t.channel",
                "status": "t.status",
                "opened_at": "t.opened_at",
                "closed_at": "t.closed_at",
                "history_date": "t.opened_at",
                "history_type": "'+'",
                "category_id": "t.category_id",
                "customer_id": "t.customer_id",
                "assigned_agent_id": "t.assigned_agent_id",
            },
            "FROM supportrecords_ticket t",
            [],
        )
        _insert_select(
            cur,
            TicketUserObjectPermission,
            {"content_object_id": "t.id", "permission_id": str(view.pk), "user_id": str(agent.pk)},
            "FROM supportrecords_ticket t",
            [],
        )
        _insert_select(
            cur,
            TicketGroupObjectPermission,
            {"content_object_id": "t.id", "permission_id": str(view.pk), "group_id": str(group.pk)},
            "FROM supportrecords_ticket t",
            [],
        )
        _insert_select(
            cur,
            Message,
            {
                "ticket_id": "t.id",
                "data_key_id": "t.data_key_id",
                "author_kind": "'customer'",
                "body": blob,
                "created_at": "t.opened_at + n * interval '1 minute'",
            },
            "FROM supportrecords_ticket t CROSS JOIN generate_series(1, %s) n ORDER BY t.id, n",
            [MESSAGES_PER_TICKET],
        )
        # One attachment per 100 messages: the first message of every tenth ticket.
        _insert_select(
            cur,
            Attachment,
            {
                "message_id": "m.id",
                "data_key_id": "m.data_key_id",
                "filename": blob,
                "storage_name": "'attachments/bench-' || m.id",
                "size": "13",
                "content_type": "'application/pdf'",
                "ciphertext_sha256": "repeat('0', 64)",
                "created_at": "m.created_at",
            },
            "FROM supportrecords_message m JOIN supportrecords_ticket t ON t.id = m.ticket_id"
            " WHERE t.id %% 10 = 0 AND m.created_at = t.opened_at + interval '1 minute'",
            [],
        )
        ticket_type = ContentType.objects.get_for_model(Ticket)
        _insert_select(
            cur,
            LogEntry,
            {
                "action_time": "now()",
                "user_id": str(agent.pk),
                "content_type_id": str(ticket_type.pk),
                "object_id": "t.id::text",
                "object_repr": "'ticket'",
                "action_flag": "2",
                "change_message": "''",
            },
            "FROM supportrecords_ticket t WHERE t.id %% 10 = 0",
            [],
        )
    connection.close()
    import psycopg

    with psycopg.connect(_url(TEMPLATE_DB), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        counts = {
            "customers": _scalar(conn, "SELECT count(*) FROM supportrecords_customer"),
            "tickets": _scalar(conn, "SELECT count(*) FROM supportrecords_ticket"),
            "messages": _scalar(conn, "SELECT count(*) FROM supportrecords_message"),
            "attachments": _scalar(conn, "SELECT count(*) FROM supportrecords_attachment"),
        }
    counts["build_seconds"] = round(time.perf_counter() - start, 1)
    return counts


def _write_files(database: str, media: Path) -> None:
    import psycopg

    (media / "attachments").mkdir(parents=True, exist_ok=True)
    with psycopg.connect(_url(database)) as conn:
        for (name,) in conn.execute("SELECT storage_name FROM supportrecords_attachment"):
            (media / name).write_bytes(b"placeholder!!")


# The measured parts, each in its own process


def _pool_chunk(chunk: dict[str, Any]) -> tuple[int, int]:
    from deletion.services import purge_chunk_execute

    return purge_chunk_execute(**chunk).messages, _read_hwm_kb()


def child_engine(database: str, workers: int) -> None:
    """Run the purge engine over everything expired, the way purge workers run their chunks (prefetch 1)."""
    _django(database)
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from django.db import connections

    from deletion.models import PurgeRun
    from deletion.services import purge_chunk_execute, purge_dispatch

    purged = 0
    hwm_at_100k = 0
    hwm_end = 0
    chunks: list[dict[str, Any]] = []

    def send(chunk: dict[str, Any]) -> None:
        nonlocal purged, hwm_at_100k
        if workers > 1:
            chunks.append(chunk)  # queued, as on the broker, and run by the pool below
            return
        purged += purge_chunk_execute(**chunk).messages
        if not hwm_at_100k and purged >= 100_000:
            hwm_at_100k = _read_hwm_kb()

    hwm_start = _read_hwm_kb()
    start = time.perf_counter()
    run = purge_dispatch(trigger="bench", send=send)
    if workers > 1:
        connections.close_all()  # each forked worker opens its own connection
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
            for messages, hwm in pool.map(_pool_chunk, chunks, chunksize=1):
                purged += messages
                hwm_end = max(hwm_end, hwm)
                if not hwm_at_100k and purged >= 100_000:
                    hwm_at_100k = hwm_end
        run = PurgeRun.objects.get(pk=run.pk)
    elapsed = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "workers": workers,
                "messages": run.messages_deleted,
                "tickets": run.tickets_deleted,
                "customers": run.customers_deleted,
                "keys": run.keys_destroyed,
                "chunks": run.chunks_total,
                "status": run.status,
                "hwm_start_kb": hwm_start,
                "hwm_100k_kb": hwm_at_100k,
                "hwm_end_kb": hwm_end if workers > 1 else _read_hwm_kb(),  # the workers', not the dispatcher's
            }
        )
    )


def child_orm(database: str, sample: int) -> None:
    """QuerySet.delete() of a sample of expired tickets (Django collects, cascades and writes history)."""
    _django(database)
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from supportrecords.models import Message, Ticket

    cutoff = timezone.now() - timedelta(days=1000)
    ids = list(Ticket.objects.filter(closed_at__lt=cutoff).order_by("pk").values_list("pk", flat=True)[:sample])
    messages = Message.objects.filter(ticket_id__in=ids).count()
    start = time.perf_counter()
    with transaction.atomic():
        Ticket.objects.filter(pk__in=ids).delete()
    print(json.dumps({"seconds": time.perf_counter() - start, "messages": messages, "tickets": len(ids)}))


def baseline_sql(database: str) -> dict[str, float]:
    """A bare, hand-written SQL delete of every remaining expired row, in one transaction."""
    import psycopg

    with psycopg.connect(_url(database)) as conn:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM supportrecords_ticket WHERE closed_at < now() - interval '1000 days' ORDER BY id"
            )
        ]
        ct = _scalar(conn, "SELECT id FROM django_content_type WHERE app_label = 'supportrecords' AND model = 'ticket'")
        conn.commit()
        start = time.perf_counter()
        with conn.transaction():
            conn.execute(
                "DELETE FROM supportrecords_attachment WHERE message_id IN"
                " (SELECT id FROM supportrecords_message WHERE ticket_id = ANY(%s))",
                [ids],
            )
            messages = conn.execute("DELETE FROM supportrecords_message WHERE ticket_id = ANY(%s)", [ids]).rowcount
            conn.execute(
                "DELETE FROM supportrecords_ticketuserobjectpermission WHERE content_object_id = ANY(%s)", [ids]
            )
            conn.execute(
                "DELETE FROM supportrecords_ticketgroupobjectpermission WHERE content_object_id = ANY(%s)", [ids]
            )
            conn.execute("DELETE FROM supportrecords_historicalticket WHERE id = ANY(%s)", [ids])
            conn.execute(
                "DELETE FROM django_admin_log WHERE content_type_id = %s AND object_id = ANY(%s)",
                [ct, [str(i) for i in ids]],
            )
            customers = sorted(
                {
                    r[0]
                    for r in conn.execute(
                        "DELETE FROM supportrecords_ticket WHERE id = ANY(%s) RETURNING customer_id", [ids]
                    )
                }
            )
            keys = [
                r[0]
                for r in conn.execute(
                    "DELETE FROM supportrecords_customer c WHERE id = ANY(%s) AND relationship_ended_at IS NOT NULL"
                    " AND NOT EXISTS (SELECT 1 FROM supportrecords_ticket t WHERE t.customer_id = c.id)"
                    " RETURNING data_key_id",
                    [customers],
                )
            ]
            conn.execute(
                "UPDATE encryption_datakey SET wrapped_key = NULL, destroyed_at = now(), destroy_reason = 'bench'"
                " WHERE id = ANY(%s)",
                [keys],
            )
        elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "messages": messages, "tickets": len(ids)}


def _child(args: list[str], database: str, media: Path, ledger: Path) -> tuple[dict[str, Any], int]:
    env = dict(os.environ, MEDIA_ROOT=str(media), CUSTOS_LEDGER_DIR=str(ledger), DEBUG="False")
    env.pop("REDIS_URL", None)  # the lock-row fallback: the bench needs no Redis
    proc = subprocess.run(
        [sys.executable, __file__, *args, "--database", database],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.exit(f"{args[0]} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1]), proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1,000,000 messages (the issue's size)")
    parser.add_argument("--repeat", type=int, default=1, help="repeats (medians are printed)")
    parser.add_argument("--orm-sample", type=int, default=1000, help="tickets deleted with QuerySet.delete()")
    parser.add_argument("--workers", type=int, default=1, help="purge worker processes (chunks run in parallel)")
    parser.add_argument("--child", choices=["engine", "orm"], help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the template database afterwards")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "bench_purge measures PostgreSQL (SKIP LOCKED, set-based deletes); SQLite is not supported.\n"
            "Set DATABASE_URL=postgres://postgres@127.0.0.1:5432/custos"
        )
    if args.child == "engine":
        child_engine(args.database, args.workers)
        return
    if args.child == "orm":
        child_orm(args.database, args.orm_sample)
        return

    print(f"building the dataset (scale {args.scale}) ...", flush=True)
    counts = build(args.scale)
    print(f"dataset: {counts}", flush=True)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="custos-bench-purge-") as tmp:
        for r in range(args.repeat):
            engine_db, base_db = f"{TEMPLATE_DB}_engine", f"{TEMPLATE_DB}_base"
            _copy(engine_db)
            _copy(base_db)
            media, ledger = Path(tmp) / f"media{r}", Path(tmp) / f"ledger{r}"
            _write_files(engine_db, media)
            engine, _ = _child(["--child", "engine", "--workers", str(args.workers)], engine_db, media, ledger)
            orm, _ = _child(["--child", "orm", "--orm-sample", str(args.orm_sample)], base_db, media, ledger)
            bare = baseline_sql(base_db)
            _drop(engine_db)
            _drop(base_db)
            row = {
                "engine_mps": engine["messages"] / engine["seconds"],
                "bare_mps": bare["messages"] / bare["seconds"],
                "orm_mps": orm["messages"] / orm["seconds"],
                "engine": engine,
                "bare": bare,
                "orm": orm,
            }
            results.append(row)
            print(
                f"repeat {r + 1}: engine {row['engine_mps']:,.0f} msg/s ({engine['messages']:,} messages,"
                f" {engine['seconds']:.1f} s, {engine['chunks']} chunks); bare SQL {row['bare_mps']:,.0f} msg/s"
                f" ({bare['messages']:,} in {bare['seconds']:.1f} s); QuerySet.delete() {row['orm_mps']:,.0f} msg/s"
                f" ({orm['messages']:,} in {orm['seconds']:.1f} s); worker peak RSS"
                f" {engine['hwm_100k_kb'] / 1024:.0f} MB at 100k messages,"
                f" {engine['hwm_end_kb'] / 1024:.0f} MB at the end",
                flush=True,
            )
    if not args.keep:
        _drop(TEMPLATE_DB)
    engine_mps = statistics.median(r["engine_mps"] for r in results)
    bare_mps = statistics.median(r["bare_mps"] for r in results)
    orm_mps = statistics.median(r["orm_mps"] for r in results)
    hwm_100k = max(r["engine"]["hwm_100k_kb"] for r in results) / 1024
    hwm_end = max(r["engine"]["hwm_end_kb"] for r in results) / 1024
    print()
    print(f"purge engine       {engine_mps:>10,.0f} messages/s (median of {len(results)}, {args.workers} worker(s))")
    print(f"bare SQL DELETE    {bare_mps:>10,.0f} messages/s")
    print(f"QuerySet.delete()  {orm_mps:>10,.0f} messages/s (sample of {args.orm_sample} tickets)")
    paired_bare = statistics.median(r["engine_mps"] / r["bare_mps"] for r in results)
    paired_orm = statistics.median(r["engine_mps"] / r["orm_mps"] for r in results)
    print(
        f"engine / bare SQL  {engine_mps / bare_mps:>10.2f}x   (target >= 0.5;"
        f" median of paired ratios {paired_bare:.2f}x)"
    )
    print(
        f"engine / ORM       {engine_mps / orm_mps:>10.2f}x   (target >= 5; median of paired ratios {paired_orm:.2f}x)"
    )
    print(f"worker peak RSS    {hwm_100k:>10.0f} MB at 100k messages, {hwm_end:.0f} MB at the end (target < 300, flat)")


if __name__ == "__main__":
    main()
