from __future__ import annotations

import os
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from staffauth.services import totp_device_ensure
from supportrecords.demo import demo_accounts_ensure, demo_data_seed
from supportrecords.models import Customer


class Command(BaseCommand):
    help = "Create one demo account per role and, on an empty database, demo conversations; print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--customers", type=int, default=60)

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("CUSTOS_DEMO_PASSWORD") or secrets.token_urlsafe(12)
        accounts = demo_accounts_ensure(password=password)
        for account in accounts:  # enrolled in two-factor sign-in: `python3 dev.py otp USER` prints a code
            totp_device_ensure(user=get_user_model().objects.get(username=account.username))
        if not Customer.objects.exists():
            tickets = demo_data_seed(customers=options["customers"])
            self.stdout.write(f"Created {options['customers']} demo customers with {tickets} tickets.")
        base = settings.CUSTOS_PUBLIC_BASE_URL
        self.stdout.write(f"\nDemo logins at {base}/admin/ (password for all: {password})")
        self.stdout.write(f"Customers' privacy requests: {base}/privacy/")
        for account in accounts:
            self.stdout.write(f"  {account.username:<18} {account.role}")
        self.stdout.write("Then the two-factor code: `python3 dev.py otp USERNAME` prints the current one.")
