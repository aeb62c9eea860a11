"""The admin index names each place once: one link text never leads to two different pages (an app heading that
repeated a model's name sent a privacy officer to the app page instead of the request list)."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from django.test import Client
from django.utils import translation

from supportrecords import roles
from tests.auth import staff_login

LINK = re.compile(r'<a href="([^"]+)"[^>]*>([^<]+)</a>')


@pytest.mark.parametrize("role", [*roles.ALL_ROLES, None])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_link_text_on_the_admin_index_leads_to_two_pages(make_user, role, language):
    user = make_user(role) if role else make_user(is_superuser=True)
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    staff_login(client, user)
    page = client.get("/admin/").content.decode()
    with translation.override(language):  # the row actions beside every model are the same words by design
        actions = {translation.gettext(word) for word in ("View", "Change", "Add")}
    targets: dict[str, set[str]] = defaultdict(set)
    for href, text in LINK.findall(page):
        if text.strip() not in actions:
            targets[text.strip()].add(href)
    assert {text: hrefs for text, hrefs in targets.items() if len(hrefs) > 1} == {}


def test_the_privacy_request_list_is_linked_under_its_own_name(privacy_officer):
    client = Client()
    staff_login(client, privacy_officer)
    page = client.get("/admin/").content.decode()
    assert '<a href="/admin/privacy/privacyrequest/">Privacy requests</a>' in page
    assert ">Customer privacy</a>" in page
