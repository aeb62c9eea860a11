"""Phrases a red team's seeded generators still got through (2026-12-07), and Chinese sentences they saw flagged:
- Chinese phrases typed in groups of uneven sizes ("毒 载园 陪凉想或 纺典差竞凉") after 助记词, or after an agent
  asked for the phrase: 729 of 788 missed or cut;
- a quoted Chinese phrase with one word mistyped as a character of no list, after 助记词: 160 of 160 missed;
- the last word of a list after "and" or 和 ("…, とおか and えんしゅう", "…、浓和从"): 50 of 3,760 cut short;
- system messages, steps and sentences of wordlist characters near 助记词 flagged as phrases: 27 of 1,822 Chinese
  messages.
"""

from __future__ import annotations

import random
from functools import cache

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import detect
from supportrecords.redaction.bip39 import category_list, reads_as_words

CHINESE = ("chinese_simplified", "chinese_traditional")


@cache
def _mnemonic(language: str) -> Mnemonic:
    return Mnemonic(language)


def _words(rng: random.Random, language: str, strength: int = 128) -> list[str]:
    return _mnemonic(language).to_mnemonic(rng.randbytes(strength // 8)).replace("\u3000", " ").split()


def _covered(text: str, words: list[str], previous: tuple[str, ...] = (), *, after: str = "") -> bool:
    """Whether every character of every word (found in order in text, after the text's prefix `after`) lies inside
    a seed_phrase finding."""
    spans = [(f.start, f.end) for f in detect(text, previous=list(previous)) if f.kind == "seed_phrase"]
    at = len(after)
    for word in words:
        at = text.index(word, at)
        if not all(any(s <= i < e for s, e in spans) for i in range(at, at + len(word))):
            return False
        at += len(word)
    return True


def _uneven(rng: random.Random, chars: str) -> list[str]:
    """chars cut into groups of 1 to 7 characters, not all of one size."""
    while True:
        groups, at = [], 0
        while at < len(chars):
            size = rng.randint(1, 7)
            groups.append(chars[at : at + size])
            at += size
        if len({len(group) for group in groups[:-1]}) > 1:
            return groups


ASKED = ("导入钱包一直说助记词不对",)


@pytest.mark.parametrize(("frame", "previous"), [("我的助记词是：{}，谢谢", ()), ("是这个：{}，谢谢", ASKED)])
def test_a_phrase_in_uneven_groups_after_context_is_redacted_whole(frame: str, previous: tuple[str, ...]) -> None:
    rng = random.Random(17)
    misses = []
    for case in range(300):
        language = CHINESE[case % 2]
        words = _words(rng, language, rng.choice((128, 256)))
        body = rng.choice((" ", "，", "、", "\n")).join(_uneven(rng, "".join(words)))
        text = frame.format(body)
        if not _covered(text, words, previous, after=frame[: frame.index("{")]):
            misses.append(text)
    assert misses == []


def test_groups_of_one_size_then_the_rest_in_one_block_are_a_phrase_without_context() -> None:
    rng = random.Random(5)
    misses = []
    for case in range(200):
        chars = "".join(_words(rng, CHINESE[case % 2], rng.choice((128, 160, 192))))
        size = rng.choice((2, 3))
        head = [chars[i : i + size] for i in range(0, 3 * size, size)]
        text = f"Restoring fails with these: {'，'.join([*head, chars[3 * size :]])}\nThanks"
        if not _covered(text, list(chars), after="Restoring fails with these: "):
            misses.append(text)
    assert misses == []


def test_uneven_clauses_without_context_stay_prose() -> None:
    # Clauses of any sizes are sentences: without a word about phrases, no checksum makes them one.
    for text in ("手机号换了，多扣了，提现失败，客服一直不回复，怎么办", "我点了提交，然后页面就卡住了，刷新也没用"):
        assert detect(text) == []


@pytest.mark.parametrize("quotes", ["「」", "“”", '""', "【】"])
def test_a_quoted_phrase_with_one_mistyped_character_after_context_is_redacted(quotes: str) -> None:
    rng = random.Random(3)
    misses = []
    for case in range(60):
        words = _words(rng, CHINESE[case % 2])
        typo = rng.randrange(12)
        words[typo] = "己"  # a common character of neither list
        body = quotes[0] + "".join(words) + quotes[1]
        for text, previous in ((f"我的助记词是{body}，谢谢", ()), (body, ("我的助记词抄错了一个字",))):
            if not _covered(
                text, [w for k, w in enumerate(words) if k != typo], previous, after=text[: text.index(body)]
            ):
                misses.append(text)
    assert misses == []


def test_a_quoted_sentence_with_a_character_of_no_list_is_not_a_phrase() -> None:
    # Only at a phrase's length, with one such character, and near a word about phrases.
    assert detect("恢复钱包时显示「该功能暂未开放敬请期待」，怎么办？") == []
    assert detect("他说「自己的钱包自己负责到底」") == []


@pytest.mark.parametrize(
    ("language", "connector"),
    [
        ("japanese", " and "),
        ("japanese", " と "),
        ("korean", " and "),
        ("korean", " 및 "),
        ("russian", " и "),
        ("russian", " and "),
        ("chinese_simplified", " and "),
        ("chinese_traditional", " and "),
    ],
)
def test_the_last_word_after_and_is_redacted(language: str, connector: str) -> None:
    if language not in Mnemonic.list_languages():
        pytest.skip(f"python-mnemonic has no {language} list")
    rng = random.Random(11)
    misses = []
    for _ in range(40):
        words = _words(rng, language, rng.choice((128, 256)))
        text = f"my words: {', '.join(words[:-1])}{connector}{words[-1]}, thanks"
        if not _covered(text, words, after="my words: "):
            misses.append(text)
    assert misses == []


def test_he_before_the_last_word_of_a_list_of_characters_is_a_separator() -> None:
    rng = random.Random(12)
    for case in range(40):
        words = _words(rng, CHINESE[case % 2])
        text = f"助记词：{'、'.join(words[:-2])}、{words[-2]}{'和及与'[case % 3]}{words[-1]}，谢谢"
        assert _covered(text, words, after="助记词："), text


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("恢复钱包时显示“该功能暂未开放敬请期待”，怎么办？", ()),
        ("我输入私钥后弹出\n该功能暂未开放敬请期待\n。", ("您好，请问是导入钱包时遇到问题吗？",)),
        ("把12个助记词存在备忘录里安全吗？系统提示网络繁忙请稍后再试我的钱包显示交易失败请稍后重试", ()),
        ("系统提示网络繁忙请稍后再试点击设置然后选择安全中心再点备份钱包我没有把助记词给任何人。", ()),
        (
            "我按这些步骤做了：\n1. 清除缓存\n2. 重新登录\n3. 选择安全中心\n4. 点击下一步\n5. 输入密码\n6. 查看余额\n"
            "7. 点击备份钱包\n8. 输入验证码\n9. 重启手机",
            ("请不要向任何人透露您的助记词。",),
        ),
        (
            "我按这些步骤做了：\n- 等待同步\n- 点击备份钱包\n- 查看余额\n- 打开APP\n- 输入验证码\n- 点击下一步\n"
            "- 输入密码\n- 点击设置\n- 重新登录\n- 选择安全中心\n- 清除缓存\n- 重启手机\n- 联系客服",
            (),
        ),
    ],
)
def test_chinese_sentences_near_context_are_not_phrases(text: str, previous: tuple[str, ...]) -> None:
    assert [f.kind for f in detect(text, previous=list(previous))] == []


