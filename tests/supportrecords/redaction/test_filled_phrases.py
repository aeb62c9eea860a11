"""A phrase with one same filler between every two words, as an attacker wrote them from outside: a word that is
not in the wordlist ("plus", "ok", "lol", "pls", "Bob", "und", "puis", "luego"), or one that is ("then",
"next"), an ordinal line ("1st word: chalk"), "'s" after each word, "word: ok" lines. Generated over languages
and fillers; regular lists of wordlist words without a valid checksum stay."""

from __future__ import annotations

import random
import time

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import detect, redact
from supportrecords.redaction.sieve import find_filled_phrases

LANGUAGES = ("english", "spanish", "french", "italian", "czech", "portuguese")
FILLERS = ("plus", "ok", "lol", "pls", "Bob", "und", "puis", "luego", "aka", "xx", "hmm", "then", "next", "&")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


LAYOUTS = {
    "filler": lambda rng, w: f" {rng.choice(FILLERS)} ".join(w),
    "ordinal lines": lambda rng, w: "\n".join(f"{_ordinal(i + 1)} word: {x}" for i, x in enumerate(w)),
    "ordinal inline": lambda rng, w: ", ".join(f"the {_ordinal(i + 1)} is {x}" for i, x in enumerate(w)),
    "apostrophe s": lambda rng, w: " ".join(f"{x}'s" for x in w),
    "word: ok lines": lambda rng, w: "\n".join(f"{x}: ok" for x in w),
    "numbered with filler": lambda rng, w: " ".join(f"#{i + 1} {x} pls" for i, x in enumerate(w)),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_phrases_with_a_filler_between_words_are_redacted(layout):
    rng = random.Random(layout)  # noqa: S311 - reproducible test data
    missed = []
    for _ in range(24):
        language = rng.choice(LANGUAGES)
        words = Mnemonic(language).to_mnemonic(rng.randbytes(rng.choice((16, 20, 24, 28, 32)))).split()
        body = LAYOUTS[layout](rng, words)
        text = rng.choice(("{}", "Hi, I can't open my wallet.\n{}\nPlease help.", "here: {} thanks")).format(body)
        stored = redact(text)
        left = [w for w in words if f" {w} " in f" {stored} " or f"{w}'s" in stored or f": {w}" in stored]
        if "[REDACTED:seed_phrase]" not in stored or len(left) > 1:
            missed.append(text)
    assert missed == []


def test_regular_lists_without_a_valid_phrase_stay():
    rng = random.Random(5)  # noqa: S311 - reproducible test data
    vocabulary = Mnemonic("english").wordlist
    flagged = 0
    for _ in range(400):
        words = [rng.choice(vocabulary) for _ in range(12)]
        text = "\n".join(f"{_ordinal(i + 1)} item: {w} - ok" for i, w in enumerate(words))
        flagged += bool(find_filled_phrases(text))
    # Only a checksum-valid window counts: 12 random words pass the checksum 1 time in 16 (6.25%).
    assert flagged <= 400 * 0.1
    assert find_filled_phrases("status: ok\n" * 40) == []


def test_ordinary_support_prose_has_no_filled_phrase():
    texts = [
        "Order 1 is pending, order 2 is pending, order 3 is pending, order 4 is pending, order 5 is pending, "
        "order 6 is pending, order 7 is pending, order 8 is pending, order 9 is pending, order 10 is pending, "
        "order 11 is pending, order 12 is pending.",
        "Step 1: open the app. Step 2: tap wallet. Step 3: tap deposit. Step 4: copy the address. " * 3,
    ]
    for text in texts:
        assert [f for f in detect(text) if f.kind == "seed_phrase"] == []


def test_a_100_kb_text_of_wordlist_words_and_fillers_is_read_quickly():
    rng = random.Random(7)  # noqa: S311 - reproducible test data
    vocabulary = Mnemonic("english").wordlist
    text = " plus ".join(rng.choice(vocabulary) for _ in range(10_000))[:100_000]
    started = time.process_time()
    find_filled_phrases(text)
    assert time.process_time() - started < 5  # a bound on work, not a speed claim (bench/ measures speed)


CHINESE_LAYOUTS = {
    "和 between": lambda w: "客服你好，" + "和".join(w) + "谢谢！",
    "and between": lambda w: "客服你好，" + " and ".join(w) + "请尽快处理。",
    "第N个是 (digits)": lambda w: "你好。" + "，".join(f"第{i + 1}个是{x}" for i, x in enumerate(w)),
    "第N个 (numerals)": lambda w: (
        "你好。"
        + "，".join(
            f"第{'一二三四五六七八九十'[i] if i < 10 else '十' + '一二三四五六七八九十'[i - 10]}个{x}"
            for i, x in enumerate(w[:20])
        )
    ),
}


@pytest.mark.parametrize("layout", CHINESE_LAYOUTS)
@pytest.mark.parametrize("language", ["chinese_simplified", "chinese_traditional"])
def test_chinese_phrases_with_a_filler_between_characters_are_redacted(layout, language):
    rng = random.Random(layout + language)  # noqa: S311 - reproducible test data
    missed = []
    for _ in range(12):
        words = Mnemonic(language).to_mnemonic(rng.randbytes(rng.choice((16, 20)))).split()
        text = CHINESE_LAYOUTS[layout](words)
        stored = redact(text)
        if sum(stored.count(w) for w in set(words)) > 3:
            missed.append(text)
    assert missed == []


@pytest.mark.parametrize(
    "lead",
    ["我的助记码是", "恢复码：", "钱包的单词是", "钱包的12个字是", "钱包的15个字是", "密语：", "the backup card says "],
)
def test_more_words_that_name_a_phrase_give_context(lead):
    rng = random.Random(lead)  # noqa: S311 - reproducible test data
    for _ in range(8):
        words = Mnemonic("chinese_simplified").to_mnemonic(rng.randbytes(16)).split()
        text = f"你好，{lead}{''.join(words)}，谢谢！"
        assert "".join(words[2:10]) not in redact(text), text
