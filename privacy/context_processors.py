"""What every public page's template needs from the request."""

from __future__ import annotations

from urllib.parse import unquote_plus

from django.http import HttpRequest
from django.urls import reverse

from supportrecords.scanning import text_holds_secret


def language_switch(request: HttpRequest) -> dict[str, str]:
    """The address the language switcher returns to: this page's, unless it holds a recovery phrase or private key
    (typed or pasted into a link: a 404), which the page must not repeat; then the request form's."""
    here = request.get_full_path()
    once = unquote_plus(here)
    if text_holds_secret(once) or ("%" in once and text_holds_secret(unquote_plus(once))):
        return {"language_next": reverse("privacy:new")}
    return {"language_next": here}
