"""The text of an attachment where it can be extracted, judged by its content rather than its declared type:
plain text (UTF-8 with or without a BOM, UTF-16/32 with a BOM or without, GB18030, Big5, Shift_JIS, EUC-KR,
CP1251, EBCDIC, Latin-1), a PDF's text layer, and the text of Office Open XML (docx, xlsx, pptx) and OpenDocument
(odt, ods, odp) files; and every reading of that text to scan (attachment_text_readings: JSON escapes, HTML
entities, quoted-printable, base64, base32, URL-encoding, hex and hex dumps, UTF-7 decoded, ROT13 undone)."""

from __future__ import annotations

import base64
import binascii
import functools
import html
import io
import logging
import quopri
import re
import urllib.parse
import zipfile

from mnemonic import Mnemonic

TEXT_SUFFIXES = (".txt", ".text", ".csv", ".log", ".json", ".md", ".eml", ".html", ".htm", ".xml")
OFFICE_SUFFIXES = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")
MAX_PDF_PAGES = 500

# pypdf reports malformed structure at WARNING; its messages name byte offsets, never text, but stay quiet.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _is_text(*, content_type: str, filename: str) -> bool:
    main = content_type.split(";")[0].strip().lower()
    return (
        main.startswith("text/")
        or main in ("application/json", "message/rfc822")
        or (filename.lower().endswith(TEXT_SUFFIXES))
    )


def attachment_text_possible(*, content_type: str, filename: str) -> bool:
    """Whether a stored file may have text to extract, judged without reading it (a generic type may be a PDF)."""
    main = content_type.split(";")[0].strip().lower()
    return (
        main in ("", "application/octet-stream", "binary/octet-stream", "application/pdf", "application/zip")
        or main.startswith(("application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument."))
        or filename.lower().endswith((".pdf", *OFFICE_SUFFIXES))
        or _is_text(content_type=content_type, filename=filename)
    )


# Signatures of binary formats whose bytes could pass for GB18030 text at a glance.
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"RIFF",
    b"II*\x00",
    b"MM\x00*",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
    b"OggS",
    b"ID3",
    b"fLaC",
    b"\xd0\xcf\x11\xe0",
    b"\x00\x00\x01\x00",
    b"BZh",
    b"\xfd7zXZ",
)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Control characters that never appear in text (NUL, the C0 block but for tab, newlines, form feed, escape).
_BINARY = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _looks_like_text(text: str) -> bool:
    return len(_BINARY.findall(text[:65536])) <= len(text[:65536]) // 1000


def _utf16_without_bom(content: bytes) -> str | None:
    """UTF-16 text saved without a BOM: ASCII-range text has a NUL in every other byte."""
    sample = content[:4096]
    if len(sample) < 4 or len(content) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    encoding = "utf-16-le" if odd > half * 0.3 and even < half * 0.05 else None
    encoding = "utf-16-be" if even > half * 0.3 and odd < half * 0.05 else encoding
    if encoding is None:
        return None
    try:
        return content.decode(encoding)
    except UnicodeDecodeError:
        return None


def text_decode(content: bytes) -> str | None:
    """Text by its BOM (UTF-8, UTF-16, UTF-32), else UTF-16 without a BOM, UTF-8, GB18030 (a superset of
    GBK/GB2312); None when none fits or what decodes is not text (control characters of a binary file)."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                return None
            return text if _looks_like_text(text) else None
    decoded = _utf16_without_bom(content)
    if decoded is not None and _looks_like_text(decoded):
        return decoded
    for encoding in ("utf-8", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text if _looks_like_text(text) else None
    return None


# --- Office Open XML and OpenDocument: zip archives of XML parts --------------------------------------------

MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # a zip bomb is left unscanned (quarantined), never expanded
MAX_MEMBERS = 2000
_PARTS = re.compile(
    r"word/(?:document|footnotes|endnotes|comments|header\d*|footer\d*)\.xml|xl/sharedStrings\.xml|"
    r"xl/worksheets/sheet\d+\.xml|xl/comments\d*\.xml|ppt/slides/slide\d+\.xml|ppt/notesSlides/notesSlide\d+\.xml|"
    r"content\.xml|styles\.xml|meta\.xml|docProps/core\.xml"
)
# Paragraph, row, cell and line ends become newlines or tabs; every other tag goes; entities are unescaped.
_BREAKS = re.compile(r"</(?:w:p|a:p|text:p|text:h|table:table-row|row)>|<(?:w:br|w:cr|text:line-break)\b[^>]*>")
_TABS = re.compile(r"<(?:w:tab|text:tab)\b[^>]*>|</(?:c|table:table-cell)>")
_SPACES = re.compile(r"<text:s\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")


def _xml_text(xml: str) -> str:
    """The text of an XML part, without an XML parser (no entity expansion, nothing fetched)."""
    xml = _BREAKS.sub("\n", xml)
    xml = _TABS.sub("\t", xml)
    xml = _SPACES.sub(" ", xml)
    return html.unescape(_TAG.sub("", xml))


def office_text(content: bytes) -> str | None:
    """The text of a docx/xlsx/pptx or odt/ods/odp file, or None when it is not one or cannot be read whole."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                return None
            names = {m.filename for m in members}
            if not ({"[Content_Types].xml", "mimetype"} & names):
                return None  # an ordinary zip archive
            parts = sorted((m for m in members if _PARTS.fullmatch(m.filename)), key=lambda m: m.filename)
            if sum(m.file_size for m in parts) > MAX_UNZIPPED_BYTES or not parts:
                return None
            texts = []
            for member in parts:
                with archive.open(member) as handle:
                    raw = handle.read(MAX_UNZIPPED_BYTES + 1)
                if len(raw) > MAX_UNZIPPED_BYTES:
                    return None
                texts.append(_xml_text(raw.decode("utf-8", "replace")))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, ValueError, EOFError):
        return None  # encrypted, broken or unsupported compression
    return "\n".join(texts)


