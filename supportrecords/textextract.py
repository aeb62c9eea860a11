"""The text of an attachment where it can be extracted, judged by its content rather than its declared type:
plain text (UTF-8 with or without a BOM, UTF-16 and UTF-32 with a BOM or without, GB18030, Big5, Shift_JIS, EUC-KR,
CP1251, EBCDIC, Latin-1); a PDF's text layer and every object in it (metadata, XMP, form fields, annotations,
bookmarks, embedded files); every part of Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp)
files, the archive around them included; every member of a plain archive (zip, tar) and the content of a
compressed file (gzip, bzip2, xz, lzma), each member as if it came alone (one that could not be scanned alone, an
image say, leaves the whole archive unscanned); documents and archives inside each other, to a depth, within one
budget against bombs. And every reading of that text to scan (attachment_text_readings: JSON escapes, HTML
entities, quoted-printable, base64, base32, URL-encoding, hex and hex dumps, UTF-7 decoded, ROT13 undone)."""

from __future__ import annotations

import base64
import binascii
import bz2
import contextlib
import functools
import html
import io
import logging
import lzma
import quopri
import re
import struct
import tarfile
import urllib.parse
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from mnemonic import Mnemonic

TEXT_SUFFIXES = (".txt", ".text", ".csv", ".log", ".json", ".md", ".eml", ".html", ".htm", ".xml")
OFFICE_SUFFIXES = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")
ARCHIVE_SUFFIXES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".tbz", ".tbz2", ".xz", ".txz", ".lzma")
ARCHIVE_TYPES = (
    "application/zip",
    "application/x-zip-compressed",
    "application/gzip",
    "application/x-gzip",
    "application/x-tar",
    "application/x-gtar",
    "application/x-bzip2",
    "application/x-xz",
    "application/x-lzma",
)
MAX_PDF_PAGES = 500

logger = logging.getLogger(__name__)
# pypdf reports malformed structure in log messages, and some quote the document (a font's encoding name, which
# may be anything): none is ever written.
logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)


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
        main in ("", "application/octet-stream", "binary/octet-stream", "application/pdf", *ARCHIVE_TYPES)
        or main.startswith(("application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument."))
        or filename.lower().endswith((".pdf", *OFFICE_SUFFIXES, *ARCHIVE_SUFFIXES))
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


