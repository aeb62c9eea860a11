"""The hand-written checksums (against published vectors) and the normaliser's offset map."""

from __future__ import annotations

import pytest

from supportrecords.redaction.checksums import (
    b58check_decode,
    b58check_encode,
    eip55_checksum,
    iban_mod97_valid,
    iso7064_mod11_2,
    keccak256,
    keccak256_python,
    luhn_valid,
    segwit_decode,
    segwit_encode,
)
from supportrecords.redaction.normalize import normalize


def test_keccak256_empty_input() -> None:
    assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


def test_keccak256_known_sentence() -> None:
    digest = keccak256(b"The quick brown fox jumps over the lazy dog").hex()
    assert digest == "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"


@pytest.mark.parametrize("size", [0, 1, 40, 135, 136, 137, 272, 300])
def test_keccak256_python_fallback_agrees_with_c(size: int) -> None:
    data = bytes((i * 7 + size) % 256 for i in range(size))
    assert keccak256_python(data) == keccak256(data)


@pytest.mark.parametrize(
    "address",
    [
        "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "dbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "D1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ],
)
def test_eip55(address: str) -> None:
    assert eip55_checksum(address.lower()) == address


def test_base58check_round_trip() -> None:
    payload = b"\x00" + bytes(range(20))
    assert b58check_decode(b58check_encode(payload)) == payload
    assert b58check_decode("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo") is not None
    assert b58check_decode("1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mp") is None
    assert b58check_decode("0OIl") is None


def test_segwit_round_trip_and_rules() -> None:
    hrps = frozenset({"bc", "tb"})
    assert segwit_decode("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", hrps=hrps) is not None
    assert segwit_decode("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", hrps=hrps) is not None
    program = bytes(range(32))
    assert segwit_decode(segwit_encode("bc", version=1, program=program), hrps=hrps) == (1, program)
    # BIP-350: v1 with a bech32 (not bech32m) checksum is invalid.
    assert (
        segwit_decode("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx", hrps=hrps) is None
    )


def test_decimal_checks() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert iban_mod97_valid("GB29NWBK60161331926819")
    assert not iban_mod97_valid("GB29NWBK60161331926818")
    assert iso7064_mod11_2("11010519491231002") == "X"


@pytest.mark.parametrize(
    "text",
    [
        "plain ascii",
        "中文，全角：标点",
        "ｆｕｌｌ１２３",
        "a\u200bb",
        "e\u0301x",
        "ｶﾞ",
        "가격",
        "😀ﬁ",
        "\u3000x",
    ],
)
def test_normalize_maps_every_span_back(text: str) -> None:
    normalized = normalize(text)
    for start in range(len(normalized.text)):
        for end in range(start + 1, len(normalized.text) + 1):
            orig_start, orig_end = normalized.to_original(start, end)
            assert 0 <= orig_start < orig_end <= len(text)


def test_normalize_folds_full_width_and_drops_zero_width() -> None:
    assert normalize("ｆｕｌｌ１２３").text == "full123"
    assert normalize("a\u200bb").text == "ab"
    assert normalize("e\u0301").text == "é"
    assert normalize("ｆｕｌｌ").to_original(1, 3) == (1, 3)
    assert normalize("a\u200bbc").to_original(1, 3) == (2, 4)
