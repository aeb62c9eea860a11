from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.exceptions import UnknownCheckpoint
from audit.verify import audit_verify


class Command(BaseCommand):
    help = (
        "Recompute the audit hash chain (from the start or a signed checkpoint) and check every signed checkpoint; "
        "exits non-zero naming the first broken sequence number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from-checkpoint", type=int, metavar="SEQ", help="start from this signed checkpoint")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            report = audit_verify(from_checkpoint=options["from_checkpoint"])
        except UnknownCheckpoint as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError(f"audit trail BROKEN: first broken sequence number {report.first_broken}")
        self.stdout.write(
            f"audit trail OK: {report.checked} events to seq {report.head_seq}, "
            f"{report.checkpoints} signed checkpoints, {elapsed:.2f}s"
        )
