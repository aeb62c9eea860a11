"""Personal data a customer gives the way people answer: an e-mail address spelt out to the end of its local
part ("wei dot smith at gmail dot com"), a compact national mobile number after "my number is", a passport
number of letters and digits (the German format) as the answer to an agent's question."""

from __future__ import annotations

import pytest

from supportrecords.redaction import detect


def _found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in detect(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("my email is wei dot smith at gmail dot com", "wei dot smith at gmail dot com"),
        ("email: li underscore wei at outlook dot com thanks", "li underscore wei at outlook dot com"),
        ("it's j dash doe dot 99 at proton dot me", "j dash doe dot 99 at proton dot me"),
        ("write to wei.smith at gmail dot com", "wei.smith at gmail dot com"),
        ("wei (dot) smith (at) gmail (dot) com", "wei (dot) smith (at) gmail (dot) com"),
    ],
)
def test_a_spelt_out_address_is_found_whole(text, address):
    assert _found(text) == [("email", address)]


def test_prose_with_at_and_dot_is_not_an_address():
    for text in ("we met at the cafe dot com launch", "look at this dot product", "meet me at noon"):
        assert _found(text) == []


@pytest.mark.parametrize("home", [None, "GB"])
@pytest.mark.parametrize("lead", ["my number is", "My new number:", "you can reach me on", "text me at"])
def test_a_compact_mobile_number_after_a_telling_phrase_is_a_phone(lead, home):
    text = f"{lead} 07764050842"
    assert _found(text, home=home) == [("phone", "07764050842")]


def test_a_bare_eleven_digit_id_in_a_sentence_is_not_a_phone():
    assert _found("the order 07764050842 is stuck") == []


@pytest.mark.parametrize("answer", ["C2M6LM6V0", "it is C2M6LM6V0", "C2M6LM6V0 thanks", "c2m6lm6v0"])
def test_a_letters_and_digits_passport_number_answering_the_agent(answer):
    found = _found(answer, previous=["Please confirm your passport number"])
    assert [kind for kind, _ in found] == ["passport"]
    assert found[0][1].upper() == "C2M6LM6V0"


def test_a_letters_and_digits_passport_number_after_the_word():
    assert _found("My passport number is C2M6LM6V0") == [("passport", "C2M6LM6V0")]


def test_words_and_short_codes_after_a_passport_question_stay():
    previous = ["Please confirm your passport number"]
    for text in ("I will send it tomorrow", "It expires in 2031", "my order ORD-42 first", "TRC20 please"):
        assert _found(text, previous=previous) == []
