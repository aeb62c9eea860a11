"""Phones, cards and resident ids written the way people paste them: non-breaking, thin or ideographic spaces
between groups, international numbers in dashes or dots, resident ids in groups; and the numbers that only look
like phones (IP addresses, a compact date and time, a row of prices)."""

from __future__ import annotations

import random
from collections.abc import Sequence

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat

from supportrecords.redaction import detect
from supportrecords.redaction.checksums import iso7064_mod11_2
from supportrecords.redaction.findings import BANK_CARD, CN_ID, PHONE
from tests.supportrecords.redaction.cards import luhn_complete

_SPACES = ["\u00a0", "\u202f", "\u2009", "\u3000"]


def _found(text: str, *, home: str | None = None, previous: Sequence[str] = ()) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in detect(text, home=home, previous=previous)]


def _covered(text: str, value: str, kind: str) -> bool:
    """Whether one finding of kind covers value, in the original text's offsets."""
    start = text.index(value)
    end = start + len(value)
    return any(f.kind == kind and f.start <= start and f.end >= end for f in detect(text))


def _random_mobile(region: str, rng: random.Random) -> phonenumbers.PhoneNumber:
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    national = str(example.national_number)
    for _ in range(500):
        digits = national[:4] + "".join(rng.choice("0123456789") for _ in range(len(national) - 4))
        number = phonenumbers.parse(f"+{example.country_code}{digits}", None)
        if phonenumbers.is_valid_number(number):
            return number
    return example


# --- 1. spaces other than U+0020 ----------------------------------------------------------------------------


@pytest.mark.parametrize("space", _SPACES)
def test_a_phone_with_unusual_spaces_is_found_in_the_original_offsets(space: str) -> None:
    text = f"Tel: +44{space}7700{space}900123 thanks"
    assert _found(text) == [(PHONE, f"+44{space}7700{space}900123")]


@pytest.mark.parametrize("space", _SPACES)
def test_a_unionpay_card_with_unusual_spaces_is_found(space: str) -> None:
    card = space.join(["6222", "0212", "3456", "7890", "128"])  # Luhn-valid, 19 digits
    text = f"卡号 {card}，请帮忙查一下"
    assert _found(text) == [(BANK_CARD, card)]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("space", _SPACES)
def test_generated_phones_and_cards_with_unusual_spaces_are_found(space: str, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data
    for region in ("GB", "US", "CN", "DE", "FR", "JP", "IN", "BR", "ZA", "VN"):
        number = _random_mobile(region, rng)
        written = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL).replace(" ", space)
        text = rng.choice(["my phone number is {v}", "手机号：{v}", "WhatsApp: {v}"]).format(v=written)
        assert _covered(text, written, PHONE), ascii(text)
    for prefix, length in (("4", 16), ("62", 19), ("51", 16)):
        digits = luhn_complete(prefix, length, rng)
        written = space.join(digits[i : i + 4] for i in range(0, length, 4))
        text = rng.choice(["卡号{v}", "I paid with {v} but nothing arrived"]).format(v=written)
        assert _covered(text, written, BANK_CARD), ascii(text)


def test_a_no_break_space_between_words_finds_nothing() -> None:
    assert _found("see you at\u00a0noon, ticket\u00a0closed\u3000谢谢") == []


# --- 2. IP addresses ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["login from 170.13.119.26", "异地登录IP 50.130.96.79 不是我", "IP 126.220.106.75 blocked", "8.8.8.8"]
)
def test_an_ip_address_is_not_a_phone(text: str) -> None:
    assert _found(text) == []


def test_a_number_in_pairs_after_a_telling_word_is_still_a_phone() -> None:
    text = "我的电话是40.61.59.29，谢谢"
    assert _found(text, home="NO") == [(PHONE, "40.61.59.29")]


# --- 3. international numbers in dashes or dots -------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["+81-90-1234-5678", "+82-10-2095-9629", "+31-6-12348000", "+31.6.12348000", "+82.10.2095.9629"]
)
def test_an_international_number_in_short_groups_is_a_phone_not_a_date(number: str) -> None:
    assert _found(f"tel {number}") == [(PHONE, number)]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("separator", ["-", "."])
def test_generated_international_numbers_in_dashes_or_dots_are_found(separator: str, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data
    for region in ("JP", "KR", "NL", "BR", "AR", "EG", "CL", "FR", "MA"):
        number = _random_mobile(region, rng)
        code, rest = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL).split(" ", 1)
        written = code + separator + rest.replace(" ", separator).replace("-", separator)
        text = rng.choice(["my phone number is {v}", "call me on {v} please", "{v}"]).format(v=written)
        assert _covered(text, written, PHONE), text


def test_a_national_number_with_one_dot_is_a_phone_in_its_home_region() -> None:
    assert _found("07400.124580", home="GB") == [(PHONE, "07400.124580")]
    assert _found("手机号：8123.2491", home="SG") == [(PHONE, "8123.2491")]


def test_a_decimal_amount_is_not_a_phone_even_with_a_home_region() -> None:
    assert _found("07400.124580") == []
    assert _found("balance 8123.2491", home="SG") == []
    assert _found("withdrew 12345678.90 and got nothing", home="GB") == []


def test_dates_and_versions_without_a_plus_are_still_not_phones() -> None:
    for text in ("since 2024-05-12 nothing", "on 12.05.2024 at 10", "from 31-12-2023 to 15-01-2024", "v7.3.0"):
        assert _found(text) == [], text


# --- 5. Chinese resident ids in groups -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["510107 1991 0406 027X", "510107-19910406-027X", "510107 19910406 027X", "510107-1991-0406-027X"],
)
def test_a_grouped_resident_id_is_found_whole(written: str) -> None:
    assert _found(f"身份证 {written} 名字张伟") == [(CN_ID, written)]


def test_a_grouped_id_with_a_wrong_check_character_is_not_an_id() -> None:
    kinds = [kind for kind, _ in _found("身份证 510107 1991 0406 0271")]
    assert CN_ID not in kinds


def _cn_id(rng: random.Random) -> str:
    region = rng.choice(["110105", "310104", "440305", "510107", "330106"])
    body = f"{region}{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + iso7064_mod11_2(body)


@pytest.mark.parametrize("seed", range(5))
def test_generated_grouped_resident_ids_are_found_whole(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data
    for _ in range(20):
        v = _cn_id(rng)
        for written in (
            f"{v[:6]} {v[6:10]} {v[10:14]} {v[14:]}",
            f"{v[:6]}-{v[6:14]}-{v[14:]}",
            f"{v[:6]} {v[6:14]} {v[14:]}",
        ):
            text = rng.choice(["身份证号{v}", "我的身份证号码是：{v}，请核实", "{v}", "身份证{v}已经上传了"]).format(
                v=written
            )
            assert _found(text) == [(CN_ID, written)], text


# --- 6. a date and time, a row of prices ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["截图时间 20230601 2035", "截图时间 20230912 1726", "at 20240131-235959 it failed"])
def test_a_compact_date_and_time_is_not_a_phone(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize("text", ["bought at 58515 20549 25353", "bought at 39185 60259 43273", "646 908 7910 858"])
def test_a_row_of_numbers_is_not_a_phone(text: str) -> None:
    assert _found(text) == []


def test_real_phones_beside_the_false_positive_rules_are_kept() -> None:
    assert _found("011 15-8760-4277", home="AR") == [(PHONE, "011 15-8760-4277")]
    assert _found("call me 020 7946 0958") == [(PHONE, "020 7946 0958")]
    assert _found("电话 138 1234 5678") == [(PHONE, "138 1234 5678")]
