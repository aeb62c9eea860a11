"""Private keys in the disguises an attacker tried from outside: named in other words or languages beside a
transaction word, a hash word far from the key, a lost leading zero, base64, decimal or raw base58 after a key
word, pieces apart by dots, slashes, bars, non-ASCII spaces or emoji, halves in quotes with words between, a WIF
typed backwards or in lower case, an extended key in three pieces, a Casascius mini key. What is not a key stays:
a hash named in its sentence, a list of withdrawals, an address, a subresource-integrity hash."""

from __future__ import annotations

import base64
import hashlib
import random

import pytest

from supportrecords.redaction import detect, redact
from supportrecords.redaction.checksums import b58check_encode, b58encode

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _raw(rng: random.Random) -> bytes:
    while True:
        key = rng.randbytes(32)
        if 0 < int.from_bytes(key, "big") < N:
            return key


def _wif(rng: random.Random) -> str:
    return b58check_encode(b"\x80" + _raw(rng) + b"\x01")


def _xprv(rng: random.Random) -> str:
    return b58check_encode(bytes.fromhex("0488ade4") + b"\x03" + rng.randbytes(40) + b"\x00" + _raw(rng))


def _mini(rng: random.Random) -> str:
    while True:
        key = "S" + "".join(rng.choice(B58) for _ in range(29))
        if hashlib.sha256((key + "?").encode()).digest()[0] == 0:
            return key


HEX_CASES = {
    "wallet key beside a transaction word": "The transaction failed so I exported my wallet key from MetaMask: {k}",
    "export beside tx": "My withdrawal tx never arrived. Account export from Trust Wallet -> {k}",
    "checksum in another clause": "I ran the export tool (checksum OK) and it printed {k}",
    "commit in another sentence": "I didn't commit anything. The app showed this when I pressed 'Reveal': {k}",
    "spanish": "Mi transacción no llegó. Mi clave privada es {k}",
    "french": "Ma transaction est bloquée, voici ma clé privée : {k}",
    "german": "Transaktion hängt. Mein privater Schlüssel: {k}",
    "japanese": "トランザクションが失敗しました。秘密鍵は {k} です",
    "korean": "트랜잭션 실패. 개인키: {k}",
    "key word far before, tx near": "I was told never to share a private key. "
    + "My deposit is missing since Monday and nobody answers, " * 3
    + "the tx details: {k}",
    "lost leading zero": "my private key is {k63}",
    "base64 after a key word": "my private key is {b64}",
    "base64 after export": "exported from phantom: {b64}",
    "decimal": "private key (as number): {dec}",
    "raw base58": "private key: {b58}",
    "dots": "{dots}",
    "slashes": "{slashes}",
    "underscores": "{underscores}",
    "bars": "{bars}",
    "no-break spaces": "{nbsp}",
    "emoji": "{emoji}",
    "quoted halves": 'first half "{h1}" and the second half is "{h2}"',
}


@pytest.mark.parametrize("case", HEX_CASES)
def test_a_64_hex_key_in_disguise_is_redacted(case):
    rng = random.Random(case)  # noqa: S311 - reproducible test data
    for _ in range(5):
        raw = _raw(rng)
        k = raw.hex()
        values = {
            "k": k,
            "k63": k[1:] if k[0] != "0" else k.lstrip("0")[:63],
            "b64": base64.b64encode(raw).decode(),
            "dec": str(int(k, 16)),
            "b58": b58encode(raw),
            "dots": ".".join(k[i : i + 4] for i in range(0, 64, 4)),
            "slashes": "/".join(k[i : i + 8] for i in range(0, 64, 8)),
            "underscores": "_".join(k[i : i + 8] for i in range(0, 64, 8)),
            "bars": " | ".join(k[i : i + 16] for i in range(0, 64, 16)),
            "nbsp": "\u00a0".join(k[i : i + 4] for i in range(0, 64, 4)),
            "emoji": "\U0001f511".join(k[i : i + 8] for i in range(0, 64, 8)),
            "h1": k[:32],
            "h2": k[32:],
        }
        text = HEX_CASES[case].format(**values)
        stored = redact(text)
        assert "[REDACTED:private_key]" in stored
        for value in values.values():
            for i in range(0, len(value) - 16, 8):
                assert value[i : i + 16] not in stored


WIF_CASES = {
    "emoji between pieces": lambda w: "\U0001f525".join(w[i : i + 10] for i in range(0, len(w), 10)),
    "lower case after 'my key'": lambda w: f"my key (typed it lower case sorry) {w.lower()}",
    "backwards": lambda w: f"written backwards: {w[::-1]}",
    "quoted pieces with words": lambda w: f'part one "{w[:25]}" part two "{w[25:]}"',
}


@pytest.mark.parametrize("case", WIF_CASES)
def test_a_wif_in_disguise_is_redacted(case):
    rng = random.Random(case)  # noqa: S311 - reproducible test data
    for _ in range(5):
        wif = _wif(rng)
        stored = redact(WIF_CASES[case](wif))
        assert "[REDACTED:private_key]" in stored
        assert not any(piece in stored for piece in (wif[:10], wif[20:30], wif[::-1][:10], wif.lower()[:10]))


def test_an_extended_key_in_three_pieces_with_words_between():
    rng = random.Random(3)  # noqa: S311 - reproducible test data
    for _ in range(5):
        key = _xprv(rng)
        stored = redact(f"{key[:40]} and then {key[40:80]} and finally {key[80:]}")
        assert stored == "[REDACTED:private_key] and then [REDACTED:private_key] and finally [REDACTED:private_key]"


@pytest.mark.parametrize("template", ["my casascius coin key: {}", "{}"])
def test_a_casascius_mini_key_is_a_key_by_its_check(template):
    rng = random.Random(template)  # noqa: S311 - reproducible test data
    for _ in range(5):
        assert redact(template.format(_mini(rng))) == template.format("[REDACTED:private_key]")


def test_what_is_not_a_key_stays():
    rng = random.Random(9)  # noqa: S311 - reproducible test data
    h = [rng.randbytes(32).hex() for _ in range(3)]
    texts = [
        f"The sha256 of the statement PDF you sent is {h[0]}, is that the right file?",
        "Here is the withdrawal list:\n"
        + "\n".join(f"2026-0{i + 1}-08  {100 + i}.5 BTC  {x}" for i, x in enumerate(h)),
        f"please send it to {b58encode(rng.randbytes(32))} on Solana",
        '<script src="x.js" integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC">',
        f"the key issue is my withdrawal {h[1]} is late",
        f"abcdefghijklmnopqrstuvwxyz{'S' + 'x' * 29} not a mini key",
    ]
    for text in texts:
        assert [f.kind for f in detect(text) if f.kind == "private_key"] == [], text
