"""Attachments in more charsets (Shift_JIS, EUC-KR, CP1251, EBCDIC) and wrappings (URL-encoding, hex and hex
dumps, base32, ROT13), generated: a phrase or key inside is found and the rendition holds none; clean files,
large ones included, are stored as they came, and read a bounded number of times."""

from __future__ import annotations

import base64
import codecs
import random
import time
import unicodedata
import urllib.parse

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction.checksums import b58check_encode
from supportrecords.scanning import file_scan
from supportrecords.textextract import attachment_text_readings


def _phrase(rng: random.Random, language: str = "english") -> str:
    return unicodedata.normalize("NFC", Mnemonic(language).to_mnemonic(rng.randbytes(16)))


def _xxd(data: bytes) -> str:
    lines = []
    for offset in range(0, len(data), 16):
        chunk = data[offset : offset + 16]
        groups = " ".join(chunk[i : i + 2].hex() for i in range(0, len(chunk), 2))
        shown = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        lines.append(f"{offset:08x}: {groups:<39}  {shown}")
    return "\n".join(lines) + "\n"


def _hexdump_c(data: bytes) -> str:
    lines = []
    for offset in range(0, len(data), 16):
        chunk = data[offset : offset + 16]
        left = " ".join(f"{b:02x}" for b in chunk[:8])
        right = " ".join(f"{b:02x}" for b in chunk[8:])
        shown = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        lines.append(f"{offset:08x}  {left:<23}  {right:<23}  |{shown}|")
    return "\n".join(lines) + "\n"


def _wrapped(rng: random.Random, text: str) -> tuple[str, bytes]:
    """One wrapping of an ASCII text: its name and the file's bytes."""
    raw = text.encode()
    kind = rng.choice(("url", "form", "xxd", "hexdump", "hex", "xxd-p", "base32", "base32-lower", "rot13"))
    if kind == "url":
        return kind, urllib.parse.quote(text).encode()
    if kind == "form":
        return kind, urllib.parse.urlencode({"note": text}).encode()
    if kind == "xxd":
        return kind, _xxd(raw).encode()
    if kind == "hexdump":
        return kind, _hexdump_c(raw).encode()
    if kind == "hex":
        return kind, raw.hex().encode()
    if kind == "xxd-p":
        digits = raw.hex()
        return kind, "\n".join(digits[i : i + 60] for i in range(0, len(digits), 60)).encode()
    if kind == "base32":
        return kind, base64.b32encode(raw)
    if kind == "base32-lower":
        return kind, base64.b32encode(raw).lower().rstrip(b"=")
    return kind, codecs.encode(text, "rot13").encode()


def _clean_rendition(scanned, piece: str) -> bool:
    readings = attachment_text_readings(content=scanned.rendition, content_type="text/plain", filename="") or []
    return all(piece not in reading for reading in readings)


def test_generated_wrapped_secrets_are_found_and_the_rendition_is_clean() -> None:
    rng = random.Random(8_8201)
    for _ in range(150):
        if rng.random() < 0.25:
            secret = b58check_encode(b"\x80" + rng.randbytes(32) + b"\x01")
            piece = secret[5:25]
        else:
            secret = _phrase(rng)
            piece = max(secret.split(), key=len)  # a phrase word, not one of the sentence's
        text = f"Hello support team, here are my wallet words: {secret} thanks a lot"
        if piece in text.replace(secret, ""):
            continue
        kind, content = _wrapped(rng, text)
        scanned = file_scan(content=content, content_type="application/octet-stream", filename="note.txt")
        assert scanned is not None, kind
        assert scanned.rendition is not None and scanned.scanned.has_secret, (kind, content[:80])
        assert _clean_rendition(scanned, piece), kind


@pytest.mark.parametrize(
    ("language", "encoding", "before"),
    [
        ("japanese", "shift_jis", "こんにちは、これは私の復元フレーズです："),
        ("japanese", "euc-jp", "こんにちは、復元フレーズ："),
        ("korean", "euc-kr", "안녕하세요, 제 복구 문구입니다: "),
        ("russian", "cp1251", "Здравствуйте, вот моя фраза восстановления: "),
        ("english", "cp1251", "Здравствуйте, вот моя фраза: "),
        ("english", "shift_jis", "こんにちは、私のフレーズ："),
    ],
)
def test_a_phrase_in_a_legacy_charset_is_found(language: str, encoding: str, before: str) -> None:
    rng = random.Random(8_8202)
    for _ in range(5):
        phrase = _phrase(rng, language)
        separator = "\u3000" if language == "japanese" else " "
        phrase = separator.join(phrase.split())
        content = f"{before}{phrase}\n".encode(encoding)
        scanned = file_scan(content=content, content_type="text/plain", filename="note.txt")
        assert scanned is not None and scanned.rendition is not None, (language, encoding)
        assert _clean_rendition(scanned, phrase.split(separator)[4])


@pytest.mark.parametrize("codec", ["cp037", "cp500"])
def test_a_phrase_in_ebcdic_is_found(codec: str) -> None:
    phrase = _phrase(random.Random(8_8203))
    content = f"CUSTOMER NOTE 0001 recovery words: {phrase} end of record".encode(codec)
    scanned = file_scan(content=content, content_type="application/octet-stream", filename="EXPORT.DAT")
    assert scanned is not None and scanned.rendition is not None
    assert _clean_rendition(scanned, phrase.split()[6])


def test_clean_files_in_those_charsets_and_wrappings_are_kept_as_they_came() -> None:
    rng = random.Random(8_8204)
    clean = "Hello support, my deposit of 0.5 BTC has not arrived after two days. Please check the ticket."
    files = [
        "こんにちは、入金がまだ届いていません。確認してください。".encode("shift_jis"),
        "안녕하세요, 입금이 아직 도착하지 않았습니다. 확인 부탁드립니다.".encode("euc-kr"),
        "Здравствуйте, мой депозит ещё не пришёл. Проверьте, пожалуйста.".encode("cp1251"),
        clean.encode("cp037"),
        "Bonjour, mon dépôt n'est pas arrivé. Merci, café crème.".encode("latin-1"),
        b"discount 50% off, 100%25 sure, a%20b",
        b"sha256 5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef",
    ]
    for _ in range(20):
        files.append(_wrapped(rng, clean)[1])
    for content in files:
        scanned = file_scan(content=content, content_type="text/plain", filename="note.txt")
        assert scanned is not None and scanned.rendition is None and not scanned.scanned.has_secret, content[:60]


def test_a_large_clean_file_is_stored_as_is_and_read_once() -> None:
    """20 MB of "hello world" (two wordlist words, repeated) is no recovery phrase: stored as it came."""
    content = b"hello world\n" * (20 * 1024 * 1024 // 12)
    readings = attachment_text_readings(content=content, content_type="text/plain", filename="big.txt")
    assert readings is not None and len(readings) == 1
    started = time.process_time()
    scanned = file_scan(content=content, content_type="text/plain", filename="big.txt")
    assert scanned is not None and scanned.rendition is None and not scanned.scanned.has_secret
    assert time.process_time() - started < 30  # one reading scanned once (about 5 s on one core)


def test_a_large_latin_file_is_not_read_in_every_charset() -> None:
    """Charsets whose script does not show (no kana, hangul or Cyrillic) add no reading to scan in full."""
    content = ("Bonjour, mon dépôt n'est pas arrivé. Merci, café crème. " * 20000).encode("latin-1")
    readings = attachment_text_readings(content=content, content_type="text/plain", filename="big.txt")
    assert readings is not None and len(readings) <= 3  # GB18030 or Big5 where they decode, and Latin-1
