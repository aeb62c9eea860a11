"""Recovery phrases: clean, mangled, in every wordlist; and ordinary sentences that must stay unflagged."""

from __future__ import annotations

import random

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import detect
from supportrecords.redaction.bip39 import checksum_valid

rng = random.Random(7)  # noqa: S311 - test data
WORDS = Mnemonic("english").to_mnemonic(bytes(range(16))).split()
ZH_WORDS = Mnemonic("chinese_simplified").to_mnemonic(bytes(range(16, 32))).split()


def _kinds(text: str) -> list[str]:
    return [f.kind for f in detect(text)]


@pytest.mark.parametrize(
    "text",
    [
        " ".join(WORDS),
        " ".join(f"{i}. {w}" for i, w in enumerate(WORDS, 1)),
        " ".join(f"{i}) {w}" for i, w in enumerate(WORDS, 1)),
        " ".join(f"#{i} {w}" for i, w in enumerate(WORDS, 1)),
        "\n".join(f"{i}.{w}" for i, w in enumerate(WORDS, 1)),
        ", ".join(WORDS),
        ",".join(WORDS),
        "\n".join(WORDS),
        '["' + '", "'.join(WORDS) + '"]',
        " ".join(w.capitalize() for w in WORDS),
        " ".join(w.upper() for w in WORDS),
        " ".join(w[:4] for w in WORDS),  # BIP39: the first four letters are enough
        " ".join(WORDS[:11]),  # one word missing
        " ".join([*WORDS[:5], "ok", *WORDS[6:]]),  # one unknown word
        " ".join([*WORDS[:5], "bitcoin", *WORDS[6:]]),
        " ".join([*WORDS[:3], WORDS[3][:-1] + "x", *WORDS[4:]]),  # one misspelt word
        " ".join([*WORDS[:3], WORDS[3] + "s", *WORDS[4:]]),
        "my seed phrase is: " + " ".join(WORDS) + " please help me",
        "我的助记词是 " + " ".join(WORDS) + "，谢谢",
        "sleep kitten sleep kitten sleep kitten sleep kitten sleep kitten sleep kitten",  # checksum fails
    ],
)
def test_english_phrase_leaks(text: str) -> None:
    assert "seed_phrase" in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        " ".join(ZH_WORDS),
        "，".join(ZH_WORDS),
        "、".join(ZH_WORDS),
        " ".join(f"{i}.{w}" for i, w in enumerate(ZH_WORDS, 1)),
        "\n".join(ZH_WORDS),
        "".join(ZH_WORDS),  # alone on its line, checksum valid
        "助记词：" + "".join(ZH_WORDS),
        "我的助记词是" + "".join(ZH_WORDS) + "，请帮我恢复",
        "帮我看看这个：" + "".join(ZH_WORDS),
        " ".join(ZH_WORDS[:11]),
    ],
)
def test_chinese_phrase_leaks(text: str) -> None:
    assert "seed_phrase" in _kinds(text)


@pytest.mark.parametrize(
    "language",
    [
        "japanese",
        "korean",
        "spanish",
        "french",
        "italian",
        "czech",
        "portuguese",
        "chinese_traditional",
        "russian",
        "turkish",
    ],
)
def test_every_wordlist(language: str) -> None:
    words = Mnemonic(language).to_mnemonic(bytes(rng.randrange(256) for _ in range(16)))
    assert _kinds(f"phrase: {words}") == ["seed_phrase"]


def test_accents_are_optional() -> None:
    phrase = Mnemonic("spanish").to_mnemonic(bytes(range(100, 116)))
    stripped = phrase.translate(str.maketrans("áéíóúñ", "aeioun"))
    assert _kinds(stripped) == ["seed_phrase"]


