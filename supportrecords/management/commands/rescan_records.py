"""Scan stored ticket subjects, message bodies and attachments' text again with the current detector version.

python manage.py rescan_records [--dry-run] [--batch-size 500] [--limit N]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from supportrecords.redaction import DETECTOR_VERSION
from supportrecords.rescan import records_rescan


class Command(BaseCommand):
    help = "Apply the current detector to records scanned by an older version (redacting newly found secrets)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--limit", type=int, default=None, help="Stop after this many records.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = records_rescan(batch_size=options["batch_size"], dry_run=options["dry_run"], limit=options["limit"])
        verb = "would rewrite" if options["dry_run"] else "rewrote"
        replace = "would replace" if options["dry_run"] else "replaced"
        self.stdout.write(
            f"detector version {DETECTOR_VERSION}: scanned {report.scanned}, {verb} {report.rewritten} "
            f"(secrets found now); attachments scanned {report.attachments_scanned}, {replace} "
            f"{report.attachments_redacted} by their redacted text; unreadable {report.unreadable}, "
            f"tickets with a newly found customer secret {len(report.exposed_tickets)}"
        )
