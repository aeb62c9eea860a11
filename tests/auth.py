"""Staff sign-in for tests: the one place that knows how staff log in (password, then a second factor).

staff_login(client, user)                       a Django test client, fully signed in (OTP-verified, fresh
                                                re-authentication for reveals and downloads)
browser_login(page, base_url, username, password)   the real pages in Playwright: password, then a TOTP code
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY  # type: ignore[import-untyped]  # ships no type information

from staffauth.services import ACTIVITY_SESSION_KEY, REAUTH_SESSION_KEY, totp_code_current, totp_device_ensure


def staff_login(client: Any, user: Any) -> None:
    """Log the test client in as `user` with a verified authenticator, as after both sign-in steps."""
    device = totp_device_ensure(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[REAUTH_SESSION_KEY] = time.time()
    session[ACTIVITY_SESSION_KEY] = time.time()
    session.save()


def browser_login(page: Any, base_url: str, username: str, password: str) -> None:
    """Sign in through /admin/login/ (username, password) and then the code page, with the current TOTP code of
    the user's authenticator (enrolled here if the user has none). Lands wherever `next` pointed, or the index;
    navigate afterwards."""
    user = get_user_model().objects.get(username=username)
    totp_device_ensure(user=user)
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/otp/**")
    code = ""
    for _attempt in range(3):
        try:
            code = totp_code_current(user=user)
            break
        except LookupError:  # the current code was used a moment ago: the next one is valid within seconds
            time.sleep(2)
    page.fill("#id_code", code)
    page.click("#otp-form input[type=submit]")
    page.wait_for_url(lambda url: "/admin/otp/" not in url and "/admin/login/" not in url)
