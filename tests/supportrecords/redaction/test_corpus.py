"""Precision and recall per kind on the labelled English/Chinese chat corpus in chat_corpus/."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from supportrecords.redaction import ALL_KINDS, SECRET_KINDS, detect

CORPUS = Path(__file__).resolve().parent / "chat_corpus"


def _rows() -> list[dict[str, object]]:
    rows = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return rows


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@pytest.fixture(scope="module")
def scores() -> dict[str, Counter[str]]:
    """True positives, false positives and false negatives per kind (a span counts if it overlaps)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for row in _rows():
        text = str(row["text"])
        gold = [(str(k), int(s), int(e)) for k, s, e in row["spans"]]  # type: ignore[attr-defined]
        found = detect(text)
        for kind, start, end in gold:
            hit = any(f.kind == kind and _overlaps(f.start, f.end, start, end) for f in found)
            (tp if hit else fn)[kind] += 1
        for f in found:
            if not any(f.kind == k and _overlaps(f.start, f.end, s, e) for k, s, e in gold):
                fp[f.kind] += 1
    return {"tp": tp, "fp": fp, "fn": fn}


def test_corpus_has_both_languages_and_every_kind() -> None:
    rows = _rows()
    assert {row["lang"] for row in rows} == {"en", "zh"}
    assert {span[0] for row in rows for span in row["spans"]} == ALL_KINDS  # type: ignore[attr-defined]
    assert sum(1 for row in rows if not row["spans"]) >= 500  # ordinary lines and hard negatives


@pytest.mark.parametrize("kind", sorted(SECRET_KINDS))
def test_every_secret_in_the_corpus_is_found(kind: str, scores: dict[str, Counter[str]]) -> None:
    assert scores["fn"][kind] == 0, f"{kind}: recall {scores['tp'][kind]}/{scores['tp'][kind] + scores['fn'][kind]}"


@pytest.mark.parametrize("kind", sorted(ALL_KINDS - SECRET_KINDS))
def test_recall_of_personal_data_is_at_least_90_percent(kind: str, scores: dict[str, Counter[str]]) -> None:
    found, missed = scores["tp"][kind], scores["fn"][kind]
    assert found / (found + missed) >= 0.9


def test_precision_over_all_kinds_is_at_least_95_percent(scores: dict[str, Counter[str]]) -> None:
    correct, wrong = sum(scores["tp"].values()), sum(scores["fp"].values())
    assert correct / (correct + wrong) >= 0.95, dict(scores["fp"])
