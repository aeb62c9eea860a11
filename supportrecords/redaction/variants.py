"""Extra readings of a text for the detectors: how it renders (markup, entities, invisible characters) and how it
reads with look-alike letters folded to Latin, each with a map back to the original's offsets.

A customer (or an attacker testing us) can paste a recovery phrase as HTML ("abandon<br>ability<br>..."), with
entities ("abandon&nbsp;ability"), with zero-width characters between or inside its words, or with Cyrillic or
Greek letters that look Latin ("аbandon" with a Cyrillic "а"). Each reading is computed only when the text holds
its trigger, so ordinary text pays one cheap test.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .bip39 import SCRIPTS, fold, latin_vocabulary, wordlist_forms

# Invisible characters that render as nothing; between two words they may be the only separator, inside a word
# they are nothing (normalize() drops them, which reads the second case; the rendered reading reads both).
ZERO_WIDTH = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")

# Tags that start a new line or cell when rendered: the text on either side is never one word.
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    ]
)
# One scan finds every piece of markup, entity and invisible character. [^<>] stops a tag at the next "<", so the
# scan stays linear on text full of "<" without ">".
_MARKUP = re.compile(
    "(<!--.{0,4000}?-->)"
    "|<(/?)([A-Za-z][A-Za-z0-9]{0,15})(?![A-Za-z0-9])[^<>]{0,2000}>"
    "|&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
    # JSON and source-code escapes, as json.dumps writes accented letters ("pa\\u0301lido") and line breaks
    r"|(\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|\\[ntr])"
    f"|[{ZERO_WIDTH}]",
    re.DOTALL,
)
_MARKUP_TRIGGER = re.compile(f"[<&{ZERO_WIDTH}]|\\\\[uUntr]")
_ESCAPE_TRIGGER = re.compile(r"\\[uUntr]")
_LINE_ESCAPES = {"\\n": "\n", "\\t": " ", "\\r": "\n"}
_LETTER = re.compile(r"[^\W\d_]")

# Letters of other scripts drawn like a Latin letter (Unicode's confusables, the ones a keyboard or a font makes
# easy), folded to that letter. Case does not matter: the phrase search lower-cases every token.
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "ɡ": "g", "ɑ": "a", "ʏ": "y",
    "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c", "Т": "t", "У": "y",
    "Х": "x", "І": "i", "Ј": "j", "Ѕ": "s", "Ԁ": "d", "Ԛ": "q", "Ԝ": "w", "Ӏ": "l",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "ω": "w",
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n", "Ο": "o", "Ρ": "p",
    "Τ": "t", "Υ": "y", "Χ": "x",
}  # fmt: skip


def _with_accents() -> dict[str, str]:
    """The look-alikes plus their accented forms ("ѐ" -> "è"), as far as Latin has the accented letter."""
    out = dict(_CONFUSABLES)
    for code in range(0x370, 0x530):
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        if marks and base in _CONFUSABLES:
            latin = unicodedata.normalize("NFC", _CONFUSABLES[base] + marks)
            if len(latin) == 1:
                out[char] = latin
    return out


_CONFUSABLES_ACCENTED = _with_accents()
_CONFUSABLE_TABLE = str.maketrans(_CONFUSABLES_ACCENTED)
_CONFUSABLE_CLASS = "".join(sorted(_CONFUSABLES_ACCENTED))
# A look-alike followed by combining accents that have no precomposed form with it ("а́"): folded and composed.
_CONFUSABLE_AND_MARKS = re.compile(f"[{_CONFUSABLE_CLASS}][\u0300-\u036f]+")
# A look-alike letter touching a Latin letter ("аbandon"), or a word made only of look-alikes ("сар" in a run of
# Latin words): either is the homoglyph reading's trigger. Russian prose has the second often; it only pays for
# one more reading.
_HOMOGLYPH_TRIGGER = re.compile(
    f"[A-Za-z\u00c0-\u024f][{_CONFUSABLE_CLASS}]|[{_CONFUSABLE_CLASS}][A-Za-z\u00c0-\u024f]"
    f"|(?<![^\\W\\d_])[{_CONFUSABLE_CLASS}]+(?![^\\W\\d_])"
)
_ASCII_LETTER = re.compile("[A-Za-z]")
_CONFUSABLE_ANY = re.compile(f"[{_CONFUSABLE_CLASS}]")  # one plain class: a fast search, first


@dataclass(frozen=True, slots=True)
class Reading:
    """Another text to scan, and where each of its characters comes from in the text it was read from."""

    name: str
    text: str
    # Per character of text: the [start, end) of the original it stands for (several characters of an entity or
    # a tag give one character, an inserted separator stands for the invisible character or tag it replaces).
    starts: tuple[int, ...] | None  # None: offsets are the original's (a one-for-one reading)
    ends: tuple[int, ...] | None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of this reading to the text it was read from."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def needs_rendering(text: str) -> bool:
    """Whether text has markup, an entity or an invisible character (the rendered reading's trigger)."""
    if text.isascii():
        return "<" in text or "&" in text or ("\\" in text and _ESCAPE_TRIGGER.search(text) is not None)
    return _MARKUP_TRIGGER.search(text) is not None


def rendered(text: str, vocabulary: Callable[[str], bool] | None = None) -> Reading | None:
    """The text as a browser shows it: tags out (block tags as line breaks), entities decoded, invisible
    characters out. Where an inline tag or an invisible character sits between letters it may be inside a word
    ("aban<b>don</b>") or the only thing between two ("abandon\u200bability"): it is kept as a space exactly
    where that makes the letters around it wordlist words (vocabulary(token)), else removed. None when nothing
    changes."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    glue: dict[int, tuple[int, int]] = {}  # position in the output -> the original span removed there
    pos = 0
    changed = False

    def copy(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            pieces.append(text[pos:upto])
            starts.extend(range(pos, upto))
            ends.extend(range(pos + 1, upto + 1))

    for m in _MARKUP.finditer(text):
        copy(m.start())
        pos = m.end()
        span = m.span()
        tag = m.group(3)
        entity = m.group(4)
        escape = m.group(5)
        if escape is not None:
            decoded = _LINE_ESCAPES.get(escape) or _unescaped(escape)
            if decoded is None:
                copy(m.end())  # a lone surrogate or beyond Unicode: left as written
                continue
            pieces.append(decoded)
            starts.extend([span[0]] * len(decoded))
            ends.extend([span[1]] * len(decoded))
        elif tag is not None and tag.lower() in _BLOCK_TAGS:
            pieces.append("\n")
            starts.append(span[0])
            ends.append(span[1])
        elif entity is not None:
            decoded = html.unescape(m.group())
            if decoded == m.group():
                copy(m.end())  # not an entity after all ("&co")
                continue
            if _ZERO_WIDTH_RE.fullmatch(decoded):
                glue.setdefault(len(starts), span)
            else:
                pieces.append(decoded)
                starts.extend([span[0]] * len(decoded))
                ends.extend([span[1]] * len(decoded))
        else:  # an inline tag, a comment or an invisible character
            glue.setdefault(len(starts), span)
        changed = True
    if not changed:
        return None
    copy(len(text))
    out = "".join(pieces)
    if glue:
        out, starts, ends = _resolve_glue(out, starts, ends, glue, vocabulary or wordlist_word)
    return Reading("rendered", out, tuple(starts), tuple(ends))


def _unescaped(escape: str) -> str | None:
    """The character of a \\uXXXX (a surrogate pair as one) or \\UXXXXXXXX escape, or None."""
    if len(escape) == 12:  # \\uD83D\\uDE00: a character beyond the BMP, as JSON writes it
        high, low = int(escape[2:6], 16), int(escape[8:12], 16)
        return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    code = int(escape[2:], 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


_WORD = re.compile("(?:[^\\W\\d_]|[\u0300-\u036f\u3099\u309a])+")  # letters and their combining marks
_MAX_JOINED = 6  # pieces of one word split by glue that are tried together


def _resolve_glue(
    text: str, starts: list[int], ends: list[int], glue: dict[int, tuple[int, int]], vocabulary: Callable[[str], bool]
) -> tuple[str, list[int], list[int]]:
    """Insert a space at the glue points inside words where that splits the word into more wordlist words."""
    spaces: list[int] = []
    points = sorted(glue)
    for m in _WORD.finditer(text):
        lo = bisect.bisect_right(points, m.start())
        hi = bisect.bisect_left(points, m.end(), lo)
        if lo == hi:
            continue
        cuts = points[lo:hi]
        bounds = [m.start(), *cuts, m.end()]
        parts = len(bounds) - 1
        # best[j]: (letters in wordlist words, -spaces) for the first j pieces, and where the last word starts.
        best: list[tuple[tuple[int, int], int]] = [((0, 0), 0)]
        for j in range(1, parts + 1):
            options = []
            for i in range(max(0, j - _MAX_JOINED), j):
                word = text[bounds[i] : bounds[j]]
                gain = len(word) if vocabulary(word) else 0
                (score, spaces_so_far), _ = best[i]
                options.append(((score + gain, spaces_so_far - (1 if i > 0 else 0)), i))
            best.append(max(options))
        j = parts
        while j > 0:
            i = best[j][1]
            if i > 0:
                spaces.append(bounds[i])
            j = i
    if not spaces:
        return text, starts, ends
    pieces = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    prev = 0
    for at in sorted(spaces):
        pieces.append(text[prev:at])
        new_starts.extend(starts[prev:at])
        new_ends.extend(ends[prev:at])
        pieces.append(" ")
        span = glue[at]
        new_starts.append(span[0])
        new_ends.append(span[1])
        prev = at
    pieces.append(text[prev:])
    new_starts.extend(starts[prev:])
    new_ends.extend(ends[prev:])
    return "".join(pieces), new_starts, new_ends


# A word hyphenated at a line break, as a mail client or a PDF wraps it: "aban-\ndon".
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[^\W\d_])")
# Letters and their combining accents; the word before a break is read in the reversed text (a match, not a
# search for an end).
_WORD_AFTER = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f]){1,16}")


_MENDED_BREAKS = 1_000  # breaks mended per text at most: a wrapped document has about one per line


def needs_dehyphenation(text: str) -> bool:
    """Whether text may have a word hyphenated at a line break (the dehyphenated reading's trigger)."""
    return "-" in text and "\n" in text and _HYPHEN_BREAK.search(text) is not None


def _spliced(name: str, text: str, edits: Iterable[tuple[int, int, Sequence[tuple[str, int, int]]]]) -> Reading | None:
    """The reading of text with each edit made: text[start:end] replaced by the characters given, each with the
    [start, end) of text it stands for (none: taken out). Edits come in order and do not overlap; every other
    character stands for itself. None when there is no edit."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for start, end, chars in edits:
        pieces.append(text[pos:start])
        starts.extend(range(pos, start))
        ends.extend(range(pos + 1, start + 1))
        for char, char_start, char_end in chars:
            pieces.append(char)
            starts.append(char_start)
            ends.append(char_end)
        pos = end
    if not pieces:
        return None
    pieces.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return Reading(name, "".join(pieces), tuple(starts), tuple(ends))


def dehyphenated(text: str, vocabulary: Callable[[str], bool] | None = None) -> Reading | None:
    """text with each hyphen at a line break taken out where the two halves make a wordlist word ("str-\\neet" ->
    "street", "lab-\\noral" -> "laboral"). An extra reading: the text as written is read too. None when nothing
    changes."""
    is_word = vocabulary or wordlist_word
    reversed_text = text[::-1]

    def breaks() -> Iterator[tuple[int, int, Sequence[tuple[str, int, int]]]]:
        mended = 0
        for m in _HYPHEN_BREAK.finditer(text):
            if mended == _MENDED_BREAKS:
                return  # the rest as written: a budget against a text that is all breaks
            before = _WORD_AFTER.match(reversed_text, len(text) - m.start())
            after = _WORD_AFTER.match(text, m.end())
            if before is None or after is None or not is_word(before.group()[::-1] + after.group()):
                continue
            yield m.start(), m.end(), ()
            mended += 1

    return _spliced("dehyphenated", text, breaks())


# A line a mail client wrapped as quoted-printable: "=" before the break, the line going on after it
# ("...c6faaa5e=\nc22488d9...").
_SOFT_BREAK = re.compile(r"(?<=[0-9A-Za-z])=\r?\n(?=[0-9A-Za-z])")


def needs_soft_breaks_joined(text: str) -> bool:
    """Whether text may hold quoted-printable soft line breaks (the soft-breaks-joined reading's trigger)."""
    return "=\n" in text or "=\r\n" in text


def soft_breaks_joined(text: str) -> Reading | None:
    """text with each soft line break ("=" at the end of a line) taken out. None when nothing changes."""
    edits = ((m.start(), m.end(), ()) for _, m in zip(range(_MENDED_BREAKS), _SOFT_BREAK.finditer(text), strict=False))
    return _spliced("soft breaks joined", text, edits)


# A number the customer named, then broke over a line ("card number 4539 1488 0343\n6467", "IBAN GB93 HBUK\n2079
# 9958 ...", "我的身份证是330106199\n60612566X", "my number: 07911\n123456"): the name and a group of digits on
# the line before, digits right after the break.
_NAMED_NUMBER_BREAK = re.compile(
    r"(?i)(?:card|iban|account|phone|mobile|number|tel\b|whatsapp|卡号|银行卡|卡號|銀行卡|身份证|身份證|账号|帳號|电话|電話|手机|手機|号码|號碼)"
    r"[^\n]{0,40}?[0-9][0-9A-Za-z ]{0,40}?[ \t]*(\r?\n)[ \t]*(?=[0-9])"
)


_DIGIT_AFTER_BREAK = re.compile(r"\n[ \t]*[0-9]")
_NAME_REACH = 100  # characters of the name, the digits and the break before a line's first digit, at most


def needs_named_numbers_joined(text: str) -> bool:
    """Whether text may hold a named number broken over a line (the named-numbers-joined reading's trigger): the
    name is looked for only before a line that starts with a digit."""
    if "\n" not in text:
        return False
    return any(
        _NAMED_NUMBER_BREAK.search(text, max(0, m.start() - _NAME_REACH), m.end())
        for m in _DIGIT_AFTER_BREAK.finditer(text)
    )


def named_numbers_joined(text: str) -> Reading | None:
    """text with the break inside each named number a space. None when nothing changes."""
    edits = (
        (m.start(1), m.end(1), ((" ", m.start(1), m.end(1)),))
        for _, m in zip(range(_MENDED_BREAKS), _NAMED_NUMBER_BREAK.finditer(text), strict=False)
    )
    return _spliced("named numbers joined", text, edits)


# Two percent escapes at least, a few characters apart: text taken from a URL ("equal%2Censure%2Cmedia ...",
# "e%C3%A9t%C3%A9").
_PERCENT_TRIGGER = re.compile(r"%[0-9A-Fa-f]{2}.{0,40}?%[0-9A-Fa-f]{2}", re.DOTALL)
_PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def needs_percent_decoding(text: str) -> bool:
    """Whether text may hold percent-encoded text (the percent-decoded reading's trigger)."""
    return "%" in text and _PERCENT_TRIGGER.search(text) is not None


def percent_decoded(text: str) -> Reading | None:
    """text with each run of percent escapes that is UTF-8 decoded ("%2C" -> ",", "%C3%A9" -> "é"), as a browser
    shows a URL. An extra reading: the text as written is read too. None when nothing changes."""

    def runs() -> Iterator[tuple[int, int, Sequence[tuple[str, int, int]]]]:
        for m in _PERCENT_RUN.finditer(text):
            try:
                decoded = bytes.fromhex(m.group().replace("%", "")).decode("utf-8")
            except UnicodeDecodeError:
                continue  # not UTF-8 (a Latin-1 form, a binary token): left as written
            chars = []
            at = m.start()
            for char in decoded:  # each character stands for its escapes ("%C3%A9": 6 characters for "é")
                width = 3 * len(char.encode("utf-8"))
                chars.append((char, at, at + width))
                at += width
            yield m.start(), m.end(), chars

    return _spliced("percent-decoded", text, runs())


# A word with one digit (or "|") among its lower-case letters, as a scan's OCR or a hurried hand types one
# ("su5tain", "c1ap", "fi|m"): read with the letter the digit looks like, where that makes a wordlist word ("p2p",
# "usdt20" stay as they are).
_DIGIT_IN_WORD = re.compile(r"(?<![0-9A-Za-z|])[a-z]{1,8}[0-9|][a-z]{1,8}(?![0-9A-Za-z|])")
_DIGIT_SLIP = re.compile(r"[a-z][0-9|][a-z]")  # the same, without its lookarounds: a quicker first test
_DIGIT_LETTERS = (str.maketrans("0123456789|", "olzeasgtbgl"), str.maketrans("1|", "ii"))
_DIGIT_WORDS = 12  # words of a text at least, for a phrase with such a word to be in it
_DIGIT_SLIPS = 4  # words per word with a digit, more than


def _as_letters(word: str) -> str | None:
    """word with its digit read as the letter it looks like, if that makes a wordlist word ("c1ap" -> "clap",
    "f1sh" -> "fish")."""
    for table in _DIGIT_LETTERS:
        read = word.translate(table).translate(_DIGIT_LETTERS[0])
        if wordlist_word(read):
            return read
    return None


def needs_digit_folding(text: str) -> bool:
    """Whether text may hold a word typed with a digit for a letter (the digit-folded reading's trigger): a few
    such words among many. Where a quarter of the words or more have a digit, it is leetspeak on purpose (a custom
    wordlist's phrase, "aband0n aband0n ... ab0ut": no BIP39 phrase, as the shared vectors say), not a slip."""
    if _DIGIT_SLIP.search(text) is None:
        return False
    words = text.count(" ") + text.count("\n") + 1
    if words < _DIGIT_WORDS:
        return False
    slips = _DIGIT_IN_WORD.findall(text)
    return _DIGIT_SLIPS * len(slips) < words and any(_as_letters(word) for word in slips)


def digits_folded(text: str) -> Reading | None:
    """text with the digits inside words read as the letters they look like ("su5tain" -> "sustain"), one for one,
    where that makes a wordlist word. An extra reading for the phrase search. None when nothing changes."""
    pieces = []
    pos = 0
    for m in _DIGIT_IN_WORD.finditer(text):
        read = _as_letters(m.group())
        if read is None:
            continue
        pieces.append(text[pos : m.start()])
        pieces.append(read)
        pos = m.end()
    if not pieces:
        return None
    pieces.append(text[pos:])
    return Reading("digits-folded", "".join(pieces), None, None)


# A numbered list read off a photo: its numbers with letters for digits ("lO) news", "I7.train", "ll_ setup",
# "l north") and an underscore for the dot ("3_ decade"). Read with the digits they look like and a dot, one for
# one, where most items are numbered with digits as written.
_OCR_ITEM = re.compile(r"(?<!\S)([0-9lIO|]{1,2})([._)]|(?=[ \t]))(?=[ \t]*[^\W\d_]{2})")
_NUMBERED_ITEM_WRITTEN = re.compile(r"(?<!\S)\d{1,2}[._):]?[ \t]*[^\W\d_]{2}")
_OCR_DIGITS = str.maketrans("lIO|", "1101")
_SIX_NUMBERS = re.compile(r"[0-9](?:[^0-9]+[0-9]){5}")
_OCR_NUMBERED_ITEMS = 6  # items numbered with digits as written, at least (a phrase has 12 or more)


def needs_ocr_numbers_folded(text: str) -> bool:
    """Whether text is a numbered list whose numbers an OCR may have misread (the OCR-numbers reading's trigger)."""
    if len(text) < 12 * 4 or (
        "_" not in text and "l" not in text and "I" not in text and "O" not in text and "|" not in text
    ):
        return False
    if _SIX_NUMBERS.search(text, 0, 4096) is None:
        return False  # (a quick test: six numbers at least)
    if len(_NUMBERED_ITEM_WRITTEN.findall(text, 0, 4096)) < _OCR_NUMBERED_ITEMS:
        return False
    return any(_ocr_misread(m) for m in _OCR_ITEM.finditer(text, 0, 4096))


def _ocr_misread(m: re.Match[str]) -> bool:
    """Whether an item's number is misread: "_" for its dot, or a letter for a digit ("I" alone, the English
    pronoun, only with a mark after it: "I)", "I.")."""
    number = m.group(1)
    return m.group(2) == "_" or (not number.isdigit() and (number != "I" or m.group(2) != ""))


def ocr_numbers_folded(text: str) -> Reading | None:
    """text with its list numbers read as the digits they look like and "_" after them as ".", one for one. An
    extra reading for the phrase search. None when nothing changes."""
    pieces = []
    pos = 0
    for m in _OCR_ITEM.finditer(text):
        if not _ocr_misread(m):
            continue
        pieces.append(text[pos : m.start()])
        pieces.append(m.group(1).translate(_OCR_DIGITS) + ("." if m.group(2) == "_" else m.group(2)))
        pos = m.end()
    if not pieces:
        return None
    pieces.append(text[pos:])
    return Reading("ocr-numbers-folded", "".join(pieces), None, None)


# A list numbered in words: Chinese numerals ("一、word", "（十一）word", "第十二个是word") or English ordinals
# ("first: word", "the second one is word", "twelfth - word"). Read with digits for them, so that the numbered-words
# search (bip39._find_numbered) reads it as it reads "1、word" and "2: word". A Chinese numeral counts as a number
# only after 第, in brackets, or before a list mark: 一 and 十 are words of the Chinese lists too.
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_NUMERAL = "[一二两三四五六七八九十]{1,3}"
_ZH_NUMBERING = re.compile(
    f"(?<=第)[^\\S\\n]?({_ZH_NUMERAL})"
    f"|(?<=[(（])({_ZH_NUMERAL})(?=[)）])"
    f"|(?:(?<=^)|(?<=[\\s，,;；。.:：]))({_ZH_NUMERAL})(?=[、.．:：)）])",
    re.MULTILINE,
)
# The ordinal words, first to twentieth (the sieve's numbering reads them too; "twenty-first" is built from them).
ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_ORDINAL_NUMBER = {word: n for n, word in enumerate(ORDINALS, 1)}
# Cardinals read out as a list's numbers ("one perfect two double ... eleven trend twelve amused"): one to ten are
# wordlist words and leave the run whole, eleven and on are not, and cut it. Read only in order, 1, 2, 3 ...
CARDINALS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_CARDINAL_NUMBER = {word: n for n, word in enumerate(CARDINALS, 1)}
_CARDINAL = re.compile(
    r"(?<![^\W\d_])(?:(twenty)[ \t-]?)?(" + "|".join(sorted(CARDINALS, key=len, reverse=True)) + r")(?![^\W\d_])",
    re.IGNORECASE,
)
_CARDINAL_GAP = 40  # characters from one number to the next at most (a word and its punctuation between)
_ORDINAL = re.compile(
    r"(?<![^\W\d_])(?:the[ \t]+)?(?:(twenty)[ \t-]?)?(" + "|".join(ORDINALS) + r")"
    r"(?:[ \t]+(?:one|word))?(?![^\W\d_])",
    re.IGNORECASE,
)
# A Chinese numeral beside a list mark, the quick first test of _ZH_NUMBERING's items.
_ZH_NUMBER_MARK = re.compile(
    "[一二两三四五六七八九十][、.．:：)）]|第[^\\S\\n]?[一二两三四五六七八九十]|[（(][一二两三四五六七八九十]"
)
_WORD_NUMBERED_ITEMS = 6  # items numbered in words at least (a phrase has 12 or more)


def _zh_number(numeral: str) -> int | None:
    """一 .. 九十九 as a number ("十一" 11, "二十四" 24); None for anything else ("一一", "十十")."""
    tens, ten, units = numeral.partition("十")
    if not ten:
        return _ZH_DIGITS.get(numeral)
    if tens not in ("", *_ZH_DIGITS) or units not in ("", *_ZH_DIGITS):
        return None
    return _ZH_DIGITS.get(tens, 1) * 10 + _ZH_DIGITS.get(units, 0)


def _word_numbers(text: str) -> list[tuple[int, int, int]]:
    """The numbers written in words at list positions of text, as (start, end, number)."""
    out = []
    if "第" in text or "、" in text or "（" in text or "(" in text or "一" in text:
        for m in _ZH_NUMBERING.finditer(text):
            group = m.lastindex or 0
            number = _zh_number(m.group(group))
            if number is not None:
                out.append((m.start(group), m.end(group), number))
    if "irst" in text or "IRST" in text or "econd" in text or "ECOND" in text:
        for m in _ORDINAL.finditer(text):
            out.append((m.start(), m.end(), _ORDINAL_NUMBER[m.group(2).lower()] + (20 if m.group(1) else 0)))
    if _cardinal_hint(text):
        out += _cardinals_in_order(text)
    return sorted(out)


def _cardinal_hint(text: str) -> bool:
    return "leven" in text or "LEVEN" in text or "elve" in text or "ELVE" in text


def _cardinals_in_order(text: str) -> list[tuple[int, int, int]]:
    """The cardinals of text that count a list up from one, each near the one before."""
    out: list[tuple[int, int, int]] = []
    for m in _CARDINAL.finditer(text):
        if m.group(1) and m.group(2).lower() == "twenty":
            continue  # "twenty twenty": no number of a list
        number = _CARDINAL_NUMBER[m.group(2).lower()] + (20 if m.group(1) else 0)
        if out and number == out[-1][2] + 1 and m.start() - out[-1][1] <= _CARDINAL_GAP:
            out.append((m.start(), m.end(), number))
        elif number == 1:
            if len(out) >= _WORD_NUMBERED_ITEMS:
                break
            out = [(m.start(), m.end(), 1)]
    return out if len(out) >= _WORD_NUMBERED_ITEMS else []


def needs_numbers_in_words_read(text: str) -> bool:
    """Whether text may be a list numbered in words (the reading with digits for them's trigger)."""
    if len(text) < 12 * 3:
        return False
    head = text[:4096]
    # (Counted in C first: a list of six items numbered in Chinese has six marks after or around its numbers.)
    marks = sum(map(head.count, ("、", "）", ")", "第", "：", ":", ".", "．")))
    chinese = (
        marks >= _WORD_NUMBERED_ITEMS
        and ("一" in head or "二" in head)
        and len(_ZH_NUMBER_MARK.findall(head)) >= _WORD_NUMBERED_ITEMS
    )
    english = (("irst" in head or "IRST" in head) and ("econd" in head or "ECOND" in head)) or _cardinal_hint(head)
    if not chinese and not english:
        return False
    return len(_word_numbers(head)) >= _WORD_NUMBERED_ITEMS


def numbers_in_words_read(text: str) -> Reading | None:
    """text with the numbers of a list written in words read as digits ("十一、" -> "11、", "the second one is" ->
    "2 is"), each digit standing for the whole number. An extra reading for the phrase search. None when nothing
    changes."""
    numbers = _word_numbers(text)
    if len(numbers) < _WORD_NUMBERED_ITEMS:
        return None
    return _spliced(
        "numbers-in-words-read", text, ((start, end, [(d, start, end) for d in str(n)]) for start, end, n in numbers)
    )


# Line numbers at the start of four lines or more ("  1 | 俩 片 房", "02: word word"), as an editor or a code block
# shows them: read without them, the words of the lines are one run.
_LINE_NUMBER = re.compile(r"(?m)^[ \t]*\d{1,3}[ \t]*[|:][ \t]?")
_NUMBERED_LINES = 4


def needs_line_numbers_removed(text: str) -> bool:
    """Whether text has numbered lines (the reading without line numbers' trigger)."""
    return "\n" in text and len(_LINE_NUMBER.findall(text, 0, 4096)) >= _NUMBERED_LINES


def line_numbers_removed(text: str) -> Reading | None:
    """text with the line numbers at its lines' starts taken out. An extra reading for the phrase search. None when
    nothing changes."""
    return _spliced("line-numbers-removed", text, ((m.start(), m.end(), ()) for m in _LINE_NUMBER.finditer(text)))


def needs_homoglyph_folding(text: str) -> bool:
    """Whether text has a Cyrillic or Greek look-alike letter among Latin letters (the homoglyph trigger)."""
    if text.isascii():
        return False
    first = _CONFUSABLE_ANY.search(text)
    if first is None or _ASCII_LETTER.search(text) is None:
        return False
    return _HOMOGLYPH_TRIGGER.search(text, max(0, first.start() - 1)) is not None


def homoglyphs_folded(text: str) -> Reading:
    """text with every look-alike letter replaced by its Latin letter (composed with the accents after it)."""
    folded = text.translate(_CONFUSABLE_TABLE)
    if _CONFUSABLE_AND_MARKS.search(text) is None:
        return Reading("homoglyph", folded, None, None)  # one for one: offsets kept
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _CONFUSABLE_AND_MARKS.finditer(text):
        pieces.append(folded[pos : m.start()])
        starts.extend(range(pos, m.start()))
        ends.extend(range(pos + 1, m.start() + 1))
        composed = unicodedata.normalize("NFC", folded[m.start() : m.end()])
        pieces.append(composed)
        starts.extend([m.start()] * len(composed))
        ends.extend([m.end()] * len(composed))
        pos = m.end()
    pieces.append(folded[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return Reading("homoglyph", "".join(pieces), tuple(starts), tuple(ends))


@lru_cache(maxsize=1)
def wordlist_vocabulary() -> frozenset[str]:
    """Every word of every BIP39 list as the lists spell it (and its accent-free and 4+ letter forms)."""
    words = set(latin_vocabulary())
    for script in ("cyrillic", "kana", "hangul", "han"):
        for language in SCRIPTS[script]:
            words.update(wordlist_forms(language))
    return frozenset(words)


@lru_cache(maxsize=1 << 14)
def wordlist_word(word: str) -> bool:
    """Whether word (any case, accents, look-alike letters) is a word of a BIP39 list, or a 4+ letter start of one."""
    vocabulary = wordlist_vocabulary()
    if word in vocabulary:
        return True
    composed = unicodedata.normalize("NFKC", word)  # Kana and Hangul as the lists spell them
    if composed in vocabulary:
        return True
    folded = fold(composed)
    return folded in vocabulary or fold(composed.translate(_CONFUSABLE_TABLE)) in vocabulary


# A number read out a digit at a time ("four one five five five five zero one three two", "4 1 5 5 5 5 0 1 3 2",
# "oh seven nine one one ..."), as a customer dictates a phone number: read as its digits, run together, so that
# the phone search finds it. Seven digits at least (the shortest phone number the search takes).
_DIGIT_VALUES = {
    "zero": "0", "oh": "0", "o": "0", "nought": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
# Longest first, so that "one" is never read as "o" and "ne".
_DIGIT_WORD_PATTERN = (
    "(?:[0-9]|" + "|".join(sorted([*_DIGIT_VALUES, "double", "triple"], key=len, reverse=True)) + ")(?![A-Za-z])"
)
_SPELT_DIGITS = re.compile(
    rf"(?<![\w+]){_DIGIT_WORD_PATTERN}"
    rf"(?:[ \t]*[,.\-]?[ \t]+{_DIGIT_WORD_PATTERN}|[ \t]*[,.\-][ \t]*{_DIGIT_WORD_PATTERN}){{6,}}(?![\w])",
    re.IGNORECASE,
)
_SPELT_TOKEN = re.compile(_DIGIT_WORD_PATTERN, re.IGNORECASE)
_SPELT_DIGITS_MIN = 7
_SPELT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", " oh ")
_PHONE_BEFORE = re.compile(
    r"(?i:\b(?:phone|call|number|tel|mobile|cell|whats ?app|text me|reach me|contact)\b)|手机|电话|電話|号码|號碼"
)
_SPACED_DIGITS = re.compile(r"(?<![0-9])[0-9] [0-9] [0-9](?![0-9])")  # three single digits apart by spaces


def needs_spelt_digits_read(text: str) -> bool:
    """Whether text may hold a number read out a digit at a time (the spelt-digits reading's trigger): four digit
    words or three single digits apart by spaces first, counted in C."""
    if len(text) < _SPELT_DIGITS_MIN * 2 - 1:
        return False
    lowered = text.lower()
    if sum(map(lowered.count, _SPELT_WORDS)) < _SPELT_DIGITS_MIN // 2 and _SPACED_DIGITS.search(text) is None:
        return False
    return _SPELT_DIGITS.search(text) is not None


def spelt_digits_read(text: str) -> Reading | None:
    """text with each number read out a digit at a time written in digits, run together ("four one five ..." ->
    "415..."); "double five" is "55", "triple zero" "000". An extra reading for the phone search. None when nothing
    changes."""
    edits: list[tuple[int, int, Sequence[tuple[str, int, int]]]] = []
    for run in _SPELT_DIGITS.finditer(text):
        chars: list[tuple[str, int, int]] = []
        repeat = 1
        for token in _SPELT_TOKEN.finditer(text, run.start(), run.end()):
            word = token.group().lower()
            if word in ("double", "triple"):
                repeat = 2 if word == "double" else 3
                continue
            digit = word if word.isdigit() else _DIGIT_VALUES[word]
            chars += [(digit, token.start(), token.end())] * repeat
            repeat = 1
        if len(chars) < _SPELT_DIGITS_MIN:
            continue
        # Single digits apart by spaces only where a phone is talked about just before ("call me on 4 1 5 ..."):
        # elsewhere they are a list of numbers, and a card typed digit by digit needs its word (pii._CARD_LOOSE).
        if all(text[s:e].isdigit() for _, s, e in chars) and not _PHONE_BEFORE.search(
            text, max(0, run.start() - 40), run.start()
        ):
            continue
        edits.append((run.start(), run.end(), chars))
    return _spliced("spelt-digits-read", text, edits)
