"""The one way tests sign staff in (see COORDINATION: issue 9 replaces these with the two-factor versions)."""

from __future__ import annotations

from typing import Any


def staff_login(client: Any, user: Any) -> None:
    """Log a Django test client in as a fully signed-in staff user."""
    client.force_login(user)


def browser_login(page: Any, base_url: str, username: str, password: str) -> None:
    """Sign in through the real admin login page in Playwright."""
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/**")
