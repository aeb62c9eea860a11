"""The fast scans match exactly what the straightforward patterns they replace match.

Each fast path (shadow bytes, literal-led or merged patterns) is compared with the plain finditer of the pattern
it stands for, on the chat corpus, on benchmark transcripts and on random strings built from the fragments that
make the patterns' edge cases (non-ASCII digits, case-folding letters, separators, other scripts).
"""

from __future__ import annotations

import random
import re

import pytest

from bench.corpus import transcripts
from supportrecords.redaction import bip39, engine, keys, pii
from supportrecords.redaction.normalize import normalize
from supportrecords.redaction.shadow import Shadow, has_non_ascii_digit

_FRAGMENTS = [
    *"0123456789 -().+/#_:：\n\t?~aAxXbBcCtTrRpPsSeEiIoO",
    "٣",
    "٤٥",
    "１２",
    "𝟏",
    "ſ",
    "ı",
    "İ",
    "K",
    "é",
    "ş",
    "的",
    "是",
    "一",
    "，",
    "。",
    "҂",
    "д",
    "ка",
    "ー",
    "한",
    "😀",
    "\u200b",
    "1234",
    "4111",
    "000000",
    "1990",
    "0307",
    "110105",
    "19491231002X",
    "GB82",
    "DE89",
    "WEST",
    "bc1",
    "BC1",
    "tb1",
    "bcrt1",
    "q" * 9,
    "a" * 13,
    "Z" * 25,
    "passport",
    "PASSPORT",
    "Passport",
    "paſſport",
    "pasaporte",
    "passeport",
    "reisepass",
    "REISEPASS",
    "паспорт",
    "Паспорт",
    "护照",
    "護照",
    "seed",
    "Seed",
    "SEED",
    "sEEd",
    "mnemonic",
    "phrase",
    "Phrase",
    "助记词",
    "abandon",
    "ability",
    "about",
    "zoo",
    "wrong",
    "to",
    "To",
    "tO",
    "is",
    "ok",
    "I",
    "a",
    "am",
    "AM",
    "aM",
    "one",
    "three",
    "eleven",
    "account",
]


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_FRAGMENTS) for _ in range(rng.randint(1, 40))) for _ in range(count)]


def _digit_texts(count: int, seed: int) -> list[str]:
    """Numbers in groups (cards, IDs, IBANs, phones and near misses), with what can stand around them."""
    rng = random.Random(seed)
    around = ["", " ", "a", "GB", "DE", "x", "的", "+", "(", "٣", "-", ".", "_", "/", "card ", "tel "]
    texts = []
    for _ in range(count):
        groups = [
            "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 19))) for _ in range(rng.randint(1, 5))
        ]
        separator = rng.choice([" ", "-", "", "  ", " - "])
        texts.append(rng.choice(around) + separator.join(groups) + rng.choice(around) + rng.choice(["", "X", "1"]))
    for region in ("110105", "440301", "012345", "9110105"):
        for date in ("19491231", "20000229", "19990230", "2100130"):
            for check in "0X7x":
                for first, second in ((" ", " "), ("", " "), (" ", ""), ("", ""), ("  ", "")):
                    texts.append(f"id {region}{first}{date}{second}002{check}")
    return texts


def _texts() -> list[str]:
    texts = _random_texts(6000, seed=1)
    texts += _digit_texts(4000, seed=5)
    texts += [normalize(text).text for text in _random_texts(1000, seed=2)]
    texts += transcripts(size_bytes=200_000, seed=3)
    secret = bytes(range(7, 39))
    texts += [
        "john at example dot com",
        "john (AT) example [dot] com, 联系john艾特example点com",
        "Send it to 221B Baker Street, London NW1 6XE please, or EC1A 1BB",
        "priv:\n    00:" + ":".join(f"{b:02x}" for b in secret),
        "key " + " ".join(f"{b:02x}" for b in secret),
        "{" + ", ".join(f"0x{b:02x}" for b in secret) + "}",
        "[" + ",".join(str(b * 7 % 256) for b in secret * 2) + "]",
        "\n".join(f"{i + 1}: {secret.hex()[i * 8 : i * 8 + 8]}" for i in range(8)),
        "hello world " * 20,
    ]
    return texts


TEXTS = _texts()


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def test_shadow_knows_non_ascii_digits() -> None:
    for text in TEXTS:
        assert Shadow.of(text).ascii_digits == (not any(c.isdecimal() and not c.isascii() for c in text))
        assert has_non_ascii_digit(text) == any(c.isdecimal() and not c.isascii() for c in text)