def test_random_phrases_do_not_read_as_words() -> None:
    # The prose test reads words from any character on; a phrase's random characters all but never make words.
    rng = random.Random(20261207)
    read = [
        phrase
        for case in range(20_000)
        if reads_as_words(phrase := "".join(_words(rng, CHINESE[case % 2], rng.choice((128, 192, 256)))))
    ]
    assert read == []


@pytest.mark.parametrize(
    "text", ["该功能暂未开放敬请期待", "提示网络繁忙请稍后再试我的钱", "择安全中心输入验证码点击备份钱"]
)
def test_sentences_cut_anywhere_read_as_words(text: str) -> None:
    assert reads_as_words(text)


def test_one_character_over_and_over_is_no_sentence() -> None:
    assert not reads_as_words("她" * 24)


@pytest.mark.parametrize("frame", ["我的助记词是{}，谢谢", "Seed phrase: {}，谢谢", "助记词：{}"])
def test_a_grouped_phrase_with_one_mistyped_character_after_context_is_redacted(frame: str) -> None:
    rng = random.Random(4)
    misses = []
    for case in range(60):
        words = _words(rng, CHINESE[case % 2])
        typo = rng.randrange(12)
        words[typo] = "己"
        chars = "".join(words)
        body = " ".join(chars[i : i + 4] for i in range(0, 12, 4))
        text = frame.format(body)
        if not _covered(text, [w for k, w in enumerate(words) if k != typo], after=frame[: frame.index("{")]):
            misses.append(text)
    assert misses == []


