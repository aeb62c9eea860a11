"""Found from outside (a red team's KYC follow-ups, without personal data): a value handed over by the label of
another record a few words before it ("reference code on screen was L57 24190", "the request id on the screen is
9da088d8", 申请编号是 ...) read as a passport because the agent had asked for one or the text names one, and the
digits after a decimal point ("the fee is 883.97652648") read so too. With the answers that must still be
passports: the value alone or "it's X" after the question, and a value introduced as the passport's own number."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from supportrecords.redaction import detect
from supportrecords.redaction.findings import PASSPORT

_ASKED = "Could you please confirm your passport number and date of birth?"
_UPLOAD = "Hello, to complete verification please upload the photo page of your passport."
_UPLOAD_ZH = "您好，请上传护照首页照片以完成认证。"
_ID_DOCUMENT = "Please provide your ID document number so we can locate the application."
_PHOTO_OR_ID = "Please upload a clear photo of your passport or national ID."
_QUESTIONS = [
    _ASKED,
    _UPLOAD,
    _UPLOAD_ZH,
    _ID_DOCUMENT,
    _PHOTO_OR_ID,
    "请提供您的护照号码。",
    "What is your passport number?",
]


def _passports(text: str, *, previous: Sequence[str] = ()) -> list[str]:
    return [text[f.start : f.end] for f in detect(text, previous=previous, home="GB") if f.kind == PASSPORT]


# --- the red team's messages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("Done at 09:31 UTC, reference code on screen was L57 24190", (_ASKED,)),
        ("Done at 17:47, reference code on screen was B53 6392", (_UPLOAD_ZH,)),
        ("Done at 15:55 UTC, reference code on screen was T77 22392", (_ID_DOCUMENT,)),
        ("Done at 13:15 (UTC+8), reference code on screen was D57 48378", (_UPLOAD,)),
        ("Passport check stuck at 92% for 10 days now. The request id on the screen is 9da088d8.", (_PHOTO_OR_ID,)),
        (
            "I uploaded my passport on 10.08.2023 but KYC is still under review. "
            "The request id on the screen is 85c08939.",
            (),
        ),
        ("我上传了护照，但是审核一直没通过，已经4天了 The request id on the screen is 8f26a956.", ()),
        (
            "Mon passeport a été refusé lors de la vérification, que faire ? The request id on the screen is a3384957.",
            (),
        ),
        (
            "Mein Reisepass wurde abgelehnt, bitte prüfen. Ticket CS-3506174 The request id on the screen is 686618e9.",
            (),
        ),
        ("Sure, I'll do it tonight. Meanwhile the fee for SOL USDC is 883.97652648?", (_ASKED,)),
        (
            "Uploaded. My deposit via ERC20 USDT of 1968.69153703 on Jun 27, 2023 still missing, txid "
            "0x5184aad1ac0a0f9c6a1d7ecf8374ccb70acdd3a687b92d5ab76e0133d2ee5f65",
            (_UPLOAD_ZH,),
        ),
    ],
)
def test_a_value_handed_over_by_another_records_label_is_no_passport(text: str, previous: tuple[str, ...]) -> None:
    assert _passports(text, previous=previous) == []


@pytest.mark.parametrize(
    "text",
    [
        "申请编号是 E12345678",
        "申请编号在页面上显示是 E12345678",
        "参考号：E12345678",
        "工单号为 E12345678",
        "受付番号は E12345678",
        "접수번호는 E12345678",
        "the case number shown in the app is E12345678",
        "my application number on the letter was E12345678",
        "Ticket no. in your email: E12345678",
    ],
)
def test_a_passport_shaped_value_labelled_as_another_record_is_no_passport(text: str) -> None:
    assert _passports(text, previous=[_ASKED]) == []
    assert _passports(f"Passport uploaded. {text}") == []


def test_a_number_after_a_russian_records_label_is_no_passport() -> None:
    # Digits only, and no Latin word: with a Latin letter among Cyrillic words the engine also reads the words as
    # Latin look-alikes, where no label is left ("номер заявки: E12345678" is still a passport).
    assert _passports("номер заявки на экране: 123456789", previous=[_ASKED]) == []


# --- what must still be found --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("E12345678", "E12345678"),
        ("it's E12345678", "E12345678"),
        ("here: E12345678", "E12345678"),
        ("Sure, it's E029 45085", "E029 45085"),
        ("my passport number is E12345678", "E12345678"),
        ("my passport no. on the screen is E12345678", "E12345678"),
        ("the reference for my passport number is E12345678", "E12345678"),
        ("my ID number on the card is E12345678", "E12345678"),
        ("ticket closed. it's E12345678", "E12345678"),
        ("Done, the reference code on screen was fine. My passport number is E12345678", "E12345678"),
        ("Ticket 5566123 is yours, mine is E12345678", "E12345678"),
        ("for the application it is E12345678", "E12345678"),
        ("the reference you want is mine: E12345678", "E12345678"),
        ("护照号码是E12345678", "E12345678"),
    ],
)
def test_a_passport_answering_the_question_is_still_found(text: str, value: str) -> None:
    assert _passports(text, previous=[_ASKED]) == [value]


@pytest.mark.parametrize(
    "text",
    [
        "my passport number is E12345678",
        "passport: E12345678",
        "护照号码是E12345678",
        "my passport no. on the screen is E12345678",
        "Reference code on screen was wrong, so here is my passport: E12345678",
    ],
)
def test_a_passport_named_in_the_text_is_still_found(text: str) -> None:
    assert _passports(text) == ["E12345678"]


def test_the_digits_of_a_decimal_after_the_word_are_no_passport() -> None:
    assert _passports("passport fee 883.97652648") == []
    assert _passports("the passport number is 12345678") == ["12345678"]


# --- generated ------------------------------------------------------------------------------------------------

_LEADS = [
    "",
    "Done at {time}, ",
    "Uploaded. ",
    "OK, ",
    "Passport uploaded. ",
    "I uploaded my passport on {date} but it is still under review. ",
    "已经上传了，",
    "护照已上传。",
]
_LABELS = [
    "reference code",
    "Reference code",
    "the request id",
    "The request ID",
    "the case number",
    "my application number",
    "the ticket number",
    "order no.",
    "the confirmation code",
    "my user ID",
]
_FILLERS = ["on screen", "on the screen", "shown in the app", "in your email", "you gave me", "on the page", ""]
_LINKS = ["is", "was", ":", "reads", "shows"]
_LABELS_CJK = [
    "申请编号是 {v}",
    "申请编号在页面上显示是 {v}",
    "参考号：{v}",
    "参考号码为{v}",
    "工单号是{v}",
    "订单号在邮件里是 {v}",
    "画面の受付番号は {v}",
    "受付番号は{v}です",
    "접수번호는 {v}",
    "화면의 접수번호는 {v}",
]


def _value(rng: random.Random) -> str:
    """A value shaped like a passport number: one letter and 7 or 8 digits, 9 digits, two groups, 8 hex digits."""
    letter = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
    shape = rng.randrange(4)
    if shape == 0:
        return letter + str(rng.randint(10**6, 10**8 - 1))
    if shape == 1:
        return str(rng.randint(10**8, 10**9 - 1))
    if shape == 2:
        return f"{letter}{rng.randint(10, 99)} {rng.randint(1000, 99999)}"
    return "".join(rng.choice("0123456789abcdef") for _ in range(6)) + str(rng.randint(10, 99))


def _fill(rng: random.Random, template: str, **values: str) -> str:
    time = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}" + rng.choice(["", " UTC", ":07"])
    date = rng.choice(["10.08.2023", "2024-05-12", "9 June 2024"])
    return template.format(time=time, date=date, **values)


def _labelled_followups(seed: int, count: int) -> list[tuple[str, str]]:
    """count follow-ups that hand over another record's value, as (text, the agent's previous turn)."""
    rng = random.Random(seed)  # noqa: S311 - test data
    cases = []
    for _ in range(count):
        lead = _fill(rng, rng.choice(_LEADS))
        value = _value(rng)
        if rng.random() < 0.3:
            tail = rng.choice(_LABELS_CJK).format(v=value)
        else:
            filler = rng.choice(_FILLERS)
            link = rng.choice(_LINKS)
            words = " ".join(w for w in (rng.choice(_LABELS), filler) if w)
            tail = f"{words}{link} {value}" if link == ":" else f"{words} {link} {value}"
        cases.append((lead + tail + rng.choice(["", ".", " thanks"]), rng.choice(_QUESTIONS)))
    return cases


_ANSWERS = [
    "{v}",
    "it's {v}",
    "It is {v}",
    "here: {v}",
    "Here you go: {v}",
    "Sure, {v}",
    "sure thing. {v}",
    "好的，{v}",
    "是{v}",
    "my passport number is {v}",
    "My passport no. on the screen is {v}",
    "passport: {v}",
    "护照号码是{v}",
    "护照号：{v}",
    "Done at {time}. My passport number is {v}",
    "Sorry for the delay, it's {v}",
]


def _passport_value(rng: random.Random) -> str:
    """A passport number: one or two letters and digits, or nine digits."""
    letters = "".join(rng.choice("ABCEGHKLMNPRSTUVWXYZ") for _ in range(rng.choice([1, 1, 2])))
    if rng.random() < 0.3:
        return str(rng.randint(10**8, 10**9 - 1))
    return letters + str(rng.randint(10 ** (8 - len(letters)), 10 ** (9 - len(letters)) - 1))


def _answers(seed: int, count: int) -> list[tuple[str, str, str]]:
    """count answers to a passport question, as (text, the passport number in it, the agent's previous turn)."""
    rng = random.Random(seed)  # noqa: S311 - test data
    cases = []
    for _ in range(count):
        value = _passport_value(rng)
        text = _fill(rng, rng.choice(_ANSWERS), v=value)
        cases.append((text, value, rng.choice(_QUESTIONS)))
    return cases


@pytest.mark.parametrize("seed", range(3))
def test_generated_values_handed_over_by_another_records_label_are_no_passport(seed: int) -> None:
    flagged = [
        (text, found)
        for text, previous in _labelled_followups(seed, 100)
        if (found := _passports(text, previous=[previous]))
    ]
    assert flagged == [], flagged[:5]


@pytest.mark.parametrize("seed", range(3))
def test_generated_answers_to_a_passport_question_are_passports(seed: int) -> None:
    missed = [
        (text, found)
        for text, value, previous in _answers(seed, 100)
        if (found := _passports(text, previous=[previous])) != [value]
    ]
    assert missed == [], missed[:5]
