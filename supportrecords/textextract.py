"""The text of an attachment where it can be extracted, judged by its content rather than its declared type:
plain text (UTF-8 with or without a BOM, UTF-16/32 with a BOM or without, GB18030, Big5, Latin-1), a PDF's text
layer, and the text of Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp) files; and every
reading of that text to scan (attachment_text_readings: JSON escapes, HTML entities, quoted-printable, base64 and
UTF-7 decoded)."""

from __future__ import annotations

import base64
import binascii
import html
import io
import logging
import quopri
import re
import zipfile

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
# decodes anything, so it comes last and only counts when it looks like text).
_OTHER_CHARSETS = ("gb18030", "big5", "latin-1")
MAX_LAYERS = 4  # base64 inside quoted-printable inside HTML entities...: deeper than this is not read
MAX_DECODED_CHARS = 64 * 1024 * 1024  # all the readings of one file together
MAX_READINGS = 12

_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?")
_U_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}(?:\\u[0-9a-fA-F]{4})*|\\x[0-9a-fA-F]{2}(?:\\x[0-9a-fA-F]{2})*")
_QP_MARK = re.compile(r"=(?:[0-9A-F]{2}|\r?\n)")
# Base64 as MIME writes it (lines of up to 76 characters) or in one run; 16 characters or more.
_BASE64 = re.compile(
    r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{16,}={0,2}(?:\r?\n[A-Za-z0-9+/]{4,}={0,2})*(?![A-Za-z0-9+/=_-])"
)
_BASE64URL = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])")
_UTF7_SHIFT = re.compile(r"\+[A-Za-z0-9+/]{2,}-?")


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


def _quoted_printable(text: str) -> str:
    if not _QP_MARK.search(text):
        return text
    raw = quopri.decodestring(text.encode("utf-8", "surrogatepass"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _decode_once(text: str) -> str:
    # Transfer encodings first: a quoted-printable soft line break may cut an entity or an escape in two.
    if "=" in text:
        text = _quoted_printable(text)
    text = _BASE64.sub(_base64_text, text)
    text = _BASE64URL.sub(lambda m: _base64_text(m, urlsafe=True), text)
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
        if _looks_like_text(text) and text not in readings:
            readings.append(text)
    return readings


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
            for text in (*sorted(shifted), decoded, base):
                if text not in readings:
                    readings.append(text)
    except TooDeep:
        return None
    if len(readings) > MAX_READINGS or sum(map(len, readings)) > MAX_DECODED_CHARS:
        return None
    return readings
