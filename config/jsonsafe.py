"""JSON parsing with a nesting limit: deeply nested input is refused as invalid, never a RecursionError (a 500)."""

from __future__ import annotations

import json
from typing import Any

# Deep enough for every document Custos reads (API bodies, certificates, callbacks), shallow enough for any
# recursive code that walks the result.
MAX_DEPTH = 64


class JSONTooDeep(ValueError):
    """The JSON document is nested deeper than allowed."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(f"JSON nested deeper than {max_depth} levels")
        self.max_depth = max_depth


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class NegativeZero(int):
    """The JSON integer -0: zero, which a string field reads as written ("-0", not "0")."""

    def __str__(self) -> str:
        return "-0"


def _integer(literal: str) -> int:
    # JSON allows no leading zeros, so every other integer is written as Python writes it back.
    return NegativeZero(0) if literal == "-0" else int(literal)


def json_loads(data: str | bytes | bytearray, *, max_depth: int = MAX_DEPTH) -> Any:
    """`json.loads`, refusing NaN/Infinity and documents nested deeper than max_depth (raises ValueError)."""
    try:
        value = json.loads(data, parse_constant=_refuse_constant, parse_int=_integer)
    except RecursionError:
        raise JSONTooDeep(max_depth) from None
    # The decoder itself stops near the interpreter's recursion limit; walk the result without recursion.
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > max_depth:
            raise JSONTooDeep(max_depth)
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return value