@pytest.mark.parametrize(
    "text",
    [
        "Hi, I want to deposit some bitcoin but the wallet address is wrong",
        "can you please check again that you have the right address, then try again",
        "Please check that the address is correct, they will not refund it if you send it to the wrong one",
        "you can also use this account to trade, just open the spot market and click buy",
        "What time will the team fix the problem with the network? I still have no balance",
        "sleep kitten sleep kitten sleep kitten",  # too short
        "aband0n aband0n aband0n aband0n aband0n aband0n aband0n aband0n aband0n aband0n aband0n ab0ut",
        "我想知道为什么还没有到账",
        "请问助记词丢了怎么办，钱包里还有很多币",
        "客服说不要把助记词告诉任何人，我记住了，谢谢你们的提醒",
        "我的钱包是用十二个单词的助记词创建的，现在打不开了",
        "好 的 谢 谢",
    ],
)
def test_ordinary_sentences_are_not_phrases(text: str) -> None:
    assert "seed_phrase" not in _kinds(text)


def test_checksum_valid() -> None:
    mnemonic = Mnemonic("english")
    indices = [mnemonic.wordlist.index(w) for w in WORDS]
    assert checksum_valid(indices)
    assert not checksum_valid(indices[:-1] + [(indices[-1] + 1) % 2048])
    assert not checksum_valid(indices[:11])


ISSUE_8_PHRASE = "abandon math mimic master filter design carbon crystal rookie group knife young"


@pytest.mark.parametrize(
    "text",
    [
        # Issue 8, exactly as posted through POST /api/messages/: near-wordlist neighbours hid the phrase.
        f"Hello support team I wrote down these words {ISSUE_8_PHRASE}",
        f"please send your seed phrase {ISSUE_8_PHRASE}",
        f"Hello support team I wrote down these words {ISSUE_8_PHRASE} thanks words these wrote",
        f"these words wrote {ISSUE_8_PHRASE.replace(' ', ', ')}, hope those words help",
    ],
)
def test_near_wordlist_neighbours_never_hide_a_phrase(text: str) -> None:
    found = [f for f in detect(text) if f.kind == "seed_phrase"]
    assert found
    start = text.index(ISSUE_8_PHRASE[:7])
    end = text.index("young") + len("young")
    assert min(f.start for f in found) <= start and max(f.end for f in found) >= end


@pytest.mark.parametrize(
    "misspelt",
    [
        "mastter",  # doubled letter
        "mastre",  # two letters swapped
        "mastr",  # a letter dropped
        "masted",  # a letter replaced
        "maaster",  # a letter inserted
    ],
)
def test_one_misspelt_word_with_near_wordlist_neighbours(misspelt: str) -> None:
    phrase = ISSUE_8_PHRASE.replace("master", misspelt)
    text = f"Hello support team I wrote down these words {phrase} thanks"
    found = [f for f in detect(text) if f.kind == "seed_phrase"]
    assert found and found[0].start <= text.index("abandon") and found[-1].end >= text.index("young") + 5


def test_a_24_word_phrase_with_two_misspelt_neighbours_is_redacted_whole() -> None:
    words = Mnemonic("english").to_mnemonic(bytes(range(40, 72))).split()
    words[5] = words[5] + words[5][-1]
    words[6] = words[6][1:] if len(words[6]) > 4 else words[6] + "x"
    text = "hello I wrote these words " + " ".join(words) + " ok"
    found = [f for f in detect(text) if f.kind == "seed_phrase"]
    start = text.index(words[0])
    assert found and found[0].start <= start and found[-1].end >= text.index(words[-1]) + len(words[-1])
    covered = [i for i in range(start, len(text) - 3) if any(f.start <= i < f.end for f in found)]
    assert len(covered) == len(text) - 3 - start


@pytest.mark.parametrize("language", [lang for lang in Mnemonic.list_languages() if "chinese" not in lang])
def test_phrase_in_wordlist_padding_of_another_language(language: str) -> None:
    phrase = Mnemonic(language).to_mnemonic(bytes(range(200, 216)))
    padding = " ".join(Mnemonic("english").wordlist[i * 97 % 2048] for i in range(9))
    text = f"hello {padding} {phrase} {padding} thanks"
    found = [f for f in detect(text) if f.kind == "seed_phrase"]
    assert found
    assert min(f.start for f in found) <= text.index(phrase) and max(f.end for f in found) >= text.index(phrase) + len(
        phrase
    )
