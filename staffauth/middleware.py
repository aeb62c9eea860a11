"""Signed-in staff sessions end after CUSTOS_STAFF_IDLE_SECONDS without a request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseBase

from staffauth.services import ACTIVITY_SESSION_KEY


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(ACTIVITY_SESSION_KEY)
            if isinstance(last, int | float) and now - last > int(settings.CUSTOS_STAFF_IDLE_SECONDS):
                logout(request)  # the next admin page asks for the password and the code again
            else:
                request.session[ACTIVITY_SESSION_KEY] = now
        return self.get_response(request)
