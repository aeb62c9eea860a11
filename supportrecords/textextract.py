"""The text of an attachment where it can be extracted: plain text (UTF-8, GB18030) and a PDF's text layer."""

from __future__ import annotations

import io
import logging

TEXT_SUFFIXES = (".txt", ".text", ".csv", ".log", ".json", ".md", ".eml", ".html", ".htm", ".xml")
MAX_PDF_PAGES = 500

# pypdf reports malformed structure at WARNING; its messages name byte offsets, never text, but stay quiet.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _is_pdf(*, content: bytes, content_type: str, filename: str) -> bool:
    return (
        content.startswith(b"%PDF-")
        or content_type.split(";")[0].strip().lower() == "application/pdf"
        or filename.lower().endswith(".pdf")
    )


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
        main in ("", "application/octet-stream", "binary/octet-stream", "application/pdf")
        or filename.lower().endswith(".pdf")
        or _is_text(content_type=content_type, filename=filename)
    )


def text_decode(content: bytes) -> str | None:
    """UTF-8 (with or without a BOM), then GB18030 (a superset of GBK/GB2312); None when neither fits."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


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
    """The attachment's text, or None when it has none that can be read (images, archives, broken files)."""
    if _is_pdf(content=content, content_type=content_type, filename=filename):
        return pdf_text(content)
    if _is_text(content_type=content_type, filename=filename):
        return text_decode(content)
    return None