def test_normalize_reports_ascii_digits_only_when_true() -> None:
    for text in TEXTS:
        normalized = normalize(text)
        if normalized.ascii_digits:
            assert not has_non_ascii_digit(normalized.text)


@pytest.mark.parametrize(
    ("pattern", "translated"),
    [
        (pii._CARD, pii._CARD_SHADOW),
        (pii._IBAN_SHAPE, pii._IBAN_SHAPE_SHADOW),
    ],
    ids=["card", "iban"],
)
def test_digit_patterns_on_the_shadow(pattern: re.Pattern[str], translated: re.Pattern[bytes]) -> None:
    for text in TEXTS:
        shadow = Shadow.of(text)
        assert list(pii._spans(text, shadow, pattern, translated)) == _spans(pattern, text)


def test_phone_candidates_on_the_shadow() -> None:
    for text in TEXTS:
        classes = Shadow.of(text).classes
        assert [m.span() for m in pii._PHONE_CANDIDATE_SHADOW.finditer(classes)] == _spans(pii._PHONE_CANDIDATE, text)


def test_chinese_ids_tried_only_where_the_shadow_allows() -> None:
    for text in TEXTS:
        found = [m.span() for m in pii._cn_id_matches(text, Shadow.of(text))]
        assert found == _spans(pii._CN_ID, text)


def test_long_tokens_from_the_shadow() -> None:
    segwit = [
        f"{a}{b}1{'q' * n}{c}"
        for a in ("", "x", " ", "的")
        for b in ("bc", "Tb", "bCrT", "tc")
        for n in range(6, 26)
        for c in ("", "1", " ")
    ]
    for text in [*TEXTS, *segwit, "x" * 24, "x" * 25, "A1" * 40 + " bcrt1" + "q" * 20]:
        assert keys.long_token_spans(text) == _spans(keys.LONG_TOKEN, text)


def test_passport_keywords_from_their_first_letter() -> None:
    for text in TEXTS:
        assert _spans(pii._PASSPORT_FAST, text) == _spans(pii._PASSPORT, text)


def test_han_runs_and_other_scripts_in_one_scan() -> None:
    for text in TEXTS:
        runs = []
        other = False
        for m in bip39._HAN_RUN_OR_OTHER_SCRIPTS.finditer(text):
            if m.lastindex:
                runs.append(m.span())
                other = other or bip39._OTHER_SCRIPTS.search(text, m.start(), m.end()) is not None
            else:
                other = True
        assert runs == _spans(bip39._HAN_RUN, text)
        assert other == (bip39._OTHER_SCRIPTS.search(text) is not None)


def _plain_word_run(letters: str) -> re.Pattern[str]:
    """The word-run pattern as first written: lookbehind first, prose words one alternative each, no possessives.
    The first token has up to 16 letters (two words run together), and a long odd token may end the run."""
    token = f"[{letters}]{{3,12}}(?![{letters}])"
    first = f"[{letters}]{{3,16}}(?![{letters}])"
    prose = "|".join(bip39._PROSE_SHORT_VARIANTS)
    short = f"(?!(?:{prose})(?![{letters}]))[{letters}]{{1,2}}"
    odd = f"(?:{short}|[{letters}]{{13,40}})(?![{letters}])"
    sep = bip39._SEP
    long = f"[{letters}]{{13,40}}(?![{letters}])"
    return re.compile(f"(?<![{letters}]){first}(?:{sep}{token})*(?:{sep}{odd}(?:{sep}{token})+|{sep}{long})?")


def test_word_runs_match_the_plain_pattern() -> None:
    plain = _plain_word_run(bip39._LATIN)
    rng = random.Random(4)
    words = [
        "to",
        "To",
        "TO",
        "tO",
        "a",
        "I",
        "ok",
        "x",
        "abandon",
        "ability",
        "zoo",
        "é",
        "ş",
        "a" * 13,
        "c" * 16,
        "b" * 41,
    ]
    separators = [" ", ", ", "1.", "\n", "_", " " * 9, "的", "-"]
    texts = [
        "".join(rng.choice(words) + rng.choice(separators) for _ in range(rng.randint(1, 30))) for _ in range(3000)
    ]
    for text in [*TEXTS, *texts]:
        assert _spans(bip39._LATIN_RUN, text) == _spans(plain, text)


