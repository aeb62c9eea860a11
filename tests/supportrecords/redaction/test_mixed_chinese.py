"""A Chinese recovery phrase typed half in simplified and half in traditional characters (an input method switched
midway, or words copied from a wallet that shows traditional characters beside a note in simplified) is still a
phrase: the two Chinese wordlists are one list in two spellings, and the checksum is read across both. Before,
each list was tried alone and such a phrase was stored in clear."""

from __future__ import annotations

import random

import pytest
from mnemonic import Mnemonic

from bench.corpus import negative_lines
from supportrecords.redaction import detect
from supportrecords.redaction.findings import SEED_PHRASE

SIMPLIFIED = Mnemonic("chinese_simplified")
TRADITIONAL = Mnemonic("chinese_traditional").wordlist
FRAMES = ("助记词：{}", "我的助记词是{}", "{}", "「{}」", "这是我的钱包\n{}\n请帮我恢复", "my seed: {} thanks")
SEPARATORS = ("", " ", "、", "，", "\u3000")


def _mixed(rng: random.Random) -> str:
    """A valid phrase, each word in a spelling chosen at random, at least one word of each where they differ."""
    while True:
        words = SIMPLIFIED.generate(rng.choice((128, 160, 192, 224, 256))).split()
        positions = [SIMPLIFIED.wordlist.index(word) for word in words]
        mixed = [TRADITIONAL[i] if rng.random() < 0.5 else SIMPLIFIED.wordlist[i] for i in positions]
        simplified_only = any(w not in TRADITIONAL for w in mixed)
        traditional_only = any(w not in SIMPLIFIED.wordlist for w in mixed)
        if simplified_only and traditional_only:
            return rng.choice(SEPARATORS).join(mixed)


def _covered(text: str, secret: str) -> bool:
    start = text.index(secret)
    return any(f.kind == SEED_PHRASE and f.start <= start and f.end >= start + len(secret) for f in detect(text))


@pytest.mark.parametrize("seed", range(4))
def test_generated_mixed_phrases_are_found(seed: int) -> None:
    rng = random.Random(seed)
    missed = []
    for _ in range(150):
        phrase = _mixed(rng)
        text = rng.choice(FRAMES).format(phrase)
        if not _covered(text, phrase):
            missed.append(text)
    assert not missed, missed[:3]


def test_one_word_changed_breaks_the_checksum_either_spelling() -> None:
    """Reading the lists as one does not make any 12 characters a phrase: a run whose checksum fails in both
    spellings, quoted (where only a valid checksum counts), stays unflagged."""
    rng = random.Random(7)
    flagged = 0
    for _ in range(200):
        words = [rng.choice(SIMPLIFIED.wordlist) for _ in range(12)]
        positions = [SIMPLIFIED.wordlist.index(w) for w in words]
        run = "".join(TRADITIONAL[i] if rng.random() < 0.5 else SIMPLIFIED.wordlist[i] for i in positions)
        indices_valid = SIMPLIFIED.check(" ".join(SIMPLIFIED.wordlist[i] for i in positions))
        if not indices_valid:
            flagged += any(f.kind == SEED_PHRASE for f in detect(f"订单备注「{run}」"))
    assert flagged == 0


def test_chinese_chat_is_not_flagged_more() -> None:
    """The support chat corpus's Chinese lines without secrets: none becomes a phrase."""
    lines = [line for line in negative_lines() if not line.isascii()]
    assert lines
    assert [line for line in lines if any(f.kind == SEED_PHRASE for f in detect(line))] == []
