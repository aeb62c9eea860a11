from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from encryption.exceptions import EncryptionError
from encryption.keyring import kek_active_id
from encryption.models import DataKey
from encryption.services import data_keys_rewrap


class Command(BaseCommand):
    help = "Rewrap every data key to the newest key-encryption key (the first in CUSTOS_KEKS). Resumable."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--limit", type=int, default=None, help="stop after this many keys")
        parser.add_argument("--dry-run", action="store_true", help="count what would be rewrapped")

    def handle(self, *args: Any, **options: Any) -> None:
        active = kek_active_id()
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        pending = DataKey.objects.filter(wrapped_key__isnull=False).exclude(kek_id=active)
        if options["dry_run"]:
            self.stdout.write(f"{pending.count()} data keys would be rewrapped to {active}.")
            return
        try:
            report = data_keys_rewrap(batch_size=options["batch_size"], limit=options["limit"])
        except EncryptionError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Rewrapped {report.rewrapped} data keys to {active}; {report.remaining} remain.")
