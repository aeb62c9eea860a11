"""Import a Zendesk export (Tickets API JSON with comments, or incremental-export JSON lines).

    python manage.py import_zendesk FILE [--category general-enquiry] [--jurisdiction other]
        [--source zendesk] [--account-field FIELD]

Prints counts and every rejected ticket, comment or line with its reason (ids only, never content); exits
non-zero only when the file cannot be read at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from supportrecords.importers.zendesk import iter_rejections, zendesk_import
from supportrecords.models import DataCategory, Jurisdiction


class Command(BaseCommand):
    help = "Import a Zendesk ticket export: redacted, encrypted, idempotent; bad lines are reported, not fatal."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--category", default="general-enquiry", help="Data category slug of the tickets.")
        parser.add_argument("--jurisdiction", default=Jurisdiction.OTHER, choices=Jurisdiction.values)
        parser.add_argument("--source", default="zendesk", help="Source name (one per Zendesk instance).")
        parser.add_argument(
            "--account-field",
            default=None,
            help="The user_fields key or ticket custom field id holding the exchange account id "
            "(default: the user's external_id).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        category = DataCategory.objects.filter(slug=options["category"]).first()
        if category is None:
            raise CommandError(f"No data category {options['category']!r}.")
        path: Path = options["file"]
        try:
            stream = path.open(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        with stream:
            report = zendesk_import(
                stream=stream,
                category=category,
                jurisdiction=options["jurisdiction"],
                source=options["source"][:64],
                account_field=options["account_field"],
            )
        self.stdout.write(
            f"customers created {report.customers_created}; "
            f"tickets created {report.tickets_created}, already imported {report.tickets_existing}; "
            f"messages created {report.messages_created}, already imported {report.messages_existing}; "
            f"messages with a secret redacted {report.messages_with_secrets}; "
            f"attachments not downloaded {report.attachments_not_downloaded}; "
            f"rejected {len(report.rejected)}"
        )
        for line in iter_rejections(report):
            self.stdout.write(f"rejected {line}")
