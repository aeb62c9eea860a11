"""A 64-hex private key typed in pieces of any length: cut over two or three lines anywhere, in groups apart by
one or more spaces, tabs, commas or dashes, after "0x", quoted with "> ", or in two halves with words between
(in one message or over two). Lists of UUIDs or IPv6 addresses, and hashes named as such, are not keys."""

from __future__ import annotations

import random
import re
import uuid

import pytest

from supportrecords.models import Message
from supportrecords.redaction import detect, redact
from supportrecords.scanning import split_secrets_redact
from tests.supportrecords.test_api import msg

SEED = 8_064


def _key(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(64))


def _cuts(rng: random.Random, pieces: int) -> list[int]:
    return [0, *sorted(rng.sample(range(1, 64), pieces - 1)), 64]


def _layouts(rng: random.Random, key: str) -> list[str]:
    two = _cuts(rng, 2)
    three = _cuts(rng, 3)
    upper = key.upper() if rng.random() < 0.3 else key
    cut = rng.randint(8, 56)
    return [
        "here is my private key:\n" + "\n".join(upper[a:b] for a, b in zip(two, two[1:], strict=False)) + "\nthanks",
        "I have this\n" + "\n".join(key[a:b] for a, b in zip(three, three[1:], strict=False)),
        "key " + " ".join(key[a:b] for a, b in zip(two, two[1:], strict=False)) + " ok",
        "key 0x" + " ".join(key[i : i + 4] for i in range(0, 64, 4)),
        "0x" + " ".join(key[i : i + 8] for i in range(0, 64, 8)),
        "my key " + "  ".join(key[i : i + 4] for i in range(0, 64, 4)),
        "my key " + "\t".join(key[i : i + 8] for i in range(0, 64, 8)),
        "my key\n  " + "\n  ".join(key[i : i + 16] for i in range(0, 64, 16)),
        "private key:\r\n" + "\r\n".join(key[a:b] for a, b in zip(three, three[1:], strict=False)),
        "my key " + ", ".join(key[i : i + 16] for i in range(0, 64, 16)),
        "> " + key[:32] + "\n> " + key[32:],
        "private key part one " + key[:32] + " part two " + key[32:],
        "the first half is " + key[:cut] + " and the rest is " + key[cut:],
    ]


def _left_in(text: str, key: str) -> bool:
    """Whether 12 consecutive characters of the key survive redaction (separators ignored)."""
    for finding in sorted(detect(text), key=lambda f: -f.start):
        if finding.kind == "private_key":
            text = text[: finding.start] + "#" + text[finding.end :]
    flat = re.sub(r"[^0-9a-fA-F#]", "", text).lower()
    return any(key[i : i + 12] in flat for i in range(53))


def test_generated_key_layouts_are_all_found():
    rng = random.Random(SEED)  # noqa: S311 - reproducible test data
    missed = []
    for _ in range(60):
        key = _key(rng)
        missed += [text for text in _layouts(rng, key) if _left_in(text, key)]
    assert missed == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("{a}", "{b}"),
        ("first part {a}", "second part {b}"),
        ("my private key is {a}", "and the rest: {b}"),
        ("here goes {a}", "remaining characters: {b}"),
        ("{a}", "{b} thats all of it"),
    ],
)
def test_a_key_over_two_messages_with_words_around_its_halves(first, second):
    rng = random.Random(SEED + 1)  # noqa: S311 - reproducible test data
    for _ in range(20):
        key = _key(rng)
        cut = rng.choice((32, 24, 40))
        stored = redact(first.format(a=key[:cut]))  # as its own scan stored it
        out = split_secrets_redact([stored, second.format(b=key[cut:])])
        assert out is not None
        (old, _), (new, _) = out
        assert key[: cut - 4] not in old and key[cut + 4 :] not in new
        assert "[REDACTED:private_key]" in old and "[REDACTED:private_key]" in new


def test_a_key_over_two_api_messages_is_stored_in_neither(api, api_ticket):
    key = _key(random.Random(SEED + 2))  # noqa: S311 - reproducible test data
    api.post("/api/messages/", msg("m-1", body="first part " + key[:32]), format="json")
    response = api.post("/api/messages/", msg("m-2", body="second part " + key[32:]), format="json")
    assert response.status_code == 201
    assert response.json()["secret_exposed_tickets"]
    bodies = [Message.objects.get(external_id=e).body for e in ("m-1", "m-2")]
    assert bodies == ["first part [REDACTED:private_key]", "second part [REDACTED:private_key]"]


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def test_lists_of_uuids_ipv6_and_named_hashes_are_not_keys():
    rng = random.Random(SEED + 3)  # noqa: S311 - reproducible test data
    texts = []
    for _ in range(100):
        ids = [uuid.UUID(int=rng.getrandbits(128)) for _ in range(2)]
        texts.append(f"order ids: {ids[0]}, {ids[1]}")
        texts.append(f"order ids {ids[0]} {ids[1]}")
        ips = [":".join(_hex(rng, 4) for _ in range(8)) for _ in range(2)]
        texts.append(f"logins from {ips[0]} and {ips[1]}")
        texts.append(f"sha256 of the file: {_hex(rng, 32)}\n{_hex(rng, 32)}")
        texts.append(
            f"I sent 0.5 BTC on 2024-01-05 at 12:30, ref {rng.randint(10**7, 10**9)}, fee 0.0001 and then 12 a be"
            f" 2048 dead beef cafe {rng.randint(100, 999)} ticket {rng.randint(10**5, 10**6)} phone 0912 345 678"
        )
    flagged = [t for t in texts if any(f.kind in ("private_key", "tx_hash") for f in detect(t))]
    assert flagged == []


def test_a_split_transaction_hash_is_a_hash():
    rng = random.Random(SEED + 4)  # noqa: S311 - reproducible test data
    tx = _hex(rng, 64)
    found = detect(f"my withdrawal txid\n{tx[:30]}\n{tx[30:]}")
    assert [f.kind for f in found] == ["tx_hash"]


def test_many_short_hex_words_scan_quickly_and_find_nothing():
    text = ("a 1 be 2 add 3 bad 4 cafe 5 " * 4000)[:100_000]
    assert [f for f in detect(text) if f.kind == "private_key"] == []
