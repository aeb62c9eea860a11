"""Recovery-phrase search: misses on generated adversarial cases, false positives on phrase-free support prose,
and the work bound (100 kB of wordlist words) against ordinary prose of the same size.

Run: python bench/bench_phrases.py [--cases 100000] [--disguised 100000] [--prose 20000] [--runs 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mnemonic import Mnemonic  # noqa: E402

from bench.corpus import transcripts  # noqa: E402
from bench.phrase_cases import (  # noqa: E402
    DISGUISES,
    LANGUAGES,
    disguised_case,
    missed_words,
    phrase_case,
    prose_texts,
)
from supportrecords.redaction import detect  # noqa: E402

TARGET_MS = 50.0


def _median_ms(text: str, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        detect(text)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _wordlist_text(language: str, rng: random.Random, size: int = 100_000) -> str:
    words = [unicodedata.normalize("NFC", w) for w in Mnemonic(language).wordlist if "\ufffd" not in w]
    separator = " "
    out: list[str] = []
    total = 0
    while total < size:
        word = rng.choice(words)
        out.append(word)
        total += len(word.encode("utf-8")) + len(separator)
    return separator.join(out).encode("utf-8")[:size].decode("utf-8", "ignore")


def _kilobytes_100(text: str) -> str:
    return text.encode("utf-8")[:100_000].decode("utf-8", "ignore")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="generated phrase cases (default 100,000)")
    parser.add_argument("--disguised", type=int, default=100_000, help="disguised phrase cases (default 100,000)")
    parser.add_argument("--prose", type=int, default=20_000, help="phrase-free prose messages (default 20,000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per 100 kB text; the median is reported")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 - reproducible test data

    started = time.perf_counter()
    per_language: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for _ in range(args.cases):
        case = phrase_case(rng)
        per_language[case.language] += 1
        found = [(f.kind, f.start, f.end) for f in detect(case.text, previous=case.previous)]
        if missed_words(case, found):
            missed[case.language] += 1
    elapsed = time.perf_counter() - started
    print(f"generated cases: {args.cases} in {elapsed:.1f} s ({len(LANGUAGES)} languages, every separator)")
    for language in sorted(per_language):
        print(f"  {language:22} {per_language[language]:7d} cases, {missed[language]} missed")
    print(f"misses: {sum(missed.values())} (target 0)")

    started = time.perf_counter()
    per_disguise: Counter[str] = Counter()
    missed_disguise: Counter[str] = Counter()
    for i in range(args.disguised):
        disguise = DISGUISES[i % len(DISGUISES)]
        case = disguised_case(rng, disguise)
        per_disguise[disguise] += 1
        found = [(f.kind, f.start, f.end) for f in detect(case.text, previous=case.previous)]
        if missed_words(case, found):
            missed_disguise[disguise] += 1
    elapsed = time.perf_counter() - started
    print(f"disguised cases: {args.disguised} in {elapsed:.1f} s (joined, CamelCase, 'and', numbered, two columns,")
    print("  combining marks, two typos, contiguous Chinese with its context in the message, quotes or question)")
    for disguise in DISGUISES:
        print(f"  {disguise:22} {per_disguise[disguise]:7d} cases, {missed_disguise[disguise]} missed")
    print(f"disguised misses: {sum(missed_disguise.values())} (target 0)")

    texts = prose_texts(count=args.prose, seed=args.seed + 1)
    for label, keep in (("English", lambda t: t.isascii()), ("Chinese (any CJK)", lambda t: not t.isascii())):
        subset = [t for t in texts if keep(t)]
        flagged = sum(1 for t in subset if any(f.kind == "seed_phrase" for f in detect(t)))
        print(f"false positives on phrase-free {label} prose: {flagged}/{len(subset)} = {flagged / len(subset):.2%}")
    flagged = sum(1 for t in texts if any(f.kind == "seed_phrase" for f in detect(t)))
    print(f"false-positive rate, all prose: {flagged / len(texts):.2%} (target <= 1%)")

    baseline_text = "\n".join(transcripts(size_bytes=100_000, seed=args.seed))
    baseline_text = baseline_text.encode("utf-8")[:100_000].decode("utf-8", "ignore")
    detect(baseline_text)
    baseline = _median_ms(baseline_text, args.runs)
    print(f"100 kB of ordinary support chat (baseline): median {baseline:.1f} ms")
    worst = 0.0
    for language in LANGUAGES:
        text = _wordlist_text(language, rng)
        detect(text)
        ms = _median_ms(text, args.runs)
        worst = max(worst, ms)
        print(f"100 kB of {language} wordlist words: median {ms:.1f} ms ({ms / baseline:.2f}x the baseline)")
    english = Mnemonic("english").wordlist
    chinese = Mnemonic("chinese_simplified").wordlist
    japanese = [unicodedata.normalize("NFC", w) for w in Mnemonic("japanese").wordlist]
    korean = [unicodedata.normalize("NFC", w) for w in Mnemonic("korean").wordlist]
    disguised = {
        "joined English words": "".join(rng.choice(english) for _ in range(20_000))[:100_000],
        "numbered English words": " ".join(f"{i % 24 + 1}) {rng.choice(english)}" for i in range(12_000))[:100_000],
        # 3 bytes each; after a context word, as a contiguous Chinese run is only looked at with context
        "glued Chinese characters after 助记词": "助记词：" + "".join(rng.choice(chinese) for _ in range(34_000)),
        # an attacker's attachment: 4-digit groups (card-shaped, phone-shaped, word numbers), 1 MB took 35 s
        "groups of four digits": " ".join(f"{rng.randint(0, 9999):04d}" for _ in range(20_000))[:100_000],
        # slips of the keyboard everywhere (hostile): every word hyphenated at a line break, split by a space
        "English words, each hyphenated at a line break": " ".join(
            w[:2] + "-\n" + w[2:] for w in (rng.choice(english) for _ in range(14_000))
        )[:100_000],
        "English words, a space inside each": " ".join(
            w[:3] + " " + w[3:] if len(w) >= 6 else w for w in (rng.choice(english) for _ in range(16_000))
        )[:100_000],
        # unspaced Japanese and Korean (3 bytes a letter), in stretches of 100 letters: each one is segmented
        "unspaced Japanese words": _kilobytes_100(
            "。".join("".join(rng.choice(japanese) for _ in range(25))[:100] for _ in range(400))
        ),
        "unspaced Korean words": _kilobytes_100(
            "。".join("".join(rng.choice(korean) for _ in range(40))[:100] for _ in range(400))
        ),
    }
    for name, text in disguised.items():
        detect(text)
        ms = _median_ms(text, args.runs)
        worst = max(worst, ms)
        print(f"100 kB of {name}: median {ms:.1f} ms ({ms / baseline:.2f}x the baseline)")
    print(f"worst 100 kB wordlist text: {worst:.1f} ms (target < {TARGET_MS:.0f} ms)")


if __name__ == "__main__":
    main()
