"""NFKC-normalise text for scanning, drop zero-width characters, and map offsets back to the original."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .shadow import NON_ASCII_BMP_DIGITS

# Invisible characters that people (or copy-paste) put inside secrets; dropped so "aban\u200bdon" still reads.
_ZERO_WIDTH = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class _Segment:
    norm_start: int
    norm_end: int
    orig_start: int
    orig_end: int
    linear: bool  # True: offsets shift by a constant; False: the whole segment maps to the whole chunk


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text plus the map from its offsets to the original's."""

    text: str
    segments: tuple[_Segment, ...] = ()
    starts: tuple[int, ...] = ()
    # True when text is known to have no decimal digit outside ASCII (False: not known), which spares the
    # detectors a scan of their own (see Shadow).
    ascii_digits: bool = False

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) span to the original text."""
        if not self.segments:
            return start, end
        seg = self.segments[bisect.bisect_right(self.starts, start) - 1]
        orig_start = seg.orig_start + (start - seg.norm_start) if seg.linear else seg.orig_start
        last = end - 1
        seg = self.segments[bisect.bisect_right(self.starts, last) - 1]
        orig_end = seg.orig_start + (last - seg.norm_start) + 1 if seg.linear else seg.orig_end
        return orig_start, orig_end


def _is_starter(char: str) -> bool:
    code = ord(char)
    # Hangul medial/final jamo and the half-width voicing marks compose with the character before them
    # although their combining class is 0.
    if 0x1160 <= code <= 0x11FF or code in (0xFF9E, 0xFF9F):
        return False
    return unicodedata.combining(char) == 0


def _char_class(codes: list[int]) -> str:
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        parts.append(re.escape(chr(codes[i])) + ("-" + re.escape(chr(codes[j])) if j > i else ""))
        i = j + 1
    return "".join(parts)


# Punctuation that NFKC maps to ASCII punctuation the detectors treat as a plain separator anyway ("，" -> ","),
# so a text whose only non-NFKC characters are these is scanned as it is. Not in this set: characters that can
# be part of a value ("＠", "＋", "．", "－", "＿"), and the space: the digit patterns allow " " between groups,
# so a no-break, thin or ideographic space ("+44\u00a07700\u00a0900123", "6222\u30000212 ...") must become one.
_SIGNIFICANT_PUNCTUATION = frozenset("@+.-_#%&*= ")


# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign, small em dash, small
# hyphen-minus.
_DASHES = (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63)
_DASH_RE = re.compile("[" + "".join(map(chr, _DASHES)) + "]")


@dataclass(frozen=True, slots=True)
class _Tables:
    simple: dict[int, str]  # one-to-one mappings, applied with str.translate
    complex_re: re.Pattern[str]  # regions that need real NFKC (and an offset map)
    # Characters whose normalisation can change what the detectors see, in two parts: a character class that
    # mixes planes (or has thousands of ranges) makes a regex search very slow, so the BMP ones are a class
    # and the others a set, looked up only for the astral characters a text has (usually a few emoji).
    relevant_bmp: re.Pattern[str]
    relevant_astral: frozenset[str]
    # relevant_bmp plus the decimal digits outside ASCII: a text without either is known to be NFKC-stable for
    # the detectors and to have only ASCII digits, in one search.
    relevant_or_digit_bmp: re.Pattern[str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """Classify the code points that NFKC changes, once per process (about a quarter of a second)."""
    simple: dict[int, str] = {}
    complex_codes: list[int] = []
    relevant_codes: list[int] = []
    for code in [*range(0x80, 0xD800), *range(0xE000, 0x30000), *range(0xE0000, 0xE1000)]:
        char = chr(code)
        if not _is_starter(char) or 0x1100 <= code <= 0x11FF:
            complex_codes.append(code)
            relevant_codes.append(code)
            continue
        norm = unicodedata.normalize("NFKC", char)
        if norm == char:
            continue
        if len(norm) == 1 and _is_starter(norm):
            simple[code] = norm
            if not (norm.isascii() and not norm.isalnum() and norm not in _SIGNIFICANT_PUNCTUATION):
                relevant_codes.append(code)
        else:
            complex_codes.append(code)
            relevant_codes.append(code)
    # Dashes and minus signs read as "-" (NFKC keeps them): "4111–1111–1111–1111", "+44‑7911 123456".
    for code in _DASHES:
        simple[code] = "-"
        relevant_codes.append(code)
    # Every astral character counts as complex (one range): many astral ranges in a class make it very slow.
    complex_cls = _char_class([c for c in complex_codes if c < 0x10000]) + _ZERO_WIDTH + "\U00010000-\U0010ffff"
    # A region is the starter before a run of complex characters (it may compose with them) plus the run.
    complex_re = re.compile(f"[^{complex_cls}]?[{complex_cls}]+")
    bmp = _char_class([c for c in relevant_codes if c < 0x10000]) + _ZERO_WIDTH
    astral = frozenset(chr(c) for c in relevant_codes if c >= 0x10000)
    bmp_or_digit = _char_class(sorted({c for c in relevant_codes if c < 0x10000} | set(map(ord, NON_ASCII_BMP_DIGITS))))
    return _Tables(simple, complex_re, re.compile(f"[{bmp}]"), astral, re.compile(f"[{bmp_or_digit}{_ZERO_WIDTH}]"))


def has_astral(text: str) -> bool:
    """Whether text has a character outside the BMP (UTF-16 needs two units for it): faster than a regex."""
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


def normalize(text: str) -> Normalized:
    """Return the NFKC form of text without zero-width characters, with an offset map."""
    if text.isascii():
        return Normalized(text, ascii_digits=True)
    if unicodedata.is_normalized("NFKC", text) and not _ZERO_WIDTH_RE.search(text) and not _DASH_RE.search(text):
        return Normalized(text)
    tables = _tables()
    # The first character that is relevant or a non-ASCII digit; a relevant one can only be at or after it.
    hit = tables.relevant_or_digit_bmp.search(text)
    if hit is None or not tables.relevant_bmp.search(text, hit.start()):
        # Only full-width punctuation and the like: scanned as it is.
        if not has_astral(text):
            return Normalized(text, ascii_digits=hit is None)
        if tables.relevant_astral.isdisjoint(_ASTRAL_RE.findall(text)):
            return Normalized(text)
    simple = tables.simple
    regions = list(tables.complex_re.finditer(text))
    if not regions:
        # One-to-one mappings keep every offset, so no map is needed.
        return Normalized(text.translate(simple))
    pieces: list[str] = []
    segments: list[_Segment] = []
    norm_pos = 0
    orig_pos = 0

    def add_linear(end: int) -> None:
        nonlocal norm_pos, orig_pos
        if end > orig_pos:
            piece = text[orig_pos:end].translate(simple)
            pieces.append(piece)
            segments.append(_Segment(norm_pos, norm_pos + len(piece), orig_pos, end, True))
            norm_pos += len(piece)
            orig_pos = end

    for region in regions:
        add_linear(region.start())
        chunk_start = region.start()
        for i in range(region.start() + 1, region.end() + 1):
            if i < region.end() and not _is_starter(text[i]):
                continue
            chunk = text[chunk_start:i]
            norm = "" if _ZERO_WIDTH_RE.fullmatch(chunk) else unicodedata.normalize("NFKC", chunk)
            norm = _ZERO_WIDTH_RE.sub("", norm)
            if norm:
                pieces.append(norm)
                linear = norm == chunk
                segments.append(_Segment(norm_pos, norm_pos + len(norm), chunk_start, i, linear))
                norm_pos += len(norm)
            chunk_start = i
        orig_pos = region.end()
    add_linear(len(text))
    return Normalized("".join(pieces), tuple(segments), tuple(s.norm_start for s in segments))
