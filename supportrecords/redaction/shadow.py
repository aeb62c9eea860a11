"""ASCII shadows of a text: one byte per character, for the detectors whose patterns name only ASCII characters.

A shadow keeps every offset of the text (each non-ASCII character becomes one byte), and collapses characters
into the classes a pattern distinguishes, so that a translated pattern starts with a literal ("0" for any digit)
and the regex engine skips ahead at memchr speed instead of testing a character class at every position. A
pattern translated class for class matches exactly the spans the original matches on the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# In a str pattern \d is any Unicode decimal digit. The shadows know only ASCII digits, so a text with any
# other decimal digit ("٣", "𝟙" when not normalised) is scanned with the original patterns instead.
NON_ASCII_BMP_DIGITS = "".join(chr(c) for c in range(0x80, 0x10000) if chr(c).isdecimal())
_NON_ASCII_DIGIT_OR_ASTRAL = re.compile(
    f"[{NON_ASCII_BMP_DIGITS}\U00010000-\U0010ffff]"  # one astral range (many make a class slow), confirmed below
)


def _table(keep: bytes, digit: bytes, letter: bytes, other: bytes) -> bytes:
    table = bytearray(other * 256)
    for byte in keep:
        table[byte] = byte
    for byte in b"0123456789":
        table[byte] = digit[0]
    for byte in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        table[byte] = letter[0]
    return bytes(table)


# Digits "0", ASCII letters "a", the punctuation the digit patterns name as itself, anything else "~".
_CLASSES = _table(b" -().+/#_", digit=b"0", letter=b"a", other=b"~")
# ASCII letters and digits "a", anything else " ".
_ALNUM = _table(b"", digit=b"a", letter=b"a", other=b" ")


def has_non_ascii_digit(text: str) -> bool:
    """Whether text has a decimal digit outside ASCII (which \\d matches and the shadows do not)."""
    return any(m.group().isdecimal() for m in _NON_ASCII_DIGIT_OR_ASTRAL.finditer(text))


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs a fifth of a short message's scan
class Shadow:
    """Byte strings as long as the text, offset for offset."""

    ascii: bytes  # the text with each non-ASCII character replaced by "?"
    classes: bytes  # see _CLASSES
    alnum: bytes  # see _ALNUM
    ascii_digits: bool  # no decimal digit outside ASCII: \d and [0-9] agree on this text

    @staticmethod
    def of(text: str, *, ascii_digits: bool = False) -> Shadow:
        """The shadows of text (a few milliseconds per megabyte); ascii_digits=True: known to have no decimal
        digit outside ASCII (normalize() often knows), else that is checked here."""
        raw = text.encode("ascii", "replace")  # one "?" per non-ASCII code point, so offsets are kept
        ascii_digits = ascii_digits or text.isascii() or not has_non_ascii_digit(text)
        return Shadow(raw, raw.translate(_CLASSES), raw.translate(_ALNUM), ascii_digits)
