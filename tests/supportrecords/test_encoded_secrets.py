"""A recovery phrase or key inside a message in base64 (wrapped or not), JSON escapes or hex: redacted as the
run it is encoded in; ordinary text with "=", "%" or "&" stays as written."""

from __future__ import annotations

import base64
import random

import pytest
from mnemonic import Mnemonic

from supportrecords.models import Message
from supportrecords.scanning import text_scan
from supportrecords.textextract import text_decoded
from tests.supportrecords.test_api import msg

PHRASE = Mnemonic("english").to_mnemonic(bytes(range(100, 116)))
KEY = "e9873d79c6d87dc0fb6a5778633389f4453213303da61f20bd67fc233aa33262"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "encode",
    [
        _b64,
        lambda t: base64.urlsafe_b64encode(t.encode()).decode().rstrip("="),
        lambda t: "\n".join(_b64(t)[i : i + 40] for i in range(0, len(_b64(t)), 40)),
        lambda t: "".join(f"\\u{ord(c):04x}" for c in t),
        lambda t: t.encode().hex(),
        lambda t: _b64(_b64(t)),
    ],
)
@pytest.mark.parametrize("secret", [PHRASE, "my private key " + KEY])
def test_an_encoded_secret_in_a_message_is_redacted(encode, secret):
    encoded = encode(secret)
    scanned = text_scan(f"here it is: {encoded} thanks")
    assert scanned.has_secret
    assert scanned.text.startswith("here it is: ") and scanned.text.endswith("] thanks")
    readable = text_decoded(scanned.text)  # what is left, every encoding undone
    assert KEY[:16] not in readable and KEY[-16:] not in readable
    assert " ".join(PHRASE.split()[:3]) not in readable and " ".join(PHRASE.split()[-3:]) not in readable


def test_generated_phrases_in_base64_are_never_kept():
    rng = random.Random(4_64)  # noqa: S311 - reproducible test data
    for _ in range(40):
        language = rng.choice(("english", "spanish", "chinese_simplified", "french"))
        phrase = Mnemonic(language).to_mnemonic(rng.randbytes(rng.choice((16, 32))))
        encoded = _b64(phrase)
        scanned = text_scan(rng.choice(("{}", "my backup: {}", "{}\nplease restore")).format(encoded))
        assert encoded not in scanned.text and scanned.has_secret


@pytest.mark.parametrize(
    "text",
    [
        "normal text with a=b and 100% sure, https://example.com/a?b=c&d=e",
        "ZGVueSB0cmVlIHB1bXBraW4= hello",  # base64 of three words: not a phrase
        "order 7f3a9c2e1b4d5f60 and &amp; &#20320; \\u4f60\\u597d",
        "SGVsbG8sIEkgbG9zdCBhY2Nlc3MgdG8gbXkgYWNjb3VudA==",  # "Hello, I lost access to my account"
    ],
)
def test_encoded_text_without_a_secret_stays(text):
    scanned = text_scan(text)
    assert scanned.text == text and not scanned.has_secret


def test_a_base64_phrase_through_the_api_is_not_stored(api, api_ticket):
    response = api.post("/api/messages/", msg("m-64", body="backup: " + _b64(PHRASE)), format="json")
    assert response.status_code == 201
    assert response.json()["secret_exposed_tickets"]
    assert Message.objects.get(external_id="m-64").body == "backup: [REDACTED:seed_phrase]"


def test_a_large_wrapped_base64_body_is_read_once():
    # 2 MB of base64 in 76-character lines (random bytes: no text inside): each line is read in one run.
    rng = random.Random(7)  # noqa: S311 - reproducible test data
    encoded = base64.encodebytes(rng.randbytes(1_500_000)).decode()
    scanned = text_scan(encoded)
    assert scanned.text == encoded and not scanned.has_secret


@pytest.mark.parametrize("width", [16, 20, 24, 40, 76])  # (a line under 16 characters is read as a word)
def test_a_phrase_in_base64_wrapped_narrow_is_found(width: int) -> None:
    """An attacker's finding: base64 wrapped at 20 characters a line was read a line at a time (only lines of 32
    or more went on in the next), and some phrases were stored."""
    rng = random.Random(width)
    missed = []
    for _ in range(25):
        phrase = Mnemonic(rng.choice(["english", "spanish", "chinese_simplified"])).to_mnemonic(rng.randbytes(16))
        encoded = base64.b64encode(phrase.encode()).decode()
        text = "here\n" + "\n".join(encoded[i : i + width] for i in range(0, len(encoded), width)) + "\nthanks"
        scanned = text_scan(text)
        if "seed_phrase" not in scanned.secret_kinds:
            missed.append(text)
    assert missed == []


def test_short_lines_of_ordinary_text_are_not_read_as_base64() -> None:
    text = "Order_reference_2024\nDeposit\nWithdrawal\nThanks_for_your_help\nok"
    assert text_scan(text).text == text
