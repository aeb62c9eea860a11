"""A phrase given in three pieces or more, with a filler or a few words of prose between them (an attacker's
findings: "about able media um dignity genre ivory um ...", "... then I wrote ... and last is ...", "is that right?
... or was it ..."), generated over the Latin-script lists; the same prose with words about phrases stays whole."""

from __future__ import annotations

import random

import pytest
from mnemonic import Mnemonic

from bench.corpus import negative_lines
from supportrecords.redaction import detect
from tests.supportrecords.redaction.coverage import pieces_redacted

LANGUAGES = ["english", "spanish", "french", "italian", "portuguese", "czech"]
FILLERS = [" um ", " uh ", ", hmm, ", " ... ", " (wait) ", " 嗯 "]
PROSE = [
    " then I wrote ",
    " and the next ones are ",
    " is that right? ",
    " or was it ",
    ", after that ",
    " - sorry, I am not sure - ",
    " and last is ",
    " 然后是 ",
]
CONTEXTS = ["my recovery phrase: ", "Seed words, as I noted them: ", "助记词：", "the mnemonic is "]


def _phrase(rng: random.Random) -> list[str]:
    language = rng.choice(LANGUAGES)
    size = rng.choice([16, 16, 16, 32])
    return Mnemonic(language).to_mnemonic(bytes(rng.getrandbits(8) for _ in range(size))).split()


def _cut(rng: random.Random, words: list[str], least: int = 3) -> list[list[str]]:
    """The words in 3 to 6 pieces of `least` words or more."""
    count = rng.randint(3, min(6, len(words) // least))
    cuts = sorted(rng.sample(range(least, len(words) - least + 1), count - 1))
    while any(b - a < least for a, b in zip([0, *cuts], [*cuts, len(words)], strict=True)):
        cuts = sorted(rng.sample(range(least, len(words) - least + 1), count - 1))
    return [words[a:b] for a, b in zip([0, *cuts], [*cuts, len(words)], strict=True)]


@pytest.mark.parametrize("seed", range(6))
def test_pieces_with_the_same_filler_between_them_are_found_without_context(seed: int) -> None:
    rng = random.Random(seed)
    missed = []
    for _ in range(50):
        pieces = [" ".join(piece) for piece in _cut(rng, _phrase(rng))]
        text = rng.choice(["", "here: ", "I lost access, here are my words: "]) + rng.choice(FILLERS).join(pieces)
        if not pieces_redacted(text, pieces):
            missed.append(text)
    assert missed == []


@pytest.mark.parametrize("seed", range(6))
def test_pieces_with_prose_between_them_are_found_where_phrases_are_talked_about(seed: int) -> None:
    rng = random.Random(100 + seed)
    missed = []
    for case in range(50):
        pieces = [" ".join(piece) for piece in _cut(rng, _phrase(rng))]
        body = pieces[0] + "".join(rng.choice(PROSE) + piece for piece in pieces[1:])
        if case % 2:
            text, previous = rng.choice(CONTEXTS) + body, []
        else:
            text, previous = body, ["Could you tell me what your seed phrase is? I need it to check the wallet."]
        if not pieces_redacted(text, pieces, previous=previous):
            missed.append(text)
    # About 4% are missed (300 cases, 2026-12-07): a prose word of the list at a piece's edge beside a third
    # piece's, or more prose than phrase between the pieces (_CHUNK_DENSITY, which keeps technical prose whole).
    assert len(missed) <= 5, missed


def test_the_attackers_texts() -> None:
    phrase = "about able media dignity genre ivory net reform vibrant salute charge shrimp"
    words = phrase.split()
    pieces = [" ".join(words[k : k + 4]) for k in (0, 4, 8)]
    threes = [" ".join(words[k : k + 3]) for k in range(0, 12, 3)]
    for text in (
        "I lost access, here are my words: about able media um dignity genre ivory um net reform vibrant um salute "
        "charge shrimp",
        "my recovery phrase about able media dignity is that right? genre ivory net reform or was it vibrant salute "
        "charge shrimp",
        "my seed: about able media dignity then I wrote genre ivory net reform and last is vibrant salute charge "
        "shrimp",
    ):
        assert pieces_redacted(text, threes if " um " in text else pieces)


def test_prose_about_phrases_is_not_taken_for_one() -> None:
    """The chat corpus's lines without a secret, joined in long messages after words about phrases: no finding
    (the checksum decides alone here, so this is where a piece search would over-redact)."""
    lines = negative_lines()
    rng = random.Random(7)
    flagged = []
    for _ in range(1500):
        text = rng.choice(CONTEXTS) + " ".join(rng.choice(lines) for _ in range(rng.choice((2, 4, 6))))
        if any(f.kind == "seed_phrase" for f in detect(text)):
            flagged.append(text)
    assert len(flagged) <= 3, flagged[:3]


@pytest.mark.parametrize("seed", range(4))
def test_pieces_of_two_to_four_words_with_one_filler_are_found(seed: int) -> None:
    """The attacker's second round: the same filler every 2-4 words (not a fixed 3) left 115 of 200 phrases whole,
    24-word ones too; a last piece of one word as well."""
    rng = random.Random(300 + seed)
    missed = []
    for _ in range(40):
        words = _phrase(rng)
        pieces, at = [], 0
        while at < len(words):
            size = rng.randint(2, 4)
            pieces.append(" ".join(words[at : at + size]))
            at += size
        text = rng.choice(["", "my recovery phrase is ", "here: "]) + rng.choice(FILLERS).join(pieces)
        if not pieces_redacted(text, pieces):
            missed.append(text)
    assert len(missed) <= 1, missed
