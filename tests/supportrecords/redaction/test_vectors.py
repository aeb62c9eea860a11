"""Every public test vector in ../shared/vectors is classified as labelled (except ambiguous.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supportrecords.redaction import detect

VECTORS = Path(__file__).resolve().parents[3] / ".." / "shared" / "vectors"


def _cases() -> list[pytest.ParameterSet]:
    cases = []
    for path in sorted(VECTORS.glob("*.jsonl")):
        if path.name == "ambiguous.jsonl":
            continue  # either answer is acceptable for these; never asserted (see the vectors README)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            row = json.loads(line)
            cases.append(pytest.param(row["text"], row["expect"], id=f"{path.stem}:{number}:{row['expect']}"))
    return cases


CASES = _cases()


def test_vector_files_are_present() -> None:
    assert len(CASES) > 1000, f"expected the shared vectors under {VECTORS.resolve()}"


@pytest.mark.parametrize(("text", "expect"), CASES)
def test_vector_is_classified_as_labelled(text: str, expect: str) -> None:
    kinds = [f.kind for f in detect(text)]
    if expect == "none":
        assert kinds == []
    else:
        assert expect in kinds
