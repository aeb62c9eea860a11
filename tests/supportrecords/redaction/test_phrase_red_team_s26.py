"""Recovery phrases a red team of 2026-12-07's fourth session found missed (a seeded generator of its own, which
never read our tests), each pattern turned into generated cases; most fail on the code before it (76f0b18)."""

from __future__ import annotations

import random

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import detect

LANGUAGES = ["english", "spanish", "czech", "italian", "russian", "chinese_simplified", "chinese_traditional"]
LATIN = ["english", "spanish", "czech", "italian", "portuguese", "french"]
HAN = ["chinese_simplified", "chinese_traditional"]
ZH_NUMERALS = [
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
    "十六",
    "十七",
    "十八",
    "十九",
    "二十",
    "二十一",
    "二十二",
    "二十三",
    "二十四",
]
ORDINALS = [
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
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
]


def _phrase(language: str, rng: random.Random, words: int = 12) -> list[str]:
    return Mnemonic(language).to_mnemonic(rng.randbytes(words * 4 // 3)).split()


def _words_in_clear(text: str, words: list[str]) -> list[str]:
    """The phrase's words (found in order in text) that no seed_phrase finding covers."""
    spans = [(f.start, f.end) for f in detect(text) if f.kind == "seed_phrase"]
    left = []
    pos = 0
    for word in words:
        at = text.index(word, pos)
        pos = at + len(word)
        if not any(s <= at and at + len(word) <= e for s, e in spans):
            left.append(word)
    return left


# --- lists numbered in words -----------------------------------------------------------------------------------


ZH_STYLES = [
    lambda n, w: f"{n}、{w}\n",
    lambda n, w: f"（{n}）{w}",
    lambda n, w: f"第{n}个是{w}，",
    lambda n, w: f"{n}. {w} ",
    lambda n, w: f"第{n}：{w} ",
]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("style", range(len(ZH_STYLES)))
def test_a_phrase_numbered_with_chinese_numerals(seed: int, style: int) -> None:
    rng = random.Random(seed * 10 + style)
    language = LANGUAGES[seed % len(LANGUAGES)]
    words = _phrase(language, rng, rng.choice([12, 24]))
    text = "我的助记词如下\n" + "".join(ZH_STYLES[style](ZH_NUMERALS[i], w) for i, w in enumerate(words))
    assert _words_in_clear(text, words) == [], text


@pytest.mark.parametrize("seed", range(20))
def test_a_phrase_numbered_with_english_ordinals(seed: int) -> None:
    rng = random.Random(seed)
    words = _phrase(LATIN[seed % len(LATIN)], rng, rng.choice([12, 24]))
    form = rng.choice(["{o}: {w}", "the {o} one is {w}", "{O} word - {w}", "{o} {w}"])
    items = [form.format(o=ORDINALS[i], O=ORDINALS[i].capitalize(), w=w) for i, w in enumerate(words)]
    text = "Here they are: " + "".join(item + rng.choice([", ", ",\n", "; ", "\n"]) for item in items)
    assert _words_in_clear(text, words) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "一、登录失败\n二、提现没到账\n三、客服没回复\n四、账户被冻结\n五、无法充值\n六、验证码收不到\n七、页面打不开",
        "First: open the app, second: go to settings, third: tap security, fourth: turn on 2FA, fifth: save it, "
        "sixth: log out, seventh: log in again",
    ],
)
def test_a_list_of_steps_numbered_in_words_is_no_phrase(text: str) -> None:
    assert [f for f in detect(text) if f.kind == "seed_phrase"] == []


# --- halves joined by Chinese words ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(24))
def test_two_halves_joined_by_chinese_words(seed: int) -> None:
    rng = random.Random(seed)
    language = (LATIN + HAN)[seed % (len(LATIN) + len(HAN))]
    words = _phrase(language, rng)
    joiner = rng.choice(["，然后是", " 还有 ", "，接着是", " 然后 ", "，最后是"])
    separator = " " if language not in HAN or rng.random() < 0.5 else "、"
    text = f"助记词：{separator.join(words[:6])}{joiner}{separator.join(words[6:])}"
    assert _words_in_clear(text, words) == [], text


