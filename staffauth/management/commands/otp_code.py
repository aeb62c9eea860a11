"""Print a staff user's current authenticator code (the demo: `python3 dev.py otp USER`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from staffauth.services import totp_code_current


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (refused unless CUSTOS_DEMO_OTP is on)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.CUSTOS_DEMO_OTP:
            raise CommandError("Set CUSTOS_DEMO_OTP=true (demo only): this prints a second factor.")
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        try:
            self.stdout.write(totp_code_current(user=user))
        except LookupError as exc:
            raise CommandError(f"{options['username']}: {exc}.") from None
