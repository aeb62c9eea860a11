"""Generated: a recovery phrase or key hidden in an attachment under layers of encodings is found in one of its
readings, and the rendition stored instead holds no secret in any reading."""

from __future__ import annotations

import base64
import html
import quopri
import random

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction.checksums import b58check_encode
from supportrecords.scanning import file_scan
from supportrecords.textextract import attachment_text_readings

_LANGUAGES = ("english", "french", "spanish", "italian", "czech", "portuguese")


def _entities(text: str, rng: random.Random) -> str:
    return "".join(rng.choice((f"&#{ord(c)};", f"&#x{ord(c):x};", html.escape(c))) for c in text)


def _u_escapes(text: str, rng: random.Random) -> str:
    return "".join(f"\\u{ord(c):04x}" if rng.random() < 0.7 and ord(c) < 0x10000 else c for c in text)


def _qp(text: str, rng: random.Random) -> str:
    return quopri.encodestring(text.encode(), quotetabs=rng.random() < 0.5).decode("ascii")


def _b64(text: str, rng: random.Random) -> str:
    raw = text.encode()
    return (base64.encodebytes(raw) if rng.random() < 0.5 else base64.b64encode(raw)).decode("ascii")


def _utf7(text: str, rng: random.Random) -> str:
    return "+" + base64.b64encode(text.encode("utf-16-be")).decode().rstrip("=") + "-"


_LAYERS = (_entities, _u_escapes, _qp, _b64, _utf7)


def _secret(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.25:
        wif = b58check_encode(b"\x80" + rng.randbytes(32) + b"\x01")
        return wif, wif[5:25]
    phrase = Mnemonic(rng.choice(_LANGUAGES)).to_mnemonic(rng.randbytes(16))
    return phrase, phrase.split()[4]


def test_generated_encoded_secrets_are_found_and_the_rendition_is_clean():
    rng = random.Random(8_8040)
    quarantined = 0
    for _ in range(300):
        secret, piece = _secret(rng)
        text = f"Hello support, here it is: {secret} thanks"
        for layer in rng.sample(_LAYERS, rng.randrange(1, 3)):
            if layer is _utf7 and not text.isascii():
                continue
            text = layer(text, rng)
        content = text.encode(rng.choice(("utf-8", "utf-16"))) if text.isascii() else text.encode()
        scanned = file_scan(content=content, content_type="application/octet-stream", filename="x")
        if scanned is None:
            quarantined += 1  # never stored readable either, but two layers are well within the limits
            continue
        assert scanned.rendition is not None, text[:80]
        for reading in (
            attachment_text_readings(content=scanned.rendition, content_type="text/plain", filename="") or []
        ):
            assert piece not in reading


def test_generated_clean_texts_are_kept_as_they_came():
    rng = random.Random(8_8041)
    wordlist = set(Mnemonic("english").wordlist)
    words = [
        w
        for w in ["hello", "pending", "withdrawal", "yesterday", "please", "thanks", "café", "你好", "résumé", "ticket"]
        if w not in wordlist
    ]
    for _ in range(200):
        text = " ".join(rng.choices(words, k=rng.randrange(5, 40)))
        for layer in rng.sample(_LAYERS, rng.randrange(0, 3)):
            if layer is _utf7 and not text.isascii():
                continue
            text = layer(text, rng)
        scanned = file_scan(content=text.encode(), content_type="text/plain", filename="x.txt")
        assert scanned is not None and scanned.rendition is None, text[:80]


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("language", ["english", "chinese_simplified"])
def test_a_phrase_in_wide_text_without_a_bom_is_found(encoding, language):
    """UTF-32 without a BOM was left unscanned (quarantined): its NULs fill both halves of UTF-16's units, and as
    UTF-8 it read as a binary file."""
    phrase = Mnemonic(language).to_mnemonic(bytes(range(16)))
    content = f"My wallet backup 🙂\r\n{phrase}\r\nthanks".encode(encoding)
    scanned = file_scan(content=content, content_type="application/octet-stream", filename="x")
    assert scanned is not None and scanned.rendition is not None
    assert phrase.split()[2] not in scanned.rendition.decode("utf-8")


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_clean_utf32_text_without_a_bom_is_scanned_and_kept(encoding):
    content = "Withdrawal pending since Monday, 提现还没到账.\n".encode(encoding) * 20
    scanned = file_scan(content=content, content_type="text/plain", filename="x.txt")
    assert scanned is not None and scanned.rendition is None
    assert "提现" in scanned.scanned.text