def _utf32_without_bom(content: bytes) -> str | None:
    """UTF-32 text saved without a BOM: no code point reaches 0x110000, so of every four bytes the highest is NUL
    and the next 0x10 at most (NUL but outside the BMP); the lowest is NUL only for a NUL character."""
    sample = content[:4096]
    if len(sample) < 8 or len(content) % 4:
        return None
    quarter = len(sample) // 4
    for encoding, high, next_high, low in (("utf-32-le", 3, 2, 0), ("utf-32-be", 0, 1, 3)):
        if (
            sample[high::4].count(0) == quarter
            and max(sample[next_high::4]) <= 0x10
            and sample[next_high::4].count(0) >= quarter // 2
            and sample[low::4].count(0) < quarter * 0.05
        ):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def text_decode(content: bytes) -> str | None:
    """Text by its BOM (UTF-8, UTF-16, UTF-32), else UTF-32 or UTF-16 without a BOM, UTF-8, GB18030 (a superset
    of GBK/GB2312); None when none fits or what decodes is not text (control characters of a binary file)."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                return None
            return text if _looks_like_text(text) else None
    # UTF-32 first: its NULs fill both halves of UTF-16's units, which UTF-16 without a BOM never has, and UTF-8
    # decodes NULs as characters, which then read as a binary file's.
    for wide in (_utf32_without_bom, _utf16_without_bom):
        decoded = wide(content)
        if decoded is not None and _looks_like_text(decoded):
            return decoded
    for encoding in ("utf-8", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text if _looks_like_text(text) else None
    return None


# --- documents: every part of an Office/OpenDocument zip and every object of a PDF, nested documents included ---

# The limits hold for one attachment over all its nested documents and archives: what goes beyond is left
# unscanned (quarantined), never half-scanned. A zip bomb is never expanded: declared sizes and ratios are checked
# before reading, and a part is never read past its declared size; a compressed stream (gzip, bzip2, xz), which
# declares no size to trust, is expanded a chunk at a time and given up as soon as it goes past the budget or the
# ratio.
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_PDF_OBJECTS = 100_000
MAX_NESTING = 3  # a document inside a document inside a document: one level more is not read
# Text and Office XML compress 5 to 50 times (Apache POI refuses Office parts past 100); zeros, a bomb's filling,
# 1,000 times with deflate and without bound with bzip2 or xz. A zip member declaring more than this, past the
# floor, is not expanded at all; a stream is given up as soon as it has.
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
_CHUNK = 1024 * 1024
# Runs of text shorter than this in a binary part (an image, an OLE object) are not read: random bytes are full of
# short runs, and each run is read apart, so only a run that holds a whole secret counts (the shortest, 11 or 12
# Chinese words, has 11 characters or more).
MIN_BINARY_RUN = 11
_SAMPLE_BYTES = 64 * 1024
# What is read apart (each part of a document, each value, each binary run) is kept further apart than the
# detectors reach (a phrase's words may be 32 characters apart): a list of style names, or the end of a slide
# master and the start of a slide, is not a phrase. Within a part, its lines are as they were.
_APART = "\n" + "*" * 40 + "\n"


class Unreadable(Exception):
    """A document, or a part of one, that cannot be read whole (too large, too deep, malformed): unscanned."""


@dataclass
class _Reading:
    """What is read of one attachment, nested documents included: texts (a part each, lines as they were) and
    values (attribute values, text outside paragraphs, names, runs of binary parts), each read apart; and what
    is left to read."""

    texts: list[str] = field(default_factory=list)
    values: dict[str, None] = field(default_factory=dict)  # an ordered set: once is enough, each read apart
    size: int = MAX_UNZIPPED_BYTES
    members: int = MAX_MEMBERS
    objects: int = MAX_PDF_OBJECTS

    def spend(self, *, size: int = 0, members: int = 0, objects: int = 0) -> None:
        self.size -= size
        self.members -= members
        self.objects -= objects
        if self.size < 0:
            raise Unreadable(f"more than {MAX_UNZIPPED_BYTES} bytes unpacked")
        if self.members < 0:
            raise Unreadable(f"more than {MAX_MEMBERS} members")
        if self.objects < 0:
            raise Unreadable(f"more than {MAX_PDF_OBJECTS} PDF objects")

    def value(self, *values: str) -> None:
        self.values.update(dict.fromkeys(v for v in values if v))

    def text(self) -> str:
        # "nil" and "auto" come a thousand times in a Word file's styles, the same chart's workbook a dozen times
        # in a presentation: once is enough.
        return _APART.join(t for t in dict.fromkeys([*self.texts, *self.values]) if t.strip())


# Printable runs of a binary part, as `strings` finds them: UTF-8 (ASCII and up) and ASCII in UTF-16LE.
_UTF8_RUN = re.compile(
    rb"(?:[\t\x20-\x7e]|[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})"
    rb"{%d,}" % MIN_BINARY_RUN
)
_UTF16LE_RUN = re.compile(rb"(?:[\t\x20-\x7e]\x00){%d,}" % MIN_BINARY_RUN)


def _binary_strings(raw: bytes) -> list[str]:
    """The runs of text in binary bytes (a text hidden behind an image's signature, an OLE object's text)."""
    runs = [m.group().decode("utf-8", "replace") for m in _UTF8_RUN.finditer(raw)]
    return runs + [m.group().decode("utf-16-le") for m in _UTF16LE_RUN.finditer(raw)]


# Where XML says its encoding: a BOM, the first bytes (the "<" of UTF-16 or UTF-32 without one), the declaration.
_XML_STARTS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_XML_DECLARED = re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z][A-Za-z0-9._-]{0,39})[\"']")
_WIDE_ENCODING = re.compile(r"(?:utf|ucs)[-_]?(?:16|32|2|4)", re.IGNORECASE)


def _xml_decoded(raw: bytes, *, strict: bool) -> str | None:
    """An XML part's text, decoded as its BOM, first bytes or declaration say; None when raw is not XML or (not
    strict) does not decode so. Strict, Unreadable then: a part read wrongly is a part not scanned."""
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), None)
    encoding = encoding or next((name for start, name in _XML_STARTS if raw.startswith(start)), None)
    if encoding is None:
        if raw.lstrip()[:1] != b"<":
            return None
        declared = _XML_DECLARED.match(raw.lstrip())
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
        if _WIDE_ENCODING.match(encoding):
            encoding = "utf-8"  # ASCII-compatible bytes: the first bytes win over the declaration (XML 1.0, F.1)
    try:
        if not raw[:64].decode(encoding, "replace").lstrip("\ufeff \t\r\n").startswith("<"):
            return None
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        if strict:
            raise Unreadable("an XML part in an encoding it cannot be read in") from None
        return None


# A paragraph (a table row, a shared string) is read as text: runs joined, line and paragraph ends inside it
# newlines, cells tabs (a comment's text is a paragraph). Text outside paragraphs (properties, settings, a chart's
# cached values) is values.
_PARAGRAPH = re.compile(
    r"<(w:p|a:p|text:p|text:h|si|row|table:table-row|text|p:text|p|li|h[1-6]|tr)(?:\s[^>]*)?(?<!/)>(.*?)</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_BREAKS = re.compile(
    r"</(?:w:p|a:p|text:p|text:h|p|li|h[1-6]|tr)\s*>|<(?:w:br|w:cr|a:br|text:line-break|br)\b[^>]*>", re.IGNORECASE
)
_TABS = re.compile(r"<(?:w:tab|text:tab)\b[^>]*>|</(?:c|table:table-cell|td|th)\s*>", re.IGNORECASE)
_SPACES = re.compile(r"<text:s\b[^>]*>")
# A tag: its name, then anything (quoted values may hold ">") up to its end.
_TAG = re.compile(r"</?[A-Za-z_:][^\s/>\"'=]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
# CDATA, comments, processing instructions and declarations (a DOCTYPE's entities): their text is read too.
_XML_SPECIAL = re.compile(r"<!\[CDATA\[(.*?)\]\]>|<!--(.*?)-->|<\?(.*?)\?>|<!([A-Za-z](?:[^>\[]|\[[^\]]*\])*)>", re.S)
# An attribute value worth reading: one with a word of three letters or more, a CJK character, or 32 characters
# or more; not the numbers, cell references and short ids that make up most values of a spreadsheet or a Word file.
# Namespace declarations are not read.
_WORDY = "(?:[^\\W\\d_]{3}|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3])"
_ATTRIBUTE = re.compile(
    r"\s(?!xmlns[:=\s])[^\s=<>\"'/]+\s*=\s*"
    rf"(?:\"(?=[^\"]*?{_WORDY}|[^\"]{{32}})([^\"]*)\"|'(?=[^']*?{_WORDY}|[^']{{32}})([^']*)')"
)
# Text that is markup though not an XML part (HTML, XML behind a binary header): read as XML, not tag names.
_MARKUP = re.compile(r"<\?xml|<!DOCTYPE|<html", re.IGNORECASE)


def _xml_read(xml: str, reading: _Reading) -> None:
    """Read an XML (or HTML) part without an XML parser (no entity expansion, nothing fetched): its paragraphs as
    text, and as values its text outside paragraphs, attribute values, comments and declarations."""
    specials: list[str] = []

    def special(match: re.Match[str]) -> str:
        cdata, *others = match.groups()
        if cdata is not None:
            return html.escape(cdata, quote=False)
        specials.extend(o for o in others if o and not o.startswith("xml "))
        return "\n"

    if "<!" in xml or "<?" in xml:
        xml = _XML_SPECIAL.sub(special, xml)
    paragraphs, outside, pos = [], [], 0
    for match in _PARAGRAPH.finditer(xml):
        outside.append(xml[pos : match.start()])
        paragraphs.append(match.group(2))
        pos = match.end()
    outside.append(xml[pos:])
    text = _SPACES.sub(" ", _TABS.sub("\t", _BREAKS.sub("\n", "\n".join(paragraphs))))
    reading.texts.append(html.unescape(_TAG.sub("", text)))
    nodes = html.unescape(_TAG.sub("\n", "\n".join(outside)))
    reading.value(*(line.strip() for line in nodes.splitlines()))
    reading.value(*(html.unescape(a or b).strip() for a, b in _ATTRIBUTE.findall(xml)))
    reading.value(*specials)


def _is_pdf(content: bytes) -> bool:
    return b"%PDF-" in content[:1024]


# Compressed streams the standard library expands: gzip (deflate), bzip2 (its level digit follows), xz, and lzma
# "alone" as xz and 7-Zip write it: the default properties byte, a dictionary size of 2^n or 2^n + 2^(n-1) bytes,
# 64 KiB or more, then the size, unknown (all ones) or under 2^48 (UTF-32LE text starting with "]" is not one).
_COMPRESSED = (b"\x1f\x8b\x08", b"\xfd7zXZ\x00")
_LZMA_DICTIONARIES = frozenset(size for n in range(16, 32) for size in (1 << n, (1 << n) + (1 << (n - 1))))


def _is_compressed(content: bytes) -> bool:
    if content.startswith(b"BZh"):
        return content[3:4] in b"123456789" and len(content) > 3
    if content.startswith(b"\x5d") and len(content) >= 13:
        dictionary, size = struct.unpack("<IQ", content[1:13])
        return dictionary in _LZMA_DICTIONARIES and (size == (1 << 64) - 1 or size < 1 << 48)
    return content.startswith(_COMPRESSED)


def _is_tar(content: bytes) -> bool:
    """A tar archive: POSIX or GNU ("ustar" at 257), or an old one whose first header's checksum holds."""
    header = content[:512]
    if len(header) < 512:
        return False
    if header[257:262] == b"ustar":
        return True
    try:
        checksum = int(header[148:156].strip(b"\x00 ") or b"-", 8)
    except ValueError:
        return False
    return header[0] != 0 and checksum == sum(header[:148]) + 8 * 32 + sum(header[156:])


