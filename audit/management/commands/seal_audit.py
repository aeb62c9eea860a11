from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from audit.chain import audit_seal, chain_head
from audit.checkpoints import audit_checkpoint_write, audit_head_write


class Command(BaseCommand):
    help = "Seal unsealed audit events into the hash chain; with --checkpoint, also write a signed checkpoint."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--checkpoint", action="store_true", help="write a signed checkpoint of the new head")

    def handle(self, *args: Any, **options: Any) -> None:
        sealed = audit_seal()
        audit_head_write()
        seq, head = chain_head()
        self.stdout.write(f"sealed {sealed} events; head seq {seq} hash {head}")
        if options["checkpoint"]:
            checkpoint = audit_checkpoint_write(force=True)
            self.stdout.write(f"checkpoint at seq {checkpoint.seq}" if checkpoint else "no new checkpoint needed")
