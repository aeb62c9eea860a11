"""A customer's page with a language in front (/zh-hans/privacy/, /zh/privacy/status/...): the same page, in
that language from then on; any other prefix, method or path is refused as before."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "language"), [("zh-hans", "zh-hans"), ("zh", "zh-hans"), ("ZH-CN", "zh-hans"), ("en", "en")]
)
def test_a_language_prefix_opens_the_page_in_that_language(prefix, language):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.get(f"/{prefix}/privacy/")
    assert response.status_code == 302 and response["Location"] == "/privacy/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    page = client.get("/privacy/")
    assert page.status_code == 200
    assert ('lang="zh-hans"' in page.content.decode()) == (language == "zh-hans")


def test_the_rest_of_the_path_and_the_query_are_kept():
    response = Client().get("/zh-hans/privacy/status/abc/?x=1&y=%E4%B8%AD")
    assert response["Location"] == "/privacy/status/abc/?x=1&y=%E4%B8%AD"


def test_other_prefixes_and_methods_are_refused():
    client = Client()
    assert client.get("/fr/privacy/").status_code == 404
    assert client.get("/zh-hans/admin/").status_code == 404
    assert client.post("/zh-hans/privacy/", {"email": "a@example.com"}).status_code == 405


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/zh/privacy/..%2f..%2fadmin/", "/privacy/../../admin/"),  # a path, never another host
        ("/zh/privacy///evil.example.com", "/privacy///evil.example.com"),
        ("/zh/privacy/%00", "/privacy/%00"),
        ("/zh/privacy/%ff%fe", "/privacy/%FF%FE"),
    ],
)
def test_hostile_paths_stay_under_the_privacy_pages(path, location):
    response = Client().get(path)
    assert response.status_code == 302 and response["Location"] == location


def test_a_line_break_in_the_path_is_no_header():
    response = Client().get("/zh/privacy/%0d%0aSet-Cookie:%20x=1")
    assert response.status_code == 404 and "x" not in response.cookies


PHRASE = "about machine write fiscal rural adapt tent neither surprise rather pond virtual"


@pytest.mark.parametrize(
    ("how", "target"),
    [
        ("post", f"/privacy/?x={PHRASE.replace(' ', '%20')}"),
        ("post", "/privacy/status/?k=0x" + "ab" * 32),
        ("get", f"/privacy/?x={PHRASE.replace(' ', '+')}"),
        ("referer", f"http://testserver/privacy/?x={PHRASE.replace(' ', '%20')}"),
    ],
)
def test_the_language_switcher_never_repeats_a_secret(client, how: str, target: str) -> None:
    # Found by an attacker: the switcher's redirect repeated the phrase given in `next` (or the Referer).
    if how == "post":
        response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": target})
    elif how == "get":
        response = client.get("/i18n/setlang/", {"language": "zh-hans", "next": target})
    else:
        response = client.post("/i18n/setlang/", {"language": "zh-hans"}, HTTP_REFERER=target)
    assert response.status_code in (302, 204)
    location = response.get("Location", "")
    assert "machine" not in location and "abab" not in location
    if response.status_code == 302:
        assert location.split("testserver")[-1].startswith("/privacy/")


def test_the_language_switcher_keeps_an_ordinary_next(client) -> None:
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/privacy/?page=2"})
    assert response.status_code == 302 and response["Location"] == "/privacy/?page=2"
    assert response.cookies["django_language"].value == "zh-hans"


def test_a_language_prefix_never_repeats_a_secret(client) -> None:
    response = client.get(f"/zh/privacy/?x={PHRASE.replace(' ', '%20')}")
    assert response.status_code == 302 and response["Location"] == "/privacy/"