def test_a_line_of_prose_after_a_phrase_is_not_taken_in() -> None:
    # The line after a valid phrase holds a character of no list: prose, not the phrase's mistyped word.
    text = "recovery phrase，你好\n暴覺杯铒俗吃官耀睡眉紧辛\n怎么恢复账户"
    assert [(f.kind, text[f.start : f.end]) for f in detect(text)] == [("seed_phrase", "暴覺杯铒俗吃官耀睡眉紧辛")]


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("我找不到我的助记词了。\n我选了五、万、六、三、千、七、百、四、八、二、九。", ()),
        ("可选的有青、金、白、蓝、灰、粉、黄、银、红、紫、黑、棕、绿、橙\n", ("Is my mnemonic safe?",)),
        ("火，金，山，地，雷，风，天，泽，土，水與木\n我们的客服绝不会索要您的助记词或私钥。", ()),
        ("可选的有郭、冯、彭、雷、宋、马、范、曾、曹、薛、王、苏、刘、丁、杨與谢。", ("请不要透露您的助记词。",)),
        ("比如五, 六, 八, 一, 九, 百, 十, 四, 三, 万, 七, 二與千。\n种子短语是什么意思？", ()),
    ],
)
def test_lists_of_numbers_colours_elements_or_surnames_are_not_phrases(text: str, previous: tuple[str, ...]) -> None:
    # Found from outside: single characters one by one near 助记词, redacted as a phrase (redaction first) or as a
    # chance-valid window of it.
    assert [f.kind for f in detect(text, previous=list(previous))] == []


def test_random_phrases_are_no_category_list() -> None:
    rng = random.Random(20261208)
    assert not any(category_list("".join(_words(rng, CHINESE[case % 2]))) for case in range(20_000))


def test_czech_a_before_the_last_word_of_a_list_is_a_separator() -> None:
    rng = random.Random(14)
    for _ in range(40):
        words = _words(rng, "czech")
        text = f"moje slova: {', '.join(words[:-1])} a {words[-1]}"
        assert _covered(text, words, after="moje slova: "), text
    # One comma is English: "a" there is an article, and the sentence no list.
    assert detect("Thanks for your help, have a nice day! Please also review the ticket from last week") == []


@pytest.mark.parametrize("quotes", ["``", "«»", "＂＂", "｢｣", "〔〕"])
def test_more_quotes_set_a_chinese_phrase_apart(quotes: str) -> None:
    rng = random.Random(15)
    for case in range(20):
        words = _words(rng, CHINESE[case % 2])
        text = f"我的助记词是{quotes[0]} {''.join(words)} {quotes[1]}，对吗"
        assert _covered(text, words, after="我的助记词是"), text


def test_a_last_block_longer_than_a_group_is_the_rest_of_the_phrase() -> None:
    rng = random.Random(16)
    misses = []
    for case in range(100):
        chars = "".join(_words(rng, CHINESE[case % 2], 256))  # 24 characters: 3 groups of 2 or 3, then 15 to 18
        size = rng.choice((2, 3))
        text = f"帮我看看：{'/'.join([chars[i : i + size] for i in range(0, 3 * size, size)] + [chars[3 * size :]])}"
        if not _covered(text, list(chars), after="帮我看看："):
            misses.append(text)
    assert misses == []


@pytest.mark.parametrize(
    "text",
    [
        "我问了叶艳 武宇平 曹晨鹏 金波凯 蔡宇 雷平俊，他们都没见过助记词一旦泄露，资产将无法找回。",
        "我问了范欣凯，赵飞军，苏欣超，钱慧飞，邓晶，谭帅，他们都没见过Is my mnemonic safe?",
        "种子短语是什么意思？我问了蔡海平  高波  高博娜  汪雨健  杜华军  钱浩  许帅慧，他们都没见过",
    ],
)
def test_lists_of_names_near_context_are_not_phrases(text: str) -> None:
    assert [f.kind for f in detect(text)] == []
