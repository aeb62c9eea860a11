"""Issue 8 from outside: a phrase split by markup or invisible characters, or written with look-alike letters,
sent through POST /api/messages/, is never stored (the stored body, decrypted, does not hold it)."""

from __future__ import annotations

import pytest
from mnemonic import Mnemonic

from supportrecords.models import Message
from tests.supportrecords.test_api import msg

pytestmark = pytest.mark.django_db

WORDS = Mnemonic("english").to_mnemonic(bytes(range(16, 32))).split()


def _cyrillic(word: str) -> str:
    return word.replace("a", "а").replace("o", "о").replace("e", "е")  # Cyrillic а, о, е


@pytest.mark.parametrize(
    "body",
    [
        "Hi,<br>" + "<br>".join(WORDS),
        "<ol>" + "".join(f"<li>{w}</li>" for w in WORDS) + "</ol>",
        "<p>my words</p><p>" + "</p><p>".join(WORDS) + "</p>",
        " ".join(f"{w[:2]}<span>{w[2:]}</span>" for w in WORDS),
        "here: " + "&nbsp;".join(WORDS),
        "here: " + " ".join(f"&#{ord(w[0])};{w[1:]}" for w in WORDS),
        "here: " + "\u200b".join(WORDS),
        "here: " + "\u2060".join(WORDS),
        "here: " + "\ufeff".join(WORDS),
        "here: " + "\u00ad".join(WORDS),
        "here: " + " ".join(w[:2] + "\u200c" + w[2:] for w in WORDS),
        "my backup " + " ".join(_cyrillic(w) if i % 3 == 0 else w for i, w in enumerate(WORDS)),
    ],
)
def test_a_disguised_phrase_is_never_stored(api, api_ticket, body):
    response = api.post("/api/messages/", msg("m-1", body=body), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["secret_exposed_tickets"]
    stored = Message.objects.get(external_id="m-1").body
    assert "[REDACTED:seed_phrase]" in stored
    visible = stored
    for mark in ("\u200b", "\u2060", "\ufeff", "\u00ad", "\u200c", "<span>", "</span>"):
        visible = visible.replace(mark, "")
    for word in WORDS[2:-2]:
        assert word not in visible and _cyrillic(word) not in visible
