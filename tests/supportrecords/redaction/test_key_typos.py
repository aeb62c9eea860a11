"""Private keys retyped with one typo (a WIF or an extended key whose checksum fails, a 64-hex key with a non-hex
character or a digit too few or too many), and key formats named only by a short key word ("pk:", "priv:", "the
key is"). Under the redaction-first policy these are keys; what carries no key word, and what is named a hash or a
public key, stays."""

from __future__ import annotations

import base64
import random
from collections.abc import Callable

import pytest

from bench.corpus import negative_lines
from supportrecords.redaction import detect, redact
from supportrecords.redaction.checksums import B58_ALPHABET, b58check_decode, b58check_encode

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
CASES = 300
REDACTED = "[REDACTED:private_key]"
KEY_WORDS = ("my private key is ", "wallet key = ", "私钥：", "my WIF: ", "pk: ", "priv = ", "the key is ")
SHORT_KEY_WORDS = (
    "pk: ",
    "pk = ",
    "priv: ",
    "privkey ",
    "key: ",
    "Here is the key: ",
    "Here is the key:\n",
    "the key to my wallet is ",
    "key (hex): ",
    "the key is ",
    "key = ",
)
ENDINGS = ("", " please help", "\nthanks", ". Is it valid?")
EXTENDED_VERSIONS = {
    "xprv": "0488ade4",
    "yprv": "049d7878",
    "zprv": "04b2430c",
    "tprv": "04358394",
    "uprv": "044a4e28",
    "vprv": "045f18bc",
}
# Characters a key is misread as when retyped from paper; none of them is base58.
LOOK_ALIKES = {"1": "l", "o": "0", "L": "I", "Q": "O"}


def _raw(rng: random.Random) -> bytes:
    while True:
        key = rng.randbytes(32)
        if 0 < int.from_bytes(key, "big") < N:
            return key


def _wif(rng: random.Random) -> str:
    version = rng.choice((b"\x80", b"\xef"))
    return b58check_encode(version + _raw(rng) + rng.choice((b"", b"\x01")))


def _xprv(rng: random.Random, prefix: str) -> str:
    body = bytes([rng.randrange(1, 5)]) + rng.randbytes(40) + b"\x00" + _raw(rng)
    return b58check_encode(bytes.fromhex(EXTENDED_VERSIONS[prefix]) + body)


def _base58_typo(rng: random.Random, key: str, *, first: int = 1) -> str:
    """key with one character replaced, dropped, added or misread as a look-alike; its checksum fails."""
    while True:
        i = rng.randrange(first, len(key))
        kind = rng.choice(("replace", "drop", "add", "look-alike"))
        if kind == "replace":
            typo = key[:i] + rng.choice(B58_ALPHABET.replace(key[i], "")) + key[i + 1 :]
        elif kind == "drop":
            typo = key[:i] + key[i + 1 :]
        elif kind == "add":
            typo = key[:i] + rng.choice(B58_ALPHABET) + key[i:]
        else:
            spots = [j for j, c in enumerate(key) if c in LOOK_ALIKES and j >= first]
            if not spots:
                continue
            i = rng.choice(spots)
            typo = key[:i] + LOOK_ALIKES[key[i]] + key[i + 1 :]
        if b58check_decode(typo) is None:
            return typo


def _hex_typo(rng: random.Random) -> str:
    """A 64-hex key with one non-hex character ("o" for "0", a stray letter), a digit dropped or one added."""
    key = _raw(rng).hex()
    i = rng.randrange(64)
    kind = rng.choice(("o for 0", "stray letter", "added letter", "drop", "add"))
    if kind == "o for 0":
        i = rng.choice([j for j, c in enumerate(key) if c == "0"] or [i])
        typo = key[:i] + "o" + key[i + 1 :]
    elif kind == "stray letter":
        typo = key[:i] + rng.choice("ghijklmnopqrstuvwyz") + key[i + 1 :]
    elif kind == "added letter":
        typo = key[:i] + rng.choice("ghijklmnopqrstuvwyz") + key[i:]
    elif kind == "drop":
        typo = key[:i] + key[i + 1 :]
    else:
        typo = key[:i] + rng.choice("0123456789abcdef") + key[i:]
    return rng.choice((typo, typo.upper(), "0x" + typo))


