"""Erasure throughput against the retention purge, in the same run, on the same engine (PostgreSQL only).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/custos .venv/bin/python bench/bench_erasure.py [--messages 50000]

Builds two customers of the same shape through the services (encrypted, redacted, files stored): each with
--messages messages in --tickets tickets and --attachments attachments. One's tickets expired long ago and their
relationship ended: the retention purge (`purge_dispatch`, chunks run in this process) deletes it. The other files
an erasure request, confirmed and approved: `privacy_erasure_execute` deletes it. Prints messages per second of
each and the ratio erasure / purge (target: >= 0.5).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import django_setup  # noqa: E402


def _customer(*, tag: str, tickets: int, messages: int, attachments: int, expired: bool) -> int:
    from django.utils import timezone

    from bench.records import message_build, messages_insert
    from supportrecords import services
    from supportrecords.models import Customer, DataCategory

    now = timezone.now()
    customer = services.customer_create(
        exchange_account_id=f"BENCH-{tag}-{time.time_ns()}",
        email=f"{tag}.{time.time_ns()}@example.com",
        jurisdiction="eu",
    )
    if expired:
        Customer.objects.filter(pk=customer.pk).update(relationship_ended_at=now - timedelta(days=4000))
    category = DataCategory.objects.get(slug="general-enquiry")
    closed_at = now - timedelta(days=4000 if expired else 10)
    per_ticket = messages // tickets
    files_per_ticket = attachments // tickets
    for t in range(tickets):
        ticket = services.ticket_create(
            customer=customer,
            category=category,
            channel="chat",
            subject=f"withdrawal {t}",
            status="closed",
            closed_at=closed_at,
            opened_at=closed_at - timedelta(days=3),
        )
        built = [
            message_build(
                ticket=ticket, author_kind="customer", body=f"My withdrawal #{t}-{m} is pending 我的提币还在审核中"
            )
            for m in range(per_ticket)
        ]
        saved = messages_insert(messages=built)
        for message in saved[:files_per_ticket]:
            services.attachment_create(
                message=message,
                filename="statement.pdf",
                content=b"%PDF-1.4 bench " * 20,
                content_type="application/pdf",
            )
    return customer.pk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--attachments", type=int, default=2_000)
    parser.add_argument("--tickets", type=int, default=500)
    args = parser.parse_args()
    import os
    import tempfile

    media = tempfile.mkdtemp(prefix="custos-bench-erasure-")
    os.environ.setdefault("EMAIL_URL", "memorymail://")
    os.environ["MEDIA_ROOT"] = media
    os.environ["CUSTOS_LEDGER_DIR"] = str(Path(media) / "ledger")
    os.environ["DEBUG"] = "False"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["CUSTOS_PRIVACY_RATE_PER_EMAIL"] = os.environ["CUSTOS_PRIVACY_RATE_PER_IP"] = "1000000/h"
    os.environ.setdefault("CUSTOS_CERTIFICATE_SIGNING_KEY", "A" * 43 + "=")
    django_setup(database="custos_bench_erasure")

    from django.contrib.auth.models import Group, User
    from django.core import mail
    from django.db import connection

    from config.celery import app
    from deletion.models import RetentionPolicy
    from deletion.services import purge_dispatch
    from privacy import dispatch
    from privacy import erasure as privacy_erasure
    from privacy import services as privacy_services
    from supportrecords import roles
    from supportrecords.models import Customer, Message, Ticket

    app.conf.task_always_eager = True
    dispatch.request_execute_enqueue = lambda *, request_id: None  # executed below, timed
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE supportrecords_message, supportrecords_attachment, supportrecords_ticket CASCADE")
    RetentionPolicy.objects.filter(category__slug="general-enquiry").update(action="delete")
    shape = {"tickets": args.tickets, "messages": args.messages, "attachments": args.attachments}
    officer = User.objects.create(username=f"bench-officer-{time.time_ns()}", is_staff=True)
    officer.groups.add(Group.objects.get(name=roles.PRIVACY_OFFICER))

    def purge(customer_id: int) -> tuple[int, float]:
        messages = Message.objects.filter(ticket__customer_id=customer_id).count()
        start = time.perf_counter()
        run = purge_dispatch(trigger="bench")
        seconds = time.perf_counter() - start
        assert not Ticket.objects.filter(customer_id=customer_id).exists(), run.errors
        return messages, seconds

    def erase(customer_id: int) -> tuple[int, float]:
        customer = Customer.objects.get(pk=customer_id)
        with _committed():
            privacy_services.privacy_request_submit(
                kind="erasure", exchange_account_id=customer.exchange_account_id, email=customer.email, language="en"
            )
        token = re.search(r"/privacy/confirm/([^/\s]+)/", str(mail.outbox[-1].body))
        assert token is not None
        request = privacy_services.privacy_request_verify(token=token.group(1))
        privacy_services.privacy_request_approve(request_id=request.pk, actor=officer)
        messages = Message.objects.filter(ticket__customer_id=customer_id).count()
        start = time.perf_counter()
        status = privacy_erasure.privacy_erasure_execute(request_id=request.pk)
        seconds = time.perf_counter() - start
        assert status == "completed" and not Customer.objects.filter(pk=customer_id).exists(), status
        return messages, seconds

    # Warm-up: both paths pay their first-call costs (connections, content types, ledger files) untimed.
    small = {"tickets": 2, "messages": 20, "attachments": 2}
    purge(_customer(tag="warm-purged", expired=True, **small))
    erase(_customer(tag="warm-erased", expired=False, **small))

    print(f"building 2 customers x {args.messages} messages, {args.attachments} attachments ...", flush=True)
    build = time.perf_counter()
    purged = _customer(tag="purged", expired=True, **shape)
    erased = _customer(tag="erased", expired=False, **shape)
    print(f"built in {time.perf_counter() - build:.0f} s", flush=True)

    purge_messages, purge_seconds = purge(purged)
    messages, erase_seconds = erase(erased)
    purge_rate = purge_messages / purge_seconds
    erase_rate = messages / erase_seconds

    print(f"retention purge: {purge_messages} messages in {purge_seconds:.2f} s = {purge_rate:,.0f} messages/s")
    print(f"erasure:         {messages} messages in {erase_seconds:.2f} s = {erase_rate:,.0f} messages/s")
    ratio = erase_rate / purge_rate
    print(f"ratio erasure / purge = {ratio:.2f} (target >= 0.5): {'PASS' if ratio >= 0.5 else 'FAIL'}")


class _committed:
    """Run on-commit callbacks of the block (the confirmation email) as a web request would."""

    def __enter__(self) -> None:
        from django.db import transaction

        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def __exit__(self, *exc: object) -> None:
        self._atomic.__exit__(*exc)  # type: ignore[arg-type]  # passes the exception triple through


if __name__ == "__main__":
    main()