def _is_document(content: bytes) -> bool:
    """A PDF, a zip archive (an Office or OpenDocument file, or a plain zip), a tar archive or a compressed
    stream: read by its structure."""
    return _is_pdf(content) or content.startswith(b"PK\x03\x04") or _is_compressed(content) or _is_tar(content)


def _part_read(raw: bytes, reading: _Reading, *, depth: int, xml_named: bool = False, plain: bool = False) -> None:
    """Read one part of a document (a zip member, a PDF stream): a nested document whole; an XML part for its
    text and values; a text part in every charset it may be in; a binary part (an image, an OLE object) for the
    runs of text in it. A member of a plain archive (plain) is read as if it came alone: a binary one, which
    would be unscanned alone, leaves the archive unscanned."""
    if _is_document(raw):
        if depth >= MAX_NESTING:
            raise Unreadable("documents or archives nested too deep")
        _document_read(raw, reading, depth=depth + 1, plain=plain)
        return
    if plain:
        _plain_member_read(raw, reading)
        return
    xml = _xml_decoded(raw, strict=xml_named)
    if xml is not None:
        _xml_read(xml, reading)
        return
    if xml_named and raw.strip():
        raise Unreadable("a part named as XML is not XML")  # an encrypted OpenDocument part, say
    texts = _charset_readings(raw)
    for text in texts:
        if _MARKUP.search(text[:4096]):
            _xml_read(text, reading)
        else:
            reading.texts.append(text)
    if not texts:
        reading.value(*_binary_strings(raw))


