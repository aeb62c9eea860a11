"""Phrases written as lists numbered with spelt ordinals ("first word is", "Twenty-second:"), a list's letters
("a)", "b.") or Roman numerals ("iv."), and phrases typed a few words at a time under one numbered label ("Words
1-3: ..."), as a red team wrote them from outside. Generated over languages and separators; the same layouts
around words that are no valid phrase, and prose that uses ordinals and list letters, stay."""

from __future__ import annotations

import random

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import redact
from supportrecords.redaction.sieve import find_filled_phrases

LANGUAGES = ("english", "spanish", "french", "italian", "czech", "portuguese")
CASES = 20
ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
)
ROMAN = (
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "vi",
    "vii",
    "viii",
    "ix",
    "x",
    "xi",
    "xii",
    "xiii",
    "xiv",
    "xv",
    "xvi",
    "xvii",
    "xviii",
    "xix",
    "xx",
    "xxi",
    "xxii",
    "xxiii",
    "xxiv",
)


def _spelt(n: int) -> str:
    return ORDINALS[n - 1] if n <= 20 else "twenty-" + ORDINALS[n - 21]


def _groups(words: list[str], size: int, label: str) -> str:
    parts = []
    for at in range(0, len(words), size):
        group = words[at : at + size]
        parts.append(f"{label} {at + 1}-{at + len(group)}: {' '.join(group)}.")
    return " ".join(parts)


LAYOUTS = {
    "spelt ordinal lines": lambda w: "\n".join(f"{_spelt(i + 1).capitalize()} word: {x}" for i, x in enumerate(w)),
    "spelt ordinal inline": lambda w: ", ".join(f"the {_spelt(i + 1)} word is {x}" for i, x in enumerate(w)),
    "spelt ordinal colons": lambda w: "; ".join(f"{_spelt(i + 1)}: {x}" for i, x in enumerate(w)),
    "letters": lambda w: "\n".join(f"{chr(ord('a') + i)}) {x}" for i, x in enumerate(w)),
    "letters with dots": lambda w: " ".join(f"{chr(ord('a') + i)}. {x}" for i, x in enumerate(w)),
    "roman numerals": lambda w: "\n".join(f"{ROMAN[i]}. {x}" for i, x in enumerate(w)),
    "groups of 3": lambda w: _groups(w, 3, "Words"),
    "groups of 4": lambda w: _groups(w, 4, "words"),
}
FRAMES = ("{}", "Hi, I can't open my wallet.\n{}\nPlease help.", "here it is:\n{}\nthanks")


def _phrase(rng: random.Random) -> list[str]:
    language = rng.choice(LANGUAGES)
    return Mnemonic(language).to_mnemonic(rng.randbytes(rng.choice((16, 20, 24, 28, 32)))).split()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_phrases_in_spelt_lists_and_groups_are_redacted(layout: str) -> None:
    rng = random.Random(layout)  # noqa: S311 - reproducible test data
    missed = []
    for _ in range(CASES):
        words = _phrase(rng)
        text = rng.choice(FRAMES).format(LAYOUTS[layout](words))
        stored = redact(text)
        padded = f" {stored} ".replace("\n", " ").replace(".", " ").replace(",", " ").replace(";", " ")
        left = [w for w in words if f" {w} " in padded]
        if "[REDACTED:seed_phrase]" not in stored or len(left) > 1:
            missed.append(text)
    assert missed == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_same_layouts_without_a_valid_phrase_are_rarely_read_as_one(layout: str) -> None:
    # Twelve random wordlist words pass the checksum 1 time in 16; the reading must not flag more than that.
    rng = random.Random(layout + " random")  # noqa: S311 - reproducible test data
    vocabulary = Mnemonic("english").wordlist
    flagged = sum(
        bool(find_filled_phrases(LAYOUTS[layout]([rng.choice(vocabulary) for _ in range(12)]))) for _ in range(200)
    )
    assert flagged <= 200 * 0.15


PROSE = (
    "First, I logged in. Second, I clicked withdraw. Third, the page froze and nothing happened after that.",
    "The first thing I noticed is that the second deposit never arrived, and the third one was late too.",
    "Options: a) wait for the transfer b) cancel it c) contact the bank d) open a new ticket e) do nothing.",
    "i. Open the app. ii. Go to settings. iii. Tap security. iv. Turn on two-factor. v. Save the codes.",
    "Steps 1-3: log in, open the wallet, copy the address. Steps 4-6: paste it, confirm, wait for the email.",
    "First: my account is locked. Second: the support bot does not answer. Third: I need my money today.",
    "a) I sent 0.5 BTC\nb) it shows pending\nc) the fee was high\nd) the address was correct\ne) still nothing",
)


@pytest.mark.parametrize("text", PROSE)
def test_prose_with_ordinals_and_list_letters_is_no_phrase(text: str) -> None:
    assert redact(text) == text
