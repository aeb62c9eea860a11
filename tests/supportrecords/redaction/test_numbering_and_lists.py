"""Phrases numbered the Chinese way (第1个, 第1：), and the Russian word the mnemonic package ships broken.

Found by a seeded generator written apart from ours (2026-12-06): every 第N个 list was missed, and "снова" was
left outside the finding of any Russian phrase holding it.
"""

from __future__ import annotations

import random

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import detect
from supportrecords.redaction.findings import SECRET_KINDS


def _phrase(language: str, seed: int, words: int = 12) -> list[str]:
    entropy = random.Random(seed).randbytes(words * 4 // 3)  # noqa: S311 - test data
    return Mnemonic(language).to_mnemonic(entropy).split()


def _covered(text: str, words: list[str]) -> bool:
    spans = [(f.start, f.end) for f in detect(text) if f.kind in SECRET_KINDS]
    pos = 0
    for word in words:
        at = text.index(word, pos)
        if not any(s <= at and at + len(word) <= e for s, e in spans):
            return False
        pos = at + len(word)
    return True


@pytest.mark.parametrize(
    ("layout", "joiner"),
    [
        ("第{n}个 {w}", " "),
        ("第{n}个{w}", ""),
        ("第{n}：{w}", "\n"),
        ("第{n}: {w}", ", "),
        ("第 {n} 个：{w}", "\n"),
        ("{n}、{w}", " "),
        ("{n}）{w}", "\n"),
    ],
)
@pytest.mark.parametrize("language", ["english", "chinese_simplified", "spanish"])
@pytest.mark.parametrize("seed", range(4))
def test_chinese_numbering_is_a_numbered_list(layout: str, joiner: str, language: str, seed: int) -> None:
    words = _phrase(language, seed, words=12 + 3 * (seed % 2) * 4)
    items = joiner.join(layout.format(n=i, w=w) for i, w in enumerate(words, 1))
    for text in (f"我的助记词：\n{items}", f"hi\n{items}\nthanks", items):
        assert _covered(text, words), text


def test_numbered_prose_is_not_a_list() -> None:
    text = "第1个问题已经解决 第2个问题还在处理 第3个 请稍等 " * 2
    assert not [f for f in detect(text) if f.kind in SECRET_KINDS]


@pytest.mark.parametrize("seed", range(40))
def test_russian_phrases_with_snova_are_found_whole(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data
    mnemo = Mnemonic("russian")
    while True:  # a valid phrase that holds the repaired word
        words = mnemo.to_mnemonic(rng.randbytes(16)).split()
        if any("\ufffd" in w for w in words):
            words = ["снова" if "\ufffd" in w else w for w in words]
            break
    for sep in (" ", ", ", "\n"):
        text = f"моя сид фраза {sep.join(words)} спасибо"
        assert _covered(text, words), text