def _plain_member_read(raw: bytes, reading: _Reading) -> None:
    """Read a file of a plain archive as an attachment of its own: text in every charset it may be in (markup
    also for its text and values), else unscannable."""
    if not raw:
        return
    texts = _charset_readings(raw)
    if not texts:
        raise Unreadable("an archive member that is not text (an image, a program, an unknown format)")
    for text in texts:
        reading.texts.append(text)
        if _MARKUP.search(text[:4096]):
            _xml_read(text, reading)


def _outside_strings(content: bytes, spans: list[tuple[int, int]]) -> list[str]:
    """The runs of text in content outside the spans (an archive's headers, padding, what follows its end)."""
    pieces, pos = [], 0
    for start, end in sorted(spans):
        pieces.append(content[pos:start])
        pos = max(pos, end)
    pieces.append(content[pos:])
    return _binary_strings(b"\x00".join(pieces))


_OFFICE_MARKERS = frozenset({"[Content_Types].xml", "mimetype"})  # a zip that is an Office or OpenDocument file


def _zip_container_strings(content: bytes, members: list[zipfile.ZipInfo]) -> list[str]:
    """The text of an archive outside its members' data: names, comments, extra fields, bytes before, between or
    after the members."""
    spans = []
    for member in members:
        header = content[member.header_offset : member.header_offset + 30]
        if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
            raise Unreadable("a zip member without its header")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        start = member.header_offset + 30 + name_length + extra_length
        spans.append((start, start + member.compress_size))
    return _outside_strings(content, spans)