def _assert_redacted_as_mistyped_key(text: str, key: str) -> None:
    found = [f for f in detect(text) if f.kind == "private_key"]
    assert key not in redact(text), text
    assert [(f.start, f.end) for f in found] == [(text.index(key), text.index(key) + len(key))], text
    assert all(f.confidence < 1.0 for f in found), text


# --- one typo ---------------------------------------------------------------------------------------------------


def test_a_wif_with_one_typo_after_a_key_word_is_a_key() -> None:
    rng = random.Random(51_52)
    for _ in range(CASES):
        key = _base58_typo(rng, _wif(rng))
        _assert_redacted_as_mistyped_key(rng.choice(KEY_WORDS) + key + rng.choice(ENDINGS), key)


def test_the_red_team_wif_example_is_a_key() -> None:
    text = "my private key is KyMGA4AmqAZoES8nUxG7R3RGVx7ASqZdxtuFZ4ghNGC1KrrK4ZHx"
    assert redact(text) == f"my private key is {REDACTED}"


def _visible(key: str, prefix: str) -> bool:
    """Whether the typo in key shows without its checksum: a length, a character or a prefix that no extended key
    has."""
    return len(key) != 111 or not key.startswith(prefix) or any(c not in B58_ALPHABET for c in key)


@pytest.mark.parametrize("prefix", sorted(EXTENDED_VERSIONS))
def test_an_extended_private_key_with_a_visible_typo_is_a_key_without_a_key_word(prefix: str) -> None:
    rng = random.Random(prefix)
    tried = 0
    while tried < CASES // 3:
        key = _base58_typo(rng, _xprv(rng, prefix))  # the typo may be in the prefix too ("xpsv...")
        if not _visible(key, prefix):
            continue
        tried += 1
        _assert_redacted_as_mistyped_key(rng.choice(("", "ref ", "is this right? ")) + key + rng.choice(ENDINGS), key)


@pytest.mark.parametrize("prefix", sorted(EXTENDED_VERSIONS))
def test_an_extended_private_key_with_one_base58_character_replaced_is_a_key_only_if_called_one(prefix: str) -> None:
    # Such a string is BIP32's test vector 5 "invalid checksum" (shared/vectors labels it none): only its
    # checksum shows the typo, so the words around it decide.
    rng = random.Random(prefix + "replaced")
    tried = 0
    while tried < CASES // 3:
        key = _base58_typo(rng, _xprv(rng, prefix))
        if _visible(key, prefix):
            continue
        tried += 1
        _assert_redacted_as_mistyped_key(rng.choice(KEY_WORDS) + key + rng.choice(ENDINGS), key)
        assert not detect(rng.choice(("", "ref ", "is this right? ")) + key + rng.choice(ENDINGS))


def test_a_hex_key_with_one_typo_after_a_key_word_is_a_key() -> None:
    rng = random.Random(64)
    for _ in range(CASES):
        key = _hex_typo(rng)
        _assert_redacted_as_mistyped_key(rng.choice(KEY_WORDS) + key + rng.choice(ENDINGS), key)


def test_the_red_team_hex_example_is_a_key() -> None:
    text = "wallet key = e83ead307ecec2dda3575b5fd84b16f976o37d9dab31045cdc9735f2677ad559"
    assert redact(text) == f"wallet key = {REDACTED}"


# --- short key words --------------------------------------------------------------------------------------------


