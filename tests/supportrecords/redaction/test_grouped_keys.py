"""Base58 keys (WIF, BIP32 extended private keys) written in groups, generated: found, and prose left alone."""

from __future__ import annotations

import random

from supportrecords.redaction import detect
from supportrecords.redaction.checksums import b58check_encode
from supportrecords.redaction.keys import EXTENDED_PRIVATE, SECP256K1_N

_SEPARATORS = (" ", "-", "\n", " - ", "\r\n", "  ")
_PROSE = [
    "please",
    "check",
    "my",
    "deposit",
    "it",
    "has",
    "been",
    "two",
    "days",
    "and",
    "the",
    "money",
    "is",
    "still",
    "not",
    "in",
    "my",
    "wallet",
    "thanks",
]


def _random_key(rng: random.Random) -> str:
    secret = rng.randrange(1, SECP256K1_N).to_bytes(32, "big")
    choice = rng.randrange(3)
    if choice == 0:
        return b58check_encode(b"\x80" + secret + b"\x01")  # compressed WIF
    if choice == 1:
        return b58check_encode(b"\x80" + secret)  # uncompressed WIF
    version = rng.choice(sorted(EXTENDED_PRIVATE))
    depth = rng.randrange(0, 4)
    fingerprint = rng.randbytes(4) if depth else b"\x00" * 4
    index = rng.randbytes(4) if depth else b"\x00" * 4
    return b58check_encode(version + bytes([depth]) + fingerprint + index + rng.randbytes(32) + b"\x00" + secret)


def _write(rng: random.Random, key: str, *, cut: bool = True) -> str:
    if cut and rng.random() < 0.25:  # over two lines, cut anywhere
        at = rng.randrange(1, len(key))
        return key[:at] + rng.choice(("\n", "\r\n", " ")) + key[at:]
    size = rng.choice((3, 4, 5, 6, 8, 10, 12, 16))
    sep = rng.choice(_SEPARATORS)
    return sep.join(key[i : i + size] for i in range(0, len(key), size))


def test_generated_grouped_keys_are_found():
    rng = random.Random(8_8001)
    for _ in range(2000):
        key = _random_key(rng)
        written = _write(rng, key)
        before = " ".join(rng.choices(_PROSE, k=rng.randrange(0, 6)))
        after = " ".join(rng.choices(_PROSE, k=rng.randrange(0, 6)))
        text = f"{before} {written} {after}".strip()
        findings = [f for f in detect(text) if f.kind == "private_key"]
        start = text.index(written)
        assert any(f.start <= start and f.end >= start + len(written) for f in findings), (written, findings)


def test_grouped_base58_that_fails_its_checksum_is_left_alone():
    rng = random.Random(8_8002)
    for _ in range(500):
        key = list(_random_key(rng))
        i = rng.randrange(4, len(key))
        key[i] = "2" if key[i] != "2" else "3"  # one character changed: the checksum fails
        # Never cut in two: a piece of 87 or 88 characters is a Solana-style key (no checksum) by itself.
        text = f"ref {_write(rng, ''.join(key), cut=False)} thanks"
        assert [f.kind for f in detect(text) if f.kind == "private_key"] == [], text


def test_ordinary_grouped_text_is_untouched():
    texts = [
        "Order ABCD EFGH JKMN PQRS TUVW XYZa bcde fghi jkmn opqr stuv wxyz 1234 5678 9ABC is late",
        "tracking Kw12-3456-7890-abcd-efgh-ijkm-nopq-rstu-vwxy-zABC-DEFG-HJKL-MNPQ",
        "the code you sent was wrong yes this is very bad they said they will come back next week too",
        "\n".join(["line one of many text here"] * 20),
    ]
    for text in texts:
        assert detect(text) == [], text


def test_a_hostile_run_of_groups_scans_quickly():
    import time

    rng = random.Random(8_8003)
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    text = " ".join("K" + "".join(rng.choices(alphabet, k=3)) for _ in range(25_000))  # 100 kB of 4-groups
    started = time.process_time()
    detect(text)
    # A bound on work, not a speed claim (bench/ measures speed): 0.6-1.0 s here on a loaded 2-core machine; trying
    # every group against every other would take minutes.
    assert time.process_time() - started < 3.0