def _too_compressed(expanded: int, compressed: int) -> bool:
    return expanded > RATIO_FLOOR and expanded > MAX_RATIO * max(compressed, 1)


def _zip_read(content: bytes, reading: _Reading, *, depth: int) -> None:
    """Read every member of a zip archive: of an Office or OpenDocument file as its parts, of any other zip as
    files of their own (plain)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        members = archive.infolist()
        reading.spend(members=len(members))
        plain = not (_OFFICE_MARKERS & {m.filename for m in members})
        for member in members:
            if member.flag_bits & 0x1:
                raise Unreadable("an encrypted zip member")
            if _too_compressed(member.file_size, member.compress_size):
                raise Unreadable(f"a zip member compressed more than {MAX_RATIO} times")
        reading.spend(size=sum(m.file_size for m in members))
        reading.value(*_zip_container_strings(content, members))
        for member in sorted(members, key=lambda m: m.filename):
            with archive.open(member) as handle:
                raw = handle.read(member.file_size + 1)
            if len(raw) > member.file_size:
                raise Unreadable("a zip member larger than it declares")
            xml_named = not plain and member.filename.lower().endswith((".xml", ".rels"))
            _part_read(raw, reading, depth=depth, xml_named=xml_named, plain=plain)


def _tar_read(content: bytes, reading: _Reading, *, depth: int) -> None:
    """Read every file of a tar archive as a file of its own, and the names, owners and extended headers of
    every member; the bytes outside the files' data (headers, what follows the end) for runs of text."""
    spans = []
    with tarfile.open(fileobj=io.BytesIO(content), mode="r:") as archive:
        for member in archive:
            reading.spend(members=1)
            reading.value(member.name, member.linkname, member.uname, member.gname, *member.pax_headers.values())
            if not member.isreg():
                continue  # directories, links, devices: no data
            if member.sparse is not None:
                raise Unreadable("a sparse tar member")
            end = member.offset_data + member.size
            if end > len(content):
                raise Unreadable("a tar member past the end of the archive")
            spans.append((member.offset_data, end))
            _part_read(content[member.offset_data : end], reading, depth=depth, plain=True)
    reading.value(*_outside_strings(content, spans))


