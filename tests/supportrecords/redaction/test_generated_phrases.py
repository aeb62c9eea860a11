"""Generated adversarial cases (bench/phrase_cases.py, seeded): a valid phrase of every `mnemonic` language,
with every separator, inside prose of wordlist words, near-wordlist words and ordinary words, is redacted whole.
bench/bench_phrases.py runs the same generator over >= 100,000 cases."""

from __future__ import annotations

import random
from collections import Counter

from bench.phrase_cases import LANGUAGES, missed_words, phrase_case, prose_texts
from supportrecords.redaction import detect

CASES = 5000


def test_generated_phrases_are_redacted_whole() -> None:
    rng = random.Random(8)  # noqa: S311 - reproducible test data
    languages: Counter[str] = Counter()
    misses = []
    for _ in range(CASES):
        case = phrase_case(rng)
        languages[case.language] += 1
        found = [(f.kind, f.start, f.end) for f in detect(case.text, previous=case.previous)]
        if missed_words(case, found):
            misses.append((case.language, len(case.words)))
    assert set(languages) == set(LANGUAGES)
    assert misses == []


def test_phrase_free_prose_is_rarely_flagged() -> None:
    texts = prose_texts(count=3000, seed=9)
    flagged = sum(1 for text in texts if any(f.kind == "seed_phrase" for f in detect(text)))
    assert flagged / len(texts) <= 0.01


def test_the_generator_makes_what_it_promises() -> None:
    rng = random.Random(10)  # noqa: S311 - reproducible test data
    cases = [phrase_case(rng) for _ in range(500)]
    assert {len(c.words) for c in cases} == {12, 15, 18, 21, 24}
    assert any(c.previous for c in cases) and any("\n" in c.text for c in cases)
    for case in cases:
        assert all(case.text[s:e].strip() == case.text[s:e] and e > s for s, e in case.words)
