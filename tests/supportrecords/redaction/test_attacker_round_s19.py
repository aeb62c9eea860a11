"""Found from outside on 2026-12-06 (a red team with seeded generators, cases kept in the test): recovery phrases
stored in clear, and Chinese chat flagged as phrases.

- Chinese phrases typed in lines or blocks of 7 to 12 characters (three lines of 8, two of 9 or of 12) were
  missed even right after 助记词: groups were read up to 6 characters.
- Context words customers use that were not read: the pinyin typo 助计词, 钱包备份, 恢复钱包, 导入钱包, 钱包的密码,
  私钥 (many call the phrase so), "12个汉字".
- After 助记词, one mistyped character (none of the lists') left the words after it in clear.
- A phrase's second half after a lead-in ("and the rest is ...", "the remaining words: ") was not joined to the
  first half; Korean and Japanese halves were glued into one word when joined.
- False positives: short Chinese clauses apart by commas ("手机号换了，多扣了，...") read as a phrase typed in groups
  whenever a window of them had a valid checksum by chance (once in 16), though it cut a clause in two.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import cache

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import detect
from supportrecords.redaction.findings import SEED_PHRASE
from supportrecords.scanning import split_secrets_redact


@cache
def _mnemonic(language: str) -> Mnemonic:
    return Mnemonic(language)


def _words(rng: random.Random, language: str = "chinese_simplified", count: int = 12) -> list[str]:
    strength = {12: 128, 15: 160, 18: 192, 21: 224, 24: 256}[count]
    return str(_mnemonic(language).to_mnemonic(rng.randbytes(strength // 8))).split()


def _leaked(text: str, secret: str, previous: Sequence[str] = ()) -> int:
    """How many of secret's characters (spaces and commas aside) no seed_phrase finding covers."""
    start = text.index(secret)
    covered: set[int] = set()
    for finding in detect(text, previous=previous):
        if finding.kind == SEED_PHRASE:
            covered.update(range(finding.start, finding.end))
    return sum(1 for k in range(start, start + len(secret)) if k not in covered and text[k] not in " \n，、")


def _blocks(words: list[str], size: int, separator: str) -> str:
    return separator.join("".join(words[i : i + size]) for i in range(0, len(words), size))


@pytest.mark.parametrize(
    ("count", "size", "context"),
    [
        (24, 8, "助记词：\n"),  # three lines of 8
        (18, 9, "助记词\n"),  # two lines of 9
        (24, 12, "助记词："),  # two lines of 12
        (24, 12, ""),  # two lines of 12, no context: each line's checksum window is no phrase, the whole is
        (12, 7, ""),  # 7 and 5
        (18, 9, ""),
    ],
)
@pytest.mark.parametrize("separator", ["\n", " ", "，"])
def test_chinese_phrases_in_blocks_of_7_to_12_characters(count: int, size: int, context: str, separator: str) -> None:
    rng = random.Random(count * 100 + size)
    missed = []
    for _ in range(40):
        phrase = _blocks(_words(rng, count=count), size, separator)
        text = context + phrase
        if _leaked(text, phrase):
            missed.append(text)
    assert not missed, missed[:2]


@pytest.mark.parametrize(
    "frame",
    [
        "我的助计词是{}",  # zhu ji ci typed with the wrong 计
        "钱包备份{}还能用吗",
        "这是我的私钥{}，帮我找回",
        "导入钱包的密码是{}，请帮忙",
        "恢复钱包用的词是{}，现在导不进去",
        "钱包那12个汉字是{}，能恢复吗",
    ],
)
def test_more_context_words_before_a_glued_phrase(frame: str) -> None:
    rng = random.Random(frame)
    missed = []
    for _ in range(60):
        phrase = "".join(_words(rng, count=rng.choice((12, 24))))
        text = frame.format(phrase)
        if _leaked(text, phrase) > 1:  # a chance-valid window beside it may leave one character (one word) out
            missed.append(text)
    assert not missed, missed[:2]


def test_the_agents_question_with_the_typo_is_context_too() -> None:
    rng = random.Random(5)
    phrase = "".join(_words(rng))
    text = f"是这个{phrase}吗"
    assert _leaked(text, phrase, previous=["麻烦把助计词发一下"]) == 0


@pytest.mark.parametrize("position", [0, 5, 11])
def test_one_mistyped_character_after_the_context_word(position: int) -> None:
    """嗯 is no word of either list: the run with it is still a phrase's length after 助记词, redacted whole."""
    rng = random.Random(position)
    missed = []
    for _ in range(60):
        words = _words(rng)
        words[position] = "嗯"
        phrase = "".join(words)
        text = f"助记词：{phrase}"
        if _leaked(text, phrase):
            missed.append(text)
    assert not missed, missed[:2]


