"""Public API: detect, redact, mask, constants; offsets into the original text; hostile inputs."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import supportrecords.redaction as redaction
from supportrecords.redaction import ALL_KINDS, DETECTOR_VERSION, SECRET_KINDS, Finding, detect, mask, redact

PHRASE = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
HEX_KEY = "e9873d79c6d87dc0fb6a5778633389f4453213303da61f20bd67fc233aa33262"
EMAIL = "li.wei@example.com"


def test_constants() -> None:
    assert {"seed_phrase", "private_key"} == SECRET_KINDS
    assert SECRET_KINDS < ALL_KINDS
    assert {
        "crypto_address",
        "tx_hash",
        "email",
        "phone",
        "cn_id",
        "national_id",
        "bank_card",
        "iban",
        "passport",
    } < ALL_KINDS
    assert isinstance(DETECTOR_VERSION, int)
    assert DETECTOR_VERSION >= 1


def test_finding_is_frozen() -> None:
    finding = Finding("email", 0, 3, 0.9)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 1  # type: ignore[misc]


def test_findings_are_sorted_and_do_not_overlap() -> None:
    text = f"mail {EMAIL}, key {HEX_KEY}, words: {PHRASE}, call 13812345678"
    findings = detect(text)
    assert [f.kind for f in findings] == ["email", "private_key", "seed_phrase", "phone"]
    for before, after in zip(findings, findings[1:], strict=False):
        assert before.end <= after.start
    assert text[findings[0].start : findings[0].end] == EMAIL
    assert text[findings[1].start : findings[1].end] == HEX_KEY


def test_secret_wins_an_overlap_with_lesser_kinds() -> None:
    # Digits inside an extended private key are not a phone or a card: the key wins the overlap.
    xprv = (
        "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yu"
        "GBxrMPHi"
    )
    assert [f.kind for f in detect(f"backup {xprv}")] == ["private_key"]
    # A key word nearby makes a 64-hex string a key even when a transaction is mentioned too.
    assert [f.kind for f in detect(f"txid and private key: {HEX_KEY}")] == ["private_key"]


def test_redact_replaces_only_secrets_by_default() -> None:
    text = f"my words {PHRASE} and my email {EMAIL}"
    assert redact(text) == f"my words [REDACTED:seed_phrase] and my email {EMAIL}"
    assert redact(text, kinds={"email"}) == f"my words {PHRASE} and my email [REDACTED:email]"
    assert redact(text, kinds=ALL_KINDS) == "my words [REDACTED:seed_phrase] and my email [REDACTED:email]"


def test_redact_leaves_clean_text_alone() -> None:
    text = "Hi, I want to deposit some bitcoin but the wallet address is wrong"
    assert redact(text, kinds=ALL_KINDS) == text


@pytest.mark.parametrize(
    ("kind", "value", "masked"),
    [
        ("email", "john.doe@example.com", "j***@example.com"),
        ("phone", "+86 138 1234 5678", "+86 138****5678"),
        ("phone", "13812345678", "+86 138****5678"),
        ("phone", "(415) 555-0132", "+1 415***0132"),
        ("bank_card", "4111 1111 1111 1111", "**** **** **** 1111"),
        ("iban", "DE89 3704 0044 0532 0130 00", "DE89 **** **** **** **30 00"),
        ("cn_id", "11010519491231002X", "110***********002X"),
        ("national_id", "078-05-1120", "07*-**-**20"),
        ("passport", "E12345678", "E******78"),
        ("crypto_address", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bc1qw5…f3t4"),
        ("seed_phrase", PHRASE, "[REDACTED:seed_phrase]"),
        ("private_key", HEX_KEY, "[REDACTED:private_key]"),
    ],
)
def test_mask(kind: str, value: str, masked: str) -> None:
    assert mask(kind, value) == masked


def test_mask_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        mask("shoe_size", "44")


@pytest.mark.parametrize(
    "text",
    [
        # full-width forms
        "ＴＸＩＤ：ｎｏｎｅ， 我的邮箱是ｌｉ．ｗｅｉ＠ｅｘａｍｐｌｅ．ｃｏｍ，手机１３８１２３４５６７８",
        "a\u200bb\u200c my email is li.wei@exam\u200bple.com and 13812345678",  # zero-width characters
        "아이디 가격 가격 and li.wei@example.com",  # decomposed Hangul (NFKD)
        "e\u0301te\u0301 ﬁnal ㈱ 😀 li.wei@example.com 13812345678",  # combining marks, ligature, emoji
        f"私钥{HEX_KEY}，助记词：{PHRASE}",
    ],
)
def test_offsets_map_back_to_the_original_text(text: str) -> None:
    findings = detect(text)
    assert findings
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        piece = text[finding.start : finding.end]
        assert piece.strip() == piece
        assert piece  # the span is a real slice of what the caller passed in


def test_full_width_email_and_phone_are_found_in_the_original() -> None:
    text = "邮箱ｌｉ．ｗｅｉ＠ｅｘａｍｐｌｅ．ｃｏｍ，手机１３８１２３４５６７８"
    found = {f.kind: text[f.start : f.end] for f in detect(text)}
    assert found == {"email": "ｌｉ．ｗｅｉ＠ｅｘａｍｐｌｅ．ｃｏｍ", "phone": "１３８１２３４５６７８"}


def test_zero_width_characters_do_not_hide_a_phrase() -> None:
    text = "seed: aban\u200bdon " + " ".join(["abandon"] * 10) + " about"
    [finding] = detect(text)
    assert finding.kind == "seed_phrase"
    assert text[finding.start : finding.end].startswith("aban\u200bdon")


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000 + "!",
        "1 " * 50_000,
        "abandon " * 50_000,
        "的 " * 50_000,
        "的" * 100_000,
        "@" * 100_000,
        "a@" * 50_000,
        "0x" + "a" * 100_000,
        "1-" * 50_000,
        "A1" * 50_000,
        "123 45 " * 20_000,
        "+1 " * 50_000,
        "bc1" + "q" * 100_000,
        "e\u0301" * 50_000,
        "passport " * 20_000,
        "助记词：" * 20_000,
    ],
    ids=lambda text: repr(text[:12]),
)
def test_hostile_input_completes(text: str) -> None:
    # Not a timed assertion: it only has to finish (the patterns have no nested quantifiers).
    for finding in detect(text):
        assert 0 <= finding.start < finding.end <= len(text)


def test_package_imports_nothing_from_django() -> None:
    package = Path(redaction.__file__).parent
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), path.name


def test_secrets_only_finds_the_same_secrets_and_no_personal_data() -> None:
    text = (
        "call me on +44 7700 900123 or li.wei@example.com, my words: abandon ability able about above absent "
        f"absorb abstract absurd abuse access ability and key {HEX_KEY}"
    )
    every = detect(text)
    secrets = detect(text, secrets_only=True)
    assert {f.kind for f in every} >= {"phone", "email", "seed_phrase", "private_key"}
    assert [f for f in every if f.kind in SECRET_KINDS] == secrets