def pdf_text(content: bytes) -> str | None:
    """The text layer of a PDF (pypdf), or None when the file cannot be read (encrypted, malformed)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        pages = []
        for number, page in enumerate(reader.pages):
            if number >= MAX_PDF_PAGES:
                return None  # too long to scan whole: treat as unscanned rather than half-scanned
            pages.append(page.extract_text() or "")
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError, OSError):
        return None
    return "\n".join(pages)


def attachment_text_extract(*, content: bytes, content_type: str, filename: str) -> str | None:
    """The attachment's text, whatever type it claims (the content decides), or None when it has none that
    can be read whole (images, archives, encrypted or broken files): such a file cannot be scanned."""
    if not content:
        return ""
    if b"%PDF-" in content[:1024]:
        return pdf_text(content)
    if content.startswith(b"PK\x03\x04"):
        return office_text(content)
    if content.startswith(_BINARY_MAGIC) or content[4:8] == b"ftyp":
        return None  # images, audio, video, archives, legacy Office: no text to read
    return text_decode(content)


# --- every reading of a text: other charsets, and the encodings that hide text inside text ----------------------

# A file that is not UTF-8 is read in each of these too (Big5 bytes also decode, wrongly, as GB18030; Latin-1
# decodes anything, so it comes last and only counts when it looks like text). Each charset after the first
# three is read only where its script shows (kana for Shift_JIS, hangul for EUC-KR, Cyrillic for CP1251): a
# wrong reading of a large file costs a whole scan.
_OTHER_CHARSETS = ("gb18030", "big5", "shift_jis", "euc-kr", "cp1251", "latin-1")
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ASCII_LETTER = re.compile("[A-Za-z]")
_SCRIPT_SAMPLE = 256 * 1024  # characters read from the start, the middle and the end of a reading


def _sample(text: str) -> str:
    if len(text) <= 3 * _SCRIPT_SAMPLE:
        return text
    middle = len(text) // 2
    return text[:_SCRIPT_SAMPLE] + text[middle : middle + _SCRIPT_SAMPLE] + text[-_SCRIPT_SAMPLE:]


def _script_shows(encoding: str, text: str) -> bool:
    """Whether the script of a legacy charset shows in text decoded with it (cheap signs, on a sample)."""
    sample = _sample(text)
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    if encoding == "shift_jis":  # Japanese is never written without kana (its wordlist is all kana)
        return non_ascii > 0 and len(_KANA.findall(sample)) >= 0.2 * non_ascii
    if encoding == "euc-kr":
        return non_ascii > 0 and len(_HANGUL.findall(sample)) >= 0.5 * non_ascii
    if encoding == "cp1251":  # accented Latin read as CP1251 is a few Cyrillic letters among Latin ones
        cyrillic = len(_CYRILLIC.findall(sample))
        return cyrillic >= 0.6 * non_ascii and cyrillic >= 0.3 * (cyrillic + len(_ASCII_LETTER.findall(sample)))
    return True


# EBCDIC (IBM mainframe exports): the space is 0x40 and the letters sit at 0x81-0xA9 and 0xC1-0xE9, where ASCII
# text has none. cp037 and cp500 differ only in a few punctuation marks, never in letters, digits or spaces.
_EBCDIC_LETTERS = bytes(range(0x81, 0x8A)) + bytes(range(0x91, 0x9A)) + bytes(range(0xA2, 0xAA))


def _looks_like_ebcdic(content: bytes) -> bool:
    sample = content[:65536]
    if len(sample) < 16:
        return False
    letters = len(sample) - len(sample.translate(None, _EBCDIC_LETTERS))
    return sample.count(0x40) >= 0.03 * len(sample) and letters >= 0.3 * len(sample)


MAX_LAYERS = 4  # base64 inside quoted-printable inside HTML entities...: deeper than this is not read
MAX_DECODED_CHARS = 64 * 1024 * 1024  # all the readings of one file together
MAX_READINGS = 16

_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?")
_U_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}(?:\\u[0-9a-fA-F]{4})*|\\x[0-9a-fA-F]{2}(?:\\x[0-9a-fA-F]{2})*")
_QP_MARK = re.compile(r"=(?:[0-9A-F]{2}|\r?\n)")
# Base64 as MIME writes it (lines of up to 76 characters) or in one run; 16 characters or more.
_BASE64 = re.compile(
    r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{16,}={0,2}(?:\r?\n[A-Za-z0-9+/]{4,}={0,2})*(?![A-Za-z0-9+/=_-])"
)
_BASE64URL = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])")
_UTF7_SHIFT = re.compile(r"\+[A-Za-z0-9+/]{2,}-?")
# Base32 (RFC 4648), one case, 16 characters or more, wrapped or not.
_BASE32 = re.compile(
    r"(?<![A-Za-z0-9+/=])(?:[A-Z2-7]{16,}={0,6}(?:\r?\n[A-Z2-7]{8,}={0,6})*|[a-z2-7]{16,}={0,6}"
    r"(?:\r?\n[a-z2-7]{8,}={0,6})*)(?![A-Za-z0-9+/=])"
)
# URL-encoding ("abandon%20ability%20able", form-encoded "abandon+ability"): a run with two escapes or more,
# found from its escapes (the engine skips to each "%"), then widened over the characters a URL keeps.
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_URL_RUN = re.compile(r"(?:[A-Za-z0-9._~+\-]|%[0-9A-Fa-f]{2})*")
_URL_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+-"
_URL_REACH = 4096
# Hex of the text: one run (or lines of a run, as `xxd -p` writes it) of 32 hex digits or more.
_HEX_RUN = re.compile(r"[0-9a-fA-F](?<![0-9A-Za-z].)[0-9a-fA-F]{31,}(?:\r?\n[0-9a-fA-F]{2,})*(?![0-9A-Za-z])")
# A hex dump (`xxd`, `hexdump -C`, `od -A x -t x1z`): an offset, then the bytes in groups, then (usually) the text
# column, which is cut where the bytes end (two spaces) or at its "|" or ">" bars.
_DUMP_OFFSET = re.compile(r"[0-9a-fA-F]{4,16}:? +")
_DUMP_BYTES = re.compile(r"(?:[0-9a-fA-F]{2})+")
_DUMP_BLOCK = re.compile(r"(?:^[0-9a-fA-F]{4,16}:? +[0-9a-fA-F]{2}[^\n]*(?:\n|\Z)){2,}", re.M)


class TooDeep(Exception):
    """A text whose encodings go deeper, or decode larger, than the limits: it cannot be scanned whole."""


def _unescape_u(match: re.Match[str]) -> str:
    escaped = match.group()
    if escaped.startswith("\\x"):
        return bytes.fromhex(escaped.replace("\\x", "")).decode("utf-8", "replace")
    units = bytes.fromhex(escaped.replace("\\u", ""))
    return units.decode("utf-16-be", "surrogatepass").encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _base64_text(match: re.Match[str], *, urlsafe: bool = False) -> str:
    """The text a base64 run encodes (UTF-8 or UTF-16 with a BOM), or the run itself when it encodes none."""
    run = re.sub(r"\s", "", match.group())
    run += "=" * (-len(run) % 4)
    try:
        raw = base64.urlsafe_b64decode(run) if urlsafe else base64.b64decode(run, validate=True)
    except (binascii.Error, ValueError):
        return match.group()
    # Strict UTF-8 only: random bytes (a key, a hash written in base64's alphabet) almost never are, so a key
    # is never replaced by what it would decode to.
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                return match.group()
            return text if _looks_like_text(text) else match.group()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return match.group()
    printable = sum(c.isprintable() or c in "\r\n\t" for c in text)
    return text if text and printable >= 0.95 * len(text) else match.group()


def _strict_text(raw: bytes, original: str) -> str:
    """raw as strict UTF-8 text (95% printable), else original: random bytes (a key) are never replaced."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return original
    printable = sum(c.isprintable() or c in "\r\n\t" for c in text)
    return text if text and printable >= 0.95 * len(text) else original