# --- context, run edges, long messages, Japanese particles -------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_a_contiguous_chinese_phrase_with_a_mistyped_character_after_an_english_is(seed: int) -> None:
    rng = random.Random(seed)
    words = _phrase(HAN[seed % 2], rng)
    words[rng.randrange(1, 11)] = "嗯"
    text = f"my seed phrase is {''.join(words)} please help"
    assert _words_in_clear(text, words) == [], text


@pytest.mark.parametrize("seed", range(60))
def test_no_phrase_word_is_left_when_the_halves_are_joined_by_a_wordlist_word(seed: int) -> None:
    # "then", "also", "more" are wordlist words: a window valid by chance on 12 of the 13 took one in and left the
    # phrase's last word in clear (1 case in 16).
    rng = random.Random(seed)
    words = _phrase("english", rng)
    joiner = rng.choice(["then", "also", "more", "next"])
    text = " ".join(words[:6]) + f" {joiner} " + " ".join(words[6:])
    assert _words_in_clear(text, words) == [], text


@pytest.mark.parametrize("language", ["russian", "czech", "chinese_simplified", "spanish"])
@pytest.mark.parametrize("repeats", [70, 200])
def test_a_phrase_in_halves_at_the_end_of_a_long_message(language: str, repeats: int) -> None:
    words = _phrase(language, random.Random(repeats))
    text = "I cannot log in to my wallet. " * repeats + " ".join(words[:6]) + " then " + " ".join(words[6:])
    assert len(text) > 2048
    assert _words_in_clear(text, words) == []


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("lead", "tail"), [("言葉は", ""), ("単語は", "です"), ("", "です")])
def test_a_japanese_phrase_glued_to_a_particle_or_copula(seed: int, lead: str, tail: str) -> None:
    words = _phrase("japanese", random.Random(seed))
    text = lead + ". ".join(words) + tail
    assert _words_in_clear(text, words) == [], text


@pytest.mark.parametrize("seed", range(24))
def test_halves_joined_by_any_few_chinese_words_inside_chinese_prose(seed: int) -> None:
    # The Latin halves search gave up on any message with Chinese in it; a joining word it did not know
    # ("，剩下的是", "\n第二排：", "下面一行") cut the phrase in two halves of six.
    rng = random.Random(seed)
    language = (LATIN + ["russian"] + HAN)[seed % (len(LATIN) + 1 + len(HAN))]
    words = _phrase(language, rng)
    joiner = rng.choice(["，剩下的是", "\n第二排：", " 下面一行 ", "\n后面几个是：", "，然后是"])
    lead = rng.choice(["我的钱包余额显示为0。我的助记词是 ", "my seed phrase: ", "助记词："])
    separator = "" if language in HAN and rng.random() < 0.5 else " "
    text = f"{lead}{separator.join(words[:6])}{joiner}{separator.join(words[6:])}\n请帮我恢复，我已经上传了身份证照片"
    assert _words_in_clear(text, words) == [], text


def test_a_wordlist_word_after_another_separator_is_not_taken_into_the_phrase() -> None:
    # The rule above compares what stands between the words, not its length: "&page=" in a URL is no space.
    phrase = "abandon ability able about above absent absorb abstract absurd abuse access ability"
    text = f"words={phrase}&page=2"
    spans = [(f.start, f.end) for f in detect(text) if f.kind == "seed_phrase"]
    assert spans == [(6, 6 + len(phrase))]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize(
    "form", ["ok {p}", "{p} thanks", "订单 1234 {p}", "x {p} x", "https://example.com/{p}", "{p}/", "1{p}", "({p}"]
)
def test_a_chinese_phrase_without_spaces_beside_anything_that_is_no_chinese(seed: int, form: str) -> None:
    # Found by an attacker: alone, in quotes or after a context word the run was found; beside "ok", a number or a
    # slash it was stored in clear (a message body, an attachment's name, a path in the access log).
    rng = random.Random(seed)
    words = _phrase(HAN[seed % 2], rng, rng.choice([12, 24]))
    text = form.format(p="".join(words))
    assert _words_in_clear(text, words) == [], text
