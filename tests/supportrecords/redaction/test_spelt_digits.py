"""A phone number read out a digit at a time ("four one five five ...", "4 1 5 5 5 5 0 1 3 2", "double oh four
four ..."), as an attacker wrote them (stored unmasked, 2026-12-07); counting in prose stays whole."""

from __future__ import annotations

import random

import pytest

from supportrecords.redaction import detect

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _spelt(rng: random.Random, digits: str) -> str:
    out = []
    for d in digits:
        out.append(rng.choice(["oh", "zero"]) if d == "0" else WORDS[int(d)])
    return " ".join(out)


@pytest.mark.parametrize("style", ["words", "spaced digits", "grouped words"])
def test_a_dictated_phone_number_is_found(style: str) -> None:
    rng = random.Random(style)
    missed = []
    for _ in range(40):
        digits = f"415{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
        if style == "words":
            number = _spelt(rng, digits)
        elif style == "spaced digits":
            number = " ".join(digits)
        else:
            number = ", ".join(_spelt(rng, part) for part in (digits[:3], digits[3:6], digits[6:]))
        text = rng.choice(["my number is ", "call me on ", "phone: "]) + number + " thanks"
        found = [(f.kind, text[f.start : f.end]) for f in detect(text, home="US")]
        if ("phone", number) not in found:
            missed.append((text, found))
    assert len(missed) <= 2, missed[:3]


@pytest.mark.parametrize(
    "text",
    [
        "someone done it once, one two three go",
        "I have one, two or three issues with four accounts and five wallets and six",
        "steps 1 2 3 then 4 5 6 and 7",
        "page 1 of 2, items 3 4 5",
    ],
)
def test_counting_in_prose_is_no_phone(text: str) -> None:
    assert not [f for f in detect(text, home="US") if f.kind == "phone"], text
