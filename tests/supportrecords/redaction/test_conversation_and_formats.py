"""Issue 8: formats that were missed, national numbers read where the customer lives, and context from the
earlier turns of the conversation."""

from __future__ import annotations

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import detect, mask, redact
from supportrecords.redaction.checksums import b58check_encode

HEX_KEY = "e9873d79c6d87dc0fb6a5778633389f4453213303da61f20bd67fc233aa33262"
WIF = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ"
WIF_COMPRESSED = b58check_encode(bytes.fromhex("80" + HEX_KEY + "01"))
ZH = Mnemonic("chinese_simplified")
ZH_12 = "".join(ZH.to_mnemonic(bytes(range(16))).split())
ZH_24 = "".join(ZH.to_mnemonic(bytes(range(1, 33))).split())


def _found(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in detect(text, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("请退款到银联卡 6212 3456 7890 1234 569，谢谢", "6212 3456 7890 1234 569"),
        ("card 6212-3456-7890-1234-569 declined", "6212-3456-7890-1234-569"),
        ("visa 4000 0000 0000 0000 006", "4000 0000 0000 0000 006"),
    ],
)
def test_grouped_19_digit_cards(text: str, value: str) -> None:
    assert ("bank_card", value) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "private key: " + " ".join(HEX_KEY[i : i + 4] for i in range(0, 64, 4)),
        "my key " + " ".join(HEX_KEY[i : i + 8] for i in range(0, 64, 8)) + " thanks",
        "私钥\n" + HEX_KEY[:32] + "\n" + HEX_KEY[32:],
        "key " + HEX_KEY[:32] + "\r\n" + HEX_KEY[32:] + "\r\nok",
        "-".join(HEX_KEY[i : i + 8] for i in range(0, 64, 8)),
        f"my wif {WIF[:20]} {WIF[20:]} please help",
        f"{WIF_COMPRESSED[:10]} {WIF_COMPRESSED[10:30]} {WIF_COMPRESSED[30:]}",
        f"wif:\n{WIF[:26]}\n{WIF[26:]}",
    ],
)
def test_split_private_keys_are_redacted(text: str) -> None:
    redacted = redact(text)
    assert "[REDACTED:private_key]" in redacted
    for piece in (HEX_KEY[:8], HEX_KEY[-8:], WIF[-8:], WIF_COMPRESSED[-8:]):
        assert piece not in redacted


def test_split_transaction_hash_is_not_a_key() -> None:
    text = "tx hash " + " ".join(HEX_KEY[i : i + 8] for i in range(0, 64, 8))
    assert [k for k, _ in _found(text)] == ["tx_hash"]


@pytest.mark.parametrize(
    "text",
    [
        "I understand the deadbeef face cafe added a decade ago",
        "1234 5678 9012 3456 7890 1234 5678 9012 3456 7890 1234 5678 9012 3456 7890 1234",  # no hex letter
        "sha256 checksum " + " ".join(HEX_KEY[i : i + 8] for i in range(0, 64, 8)),
        "Kindness understanding cheerfully sympathetic comprehension",
    ],
)
def test_split_key_look_alikes(text: str) -> None:
    assert "private_key" not in [k for k, _ in _found(text)]


@pytest.mark.parametrize(
    "text", ["+44 7700 900123", "call me on +44 7700 900123 please", "0044 7700 900123", "+1 555 010 1234"]
)
def test_phone_shaped_numbers_with_a_real_country_code(text: str) -> None:
    assert "phone" in [k for k, _ in _found(text)]


def test_national_numbers_are_read_in_the_customers_region() -> None:
    text = "my number is 07700 900123"
    assert ("phone", "07700 900123") in _found(text, home="GB")
    assert mask("phone", "07700 900123", home="GB") == "+44 770***0123"
    assert mask("phone", "+44 7700 900123") == "+44 770***0123"
    assert mask("phone", "(415) 555-0132", home="US") == "+1 415***0132"


def test_a_passport_number_answering_the_agents_question() -> None:
    text = "Sure, it's E12345678"
    assert _found(text) == []
    previous = ["Hello, how can I help?", "Could you please confirm your passport number?"]
    assert ("passport", "E12345678") in _found(text, previous=previous)
    assert ("passport", "E12345678") in _found("好的，E12345678", previous=["请提供您的护照号码"])


def test_a_passport_number_before_the_word() -> None:
    assert ("passport", "E12345678") in _found("E12345678 is the number on my passport")


def test_passport_context_does_not_take_orders_or_dates() -> None:
    previous = ["confirm your passport number"]
    assert _found("order 12345678 and 20240512", previous=previous) == []


@pytest.mark.parametrize(
    "text",
    [
        f"你好，这是我写下来的「{ZH_12}」请帮忙看看，助记词安全吗",
        f"朋友让我发给他“{ZH_12}”，这是助记词吗",
        f"我的助记词丢了一个词，剩下的是{ZH_24[:-1]}，能恢复吗",
        f"『{ZH_12}』",
        f'他说"{ZH_12}"',
    ],
)
def test_contiguous_chinese_phrases_quoted_or_with_context(text: str) -> None:
    redacted = redact(text)
    assert "[REDACTED:seed_phrase]" in redacted
    assert ZH_12[3:9] not in redacted and ZH_24[3:9] not in redacted


def test_contiguous_chinese_phrase_answering_the_agents_question() -> None:
    text = f"好的 {ZH_24[:-1]} 谢谢"
    assert "seed_phrase" in [k for k, _ in _found(text, previous=["请提供助记词"])]
    text = f"{ZH_12}"
    assert "seed_phrase" in [k for k, _ in _found(f"好的{text}谢谢", previous=["请提供助记词"])]


@pytest.mark.parametrize(
    "text",
    [
        "我的助记词丢了，怎么办才能找回我的钱包里面的币呢我很着急，请你们帮帮我好吗",
        "客服说“不要把助记词告诉任何人”，我记住了",
        "「账户被冻结了怎么办」",
    ],
)
def test_chinese_sentences_about_phrases_are_not_phrases(text: str) -> None:
    assert "seed_phrase" not in [k for k, _ in _found(text)]


def test_english_prose_after_an_agents_seed_question_is_not_a_phrase() -> None:
    text = "I do not have it, I lost the paper when I moved house last year, sorry"
    assert _found(text, previous=["Please never share your seed phrase with anyone."]) == []