def _base32_text(match: re.Match[str]) -> str:
    run = re.sub(r"\s", "", match.group())
    run = run.rstrip("=")
    run += "=" * (-len(run) % 8)
    try:
        raw = base64.b32decode(run, casefold=True)
    except (binascii.Error, ValueError):
        return match.group()
    return _strict_text(raw, match.group())


def _percent_decoded(text: str) -> str:
    """text with each URL-encoded run (two escapes or more) decoded, where it decodes to UTF-8."""
    out: list[str] = []
    pos = 0
    for escape in _PERCENT_ESCAPE.finditer(text):
        if escape.start() < pos:
            continue
        lo = max(pos, escape.start() - _URL_REACH)
        start = lo + len(text[lo : escape.start()].rstrip(_URL_CHARACTERS))
        end = _URL_RUN.match(text, escape.start()).end()  # type: ignore[union-attr]  # * always matches
        run = text[start:end]
        if run.count("%") >= 2:
            out.append(text[pos:start])
            out.append(_percent_text(run))
            pos = end
    out.append(text[pos:])
    return "".join(out)


def _percent_text(run: str) -> str:
    form = "+" in run and "%20" not in run
    try:
        return (urllib.parse.unquote_plus if form else urllib.parse.unquote)(run, errors="strict")
    except UnicodeDecodeError:
        return run  # escapes of bytes that are not UTF-8: not text