def _plain_contiguous_han(text: str) -> list[tuple[int, int, float]]:
    """_find_contiguous_han as first written: the MULTILINE and two-colon patterns, str.find per spelling."""
    findings: list[tuple[int, int, float]] = []
    after_context, alone, after_colon = bip39._han_patterns()
    for pattern in (alone, after_colon):
        for m in pattern.finditer(text):
            run = m.group(1)
            if bip39._any_checksum(list(run), bip39.SCRIPTS["han"]) and not bip39._looks_like_prose(run):
                findings.append((m.start(1), m.end(1), 1.0))
    for m in bip39._CONTEXT_HAN.finditer(text):
        bip39._after_context(text, m.end(), after_context, findings)
    for word in bip39._CONTEXT_WORDS:
        at = text.find(word)
        while at != -1:
            bip39._after_context(text, at + len(word), after_context, findings)
            at = text.find(word, at + 1)
    return findings


def test_contiguous_han_matches_the_plain_scan() -> None:
    phrase = "".join(bip39._han_chars()[i * 37 % 2048] for i in range(12))
    extra = [f"助记词：{phrase}", f"\n{phrase}\n", f"备注:{phrase}", f"{phrase}\n \n{phrase}"]
    extra += [f"{word} {phrase} {word}：{phrase}" for word in [*bip39._CONTEXT_WORDS, "sEEd", "PHRASE"]]
    for text in [*TEXTS, *extra]:
        findings: list[tuple[int, int, float]] = []
        bip39._find_contiguous_han(text, findings)
        assert findings == _plain_contiguous_han(text)


def _candidates_without_prefilter(text: str, *, asked: bool) -> list[tuple[str, int, int, float]]:
    """Every detector on the whole text, as _candidates ran them before the fused prefilter."""
    from supportrecords.redaction.findings import SEED_PHRASE
    from supportrecords.redaction.indices import find_index_phrases
    from supportrecords.redaction.national_ids import find_national_ids
    from supportrecords.redaction.partial import find_partial_phrases
    from supportrecords.redaction.sieve import find_filled_phrases

    shadow = Shadow.of(text)
    found = [
        (SEED_PHRASE, s, e, c)
        for s, e, c in bip39.find_seed_phrases(text, shadow.ascii)
        if c >= 1.0 or not engine._repeats_few_words(text, s, e)
    ]
    found += [(SEED_PHRASE, s, e, c) for s, e, c in find_filled_phrases(text)]
    found += [(SEED_PHRASE, s, e, c) for s, e, c in find_partial_phrases(text)]
    found += [(SEED_PHRASE, s, e, c) for s, e, c in find_index_phrases(text)]
    found += keys.find_long_tokens(text, shadow)
    found += keys.find_split_keys(text, shadow)
    if "@" in text:
        found += pii.find_emails(text)
    found += pii.find_spelt_emails(text)
    if re.search(r"\d", text):
        found += pii.find_passports(text, asked=asked)
        found += pii.find_uk_addresses(text)
        taken: list[tuple[int, int]] = []
        ibans = pii.find_ibans(text, shapes=taken, shadow=shadow)
        national_ids = find_national_ids(text, shadow)
        found += national_ids
        taken += [(s, e) for _, s, e, _ in national_ids]
        cards = pii.find_bank_cards(text, shadow)
        ids = pii.find_cn_ids(text, shadow)
        found += ibans + cards + ids
        taken += [(s, e) for _, s, e, _ in cards + ids]
        found += pii.find_phones(text, taken=taken, shadow=shadow)
    return found


@pytest.mark.parametrize("asked", [False, True])
def test_the_prefilter_never_hides_a_candidate(asked: bool) -> None:
    from bench.corpus import dense_messages
    from bench.phrase_cases import phrase_case
    from supportrecords.redaction.engine import Conversation, _candidates

    rng = random.Random(12)
    texts = TEXTS + dense_messages(size_bytes=150_000) + [phrase_case(rng).text for _ in range(1500)]
    texts += ["1A2B3C45 passport", "PaSsPoRt: E1234567", "GB82 WEST 1234 5698 7654 32", "+44 (0) 7700-900-123"]
    conversation = Conversation(passport=asked)
    for text in texts:
        text = normalize(text).text
        expected = sorted(_candidates_without_prefilter(text, asked=asked))
        assert sorted(_candidates(text, conversation=conversation)) == expected, text
