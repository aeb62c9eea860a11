"""Private keys in the layouts tools print them in (OpenSSL colon hex, byte pairs, numbered lines, C and JSON
arrays, a Solana keypair, punctuated WIF and xprv), generated from a seeded generator: found, prose left alone."""

from __future__ import annotations

import random
import re

from supportrecords.redaction import detect
from supportrecords.redaction.checksums import b58check_encode
from supportrecords.redaction.keys import EXTENDED_PRIVATE, SECP256K1_N

_PROSE = [
    "hi",
    "support",
    "here",
    "is",
    "what",
    "the",
    "tool",
    "printed",
    "for",
    "my",
    "wallet",
    "please",
    "tell",
    "me",
    "why",
    "the",
    "balance",
    "is",
    "wrong",
    "thanks",
    "I",
    "tried",
    "again",
    "yesterday",
    "and",
    "it",
    "still",
    "shows",
    "zero",
]


def _secret(rng: random.Random) -> bytes:
    return rng.randrange(1, SECP256K1_N).to_bytes(32, "big")


def _openssl(rng: random.Random, secret: bytes) -> str:
    hexes = [f"{b:02x}" for b in (b"\x00" + secret if secret[0] >= 0x80 or rng.random() < 0.3 else secret)]
    indent = rng.choice(("    ", "  ", "\t"))
    lines = [":".join(hexes[i : i + 15]) for i in range(0, len(hexes), 15)]
    return "priv:\n" + ":\n".join(indent + line for line in lines)


def _pairs(rng: random.Random, secret: bytes) -> str:
    upper = rng.random() < 0.3
    pairs = [f"{b:02X}" if upper else f"{b:02x}" for b in secret]
    sep = rng.choice((" ", "  ", "-", ":", ", "))
    if rng.random() < 0.3:  # 16 per line, as hex viewers show them
        return "\n".join(sep.join(pairs[i : i + 16]) for i in range(0, 32, 16))
    return sep.join(pairs)


def _numbered(rng: random.Random, secret: bytes) -> str:
    digits = secret.hex()
    size = rng.choice((8, 16, 32))
    style = rng.choice(("{}: ", "{}. ", "{}) ", "{}:"))
    return "\n".join(style.format(n + 1) + digits[i : i + size] for n, i in enumerate(range(0, 64, size)))


def _c_array(rng: random.Random, secret: bytes) -> str:
    items = rng.choice((", ", ",", ",\n    ")).join(
        f"0x{b:02X}" if rng.random() < 0.3 else f"0x{b:02x}" for b in secret
    )
    wrap = rng.choice(("{{{}}}", "[{}]", "{}", "uint8_t key[32] = {{ {} }};", "const key = [{}];"))
    return wrap.format(items)


def _solana(rng: random.Random, secret: bytes) -> str:
    numbers = list(secret) + (list(rng.randbytes(32)) if rng.random() < 0.7 else [])
    sep = rng.choice((",", ", ", ",\n  "))
    return "[" + sep.join(map(str, numbers)) + "]"


def _wif_or_xprv(rng: random.Random, secret: bytes) -> str:
    if rng.random() < 0.5:
        return b58check_encode(b"\x80" + secret + (b"\x01" if rng.random() < 0.5 else b""))
    version = rng.choice(sorted(EXTENDED_PRIVATE))
    return b58check_encode(version + b"\x00" * 9 + rng.randbytes(32) + b"\x00" + secret)


def _punctuated(rng: random.Random, secret: bytes) -> str:
    key = _wif_or_xprv(rng, secret)
    size = rng.choice((4, 5, 6, 8, 10, 13))
    sep = rng.choice((":", "/", "-", ".", "_", "|", ",", " / ", "+"))
    return sep.join(key[i : i + size] for i in range(0, len(key), size))


_LAYOUTS = (_openssl, _pairs, _numbered, _c_array, _solana, _punctuated)