def _hex_text(match: re.Match[str]) -> str:
    digits = re.sub(r"\s", "", match.group())
    if len(digits) % 2:
        return match.group()
    return _strict_text(bytes.fromhex(digits), match.group())


def _dump_text(match: re.Match[str]) -> str:
    """The text a hex dump shows, read from its bytes (not its text column, which cuts words at line ends)."""
    raw = bytearray()
    for line in match.group().splitlines():
        offset = _DUMP_OFFSET.match(line)
        if offset is None:
            return match.group()
        groups = line[offset.end() :]
        # The text column: between bars (hexdump -C), else after two spaces (xxd; hexdump -C's halves are
        # apart by two spaces too, but its column has bars).
        groups = groups.split("|", 1)[0] if "|" in groups else groups.split("  ", 1)[0]
        for group in groups.split():
            if not _DUMP_BYTES.fullmatch(group):
                return match.group()
            raw += bytes.fromhex(group)
    return _strict_text(bytes(raw), match.group()) if raw else match.group()


def _quoted_printable(text: str) -> str:
    if not _QP_MARK.search(text):
        return text
    raw = quopri.decodestring(text.encode("utf-8", "surrogatepass"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _class_table(members: str) -> bytes:
    return bytes(ord("c") if chr(b) in members else ord(" ") for b in range(256))


# Each pattern below scans a large text slowly (it tests a class at every character); it runs only when the
# text has a run of its characters long enough, found with bytes.find on a one-byte-per-character shadow.
_BASE64_CHARS = _class_table("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
_BASE32_UPPER = _class_table("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
_BASE32_LOWER = _class_table("abcdefghijklmnopqrstuvwxyz234567")
_HEX_CHARS = _class_table("0123456789abcdefABCDEF")


def _has_run(raw: bytes, table: bytes, length: int) -> bool:
    return b"c" * length in raw.translate(table)


def _decode_once(text: str) -> str:
    # Transfer encodings first: a quoted-printable soft line break may cut an entity or an escape in two.
    if "=" in text:
        text = _quoted_printable(text)
    raw = text.encode("ascii", "replace")
    if _has_run(raw, _BASE64_CHARS, 16):
        text = _BASE64.sub(_base64_text, text)
        text = _BASE64URL.sub(lambda m: _base64_text(m, urlsafe=True), text)
        raw = text.encode("ascii", "replace")
        if _has_run(raw, _BASE32_UPPER, 16) or _has_run(raw, _BASE32_LOWER, 16):
            text = _BASE32.sub(_base32_text, text)
    if "%" in text:
        text = _percent_decoded(text)
    raw = text.encode("ascii", "replace")
    if _has_run(raw, _HEX_CHARS, 6):  # a dump's offset, or a run of hex
        text = _DUMP_BLOCK.sub(_dump_text, text)
        if _has_run(text.encode("ascii", "replace"), _HEX_CHARS, 32):
            text = _HEX_RUN.sub(_hex_text, text)
    if "\\" in text:
        text = _U_ESCAPE.sub(_unescape_u, text)
    if "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    return text


def text_decoded(text: str) -> str:
    """text with its JSON escapes, HTML entities, quoted-printable and base64 text decoded, layer after layer
    (entities inside base64 inside quoted-printable...); TooDeep beyond MAX_LAYERS or MAX_DECODED_CHARS."""
    for _ in range(MAX_LAYERS):
        decoded = _decode_once(text)
        if decoded == text:
            return text
        if len(decoded) > MAX_DECODED_CHARS:
            raise TooDeep("decoded text too large")
        text = decoded
    if _decode_once(text) != text:
        raise TooDeep("too many layers of encoding")
    return text


def _utf7(text: str) -> str | None:
    """text read as UTF-7 ("+AGEAYgBh-"), when it is ASCII with UTF-7 shifts and decodes as such."""
    if not text.isascii() or not _UTF7_SHIFT.search(text):
        return None
    try:
        decoded = text.encode("ascii").decode("utf-7")
    except UnicodeDecodeError:
        return None
    return decoded if decoded != text and _looks_like_text(decoded) else None


def _charset_readings(content: bytes) -> list[str]:
    """The text of plain bytes in every charset it may be in (one when it has a BOM or is UTF-8)."""
    if content.startswith(_BINARY_MAGIC) or content[4:8] == b"ftyp":
        return []  # images, audio, video, archives, legacy Office: no text to read
    first = text_decode(content)
    readings = [first] if first is not None else []
    if any(content.startswith(bom) for bom, _ in _BOMS) or (first is not None and _is_utf8(content)):
        return readings
    for encoding in _OTHER_CHARSETS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text) and text not in readings and _script_shows(encoding, text):
            readings.append(text)
    if _looks_like_ebcdic(content):
        readings.append(content.decode("cp037"))
    return readings


# ROT13: read only when its reading has more common English (and wordlist) words than the text itself.
_ROT13 = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "NOPQRSTUVWXYZABCDEFGHIJKLMnopqrstuvwxyzabcdefghijklm"
)
_COMMON_WORDS = frozenset(
    [
        "the",
        "and",
        "you",
        "your",
        "is",
        "are",
        "was",
        "to",
        "of",
        "in",
        "for",
        "it",
        "my",
        "me",
        "we",
        "our",
        "this",
        "that",
        "with",
        "have",
        "has",
        "not",
        "on",
        "at",
        "be",
        "can",
        "please",
        "thanks",
        "thank",
        "hello",
        "hi",
        "help",
        "wallet",
        "account",
        "seed",
        "phrase",
        "words",
        "recovery",
        "key",
        "private",
        "here",
        "what",
        "why",
        "how",
    ]
)
_WORD = re.compile(r"[A-Za-z]+")


@functools.lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    return _COMMON_WORDS | frozenset(Mnemonic("english").wordlist)


def _rot13_reading(text: str) -> str | None:
    """text with ROT13 undone, when that reads as English and the text does not."""
    sample = _WORD.findall(_sample(text)[: 3 * 65536])
    if len(sample) < 4:
        return None
    words = _english_words()
    plain = sum(1 for w in sample if w.lower() in words)
    rotated = sum(1 for w in sample if w.lower().translate(_ROT13) in words)
    if rotated < max(4, 0.3 * len(sample)) or rotated <= plain:
        return None
    return text.translate(_ROT13)


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def attachment_text_readings(*, content: bytes, content_type: str, filename: str) -> list[str] | None:
    """Every reading of an attachment's text to scan, the most decoded first: each charset it may be in, and in
    each its JSON escapes, HTML entities, quoted-printable, base64 and UTF-7 decoded. None when the file has no
    text that can be read whole (as attachment_text_extract) or its encodings go beyond the limits."""
    if not content:
        return [""]
    if b"%PDF-" in content[:1024] or content.startswith(b"PK\x03\x04"):
        text = attachment_text_extract(content=content, content_type=content_type, filename=filename)
        bases = [text] if text is not None else []
    else:
        bases = _charset_readings(content)
    if not bases:
        return None
    readings: list[str] = []
    try:
        for base in bases:
            decoded = text_decoded(base)
            # UTF-7 may be the outer layer or come out of another (quoted-printable around UTF-7).
            shifted = [text_decoded(u) for u in {_utf7(decoded), _utf7(base)} if u is not None]
            rotated = _rot13_reading(decoded)
            if rotated is not None:
                shifted.append(rotated)
            for text in (*sorted(shifted), decoded, base):
                if text not in readings:
                    readings.append(text)
    except TooDeep:
        return None
    if len(readings) > MAX_READINGS or sum(map(len, readings)) > MAX_DECODED_CHARS:
        return None
    return readings