def _decompressor(content: bytes) -> Any:
    if content.startswith(b"\x1f\x8b"):
        return zlib.decompressobj(wbits=31)  # one gzip member
    if content.startswith(b"BZh"):
        return bz2.BZ2Decompressor()
    return lzma.LZMADecompressor()  # xz or lzma "alone", told apart by their headers


def _decompressed(content: bytes, reading: _Reading) -> bytes:
    """Expand a compressed stream (gzip, bzip2, xz, lzma; streams one after another too) a chunk at a time,
    spending the budget as it comes and never past it or the ratio; Unreadable when the stream is cut short or
    followed by anything but NUL padding (which could hide text)."""
    chunks: list[bytes] = []
    expanded = 0
    rest = content
    while rest.strip(b"\x00"):
        if not _is_compressed(rest):
            raise Unreadable("data after a compressed stream")
        decompressor = _decompressor(rest)
        zlib_stream = rest.startswith(b"\x1f\x8b")
        pending = rest
        while not decompressor.eof:
            before = len(pending)
            chunk = decompressor.decompress(pending, _CHUNK)
            pending = decompressor.unconsumed_tail if zlib_stream else b""
            reading.spend(size=len(chunk))
            expanded += len(chunk)
            if _too_compressed(expanded, len(content)):
                raise Unreadable(f"a stream compressed more than {MAX_RATIO} times")
            chunks.append(chunk)
            stalled = len(pending) == before if zlib_stream else decompressor.needs_input
            if not chunk and stalled and not decompressor.eof:
                raise Unreadable("a compressed stream cut short")
        rest = decompressor.unused_data
    return b"".join(chunks)


_GZIP_FEXTRA, _GZIP_FNAME, _GZIP_FCOMMENT = 0x04, 0x08, 0x10


def _gzip_header_strings(content: bytes) -> list[str]:
    """The file name and comment a gzip stream's header carries (FNAME, FCOMMENT: any text a client put there)."""
    if not content.startswith(b"\x1f\x8b\x08") or len(content) < 10:
        return []
    flags, at, out = content[3], 10, []
    if flags & _GZIP_FEXTRA:
        if len(content) < 12:
            return []
        at += 2 + int.from_bytes(content[10:12], "little")
    for flag in (_GZIP_FNAME, _GZIP_FCOMMENT):
        if flags & flag:
            end = content.find(b"\x00", at)
            if end < 0:
                break
            out.append(content[at:end].decode("latin-1"))  # the format says Latin-1; UTF-8 is read too, below
            with contextlib.suppress(UnicodeDecodeError):
                out.append(content[at:end].decode("utf-8"))
            at = end + 1
    return out


def _compressed_read(content: bytes, reading: _Reading, *, depth: int, plain: bool) -> None:
    """Read what a compressed stream holds: a tar archive (tar.gz, tar.xz) as one archive with it, anything else
    as a part of what holds the stream (a file of its own at the top, or in a plain archive); and the name and
    comment in a gzip header."""
    reading.value(*_gzip_header_strings(content))
    inner = _decompressed(content, reading)
    if _is_tar(inner):
        _tar_read(inner, reading, depth=depth)
    else:
        _part_read(inner, reading, depth=depth, plain=plain)


# --- PDF: the text layer, then every object: strings (metadata, form fields, annotations, bookmarks), streams ---

_LONG_NAME = 24  # a name this long may hide text (`/abandon#20ability...`): read


def _pdf_string(value: object) -> str | None:
    """The text of a PDF string (PDFDocEncoding or UTF-16 as pypdf read it, else its bytes in any charset)."""
    from pypdf.generic import ByteStringObject, TextStringObject

    if isinstance(value, TextStringObject):
        if not _BINARY.search(value):
            return str(value)
        return text_decode(value.original_bytes)
    if isinstance(value, ByteStringObject):
        return text_decode(bytes(value))
    return None


