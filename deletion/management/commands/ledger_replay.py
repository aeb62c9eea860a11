"""After restoring a database backup: delete again what the deletion ledger says was deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from deletion import services
from deletion.exceptions import LedgerError


class Command(BaseCommand):
    help = "Replay the deletion ledger: delete tickets and customers it names and destroy their data keys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; change nothing.")
        parser.add_argument(
            "--since", help="Only tombstones recorded since this ISO time (e.g. the backup's time, 2026-01-31T00:00Z)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        since = None
        if options["since"]:
            try:
                since = datetime.fromisoformat(options["since"].replace("Z", "+00:00"))
            except ValueError as exc:
                raise CommandError("--since must be an ISO 8601 time.") from exc
            if since.tzinfo is None:
                raise CommandError("--since needs a time zone (e.g. Z for UTC).")
        try:
            report = services.ledger_replay(since=since, dry_run=options["dry_run"])
        except LedgerError as exc:
            raise CommandError(str(exc)) from exc
        prefix = "dry run: would delete" if options["dry_run"] else "deleted"
        self.stdout.write(
            f"ledger names {report.tickets_named} tickets; {prefix} {report.tickets_deleted} tickets, "
            f"{report.customers_deleted} customers, {report.keys_destroyed} data keys"
        )
        if report.held:
            self.stdout.write(
                f"{len(report.held)} tickets named by the ledger are under a legal hold in this database and were kept"
                f" (ids: {', '.join(str(i) for i in report.held[:50])}); review the holds and replay again."
            )
