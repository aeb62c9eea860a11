"""The text of an attachment where it can be extracted, judged by its content rather than its declared type:
plain text (UTF-8 with or without a BOM, UTF-16/32 with a BOM or without, GB18030), a PDF's text layer, and the
text of Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp) files."""

from __future__ import annotations

import html
import io
import logging
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
