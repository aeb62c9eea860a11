"""Card numbers for the tests: a Luhn-valid number of a given prefix and length."""

from __future__ import annotations

import random


def luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    """prefix, random digits, and the Luhn check digit that makes a number of length digits valid."""
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)
