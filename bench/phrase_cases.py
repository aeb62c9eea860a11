"""Seeded generator of adversarial recovery-phrase cases: a valid phrase of any `mnemonic` language, with any
separator, inside random prose made of wordlist words, near-wordlist words (one edit away) and ordinary words.

Shared by the CI test (a few thousand cases) and bench/bench_phrases.py (>= 100,000 cases).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from functools import cache

from mnemonic import Mnemonic

LANGUAGES = tuple(sorted(Mnemonic.list_languages()))
STRENGTHS = (128, 160, 192, 224, 256)  # 12, 15, 18, 21, 24 words
# Between the words of a phrase: spaces, commas, lines, numbering, pipes, tabs ...
SEPARATORS = (" ", "  ", ", ", ",", "\n", " - ", "|", "\t", "; ", " / ", "、", "，", "\u3000")
NUMBERED = ("{n}. ", "{n}) ", "#{n} ", "{n}.")
ENGLISH_WORDS = [
    "hello",
    "support",
    "team",
    "please",
    "help",
    "me",
    "my",
    "account",
    "wallet",
    "deposit",
    "withdrawal",
    "stuck",
    "since",
    "yesterday",
    "the",
    "funds",
    "have",
    "not",
    "arrived",
    "yet",
    "thanks",
    "regards",
    "kindly",
    "check",
    "transaction",
    "status",
    "urgent",
    "I",
    "wrote",
    "down",
    "these",
    "words",
    "from",
    "paper",
    "backup",
    "is",
    "that",
    "correct",
    "phone",
    "screen",
    "broken",
    "lost",
    "access",
    "login",
    "verification",
    "email",
    "code",
]
CHINESE_PROSE = (
    "你好",
    "我的钱包打不开了",
    "请帮我看看",
    "谢谢你们",
    "充值一直没有到账",
    "我把纸上的词抄下来了",
    "是不是这些",
    "麻烦尽快处理",
    "手机坏了",
    "怎么恢复账户",
)
# Words that say what follows (needed for a contiguous Chinese or Japanese phrase, which has no separators).
CONTEXT = ("助记词", "seed phrase", "recovery phrase", "mnemonic", "助記詞")
CJK = ("chinese_simplified", "chinese_traditional")


@cache
def _mnemonic(language: str) -> Mnemonic:
    return Mnemonic(language)


@cache
def _wordlist(language: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", w) for w in _mnemonic(language).wordlist)


def _near(word: str, rng: random.Random) -> str:
    """A word one edit away: a doubled letter, two letters swapped, a letter dropped or replaced."""
    if len(word) < 4:
        return word + word[-1]
    i = rng.randrange(1, len(word) - 1)
    edit = rng.randrange(4)
    if edit == 0:
        return word[:i] + word[i] + word[i:]
    if edit == 1:
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if edit == 2:
        return word[:i] + word[i + 1 :]
    return word[:i] + rng.choice("aeioustrnl") + word[i + 1 :]


def _prose_words(rng: random.Random, language: str, count: int) -> list[str]:
    pool_language = language if language not in CJK + ("japanese", "korean") else "english"
    out = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.35:
            out.append(rng.choice(_wordlist(rng.choice((pool_language, "english")))))
        elif kind < 0.6:
            out.append(_near(rng.choice(_wordlist(pool_language)), rng))
        else:
            out.append(rng.choice(ENGLISH_WORDS))
    return out


@dataclass(frozen=True)
class Case:
    text: str
    language: str
    words: tuple[tuple[int, int], ...]  # the span of each phrase word in text
    previous: tuple[str, ...] = ()


def phrase_case(rng: random.Random) -> Case:
    """One phrase in prose; every word's span is returned, so a partly redacted phrase counts as a miss."""
    language = rng.choice(LANGUAGES)
    while True:
        entropy = rng.randbytes(rng.choice(STRENGTHS) // 8)
        words = [unicodedata.normalize("NFC", w) for w in _mnemonic(language).to_mnemonic(entropy).split()]
        # The package's Russian list has one word spelt with two U+FFFD characters (a broken upstream
        # encoding): nobody can type it, so phrases holding it are not cases.
        if not any("\ufffd" in w for w in words):
            break
    if language in CJK and rng.random() < 0.2:
        lists = [_wordlist(spelling) for spelling in CJK]  # partly in the other spelling, as in disguised_case
        words = [lists[rng.randrange(2)][_wordlist(language).index(w)] for w in words]
    previous: tuple[str, ...] = ()
    # Chinese, Japanese and Korean phrases are typed without separators too (issue 8: "none for CJK").
    contiguous = language in CJK + ("japanese", "korean") and rng.random() < 0.3
    if contiguous:
        separator = ""
    elif rng.random() < 0.15:
        separator = "numbered"
    else:
        separator = rng.choice(SEPARATORS)
    spans: list[tuple[int, int]] = []
    if language in CJK:
        before = "".join(rng.choice(CHINESE_PROSE) for _ in range(rng.randint(0, 3)))
        after = "".join(rng.choice(CHINESE_PROSE) for _ in range(rng.randint(0, 3)))
    else:
        before = " ".join(_prose_words(rng, language, rng.randint(0, 14)))
        after = " ".join(_prose_words(rng, language, rng.randint(0, 14)))
    if contiguous:
        # No separators between the words: quoted, alone on a line or after a colon, with a context word in the
        # message or in the agent's question before it.
        frame = rng.choice(("「{}」", "“{}”", '"{}"', "\n{}\n", "：{}", "【{}】", " {} "))
        opening = frame.split("{}")[0]
        if rng.random() < 0.5:
            previous = (rng.choice(("请提供助记词", "Please send your seed phrase to verify", "助记词是什么？")),)
        else:
            before = rng.choice(CONTEXT) + "，" + before
        prefix = before + "，" + opening if opening.strip() else before + opening
        text = prefix
        for word in words:
            spans.append((len(text), len(text) + len(word)))
            text += word
        text += frame.split("{}")[1] + after
        return Case(text, language, tuple(spans), previous)
    numbering = rng.choice(NUMBERED)
    text = before + rng.choice((" ", ": ", ", ", "\n"))
    for n, word in enumerate(words, 1):
        if separator == "numbered":
            text += (" " if n > 1 else "") + numbering.format(n=n)
        elif n > 1:
            text += separator
        spans.append((len(text), len(text) + len(word)))
        text += word
    text += rng.choice((" ", ". ", "\n", ", ")) + after
    return Case(text, language, tuple(spans), previous)


# Disguises of issue 8's second round, each drawn by disguised_case().
DISGUISES = (
    "joined",
    "camel",
    "and",
    "word_n_is",
    "numbered_paren",
    "numbered_lines",
    "two_columns",
    "accents",
    "two_typos",
    "han_context",
)
# Where a contiguous Chinese phrase's context is: the agent's previous turn, before it, after it, or quotes.
HAN_CONTEXTS = (
    ("请提供您的助记词，我们帮您核实。", "", ""),
    ("", "我的助记词是", ""),
    ("", "「", "」这是我钱包的助记词"),
    ("", "备份的恢复短语：", ""),
    ("", "“", "”是我的助記詞"),
)
GENERIC_QUESTIONS = ("请问还有什么可以帮您?", "How else can I help you today?", "还有其他问题吗？")
# Marks drawn over or under a letter (combining, so the letter stays): acute, grave, tilde, macron, dot above,
# diaeresis, ring, caron, dot below, low line, strike-through.
_MARKS = "\u0301\u0300\u0303\u0304\u0307\u0308\u030a\u030c\u0323\u0332\u0336"


def _decorated(word: str, rng: random.Random) -> str:
    """word with combining marks over some letters (NFD as some keyboards send it)."""
    out = []
    for letter in word:
        out.append(letter)
        if rng.random() < 0.4:
            out.append(rng.choice(_MARKS))
    return "".join(out)


def disguised_case(rng: random.Random, disguise: str | None = None) -> Case:
    """A valid phrase written in one of DISGUISES, in prose; no context word unless the disguise has one."""
    disguise = disguise or rng.choice(DISGUISES)
    if disguise == "han_context":
        language = rng.choice(CJK)
    elif disguise in ("joined", "camel", "two_typos"):
        language = rng.choice(("english", "english", "spanish", "italian", "portuguese", "czech", "french"))
    else:
        language = rng.choice(("english", "english", "english", "spanish", "french", "italian", "czech"))
    words = _mnemonic(language).to_mnemonic(rng.randbytes(rng.choice(STRENGTHS) // 8)).split()
    words = [unicodedata.normalize("NFC", w) for w in words]
    if disguise in ("joined", "camel", "two_typos") and language not in ("english",):
        words = [unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode() for w in words]
    if language in CJK and rng.random() < 0.3:
        # Typed partly in the other spelling (an input method switched midway): the lists are parallel.
        lists = [_wordlist(spelling) for spelling in CJK]
        words = [lists[rng.randrange(2)][_wordlist(language).index(w)] for w in words]
    previous: tuple[str, ...] = ()
    if disguise == "han_context":
        question, lead, tail = rng.choice(HAN_CONTEXTS)
        before = "".join(rng.choice(CHINESE_PROSE) for _ in range(rng.randint(0, 3))) + lead
        after = tail + "".join(rng.choice(CHINESE_PROSE) for _ in range(rng.randint(0, 3)))
        previous = (question,) if question else (rng.choice(GENERIC_QUESTIONS),) if rng.random() < 0.5 else ()
    else:
        before = " ".join(rng.choice(ENGLISH_WORDS) for _ in range(rng.randint(0, 10)))
        after = " ".join(rng.choice(ENGLISH_WORDS) for _ in range(rng.randint(0, 10)))
        before += rng.choice((" ", ": ", "\n"))
        after = rng.choice((" ", ". ", "\n")) + after
    spans: list[tuple[int, int]] = []
    text = before

    def put(word: str) -> None:
        nonlocal text
        spans.append((len(text), len(text) + len(word)))
        text += word

    if disguise in ("joined", "han_context"):
        for word in words:
            put(word)
    elif disguise == "camel":
        for word in words:
            put(word.capitalize())
    elif disguise == "and":
        for n, word in enumerate(words):
            if n:
                text += " and " if rng.random() < 0.5 or n == len(words) - 1 else ", "
            put(word)
    elif disguise == "word_n_is":
        form = rng.choice(("word {n} is ", "Word {n}: ", "word #{n} = ", "#{n} is "))
        for n, word in enumerate(words, 1):
            text += (", " if n > 1 else "") + form.format(n=n)
            put(word)
    elif disguise == "numbered_paren":
        for n, word in enumerate(words, 1):
            text += (" " if n > 1 else "") + f"{n}) "
            put(word)
    elif disguise == "numbered_lines":
        for n, word in enumerate(words, 1):
            text += ("\n" if n > 1 else "") + rng.choice(("{n}. ", "{n}.", "{n} - ")).format(n=n)
            put(word)
    elif disguise == "two_columns":
        half = (len(words) + 1) // 2
        width = max(map(len, words)) + rng.randint(2, 12)
        for row in range(half):
            text += ("\n" if row else "") + f"{row + 1:>2} "
            put(words[row])
            if row + half < len(words):
                text += " " * (width - len(words[row])) + f"{row + half + 1:>2} "
                put(words[row + half])
    elif disguise == "accents":
        separator = rng.choice((" ", ", ", "\n"))
        for n, word in enumerate(words):
            text += separator if n else ""
            put(_decorated(unicodedata.normalize("NFD", word), rng))
    else:  # two_typos: two words of the first 12 one edit away
        typos = rng.sample(range(min(12, len(words))), 2)
        separator = rng.choice((" ", ", ", "\n"))
        for n, word in enumerate(words):
            text += separator if n else ""
            put(_near(word, rng) if n in typos else word)
    text += after
    return Case(text, language, tuple(spans), previous)


def prose_texts(*, count: int, seed: int) -> list[str]:
    """Phrase-free support prose, English and Chinese: the chat corpus's lines without a secret, alone and
    joined in twos and threes, as short chat messages."""
    from bench.corpus import negative_lines

    lines = negative_lines()
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    return [" ".join(rng.choice(lines) for _ in range(rng.choice((1, 1, 2, 3)))) for _ in range(count)]


def missed_words(case: Case, findings: list[tuple[str, int, int]]) -> int:
    """How many phrase words some seed_phrase (or private_key) finding does not cover entirely."""
    covering = [(s, e) for kind, s, e in findings if kind in ("seed_phrase", "private_key")]
    return sum(1 for s, e in case.words if not any(fs <= s and e <= fe for fs, fe in covering))
