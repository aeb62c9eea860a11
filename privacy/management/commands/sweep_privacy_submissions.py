from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from privacy.services import privacy_submissions_sweep


class Command(BaseCommand):
    help = "Queue matching again for public form submissions still unmatched (what beat runs every minute)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than", type=int, default=None, help="seconds since last queued (CUSTOS_PRIVACY_SUBMISSION_...)"
        )
        parser.add_argument("--dry-run", action="store_true", help="count what would be queued again")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["older_than"] is not None and options["older_than"] < 0:
            raise CommandError("--older-than must be 0 or more")
        count = privacy_submissions_sweep(older_than_seconds=options["older_than"], dry_run=options["dry_run"])
        verb = "would be queued" if options["dry_run"] else "queued"
        self.stdout.write(f"{count} unmatched submissions {verb} again.")