def _pdf_strings(root: object, reading: _Reading) -> list[str]:
    """The strings of a PDF object and of the objects written inside it (not those it refers to), and its long
    names."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    out: list[str] = []
    stack = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, DictionaryObject):
            reading.spend(objects=len(item) // 64)
            for key, value in item.items():
                if len(key) > _LONG_NAME:
                    out.append(key[1:])
                stack.append(value)
        elif isinstance(item, ArrayObject):
            reading.spend(objects=len(item) // 64)
            stack.extend(reversed(item))
        elif isinstance(item, NameObject):
            if len(item) > _LONG_NAME or any(c.isspace() for c in item):
                out.append(item[1:])
        else:
            text = _pdf_string(item)
            if text:
                reading.spend(size=len(text))
                out.append(text)
    return out


# Filters whose output is an image's own compressed format.
_IMAGE_FILTERS = frozenset({"/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode"})


def _pdf_pixels_are_text(stream: Any) -> bool:
    """Whether an image or a font program is text in disguise: its first bytes, decoded, read as text."""
    filters = stream.get("/Filter", [])
    filters = {str(f) for f in (filters if isinstance(filters, list) else [filters])}
    if filters & _IMAGE_FILTERS:
        return False  # a real image codec (JPEG, JPEG 2000, JBIG2, fax)
    if filters <= {"/FlateDecode", "/Fl"}:
        sample = stream._data  # the encoded bytes: decoding all of a page's pixels to look at them costs too much
        for _ in filters:
            sample = zlib.decompressobj().decompress(sample, _SAMPLE_BYTES)
    else:
        sample = stream.get_data()  # the filters of old files (LZW, ASCII85): decoded whole
    return text_decode(sample[:_SAMPLE_BYTES]) is not None


def _pdf_content_strings(stream: Any, pdf: Any) -> str:
    """The strings a content stream (a form, an annotation's appearance) shows: each operation's pieces joined,
    one operation a line, then all joined (a word set in pieces by position)."""
    from pypdf.generic import ArrayObject, ContentStream

    shown = []
    for operands, _operator in ContentStream(stream, pdf).operations:
        pieces = []
        for operand in operands:
            for item in operand if isinstance(operand, ArrayObject) else [operand]:
                text = _pdf_string(item)
                if text:
                    pieces.append(text)
        if pieces:
            shown.append("".join(pieces))
    return "\n".join(shown) + "\n\n" + "".join(shown) if shown else ""


def _pdf_stream_read(stream: Any, reading: _Reading, *, pdf: Any, depth: int) -> None:
    kind, subtype = stream.get("/Type"), stream.get("/Subtype")
    if kind in ("/ObjStm", "/XRef"):
        return  # their objects are read one by one; an xref stream is offsets
    font = "/Length1" in stream or "/Length2" in stream or subtype in ("/Type1C", "/CIDFontType0C", "/OpenType")
    if (subtype == "/Image" or font) and not _pdf_pixels_are_text(stream):
        return  # pixels and glyph outlines (images are read for text nowhere: no OCR)
    data = stream.get_data()
    reading.spend(size=len(data))
    if kind != "/EmbeddedFile" and (subtype == "/Form" or "/BBox" in stream or "/PatternType" in stream):
        reading.texts.append(_pdf_content_strings(stream, pdf))
    else:
        _part_read(data, reading, depth=depth, xml_named=kind == "/Metadata" or subtype == "/XML")


def _pdf_read(content: bytes, reading: _Reading, *, depth: int) -> None:
    """Read a PDF's text layer, then every object its cross-reference lists (the strings of each one after
    another, as a form's fields or an outline's titles come) and every stream (embedded files as documents)."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject, StreamObject

    pdf = PdfReader(io.BytesIO(content))
    if pdf.is_encrypted and not pdf.decrypt(""):
        raise Unreadable("an encrypted PDF")
    pages, page_contents = [], set()
    for number, page in enumerate(pdf.pages):
        if number >= MAX_PDF_PAGES:
            raise Unreadable("too many pages")  # too long to scan whole: unscanned rather than half-scanned
        pages.append(page.extract_text() or "")
        contents = page.raw_get("/Contents") if "/Contents" in page else None
        if isinstance(contents, IndirectObject):
            page_contents.add((contents.idnum, contents.generation))
            contents = contents.get_object()  # a stream, or an array of streams
        for ref in contents if isinstance(contents, list) else []:
            if isinstance(ref, IndirectObject):
                page_contents.add((ref.idnum, ref.generation))
    reading.texts.append("\n".join(pages))
    strings = _pdf_strings(pdf.trailer, reading)
    ids = {(idnum, generation) for generation, entries in pdf.xref.items() for idnum in entries}
    ids |= {(idnum, 0) for idnum in pdf.xref_objStm}
    reading.spend(objects=len(ids))
    for idnum, generation in sorted(ids):
        obj = pdf.get_object(IndirectObject(idnum, generation, pdf))
        strings += _pdf_strings(obj, reading)
        # A page's content streams are its text layer, read above.
        if isinstance(obj, StreamObject) and (idnum, generation) not in page_contents:
            _pdf_stream_read(obj, reading, pdf=pdf, depth=depth)
    reading.texts.append("\n".join(strings))