def _in_prose(rng: random.Random, written: str) -> str:
    before = " ".join(rng.choices(_PROSE, k=rng.randrange(0, 8)))
    after = " ".join(rng.choices(_PROSE, k=rng.randrange(0, 8)))
    return f"{before}{rng.choice((' ', chr(10), ': '))}{written}{rng.choice((' ', chr(10), '. '))}{after}".strip()


def _covered(text: str, written: str) -> bool:
    start = text.index(written)
    prefix = re.match(r"priv:\s*|\d+[.:)]\s*|.*[{\[]\s*|", written)  # the empty alternative always matches
    assert prefix is not None
    core_start = start + prefix.end()
    core_end = start + len(written.rstrip("]}; "))
    # Every hex digit or number of the key is inside a private_key finding.
    keys = [f for f in detect(text) if f.kind == "private_key"]
    inside = [c for c in range(core_start, core_end) if text[c].isalnum()]
    return all(any(f.start <= c < f.end for f in keys) for c in inside)


def test_generated_key_layouts_are_found() -> None:
    rng = random.Random(8_8101)
    for i in range(1200):
        layout = _LAYOUTS[i % len(_LAYOUTS)]
        written = layout(rng, _secret(rng))
        text = _in_prose(rng, written)
        assert _covered(text, written), (layout.__name__, text)


def test_examples_of_each_layout() -> None:
    secret = bytes.fromhex("e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35")
    texts = [
        "openssl ec -text says\npriv:\n    00:e8:f3:2e:72:3d:ec:f4:05:1a:ef:ac:8e:2c:93:\n    c9:c5:b2:14:31:38:17:"
        "cd:b0:1a:14:94:b9:17:c8:43:\n    6b:35\npub:\n    04:39:a3",
        "my key bytes: " + " ".join(f"{b:02x}" for b in secret),
        "1: e8f32e72\n2: 3decf405\n3: 1aefac8e\n4: 2c93c9c5\n5: b2143138\n6: 17cdb01a\n7: 1494b917\n8: c8436b35",
        "{" + ", ".join(f"0x{b:02x}" for b in secret) + "}",
        "[" + ",".join(map(str, secret + bytes(range(100, 132)))) + "]",
        "WIF " + ":".join("L5BmPijJjrKbiUfG4zbiFKNqkvuJ8usooJmzuD7Z8dkRoTThYnAT"[i : i + 4] for i in range(0, 52, 4)),
    ]
    for text in texts:
        assert "private_key" in [f.kind for f in detect(text)], text


def test_byte_lists_that_are_not_keys_are_left_alone() -> None:
    texts = [
        "order ids 12, 15, 18, 21, 24 and 30 were refunded",
        "scores: " + ", ".join(["7"] * 32),  # 32 numbers, all the same
        "ages " + ", ".join(str(20 + i % 3) for i in range(32)),
        "be ad de fa " * 8,  # two-letter words that are hex, no digits
        "[" + ",".join(str(i % 300) for i in range(40)) + "]",  # 40 numbers, some above 255
        "fingerprint 12:34:56:78 and 9a:bc:de:f0 only 8 bytes",
        "00000000: 6162 616e 646f 6e20 6162 696c 6974 790a  abandon ability.",
    ]
    for text in texts:
        assert [f.kind for f in detect(text) if f.kind == "private_key"] == [], text


def test_punctuated_base58_that_fails_its_checksum_is_left_alone() -> None:
    rng = random.Random(8_8102)
    for _ in range(300):
        key = list(_wif_or_xprv(rng, _secret(rng)))
        i = rng.randrange(4, len(key))
        key[i] = "2" if key[i] != "2" else "3"
        size = rng.choice((4, 5, 8))
        sep = rng.choice((":", "/", "."))
        text = "ref " + sep.join("".join(key)[j : j + size] for j in range(0, len(key), size)) + " thanks"
        assert [f.kind for f in detect(text) if f.kind == "private_key"] == [], text
