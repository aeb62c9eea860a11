"""Personal-data formats a red team found missed: cards grouped by commas, Mir and Troy cards, resident ids grouped
in fours, phones glued to a "Tel." label, German slash and "(0)" forms, and a passport read out in three groups;
with the near misses (lists, amounts, dates, versions, bad check digits) that must stay unfound."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from supportrecords.redaction import detect
from supportrecords.redaction.checksums import iso7064_mod11_2
from supportrecords.redaction.findings import BANK_CARD, CN_ID, PASSPORT, PHONE
from supportrecords.redaction.pii import find_bank_cards
from supportrecords.redaction.shadow import Shadow
from tests.supportrecords.redaction.cards import luhn_complete

_ASKED = ["what's your passport number?"]


def _found(text: str, *, home: str | None = None, previous: Sequence[str] = ()) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in detect(text, home=home, previous=previous)]


def _cards(text: str) -> list[str]:
    return [text[start:end] for _, start, end, _ in find_bank_cards(text, Shadow.of(text))]


def _grouped(digits: str, sizes: Sequence[int], separator: str) -> str:
    groups, at = [], 0
    for size in sizes:
        groups.append(digits[at : at + size])
        at += size
    return separator.join(groups)


# --- 1. cards grouped by commas -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "sizes"),
    [("4", (4, 4, 4, 4)), ("51", (4, 4, 4, 4)), ("62", (4, 4, 4, 4, 3)), ("4", (4, 4, 4, 4, 3)), ("37", (4, 6, 5))],
)
@pytest.mark.parametrize("seed", range(4))
def test_a_card_grouped_by_commas_is_found(prefix: str, sizes: tuple[int, ...], seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data
    for _ in range(50):
        digits = luhn_complete(prefix, sum(sizes), rng)
        written = _grouped(digits, sizes, ",")
        groups = written.split(",")
        for text in (f"card {written}", f"我的卡号{written}，谢谢", f"{written} exp 04/27"):
            assert _cards(text) == [written], text
        if len(groups) == 4 and groups == sorted(set(groups)):
            continue  # alone, rising groups read as a list of numbers (test_comma_lists_are_not_cards)
        assert _cards(f"{written}.") == [written]
        return
    pytest.fail("no card drawn")


@pytest.mark.parametrize(
    "text",
    [
        "card 4111,1111,1111,1112",  # Luhn fails
        "card 9111,1111,1111,1113",  # no issuer starts with 9111
        "total 1,234,567,890,123",  # thousands separators
        "total 4,111,111,111,111,111",
        "prices 1200,1500,1800,2000",  # UATP has 15 digits, not 16
        "4000,4100,4200,4500",  # Luhn-valid, but every number round
        "2200,2201,2202,2203",  # Luhn-valid and a Mir prefix, but rising, and nothing says it is a card
        "ports 4111,1111,1111,1111,2222",  # a fifth number: a list
        "ports 2222,4111,1111,1111,1111",  # a number before it: a list
        "order 4111,1111,1111,1111",  # labelled as an order number
        "amount 4111,11",  # a decimal comma
        "card 4111,1111,1111",  # too short
        "v4111,1111,1111,1111",  # glued to a letter
    ],
)
def test_comma_lists_are_not_cards(text: str) -> None:
    assert _cards(text) == []


@pytest.mark.parametrize("text", ["card 4111,1111,1111,1111", "我的卡号4111,1111,1111,1111"])
def test_a_card_grouped_by_commas_is_detected(text: str) -> None:
    assert (BANK_CARD, "4111,1111,1111,1111") in _found(text)


# --- 2. Mir and Troy ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "length"),
    [("2200", 16), ("2201", 16), ("2202", 16), ("2203", 16), ("2204", 16), ("2204", 19), ("9792", 16)],
)
@pytest.mark.parametrize("seed", range(3))
def test_mir_and_troy_cards_are_found(prefix: str, length: int, seed: int) -> None:
    digits = luhn_complete(prefix, length, random.Random(seed))  # noqa: S311 - test data
    written = _grouped(digits, (4, 4, 4, 4, 3)[: 4 + (length > 16)], " ")
    assert _found(f"card {written}") == [(BANK_CARD, written)]
    assert _found(f"card {digits}") == [(BANK_CARD, digits)]


@pytest.mark.parametrize(
    "text",
    [
        "card 2200 5882 1530 6399",  # Luhn fails
        "card 2205 5882 1530 6398",  # past Mir's range, before Mastercard's 2221
        "card 2199 5882 1530 6390",
        "card 9792 7358 2916 270",  # Troy has 16 digits
        "card 9791 7358 2916 2705",  # not Troy
        "order 2200 5882 1530 6398",  # an order number
    ],
)
def test_numbers_near_mir_and_troy_are_not_cards(text: str) -> None:
    assert [kind for kind, _ in _found(text) if kind == BANK_CARD] == []


def test_mir_and_troy_red_team_examples() -> None:
    assert _found("card 2200 5882 1530 6398") == [(BANK_CARD, "2200 5882 1530 6398")]
    assert _found("card 9792 7358 2916 2704") == [(BANK_CARD, "9792 7358 2916 2704")]


# --- 3. resident ids grouped in fours, and 6-8-4 ------------------------------------------------------------


def _cn_id(body: str) -> str:
    return body + iso7064_mod11_2(body)


@pytest.mark.parametrize("separator", [" ", "-"])
@pytest.mark.parametrize("sizes", [(4, 4, 4, 4, 2), (6, 8, 4), (6, 4, 4, 4)])
@pytest.mark.parametrize("body", ["32010219710419054", "11010519491231002", "44030620000229123"])
def test_a_resident_id_in_groups_is_found(separator: str, sizes: tuple[int, ...], body: str) -> None:
    written = _grouped(_cn_id(body), sizes, separator)
    for text in (f"身份证号码：{written}", f"my id is {written} thanks"):
        assert (CN_ID, written) in _found(text), text


def test_the_red_team_resident_id_in_fours() -> None:
    assert _found("身份证号码：3201 0219 7104 1905 45") == [(CN_ID, "3201 0219 7104 1905 45")]


@pytest.mark.parametrize(
    "text",
    [
        "身份证号码：3201 0219 7104 1905 46",  # check digit wrong
        "身份证号码：3201 0213 7104 1905 45",  # year 1371
        "身份证号码：3201 0219 7113 1905 4X",  # month 13
        "身份证号码：9201 0219 7104 1905 45",  # no region starts with 9
        "身份证号码：3201 0219 7104 1905 452",  # one digit too many
        "ref 1234 5678 9012 3456 78",
    ],
)
def test_four_groups_that_are_no_resident_id(text: str) -> None:
    assert [kind for kind, _ in _found(text) if kind == CN_ID] == []


def test_a_month_13_four_group_id_is_rejected_even_with_a_valid_check_character() -> None:
    written = _grouped(_cn_id("32010219711319054"), (4, 4, 4, 4, 2), " ")
    assert [kind for kind, _ in _found(f"身份证 {written}") if kind == CN_ID] == []


# --- 4. a phone glued to its label by a dot -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "home", "number"),
    [
        ("Tel.07911 127116", "GB", "07911 127116"),
        ("tel.+44 7911 127116", "GB", "+44 7911 127116"),
        ("Tel:+44 7911 127116", "GB", "+44 7911 127116"),
        ("TEL.+44 7911 127116 any time", None, "+44 7911 127116"),
        ("Mob.07911 127116", "GB", "07911 127116"),
        ("mobile.07911127116", "GB", "07911127116"),
        ("Ph.(020) 7946 0958", "GB", "(020) 7946 0958"),
        ("Fax.+49 30 12345678", None, "+49 30 12345678"),
        ("电话:13812345678", None, "13812345678"),
        ("电话：+86 138 1234 5678", None, "+86 138 1234 5678"),
        ("Tél.+33 6 12 34 56 78", None, "+33 6 12 34 56 78"),
    ],
)
def test_a_phone_glued_to_its_label_is_found_whole(text: str, home: str | None, number: str) -> None:
    assert _found(text, home=home) == [(PHONE, number)]


@pytest.mark.parametrize(
    "text",
    [
        "ver.07911 127116",  # no phone label
        "v.07911127116",
        "No.07911 127116",
        "motel.07911 127116",  # "tel" inside a word
        "Tel.2024.05.12",  # a date
        "Tel.1.5",  # too short
        "Tel.12.34.56",
        "build.1234567",
    ],
)
def test_dotted_numbers_without_a_phone_label_stay_unfound(text: str) -> None:
    assert [kind for kind, _ in _found(text, home="GB") if kind == PHONE] == []


# --- 5. German national forms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Handy: 0151/24214675", "0151/24214675"),
        ("Tel. 089/12345678", "089/12345678"),
        ("erreichbar unter 030/1234 5678", "030/1234 5678"),
        ("0049 (0)151 27685023", "0049 (0)151 27685023"),
        ("+49 (0)151 27685023", "+49 (0)151 27685023"),
        ("Rückruf bitte: 0049 (0)30 12345678", "0049 (0)30 12345678"),
    ],
)
def test_german_slash_and_trunk_forms_are_phones(text: str, number: str) -> None:
    assert _found(text, home="DE") == [(PHONE, number)]


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("Datum 12/05/2024", "DE"),  # a date
        ("0151/2421", "DE"),  # too short
        ("see /0151/24214675/", "DE"),  # a path
        ("Seite 0151/24214675/2", "DE"),
        ("Handy: 0151/24214675", None),  # the slash form is read in the customer's region only
        ("Handy: 0151/24214675", "GB"),
        ("Betrag 0151/24214675 EUR", "DE"),  # an amount
        ("0049 (0)151 276850231234", "DE"),  # too long
        ("Version 1.2.3/4567890", "DE"),
    ],
)
def test_slashed_near_misses_are_no_phones(text: str, home: str | None) -> None:
    assert [kind for kind, _ in _found(text, home=home) if kind == PHONE] == []


# --- 6. a passport read out in three groups -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("032 905 726", "032 905 726"),
        ("it is E12 345 678", "E12 345 678"),
        ("sure: 12 345 678, thanks", "12 345 678"),
    ],
)
def test_a_passport_in_three_groups_answers_the_question(text: str, code: str) -> None:
    assert _found(text, home="GB", previous=_ASKED) == [(PASSPORT, code)]


def test_a_passport_in_three_groups_after_the_word() -> None:
    assert _found("passport no. 032 905 726") == [(PASSPORT, "032 905 726")]


@pytest.mark.parametrize(
    "text",
    [
        "12 05 2024",  # a date
        "2024 05 12",
        "amount 120 450 300",  # labelled as an amount
        "120 450 300 USDT",
        "version 1.2.3 build 445",
        "1 2 3",
        "see you at 10 30",
    ],
)
def test_three_groups_that_are_no_passport(text: str) -> None:
    assert [kind for kind, _ in _found(text, home="GB", previous=_ASKED) if kind == PASSPORT] == []


def test_three_groups_without_the_question_are_no_passport() -> None:
    assert [kind for kind, _ in _found("032 905 726", home="GB") if kind == PASSPORT] == []


# --- 7. what a red team then read as cards, phones and passports --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Please try extensions 4553,4640,4450,4307",
        "Plans cost 3699,3599,2599,2299",
        "codes 3797,139231,94683",
        "Durchwahl 4689,4408,4564,4010",
        "open ports 6443,4000,9092,5672",
        "Prices were 4111,1111,1111,1111 respectively",  # Luhn-valid, Visa's prefix: nothing says card
        "prices 4111, 1111, 1111, 1111",
        "card 2222, 4111, 1111, 1111, 1111",  # a longer list, card said or not
        "card 4111, 1111, 1111, 1111, 2222",
        "my card 4111, 1111,1111, 1111",  # separators mixed
    ],
)
def test_a_comma_list_is_no_card_unless_said_to_be_one(text: str) -> None:
    assert [kind for kind, _ in _found(text, home="US") if kind == BANK_CARD] == []


@pytest.mark.parametrize(
    ("text", "card"),
    [
        ("card 4111, 1111, 1111, 1111", "4111, 1111, 1111, 1111"),
        ("card 4111 ,1111 ,1111 ,1111", "4111 ,1111 ,1111 ,1111"),
        ("card 4111,  1111,  1111,  1111", "4111,  1111,  1111,  1111"),
        ("卡号4111，1111，1111，1111", "4111，1111，1111，1111"),
        ("Card: 2202,6304,6620,7319 exp 04/27", "2202,6304,6620,7319"),  # rising, but said to be a card
        ("pay with 5421, 3392, 7248, 0635 please", "5421, 3392, 7248, 0635"),
        ("Karte 4111,1111,1111,1111", "4111,1111,1111,1111"),
        ("номер карты 2202,6304,6620,7319", "2202,6304,6620,7319"),
        ("4111,1111,1111,1111", "4111,1111,1111,1111"),  # the whole message
    ],
)
def test_a_card_grouped_by_commas_where_said_to_be_a_card(text: str, card: str) -> None:
    assert _found(text) == [(BANK_CARD, card)]


_GERMAN_REFERENCES = [
    "Az.",
    "Aktenzeichen",
    "Rechnung",
    "Rechnungsnr.",
    "Rechnungsnummer",
    "Kundennr.",
    "Kundennummer",
    "Bestellung",
    "Bestellnr.",
    "Auftrag",
    "Auftragsnr.",
    "Vertrag",
    "Vertragsnr.",
    "Referenz",
    "Ref.",
    "Vorgang",
    "Vorgangsnr.",
    "Geschäftszeichen",
    "Ihr Zeichen:",
    "Steuernummer",
    "St.-Nr.",
    "Belegnr.",
    "Ticket",
    "Fall",
]


@pytest.mark.parametrize("label", _GERMAN_REFERENCES)
@pytest.mark.parametrize("number", ["089/33910590", "0160/9559249", "0151/24214675"])
def test_a_german_reference_with_a_slash_is_no_phone(label: str, number: str) -> None:
    for home in ("DE", "AT", "CH"):
        text = f"{label} {number}"
        assert [kind for kind, _ in _found(text, home=home) if kind == PHONE] == [], (text, home)


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("Police 0176/7226553", "AT"),  # a mobile prefix, but nothing says phone
        ("Zimmer 0664/5519275", "DE"),
        ("Lieferschein 0151 / 24214675", "DE"),
        ("Sehr geehrte Damen und Herren, bzgl. Zimmer 030/93035264 bitte ich um Rückruf.", "DE"),
        ("siehe Schreiben 0160/11717405", "AT"),
    ],
)
def test_a_slashed_number_nothing_calls_a_phone_is_none(text: str, home: str) -> None:
    assert [kind for kind, _ in _found(text, home=home) if kind == PHONE] == []


@pytest.mark.parametrize(
    ("text", "home", "number"),
    [
        ("Handy 0151 / 24214675 (abends)", "DE", "0151 / 24214675"),
        ("Tel. 0151 / 24214675", "DE", "0151 / 24214675"),
        ("Rufen Sie mich an unter 0151/24214675", "DE", "0151/24214675"),
        ("Meine Nummer: 0664/1234567", "AT", "0664/1234567"),
        ("0151/24214675", "DE", "0151/24214675"),  # the whole message
        ("079/123 45 67", "CH", "079/123 45 67"),
    ],
)
def test_a_slashed_number_said_to_be_a_phone_is_found(text: str, home: str, number: str) -> None:
    assert _found(text, home=home) == [(PHONE, number)]


_ASKED_ZH = ["请提供您的护照号码。"]


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("I paid 616 530 596 for the three orders", _ASKED),
        ("le montant est de 44 849 623 €", _ASKED),
        ("我付了 120 450 300 三笔", _ASKED_ZH),
        ("сумма 93 050 644 ₽", _ASKED),
        ("I bought 184 536 157 units", _ASKED),
        ("it's 120 450 300 €", _ASKED),
        ("it's $ 120 450 300", _ASKED),
        ("it's 120 450 300 dollars", _ASKED),
        ("the price is 120 450 300", _ASKED),
        ("the total is 120 450 300", _ASKED),
        ("my passport? it's at home, call 0161 496 7104", _ASKED),
    ],
)
def test_three_groups_that_do_not_answer_the_question_are_no_passport(text: str, previous: list[str]) -> None:
    assert [kind for kind, _ in _found(text, previous=previous) if kind == PASSPORT] == []


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("032 905 726", _ASKED),
        ("it's 032 905 726", _ASKED),
        ("it is 032 905 726", _ASKED),
        ("sure, 032 905 726", _ASKED),
        ("032 905 726 thanks", _ASKED),
        ("the number is 032 905 726.", _ASKED),
        ("是 032 905 726", _ASKED_ZH),
        ("护照号码：032 905 726", _ASKED_ZH),
        ("my passport number is 032 905 726", []),
        ("Reisepassnummer 032 905 726", []),
        ("Номер паспорта: 032 905 726", []),
    ],
)
def test_three_groups_that_answer_the_question_are_a_passport(text: str, previous: list[str]) -> None:
    assert _found(text, previous=previous) == [(PASSPORT, "032 905 726")]


@pytest.mark.parametrize(
    "text",
    ["call me on 020 7719 3512", "my number is (555) 856 4793", "护照在家里，打我电话 138 6358 1390"],
)
def test_two_groups_of_a_longer_row_of_numbers_are_no_passport(text: str) -> None:
    assert [kind for kind, _ in _found(text, previous=_ASKED) if kind == PASSPORT] == []


def test_two_groups_alone_still_answer_the_question() -> None:
    assert _found("it's E029 45085", previous=_ASKED) == [(PASSPORT, "E029 45085")]


@pytest.mark.parametrize("separator", [".", "  "])
@pytest.mark.parametrize("body", ["32010219710419054", "51010719910406027"])
def test_a_resident_id_in_fours_with_dots_or_two_spaces_is_found(separator: str, body: str) -> None:
    written = _grouped(_cn_id(body), (4, 4, 4, 4, 2), separator)
    assert _found(f"身份证号码：{written}") == [(CN_ID, written)]


@pytest.mark.parametrize(
    "text",
    [
        "身份证号码：3201.0219.7104.1905.46",  # check digit wrong
        "身份证号码：3201.0219.7113.1905.45",  # month 13
    ],
)
def test_dotted_four_groups_that_are_no_resident_id(text: str) -> None:
    assert [kind for kind, _ in _found(text) if kind == CN_ID] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("hi paid with card no.3607,069911,8486", "3607,069911,8486"),  # Diners, 4-6-4
        ("Card number: 621780,2111746000933，谢谢", "621780,2111746000933"),  # UnionPay, 6-13
    ],
)
def test_diners_and_unionpay_layouts_grouped_by_commas(text: str, value: str) -> None:
    assert (BANK_CARD, value) in _found(text)


def test_a_passport_handed_over_with_sure_thing() -> None:
    assert (PASSPORT, "43T U52 950") in _found("Sure thing. 43T U52 950", previous=_ASKED)