def test_a_run_after_the_context_word_with_two_odd_characters_is_cut_at_the_first() -> None:
    """Two characters of no list: no phrase with one typo; what stands before the first is read as before."""
    words = _words(random.Random(9))
    text = "助记词：" + "".join(words) + "嗯嗯好"
    found = [f for f in detect(text) if f.kind == SEED_PHRASE]
    assert found and all("嗯" not in text[f.start : f.end] for f in found)


CLAUSES = [
    "打不开",
    "生活费",
    "手机号换了",
    "多扣了",
    "换手机了",
    "截图发你了",
    "刷机了",
    "少填了标签",
    "给个说法",
    "在老家",
    "下午三点",
    "警察找我了",
    "链选错了",
    "手续费太高",
    "短信没收到",
    "什么时候到",
    "转人工",
    "对的",
    "明白了",
    "钱没了",
    "等了两天了",
    "网络选错了",
    "能退吗",
    "审核中",
    "还没好",
    "金额不对",
    "骗子平台",
    "账户冻结了",
    "能撤回吗",
    "一个星期了",
    "卡被止付",
    "借的钱",
    "数据没了",
    "不知道",
    "没错",
    "被拉群了",
    "户口迁了",
    "半夜",
    "要多久",
    "在国外",
    "手机坏了",
    "查一下",
    "谢谢",
    "很急",
    "昨天提的",
    "您好",
    "忘了",
]


def test_clauses_apart_by_commas_are_not_a_grouped_phrase() -> None:
    """A chance-valid window must be whole groups: it cut clauses in two in every false positive found. With
    no context word, 4 of 1,500 such messages are a phrase (before: 3% to 6%, by separator)."""
    rng = random.Random(11)
    flagged = []
    for _ in range(1500):
        separator = rng.choice(("，", " ", "、"))
        text = separator.join(rng.choice(CLAUSES) for _ in range(rng.randint(3, 9)))
        if any(f.kind == SEED_PHRASE for f in detect(text)):
            flagged.append(text)
    assert len(flagged) <= 8, flagged[:5]  # whole clauses of one length may still be valid by chance: 0.3%


def test_a_grouped_phrase_glued_to_its_context_word_is_whole_groups_from_there() -> None:
    rng = random.Random(3)
    for _ in range(40):
        words = _words(rng)
        phrase = _blocks(words, 4, " ")
        text = f"我的助记词是{phrase} 谢谢"
        assert _leaked(text, phrase) == 0, text


@pytest.mark.parametrize(
    "lead_in",
    ["the rest is ", "and the rest is ", "the remaining words: ", "and the last ones are ", "sorry, the rest: "],
)
def test_the_second_half_of_a_phrase_after_a_lead_in(lead_in: str) -> None:
    rng = random.Random(lead_in)
    missed = []
    for _ in range(30):
        words = _words(rng, "english")
        cut = rng.choice((4, 5, 6, 7, 8))
        first, second = "first part: " + " ".join(words[:cut]), lead_in + " ".join(words[cut:])
        rewritten = split_secrets_redact([first, second])
        if rewritten is None or any(word in rewritten[1][0].split() for word in words[cut:]):
            missed.append((first, second))
    assert not missed, missed[:2]


def test_a_lead_in_is_only_skipped_after_words() -> None:
    """A new message after a number, or after nothing but punctuation, is read from its start as before."""
    assert split_secrets_redact(["order 12345.", "the rest is fine, thanks"]) is None


@pytest.mark.parametrize(("language", "separator"), [("korean", " "), ("japanese", "\u3000"), ("japanese", " ")])
def test_korean_and_japanese_halves_over_two_turns(language: str, separator: str) -> None:
    """Their words are apart by spaces: the halves are joined by one, not glued into one word."""
    rng = random.Random(language + separator)
    missed = []
    for _ in range(30):
        words = _words(rng, language)
        first, second = separator.join(words[:6]), separator.join(words[6:])
        rewritten = split_secrets_redact(["seed phrase please", first, second])
        if (
            rewritten is None
            or "[REDACTED:seed_phrase]" not in rewritten[1][0] + rewritten[2][0]
            or any(word in rewritten[2][0] for word in words[6:])
        ):
            missed.append((first, second))
    assert not missed, missed[:2]


def test_chinese_halves_are_still_glued_when_written_without_spaces() -> None:
    rng = random.Random(4)
    for _ in range(30):
        words = _words(rng)
        rewritten = split_secrets_redact(["助记词", "".join(words[:6]), "".join(words[6:])])
        assert rewritten is not None
        assert all(word not in rewritten[1][0] + rewritten[2][0] for word in words)
