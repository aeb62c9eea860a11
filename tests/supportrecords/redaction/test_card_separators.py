"""Cards written with dots or double spaces between their groups (found by a generator written apart from ours)."""

from __future__ import annotations

import random

import pytest

from supportrecords.redaction import detect
from supportrecords.redaction.findings import BANK_CARD
from tests.supportrecords.redaction.cards import luhn_complete


@pytest.mark.parametrize("separator", [".", "  ", " ", "-"])
@pytest.mark.parametrize(("prefix", "length"), [("4", 16), ("62", 19), ("5", 16), ("62", 16)])
@pytest.mark.parametrize("seed", range(5))
def test_grouped_cards_with_any_one_separator_are_found(separator: str, prefix: str, length: int, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data
    digits = luhn_complete(prefix + ("1" if prefix == "5" else ""), length, rng)
    grouped = separator.join(digits[i : i + 4] for i in range(0, length, 4))
    for text in (f"mine is {grouped} thanks", f"我的是{grouped}", f"it's {grouped}."):
        at = text.index(grouped)
        assert any(f.kind == BANK_CARD and f.start <= at and at + len(grouped) <= f.end for f in detect(text)), text


@pytest.mark.parametrize(
    "text",
    ["my card 4111.1111-1111 1111 ok", "my card 4111  1111 1111.1111 ok", "ip 192.168.100.200 and 10.0.0.1"],
)
def test_groups_with_mixed_separators_or_other_shapes_are_not_cards(text: str) -> None:
    assert not [f for f in detect(text) if f.kind == BANK_CARD]
