"""Purge what retention policies let go, in this process, with the same engine as the nightly Celery run."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from deletion import selectors, services
from deletion.exceptions import PurgeAlreadyRunning
from deletion.models import PurgeRunStatus
from supportrecords.models import DataCategory


class Command(BaseCommand):
    help = "Delete expired support records (tickets, messages, files, history, permissions) not under a legal hold."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Show what would be deleted; change nothing.")
        parser.add_argument("--category", help="Only this data category (its code, e.g. general-enquiry).")
        parser.add_argument("--limit", type=int, help="Delete at most this many tickets.")
        parser.add_argument(
            "--chunk-size", type=int, help="Tickets per transaction (default CUSTOS_PURGE_CHUNK_TICKETS)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        category = options["category"]
        if category and not DataCategory.objects.filter(slug=category).exists():
            raise CommandError(f"Unknown data category {category!r}.")
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        if options["dry_run"]:
            self._preview(category)
            return
        try:
            run = services.purge_dispatch(
                trigger="command", category=category, limit=options["limit"], chunk_size=options["chunk_size"]
            )
        except PurgeAlreadyRunning as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"purge run {run.pk}: {run.status}; tickets {run.tickets_deleted}, messages {run.messages_deleted}, "
            f"attachments {run.attachments_deleted}, customers {run.customers_deleted}, "
            f"keys destroyed {run.keys_destroyed}, anonymised {run.anonymised}, held back {run.held_back}, "
            f"file deletions queued for retry {run.files_failed}"
        )
        if run.status != PurgeRunStatus.SUCCEEDED:
            raise CommandError(f"purge run {run.pk} completed with errors: {run.errors}")

    def _preview(self, category: str | None) -> None:
        preview = selectors.purge_preview(category=category)
        self.stdout.write("Dry run: nothing is deleted.")
        self.stdout.write(
            f"{'category':<26}{'jurisdiction':<14}{'action':<11}{'tickets':>10}{'messages':>12}{'held':>8}"
        )
        for row in preview.policies:
            self.stdout.write(
                f"{row.category:<26}{row.policy.jurisdiction or 'all':<14}{row.policy.action:<11}"
                f"{row.tickets:>10}{row.messages:>12}{row.held_tickets:>8}"
            )
        self.stdout.write(f"{'total':<51}{preview.tickets:>10}{preview.messages:>12}{preview.held_tickets:>8}")
        self.stdout.write(f"customers without tickets, relationship ended: {preview.customers}")
        for kind, count in sorted(preview.held_by_kind.items()):
            self.stdout.write(f"holds keeping expired tickets back, {kind}: {count}")
        self.stdout.write(f"file deletions waiting for retry: {preview.files_pending}")
