"""National identity numbers for the tests, each with its check digit or letter, computed here on their own (not
with the detector's functions), from a seeded random generator."""

from __future__ import annotations

import datetime as dt
import random

DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(n))


def ssn(rng: random.Random) -> str:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}{rng.randrange(1, 100):02d}{rng.randrange(1, 10000):04d}"


def nino(rng: random.Random) -> str:
    first = rng.choice([c for c in UPPER if c not in "DFIQUV"])
    second = rng.choice(
        [c for c in UPPER if c not in "DFIOQUV" and first + c not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ")]
    )
    return first + second + _digits(rng, 6) + rng.choice("ABCD")


def hkid(rng: random.Random, letters: int = 1) -> str:
    """An HKID without brackets: its letters, six digits and the check character."""
    prefix = "".join(rng.choice(UPPER) for _ in range(letters))
    body = _digits(rng, 6)
    chars = [" "] * (2 - letters) + list(prefix + body)
    values = [36 if c == " " else UPPER.index(c) + 10 if c.isalpha() else int(c) for c in chars]
    total = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return prefix + body + ("A" if check == 10 else str(check))


def nric(rng: random.Random) -> str:
    series = rng.choice("STFGM")
    body = _digits(rng, 7)
    total = sum(int(d) * w for d, w in zip(body, (2, 7, 6, 5, 4, 3, 2), strict=True))
    total += {"S": 0, "F": 0, "T": 4, "G": 4, "M": 3}[series]
    # The check letter by the remainder, each series its own letters.
    table = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK", "M": "XWUTRQPNJLK"}
    return series + body + table[series][total % 11]


def pan(rng: random.Random) -> str:
    return (
        "".join(rng.choice(UPPER) for _ in range(3))
        + rng.choice("PCHABGJLFTK")
        + rng.choice(UPPER)
        + _digits(rng, 4)
        + rng.choice(UPPER)
    )


def _verhoeff_check(digits: str) -> str:
    # The D5 group's product written out as its rule (rotations 0-4, reflections 5-9), not as a table.
    def mul(a: int, b: int) -> int:
        if a < 5 and b < 5:
            return (a + b) % 5
        if a < 5:
            return 5 + (b - 5 + a) % 5
        if b < 5:
            return 5 + (a - 5 - b) % 5
        return (a - b) % 5

    perm = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4]

    def p(i: int, d: int) -> int:
        for _ in range(i % 8):
            d = perm[d]
        return d

    inverse = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = mul(c, p(i + 1, int(ch)))
    return str(inverse[c])


def aadhaar(rng: random.Random) -> str:
    body = rng.choice("23456789") + _digits(rng, 10)
    return body + _verhoeff_check(body)


def dni(rng: random.Random) -> str:
    number = _digits(rng, 8)
    return number + "TRWAGMYFPDXBNJZSQVHLCKE"[int(number) % 23]


def nie(rng: random.Random) -> str:
    prefix = rng.choice("XYZ")
    number = _digits(rng, 7)
    return prefix + number + "TRWAGMYFPDXBNJZSQVHLCKE"[int(str("XYZ".index(prefix)) + number) % 23]


_CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def codice_fiscale(rng: random.Random) -> str:
    body = "".join(rng.choice(UPPER) for _ in range(6)) + _digits(rng, 2) + rng.choice("ABCDEHLMPRST")
    body += f"{rng.randrange(1, 29) + rng.choice([0, 40]):02d}" + rng.choice(UPPER) + _digits(rng, 3)
    total = 0
    for i, c in enumerate(body):
        n = int(c) if c.isdigit() else UPPER.index(c)
        total += _CF_ODD[n] if i % 2 == 0 else n
    return body + UPPER[total % 26]


def taiwan_id(rng: random.Random) -> str:
    letter = rng.choice(UPPER)
    code = {**{c: 10 + i for i, c in enumerate("ABCDEFGH")}, "I": 34, "O": 35, "W": 32, "Z": 33, "X": 30, "Y": 31}
    code.update({c: 18 + i for i, c in enumerate("JKLMN")})
    code.update({c: 23 + i for i, c in enumerate("PQRSTUV")})
    body = rng.choice("12") + _digits(rng, 7)
    n = code[letter]
    total = n // 10 + n % 10 * 9 + sum(int(d) * w for d, w in zip(body, (8, 7, 6, 5, 4, 3, 2, 1), strict=True))
    return letter + body + str((10 - total % 10) % 10)


def my_number(rng: random.Random) -> str:
    body = _digits(rng, 11)
    weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]  # left to right
    r = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
    return body + str(0 if r <= 1 else 11 - r)


def cpf(rng: random.Random) -> str:
    digits = [int(d) for d in _digits(rng, 9)]
    for n in (10, 11):
        r = sum(d * w for d, w in zip(digits, range(n, 1, -1), strict=False)) % 11
        digits.append(0 if r < 2 else 11 - r)
    return "".join(map(str, digits))


def rrn(rng: random.Random) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 70))
    sex = rng.choice("12" if born.year < 2000 else "34")
    # Then the place of registration (00-95) and three more digits.
    body = born.strftime("%y%m%d") + sex + f"{rng.randrange(96):02d}" + _digits(rng, 3)
    total = sum(int(d) * w for d, w in zip(body, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5), strict=True))
    return body + str((11 - total % 11) % 10)


def one_changed(value: str, rng: random.Random, *, check_only: bool = False) -> str:
    """value with one digit changed, or (check_only: its check does not catch every such change) its check
    character changed, which no check lets through."""
    i = len(value) - 1 if check_only else rng.choice([i for i, c in enumerate(value) if c.isdigit()])
    pool = DIGITS if value[i].isdigit() else UPPER
    return value[:i] + rng.choice(pool.replace(value[i], "")) + value[i + 1 :]


def never_issued(name: str, value: str, rng: random.Random) -> str:
    """A number without a check character made one its issuer never gives out: an SSN's area 000, 666 or 9xx, a
    PAN's fourth letter naming no kind of holder, a National Insurance number's refused prefix."""
    if name == "ssn":
        return rng.choice(["000", "666", f"9{rng.randrange(100):02d}"]) + value[3:]
    if name == "pan":
        return value[:3] + rng.choice("DEIMNOQRSUVWXYZ") + value[4:]  # (K: agricultural income, python-stdnum)
    return (
        rng.choice(["D", "F", "I", "Q", "U", "V"]) + value[1:]
        if rng.random() < 0.5
        else rng.choice(["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"]) + value[2:]
    )
