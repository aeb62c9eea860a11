"""E-mail addresses written loosely ("wangfang @ gmail.com", "wangfang at gmail.com", "wangfang@qq。com",
"wangfang#gmail.com") and passport answers: numbers labelled as something else are not passports, an agent's
"证件号码" or "ID document number" asks for one, and an answer may come in two groups."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from supportrecords.redaction import detect, mask
from supportrecords.redaction.findings import EMAIL, PASSPORT


def _found(text: str, *, home: str | None = None, previous: Sequence[str] = ()) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in detect(text, home=home, previous=previous)]


# --- 4. e-mail addresses ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address", "masked"),
    [
        ("wangfang @ gmail.com", "wangfang @ gmail.com", "w***@gmail.com"),
        ("my email is j.doe+exch37 @ icloud.com", "j.doe+exch37 @ icloud.com", "j***@icloud.com"),
        ("my email is wangfang at gmail.com", "wangfang at gmail.com", "w***@gmail.com"),
        ("write to li.wei88 at example.co.uk", "li.wei88 at example.co.uk", "l***@example.co.uk"),
        ("邮箱 wangfang@qq。com", "wangfang@qq。com", "w***@qq.com"),
        ("邮箱：wangfang@qq点com，谢谢", "wangfang@qq点com", "w***@qq.com"),
        ("wangfang#gmail.com", "wangfang#gmail.com", "w***@gmail.com"),
        ("邮箱1234567#qq.com", "1234567#qq.com", "1***@qq.com"),
    ],
)
def test_a_loosely_written_address_is_found_and_masked(text: str, address: str, masked: str) -> None:
    assert _found(text) == [(EMAIL, address)]
    assert mask(EMAIL, address) == masked


@pytest.mark.parametrize(
    "text",
    [
        "meet at gmail.com's office",
        "we met at example.com",
        "look at google.com for it",
        "I work at gmail.com now",
        "John at Acme.com said so",
        "ticket #163.com",
        "order #12345 qq.com",
        "reach me @ 10.30",
        "call me at 5.30",
        "look at this dot product",
    ],
)
def test_prose_with_at_a_hash_or_a_dot_is_not_an_address(text: str) -> None:
    assert _found(text) == []


def test_a_plain_address_before_an_ideographic_full_stop_keeps_its_end() -> None:
    assert _found("邮箱x@gmail.com。谢谢") == [(EMAIL, "x@gmail.com")]


# --- 7. passports -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("护照已上传，UID 是 148135167", ()),
        ("passport uploaded, order 1234567", ()),
        ("withdrawal 589049940 still pending", ("Please confirm your passport number.",)),
        ("ok, the code was 275341A", ("Please confirm your passport number.",)),
        ("sent to TRX memo 59455057", ("请上传护照",)),
        ("提现 589049940 还没到", ("请上传护照",)),
        ("tx 48812345 failed", ("请上传护照",)),
        ("I just want to withdraw 12345 USDT", ("Please upload your passport.",)),
    ],
)
def test_a_number_labelled_as_something_else_is_not_a_passport(text: str, previous: tuple[str, ...]) -> None:
    assert [kind for kind, _ in _found(text, previous=previous)] == []


@pytest.mark.parametrize(
    "text", ["passport number E12345678", "passport id E12345678", "我的护照号码是E12345678", "passport no. 123456789"]
)
def test_a_passport_right_after_its_keyword_is_still_found(text: str) -> None:
    assert [kind for kind, _ in _found(text)] == [PASSPORT]


@pytest.mark.parametrize(
    "question",
    [
        "请提供证件号码",
        "请提供您的证件号",
        "Please confirm your ID document number.",
        "What is your identity document number?",
    ],
)
@pytest.mark.parametrize("answer", ["E02945085", "It's M85779678", "是E02945085"])
def test_an_answer_to_a_question_about_an_identity_document_is_a_passport(question: str, answer: str) -> None:
    value = answer.split()[-1].removeprefix("是")
    assert _found(answer, previous=[question]) == [(PASSPORT, value)]


def test_a_question_about_some_other_document_asks_for_nothing() -> None:
    assert _found("E02945085", previous=["Where is the document?"]) == []


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("It's E029 45085", "E029 45085"),
        ("M857 79678", "M857 79678"),
        ("号码是CMLH 63NZF，有效期到2030年", "CMLH 63NZF"),
        ("number: 1234 56789 expires 2031", "1234 56789"),
    ],
)
def test_a_spaced_answer_after_the_question_is_found_whole(answer: str, value: str) -> None:
    assert _found(answer, previous=["Could you send the number on your passport?"]) == [(PASSPORT, value)]


def test_a_spaced_amount_or_date_after_the_question_is_not_a_passport() -> None:
    previous = ["请提供证件号码"]
    assert _found("send USDT 12345", previous=previous) == []
    assert _found("it expires 2031 0612", previous=previous) == []
