from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from supportrecords.demo import demo_data_seed


class Command(BaseCommand):
    help = "Create demo customers with English and Chinese support conversations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--customers", type=int, default=50)
        parser.add_argument("--seed", type=int, default=7, help="random seed; different seeds give new customers")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["customers"] <= 100_000:
            raise CommandError("--customers must be between 1 and 100000")
        tickets = demo_data_seed(customers=options["customers"], seed=options["seed"])
        self.stdout.write(f"Created {options['customers']} customers with {tickets} tickets.")