FORMATS: dict[str, Callable[[random.Random], str]] = {
    "62 or 63 hex digits": lambda rng: ("0" + _raw(rng).hex()[rng.randint(1, 2) :]).lstrip("0"),
    "base64": lambda rng: base64.b64encode(_raw(rng)).decode(),
    "base64 without padding": lambda rng: base64.b64encode(_raw(rng)).decode().rstrip("="),
    "decimal": lambda rng: str(int.from_bytes(_raw(rng), "big")),
}


@pytest.mark.parametrize("form", sorted(FORMATS))
def test_a_key_format_after_a_short_key_word_is_a_key(form: str) -> None:
    rng = random.Random(form)
    for _ in range(CASES):
        key = FORMATS[form](rng)
        if form == "62 or 63 hex digits" and len(key) not in (62, 63):
            continue  # a random key seldom starts with three zeros
        text = rng.choice(SHORT_KEY_WORDS) + key + rng.choice(ENDINGS)
        assert key not in redact(text), text
        assert [f.kind for f in detect(text)] == ["private_key"], text


def test_a_base64_key_without_a_long_run_of_letters_is_read() -> None:
    # "+" and "/" may cut a base64 key into runs of letters and digits shorter than the long-token gate's 13.
    rng = random.Random(13)
    keys: list[str] = []
    while len(keys) < 20:
        key = base64.b64encode(_raw(rng)).decode()
        runs = "".join(c if c.isalnum() else " " for c in key).split()
        if max(map(len, runs)) < 13:
            keys.append(key)
    for key in keys:
        for words in ("pk: ", "my private key is "):
            assert redact(words + key) == words + REDACTED


# --- what stays -------------------------------------------------------------------------------------------------


def test_the_chat_corpus_holds_no_key() -> None:
    for line in negative_lines():
        assert [f for f in detect(line) if f.kind == "private_key"] == [], line


def _random_base58(rng: random.Random) -> str:
    size = rng.randint(50, 53)
    return rng.choice("5KLc9") + "".join(rng.choice(B58_ALPHABET) for _ in range(size - 1))


def test_base58_and_hex_without_a_key_word_are_not_keys() -> None:
    rng = random.Random(58)
    plain = ("", "ref ", "order ", "can you check ", "my withdrawal ", "the key issue is that ")
    for _ in range(CASES):
        token = rng.choice((_random_base58(rng), _base58_typo(rng, _wif(rng)), _hex_typo(rng), _raw(rng).hex()[:63]))
        text = rng.choice(plain) + token + rng.choice(ENDINGS)
        assert [f for f in detect(text) if f.kind == "private_key"] == [], text


@pytest.mark.parametrize(
    "template",
    [
        "txid: {hex}",
        "txid {hex} is still pending",
        "sha256 checksum: {hex}",
        "the sha256 of the key file: {hex}",
        "commit {hex}",
        "the key issue is that my withdrawal {hex} is late",
        "I lost the key to my flat yesterday, and also the order {hex}",
        "idempotency key: 550e8400-e29b-41d4-a716-446655440000",
        "public key: {b64}",
        "WireGuard public-key = {b64}",
        "pubkey: {b64}",
        "monkey: {b64}",
        "the key issue is that {b64} was rejected",
    ],
)
def test_named_hashes_ids_and_public_keys_are_not_keys(template: str) -> None:
    rng = random.Random(template)
    for _ in range(CASES // 10):
        text = template.format(
            hex=rng.choice((_hex_typo(rng), _raw(rng).hex()[:63], _raw(rng).hex() + "0")),
            b64=base64.b64encode(_raw(rng)).decode(),
        )
        assert [f for f in detect(text) if f.kind == "private_key"] == [], text


def test_an_extended_public_key_with_one_typo_is_not_a_private_key() -> None:
    rng = random.Random(111)
    for _ in range(CASES // 3):
        xpub = b58check_encode(bytes.fromhex("0488b21e") + b"\x03" + rng.randbytes(40) + b"\x02" + _raw(rng))
        text = "my xpub is " + _base58_typo(rng, xpub)
        assert [f for f in detect(text) if f.kind == "private_key"] == [], text
