"""Japanese and Korean recovery phrases typed without spaces, or with spaces between some words only (issue 8:
"any separators, none for CJK"). Chinese has its own contiguous search; these are cut into wordlist words. Phrases
from a seeded generator, in hiragana and katakana, inside prose; Japanese and Korean prose (Django's own
translations, spaces and all, or with its spaces dropped) stays as written."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import django
import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import detect, redact
from supportrecords.redaction.bip39 import UNSPACED_BUDGET

CASES = 60
LEAD_INS = {
    "japanese": ("", "助記詞は", "わたしのフレーズは：", "Hello, my words are "),
    "korean": ("", "제 복구 문구는 ", "문구: ", "Hello, my words are "),
}
TAILS = {"japanese": ("", "です。", " よろしくお願いします"), "korean": ("", "입니다.", " 도와주세요")}
LETTERS = {"japanese": "あいうえおかきくけこさしすせそたちつてとなにぬねの", "korean": "가나다라마바사아자차카타파하"}
KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def _phrase(rng: random.Random, language: str) -> list[str]:
    entropy = bytes(rng.getrandbits(8) for _ in range(rng.choice((16, 20, 24, 28, 32))))
    return [unicodedata.normalize("NFC", w) for w in Mnemonic(language).to_mnemonic(entropy).split()]


def _redacted_whole(text: str, words: list[str]) -> str:
    redacted = redact(text)
    assert "[REDACTED:seed_phrase]" in redacted, text
    rest = redacted.replace("[REDACTED:seed_phrase]", "|")
    assert not any(word in rest for word in words if len(word) >= 3), (text, redacted)
    return redacted


@pytest.mark.parametrize("language", ["japanese", "korean"])
def test_a_phrase_typed_without_spaces_is_redacted_whole(language: str) -> None:
    rng = random.Random(f"unspaced-{language}")
    for _ in range(CASES):
        words = _phrase(rng, language)
        text = rng.choice(LEAD_INS[language]) + "".join(words) + rng.choice(TAILS[language])
        _redacted_whole(text, words)


@pytest.mark.parametrize("language", ["japanese", "korean"])
def test_a_phrase_with_spaces_between_some_words_only_is_redacted_whole(language: str) -> None:
    rng = random.Random(f"some-spaces-{language}")
    for _ in range(CASES):
        words = _phrase(rng, language)
        text = words[0]
        for word in words[1:]:
            text += rng.choice(["", "", " ", "\u3000", "、"]) + word
        _redacted_whole(rng.choice(LEAD_INS[language]) + text + rng.choice(TAILS[language]), words)


def test_a_japanese_phrase_typed_in_katakana_without_spaces_is_redacted() -> None:
    rng = random.Random("katakana")
    for _ in range(CASES):
        words = [word.translate(KATAKANA) for word in _phrase(rng, "japanese")]
        _redacted_whole("フレーズ：" + "".join(words), words)


def _misspelt(rng: random.Random, word: str, language: str) -> str:
    """word with one letter changed so that it is no word of the list."""
    wordlist = set(Mnemonic(language).wordlist)
    letters = LETTERS[language]
    while True:
        at = rng.randrange(len(word))
        typo = word[:at] + rng.choice(letters) + word[at + 1 :]
        if typo != word and unicodedata.normalize("NFKD", typo) not in wordlist:
            return typo


@pytest.mark.parametrize("language", ["japanese", "korean"])
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_an_unspaced_phrase_with_one_misspelt_word_is_still_redacted(language: str, where: str) -> None:
    rng = random.Random(f"typo-{language}-{where}")
    for _ in range(CASES // 2):
        words = _phrase(rng, language)
        at = {"first": 0, "last": len(words) - 1}.get(where, rng.randrange(2, len(words) - 2))
        words[at] = _misspelt(rng, words[at], language)
        text = rng.choice(LEAD_INS[language]) + "".join(words) + rng.choice(TAILS[language])
        redacted = redact(text)
        assert "[REDACTED:seed_phrase]" in redacted, text
        rest = redacted.replace("[REDACTED:seed_phrase]", "|")
        # Every word but the misspelt one is gone; of that one, two letters at most may stay.
        assert not any(word in rest for k, word in enumerate(words) if k != at and len(word) >= 3), (text, redacted)


@pytest.mark.parametrize("language", ["japanese", "korean"])
def test_an_unspaced_phrase_is_found_where_it_is(language: str) -> None:
    words = _phrase(random.Random(f"where-{language}"), language)
    lead, tail = LEAD_INS[language][2], TAILS[language][1]
    text = lead + "".join(words) + tail
    findings = [f for f in detect(text) if f.kind == "seed_phrase"]
    assert [(f.start, f.end) for f in findings] == [(len(lead), len(lead) + len("".join(words)))]


def _translations(language: str) -> list[str]:
    """Django's own translated strings into language (its apps' too): real prose, of every length."""
    texts: list[str] = []
    current: list[str] | None = None
    lines = []
    for po in sorted(Path(django.__file__).parent.glob(f"**/locale/{language}/LC_MESSAGES/*.po")):
        lines += po.read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.startswith("msgstr"):
            current = [line.split('"', 1)[1].rsplit('"', 1)[0]]
            texts.append("")
        elif line.startswith('"') and current is not None:
            current.append(line[1:-1])
        else:
            current = None
        if current is not None:
            texts[-1] = "".join(current)
    return [text for text in texts if text]


@pytest.mark.parametrize("language", ["ja", "ko"])
def test_japanese_and_korean_prose_is_no_phrase_with_or_without_its_spaces(language: str) -> None:
    texts = _translations(language)
    assert len(texts) > 800
    sentences = [text for text in texts if len(text) >= 10]  # not the lists of weekdays and months
    for text in [*texts, *("\n".join(sentences[i : i + 20]) for i in range(0, len(sentences), 20))]:
        for reading in (text, text.replace(" ", ""), re.sub(r"[\s,.、。]", "", text)):
            assert not [f for f in detect(reading) if f.kind == "seed_phrase"], reading


def test_the_weekdays_and_months_in_a_row_are_no_phrase() -> None:
    # Lists of common words: some are list words ("월요일", "금요일"), the others break the chain.
    for text in [
        "월요일, 화요일, 수요일, 목요일, 금요일, 토요일, 일요일, 월요일, 화요일, 수요일, 목요일, 금요일",
        "월요일화요일수요일목요일금요일토요일일요일",
        "げつようびかようびすいようびもくようびきんようびどようびにちようび",
        "いちがつにがつさんがつしがつごがつろくがつしちがつはちがつくがつじゅうがつ",
    ]:
        assert not [f for f in detect(text) if f.kind == "seed_phrase"], text


def test_a_long_stretch_of_kana_is_read_within_its_budget() -> None:
    # Hostile input: kana beyond the budget is not read (the phrase before it is), and the scan stays bounded.
    rng = random.Random("budget")
    words = _phrase(rng, "japanese")
    filler = "".join(rng.choice("ぱぴぷぺぽ") for _ in range(UNSPACED_BUDGET * 3))
    text = "".join(words) + "。" + filler
    assert "[REDACTED:seed_phrase]" in redact(text)
    assert [f for f in detect(filler) if f.kind == "seed_phrase"] == []