def _document_read(content: bytes, reading: _Reading, *, depth: int, plain: bool) -> None:
    """Read a document or archive; plain: what a compressed stream holds is a file of its own (at the top, or in
    a plain archive), not a part of an Office file or PDF."""
    if _is_pdf(content):
        _pdf_read(content, reading, depth=depth)
    elif content.startswith(b"PK\x03\x04"):
        _zip_read(content, reading, depth=depth)
    elif _is_compressed(content):
        _compressed_read(content, reading, depth=depth, plain=plain)
    else:
        _tar_read(content, reading, depth=depth)


def document_text(content: bytes) -> str | None:
    """The text of a PDF (its text layer and every object in it), of every part of an Office or OpenDocument
    file, or of every file in an archive or compressed stream, documents and archives inside read too; None when
    it cannot be read whole (encrypted, malformed, over the limits, a file in an archive that is not text)."""
    reading = _Reading()
    try:
        _document_read(content, reading, depth=0, plain=True)
    except Unreadable as unreadable:
        # Our own words, never the file's: the caller logs which attachment it was.
        logger.info("document left unscanned: %s", unreadable)
        return None
    except Exception as error:  # noqa: BLE001  # a parser's message may quote the document: it never leaves here
        logger.info("document left unscanned: malformed (%s)", type(error).__name__)
        return None
    return reading.text()


def attachment_text_extract(*, content: bytes, content_type: str, filename: str) -> str | None:
    """The attachment's text, whatever type it claims (the content decides), or None when it has none that
    can be read whole (images, 7z and rar archives, encrypted or broken files): such a file cannot be scanned."""
    if not content:
        return ""
    if _is_document(content):
        return document_text(content)
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


def _plain_archive(content: bytes) -> bool:
    """A zip that is no Office or OpenDocument file, a tar archive or a compressed stream."""
    if _is_tar(content) or _is_compressed(content):
        return True
    if not content.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return not (_OFFICE_MARKERS & names)


def attachment_text_readings(*, content: bytes, content_type: str, filename: str) -> list[str] | None:
    """Every reading of an attachment's text to scan, the most decoded first: each charset it may be in, and in
    each its JSON escapes, HTML entities, quoted-printable, base64 and UTF-7 decoded. None when the file has no
    text that can be read whole (as attachment_text_extract) or its encodings go beyond the limits."""
    if not content:
        return [""]
    if _is_document(content):
        text = attachment_text_extract(content=content, content_type=content_type, filename=filename)
        bases = [text] if text is not None else []
        if text is not None and _APART in text and _plain_archive(content):
            # Its files read apart, and read as one text too: a phrase in halves in two files of a zip is as much a
            # leak as in two paragraphs. (Not a document's parts: its styles and attributes, joined, read as runs
            # of list words.)
            bases.append(text.replace(_APART, "\n\n"))
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
