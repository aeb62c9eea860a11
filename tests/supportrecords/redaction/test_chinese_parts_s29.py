"""Chinese phrases in parts as an attacker wrote them (2026-12-07): counted parts with the customer's own words
("我记得后面六个应该是"), counts without 是 ("前6个…后6个…"), a filler between groups ("，嗯，"), English joining
words between a glued and a spaced half ("… and then 电 呼 崇 …"), and "the characters in my wallet" as the
words about phrases; generated over both Chinese lists."""

from __future__ import annotations

import random
import zlib

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import detect

TEMPLATES = [
    "我的助记词前六个是{a}，我记得后面六个应该是{b}",
    "我的助记词：前6个{a}后6个{b}",
    "我钱包里的字是{a}{b}能找回吗",
    "助记词 {g1}，嗯，{g2}，嗯，{g3}，嗯，{g4}",
    "助记词：{a} and then {b_spaced}",
    "助记词是{a}，然后{b}",
    "我的助记词前面是{a}后面是{b}",
    "钱包的12个字：{a}{b}",
    "助记词前6个{a}，我想后面6个是{b}",
    # The attacker's second round: fillers set apart, English and Chinese joining words, counted parts opening
    # the message with no words about phrases in it.
    "助记词 {g1}…{g2}…{g3}…{g4}",
    "助记词 {g1}～{g2}～{g3}～{g4}",
    "助记词 {g1}，嗯嗯，{g2}，嗯嗯，{g3}，嗯嗯，{g4}",
    "助记词 {g1}。嗯。{g2}。嗯。{g3}。嗯。{g4}",
    "助记词 {g1}（嗯）{g2}（嗯）{g3}（嗯）{g4}",
    "助记词 {g1}，emm，{g2}，emm，{g3}，emm，{g4}",
    "助记词 {g1}, um, {g2}, um, {g3}, um, {g4}",
    "助记词 {g1}，那个，{g2}，那个，{g3}，那个，{g4}",
    "助记词 {g1}，就是，{g2}，就是，{g3}，就是，{g4}",
    "助记词：{a} und dann {b_spaced}",
    "助记词：{a} after that {b_spaced}",
    "助记词：{a}接下来{b}",
    "前六个是{a}，我记得后面六个应该是{b}",
    "前6个{a}，后6个{b}",
    "前半{a}，后半{b}",
    "一开始是{a}，然后是{b}",
]
TRADITIONAL = str.maketrans("记词钱里后个应该还", "記詞錢裡後個應該還")


def _case(rng: random.Random, template: str, language: str) -> tuple[str, list[str]]:
    words = Mnemonic(language).to_mnemonic(rng.randbytes(16)).split()
    text = template.format(
        a="".join(words[:6]),
        b="".join(words[6:]),
        b_spaced=" ".join(words[6:]),
        g1="".join(words[:3]),
        g2="".join(words[3:6]),
        g3="".join(words[6:9]),
        g4="".join(words[9:]),
    )
    if language == "chinese_traditional":
        head, _, tail = text.partition(words[0])
        text = head.translate(TRADITIONAL) + words[0] + tail
    return text, words


def _covered(text: str, words: list[str]) -> bool:
    """Whether every character of the phrase, where the phrase is typed, lies in a seed_phrase finding."""
    spans = [(f.start, f.end) for f in detect(text) if f.kind == "seed_phrase"]
    at = 0
    for word in words:
        at = text.index(word, at)
        if not any(s <= at < e for s, e in spans):
            return False
        at += 1
    return True


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", ["chinese_simplified", "chinese_traditional"])
def test_chinese_phrases_in_parts_are_found(template: str, language: str) -> None:
    rng = random.Random(zlib.crc32(f"{template}{language}".encode()))
    missed = [text for text, words in (_case(rng, template, language) for _ in range(25)) if not _covered(text, words)]
    # Two of 25 at most: the counted parts glued to a part of prose may read as prose by chance.
    assert len(missed) <= 2, missed


def test_prose_with_the_connectors_is_left_alone() -> None:
    for text in (
        "我的账户前六个月都正常，我记得后面六个月应该是冻结了",
        "钱包里的字太小了，看不清楚，然后我就放弃了",
        "前6个订单已经到账，后6个还没有，请帮忙查询",
        "嗯，好的，我明白了，然后呢？",
        "I tried the app and then 客服 said wait",
        "一开始是好的，然后是坏的，现在又好了",
        "前半个月还能登录，后半个月就不行了",
        "我等了很久…真的很久…还是没有到账…怎么办",
        "嗯，好的，我明白了，那个，然后呢？",
    ):
        assert not [f for f in detect(text) if f.kind == "seed_phrase"], text
