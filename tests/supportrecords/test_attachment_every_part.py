"""Every part of an uploaded document is scanned, not only its body: PDF metadata, XMP, annotations, form fields,
bookmarks and embedded files; the properties, custom XML, glossary, comments, drawings, charts, sheet names and
embedded documents of Office files (UTF-16 parts too); OpenDocument settings, metadata and extra members. A secret
in any of them is never stored; clean documents are stored as they came; bombs, deep nesting and malformed parts
are left unscanned (quarantined), quickly."""

from __future__ import annotations

import io
import random
import struct
import time
import zipfile
from collections.abc import Callable
from html import escape

import pytest
from mnemonic import Mnemonic
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Text
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from supportrecords.models import Attachment
from supportrecords.services import attachment_content, attachment_create, message_create
from supportrecords.textextract import MAX_NESTING, MAX_UNZIPPED_BYTES, attachment_text_extract
from tests.supportrecords.test_services import _pdf

pytestmark = pytest.mark.django_db

PHRASE = Mnemonic("english").to_mnemonic(bytes(range(16)))  # abandon amount liar amount expire adjust cage ...
KEY = "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35"  # BIP32 test vector 1, master key
# What must never be stored: a run of the phrase's words, the middle of the key.
PIECES = {PHRASE: "liar amount expire", KEY: KEY[8:40]}

CONTENT_TYPES = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@pytest.fixture
def message(ticket):
    return message_create(ticket=ticket, author_kind="customer", body="see the attached file")


def _zip(parts: dict[str, str | bytes], *, comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
        archive.comment = comment
    return out.getvalue()


def _paragraphs(*texts: str) -> str:
    return "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>' for t in texts)


def _word_document(*texts: str) -> str:
    return f"{DECLARATION}<w:document {W}><w:body>{_paragraphs(*texts)}</w:body></w:document>"


def _docx(parts: dict[str, str | bytes] | None = None, *, comment: bytes = b"") -> bytes:
    base: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "word/document.xml": _word_document("Please find my statement for March attached."),
    }
    return _zip({**base, **(parts or {})}, comment=comment)


def _xlsx(parts: dict[str, str | bytes]) -> bytes:
    base: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "xl/workbook.xml": '<workbook><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>',
        "xl/sharedStrings.xml": "<sst><si><t>Balance</t></si></sst>",
        "xl/worksheets/sheet1.xml": '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        "</sheetData></worksheet>",
    }
    return _zip({**base, **parts})


def _pptx(parts: dict[str, str | bytes]) -> bytes:
    slide = f"<p:sld><p:cSld><p:spTree><p:sp><p:txBody><a:p {A}><a:r><a:t>Quarterly review</a:t></a:r></a:p>"
    base: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "ppt/presentation.xml": "<p:presentation/>",
        "ppt/slides/slide1.xml": slide + "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>",
    }
    return _zip({**base, **parts})


def _odt(parts: dict[str, str | bytes]) -> bytes:
    base: dict[str, str | bytes] = {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "content.xml": "<office:document-content><office:body><office:text><text:p>Hello</text:p></office:text>"
        "</office:body></office:document-content>",
    }
    return _zip({**base, **parts})


def _pdf_writer() -> PdfWriter:
    return PdfWriter(clone_from=io.BytesIO(_pdf("Account statement for March")))


def _pdf_bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_stream(writer: PdfWriter, data: bytes, entries: dict[str, PdfObject]) -> IndirectObject:
    """A compressed stream added to the writer (streams are indirect objects); its reference."""
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update({NameObject(k): v for k, v in entries.items()})
    return writer._add_object(stream.flate_encode())  # pypdf has no public call for a bare stream


def _pdf_info(secret: str) -> bytes:
    writer = _pdf_writer()
    writer.add_metadata({"/Title": "Statement", "/Author": "Li Wei", "/Keywords": secret})
    return _pdf_bytes(writer)


def _pdf_subject(secret: str) -> bytes:
    writer = _pdf_writer()
    writer.add_metadata({"/Subject": secret})
    return _pdf_bytes(writer)


def _pdf_xmp(secret: str) -> bytes:
    writer = _pdf_writer()
    xmp = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
        f"{escape(secret)}</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    writer.root_object[NameObject("/Metadata")] = _pdf_stream(
        writer, xmp.encode(), {"/Type": NameObject("/Metadata"), "/Subtype": NameObject("/XML")}
    )
    return _pdf_bytes(writer)


def _pdf_annotation(secret: str) -> bytes:
    writer = _pdf_writer()
    writer.add_annotation(page_number=0, annotation=Text(rect=(50, 550, 200, 650), text=secret))
    return _pdf_bytes(writer)


def _pdf_form_field(secret: str) -> bytes:
    writer = _pdf_writer()
    widget = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/T"): TextStringObject("backup"),
            NameObject("/V"): TextStringObject(secret),
            NameObject("/Rect"): ArrayObject([FloatObject(50), FloatObject(500), FloatObject(400), FloatObject(520)]),
        }
    )
    field = writer.add_annotation(page_number=0, annotation=widget)
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject([field.indirect_reference])}
    )
    return _pdf_bytes(writer)


def _pdf_outline(secret: str) -> bytes:
    writer = _pdf_writer()
    writer.add_outline_item(title="Summary", page_number=0)
    writer.add_outline_item(title=secret, page_number=0)
    return _pdf_bytes(writer)


def _pdf_embedded_text(secret: str) -> bytes:
    writer = _pdf_writer()
    writer.add_attachment("notes.txt", f"my backup: {secret}\n".encode())
    return _pdf_bytes(writer)


def _pdf_embedded_docx(secret: str) -> bytes:
    writer = _pdf_writer()
    writer.add_attachment("words.docx", _docx({"word/document.xml": _word_document(secret)}))
    return _pdf_bytes(writer)


def _pdf_file_attachment_annotation(secret: str) -> bytes:
    """A file attached to a page by an annotation, compressed, listed in no EmbeddedFiles tree."""
    writer = _pdf_writer()
    data = f"backup words\n{secret}\n".encode("utf-16")
    filespec = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): TextStringObject("notes.txt"),
            NameObject("/EF"): DictionaryObject(
                {NameObject("/F"): _pdf_stream(writer, data, {"/Type": NameObject("/EmbeddedFile")})}
            ),
        }
    )
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FileAttachment"),
            NameObject("/Rect"): ArrayObject([FloatObject(10), FloatObject(10), FloatObject(30), FloatObject(30)]),
            NameObject("/FS"): filespec,
        }
    )
    writer.add_annotation(page_number=0, annotation=annotation)
    return _pdf_bytes(writer)


def _pdf_appearance(secret: str) -> bytes:
    """A free-text annotation whose words are only in its appearance stream (no /Contents)."""
    writer = _pdf_writer()
    shown = f"BT /Helv 10 Tf 2 2 Td ({secret}) Tj ET".encode("latin-1")
    box = ArrayObject([NumberObject(0), NumberObject(0), NumberObject(400), NumberObject(20)])
    entries: dict[str, PdfObject] = {"/Type": NameObject("/XObject"), "/Subtype": NameObject("/Form"), "/BBox": box}
    appearance = _pdf_stream(writer, shown, entries)
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FreeText"),
            NameObject("/Rect"): ArrayObject([FloatObject(50), FloatObject(400), FloatObject(450), FloatObject(420)]),
            NameObject("/AP"): DictionaryObject({NameObject("/N"): appearance}),
        }
    )
    writer.add_annotation(page_number=0, annotation=annotation)
    return _pdf_bytes(writer)


def _utf16_core(secret: str, *, bom: bool) -> bytes:
    xml = (
        '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>\n<cp:coreProperties><dc:title>Statement</dc:title>'
        f"<cp:keywords>{escape(secret)}</cp:keywords></cp:coreProperties>"
    )
    return xml.encode("utf-16") if bom else xml.encode("utf-16-le")


def _comment_in_runs(secret: str) -> str:
    middle = len(secret) // 2 + 1  # cut inside a word: the runs are read joined
    runs = f"<r><t>{escape(secret[:middle])}</t></r><r><t>{escape(secret[middle:])}</t></r>"
    return (
        f'<comments><commentList><comment ref="A1" authorId="0"><text>{runs}</text></comment></commentList></comments>'
    )


def _cells(secret: str) -> str:
    """The secret over adjacent cells: a word a shared string, or the key in three groups."""
    words = secret.split() if " " in secret else [secret[:8], secret[8:40], secret[40:]]
    return "<sst>" + "".join(f"<si><t>{w}</t></si>" for w in words) + "</sst>"


CASES: dict[str, Callable[[str], bytes]] = {
    # PDF
    "pdf-info-keywords": _pdf_info,
    "pdf-info-subject": _pdf_subject,
    "pdf-xmp-metadata": _pdf_xmp,
    "pdf-text-annotation": _pdf_annotation,
    "pdf-form-field-value": _pdf_form_field,
    "pdf-outline-title": _pdf_outline,
    "pdf-embedded-text-file": _pdf_embedded_text,
    "pdf-embedded-docx": _pdf_embedded_docx,
    "pdf-file-attachment-annotation": _pdf_file_attachment_annotation,
    "pdf-annotation-appearance": _pdf_appearance,
    # Word
    "docx-core-properties": lambda s: _docx(
        {"docProps/core.xml": f"<cp:coreProperties><cp:keywords>{s}</cp:keywords></cp:coreProperties>"}
    ),
    "docx-app-properties": lambda s: _docx({"docProps/app.xml": f"<Properties><Company>{s}</Company></Properties>"}),
    "docx-custom-properties": lambda s: _docx(
        {
            "docProps/custom.xml": '<Properties><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
            f'name="backup"><vt:lpwstr>{s}</vt:lpwstr></property></Properties>'
        }
    ),
    "docx-custom-xml": lambda s: _docx({"customXml/item1.xml": f"{DECLARATION}<root><note>{s}</note></root>"}),
    "docx-glossary": lambda s: _docx({"word/glossary/document.xml": _word_document(s)}),
    "docx-embedded-docx": lambda s: _docx(
        {"word/embeddings/Microsoft_Word_Document.docx": _docx({"word/document.xml": _word_document(s)})}
    ),
    "docx-utf16-part-with-bom": lambda s: _docx({"docProps/core.xml": _utf16_core(s, bom=True)}),
    "docx-utf16-part-without-bom": lambda s: _docx({"docProps/core.xml": _utf16_core(s, bom=False)}),
    "docx-utf16-document": lambda s: _docx(
        {"word/document.xml": _word_document(s).replace("UTF-8", "UTF-16").encode("utf-16")}
    ),
    "docx-attribute-value": lambda s: _docx(
        {
            "word/document.xml": f'<w:document {W}><w:body><w:sdt><w:sdtPr><w:alias w:val="{s}"/></w:sdtPr>'
            "</w:sdt></w:body></w:document>"
        }
    ),
    "docx-xml-comment": lambda s: _docx({"word/settings.xml": f"<w:settings {W}><!-- {s} --></w:settings>"}),
    "docx-member-name": lambda s: _docx({f"word/media/{s}.txt": "x"}),
    "docx-zip-comment": lambda s: _docx(comment=s.encode()),
    # Excel
    "xlsx-drawing-text-box": lambda s: _xlsx(
        {
            "xl/drawings/drawing1.xml": f"<xdr:wsDr><xdr:twoCellAnchor><xdr:sp><xdr:txBody><a:p {A}><a:r><a:t>{s}"
            "</a:t></a:r></a:p></xdr:txBody></xdr:sp></xdr:twoCellAnchor></xdr:wsDr>"
        }
    ),
    "xlsx-chart-title": lambda s: _xlsx(
        {
            "xl/charts/chart1.xml": f"<c:chartSpace><c:chart><c:title><c:tx><c:rich><a:p {A}><a:r><a:t>{s}</a:t></a:r>"
            "</a:p></c:rich></c:tx></c:title></c:chart></c:chartSpace>"
        }
    ),
    "xlsx-chart-cached-value": lambda s: _xlsx(
        {
            "xl/charts/chart1.xml": f'<c:chartSpace><c:strCache><c:pt idx="0"><c:v>{s}</c:v></c:pt></c:strCache>'
            "</c:chartSpace>"
        }
    ),
    "xlsx-sheet-name": lambda s: _xlsx(
        {"xl/workbook.xml": f'<workbook><sheets><sheet name="{s}" sheetId="1"/></sheets></workbook>'}
    ),
    "xlsx-comment-in-runs": lambda s: _xlsx({"xl/comments1.xml": _comment_in_runs(s)}),
    "xlsx-adjacent-cells": lambda s: _xlsx({"xl/sharedStrings.xml": _cells(s)}),
    "xlsx-custom-properties": lambda s: _xlsx(
        {"docProps/custom.xml": f'<Properties><property name="k"><vt:lpwstr>{s}</vt:lpwstr></property></Properties>'}
    ),
    # PowerPoint
    "pptx-comment": lambda s: _pptx(
        {"ppt/comments/comment1.xml": f'<p:cmLst><p:cm authorId="0" idx="1"><p:text>{s}</p:text></p:cm></p:cmLst>'}
    ),
    "pptx-comment-author": lambda s: _pptx(
        {"ppt/commentAuthors.xml": f'<p:cmAuthorLst><p:cmAuthor id="0" name="{s}" initials="LW"/></p:cmAuthorLst>'}
    ),
    "pptx-notes": lambda s: _pptx(
        {
            "ppt/notesSlides/notesSlide1.xml": f"<p:notes><p:txBody><a:p {A}><a:r><a:t>{s}</a:t></a:r></a:p>"
            "</p:txBody></p:notes>"
        }
    ),
    "pptx-core-properties": lambda s: _pptx(
        {"docProps/core.xml": f"<cp:coreProperties><dc:subject>{s}</dc:subject></cp:coreProperties>"}
    ),
    # OpenDocument
    "odt-settings": lambda s: _odt(
        {
            "settings.xml": '<office:document-settings><office:settings><config:config-item-set config:name="v">'
            f'<config:config-item config:name="PrinterName" config:type="string">{s}</config:config-item>'
            "</config:config-item-set></office:settings></office:document-settings>"
        }
    ),
    "odt-meta": lambda s: _odt(
        {
            "meta.xml": f"<office:document-meta><office:meta><meta:keyword>{s}</meta:keyword></office:meta>"
            "</office:document-meta>"
        }
    ),
    "odt-extra-member": lambda s: _odt({"Secrets/notes.txt": f"backup: {s}"}),
    "odt-text-behind-an-image-signature": lambda s: _odt({"Pictures/image1.png": _png_with_text(s)}),
}


def _png_with_text(text: str) -> bytes:
    """A PNG signature and header, then a tEXt chunk (keyword, NUL, text): what an image's comment looks like."""
    chunk = b"tEXt" + b"Comment\x00" + text.encode("latin-1")
    header = b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + header + bytes(4) + struct.pack(">I", len(chunk) - 4) + chunk


def _stored_holds(stored: bytes, piece: str) -> bool:
    return any(piece.encode(encoding) in stored for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


@pytest.mark.parametrize("secret", [PHRASE, KEY], ids=["phrase", "key"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_secret_in_any_part_of_a_document_is_never_stored(message, case, secret):
    content = CASES[case](secret)
    text = attachment_text_extract(content=content, content_type="", filename="upload")
    assert text is not None and PIECES[secret] in " ".join(text.split())  # words a line each: one text
    attachment = attachment_create(message=message, filename="upload.bin", content=content, content_type="")
    assert attachment.text_redacted and not attachment.quarantined
    stored = attachment_content(attachment=Attachment.objects.get(pk=attachment.pk))
    assert not _stored_holds(stored, PIECES[secret])
    assert "[REDACTED:" in stored.decode("utf-8")
    message.ticket.refresh_from_db()
    assert message.ticket.secret_exposed


def test_a_secret_nested_as_deep_as_read_is_found(message):
    content = _docx({"word/document.xml": _word_document(PHRASE)})
    for _ in range(MAX_NESTING):
        content = _docx({"word/embeddings/inner.docx": content})
    attachment = attachment_create(message=message, filename="deep.docx", content=content, content_type="")
    assert attachment.text_redacted and not attachment.quarantined


# --- clean documents ----------------------------------------------------------------------------------------

# Word's latent style names: a list of wordlist words ("table", "grid", "light", "list") read apart, never a phrase.
LATENT_STYLES = [
    *(f"Table Grid {i}" for i in range(1, 9)),
    *(f"Table List {i}" for i in range(1, 9)),
    "Light Shading",
    "Light List",
    "Light Grid",
    "Table Theme",
    "Book Title",
    "List Number",
    "List Bullet",
    "Grid Table Light",
    "Grid Table 1 Light",
    "Table Web 1",
    "Table Web 2",
    "Title",
    "Signature",
    "Body Text",
]


def _clean_docx(rng: random.Random) -> bytes:
    styles = "".join(f'<w:lsdException w:name="{name}" w:uiPriority="{i}"/>' for i, name in enumerate(LATENT_STYLES))
    rsids = "".join(f'<w:rsid w:val="{rng.randbytes(4).hex().upper()}"/>' for _ in range(40))
    fonts = "".join(
        f'<a:font script="{script}" typeface="{face}"/>'
        for script, face in [
            ("Jpan", "游ゴシック"),
            ("Hang", "맑은 고딕"),
            ("Hans", "等线"),
            ("Arab", "Times New Roman"),
        ]
    )
    return _docx(
        {
            "word/document.xml": _word_document(
                "Dear support,", "My withdrawal of 0.5 BTC is pending since Monday.", "Thanks, Li Wei"
            ),
            "word/styles.xml": f"<w:styles {W}><w:latentStyles>{styles}</w:latentStyles></w:styles>",
            "word/settings.xml": f"<w:settings {W}><w:rsids>{rsids}</w:rsids></w:settings>",
            "word/theme/theme1.xml": f'<a:theme {A} name="Office Theme"><a:fontScheme>{fonts}</a:fontScheme></a:theme>',
            "word/header1.xml": f"<w:hdr {W}>{_paragraphs('Quarterly statement')}</w:hdr>",
            "docProps/core.xml": "<cp:coreProperties><dc:title>Quarterly statement</dc:title><dc:creator>Li Wei"
            "</dc:creator><dcterms:created>2024-03-01T10:00:00Z</dcterms:created></cp:coreProperties>",
            "docProps/app.xml": "<Properties><Application>Microsoft Office Word</Application><TitlesOfParts>"
            "<vt:vector><vt:lpstr>Office Theme</vt:lpstr><vt:lpstr>Title Slide</vt:lpstr></vt:vector>"
            "</TitlesOfParts></Properties>",
            "docProps/custom.xml": '<Properties><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
            'name="ContentTypeId"><vt:lpwstr>0x0101004F6C5B2E8A1D3E4B9C8A7D6E5F4A3B2C</vt:lpwstr></property>'
            "</Properties>",
            "customXml/item1.xml": "<b:Sources/>",
            "customXml/itemProps1.xml": '<ds:datastoreItem ds:itemID="{6A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D}"/>',
            "word/media/image1.png": b"\x89PNG\r\n\x1a\n" + rng.randbytes(20_000),
            "word/embeddings/Microsoft_Word_Document.docx": _docx(),
            "docProps/thumbnail.jpeg": b"\xff\xd8\xff\xe0" + rng.randbytes(8_000),
        }
    )


def _clean_xlsx(rng: random.Random) -> bytes:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>{r % 3}</v></c><c r="B{r}"><v>{rng.random() * 1000:.2f}</v></c></row>'
        for r in range(1, 200)
    )
    return _xlsx(
        {
            "xl/sharedStrings.xml": "<sst><si><t>Deposit</t></si><si><t>Withdrawal</t></si><si><t>Fee</t></si></sst>",
            "xl/worksheets/sheet1.xml": f"<worksheet><sheetData>{rows}</sheetData></worksheet>",
            "xl/charts/chart1.xml": f"<c:chartSpace><c:chart><c:title><c:tx><c:rich><a:p {A}><a:r><a:t>Monthly flows"
            '</a:t></a:r></a:p></c:rich></c:tx></c:title><c:numCache><c:formatCode>General</c:formatCode><c:pt idx="0">'
            "<c:v>7.0</c:v></c:pt></c:numCache></c:chart></c:chartSpace>",
            "xl/drawings/drawing1.xml": f"<xdr:wsDr><xdr:sp><xdr:txBody><a:p {A}><a:r><a:t>See note</a:t></a:r></a:p>"
            "</xdr:txBody></xdr:sp></xdr:wsDr>",
            "xl/printerSettings/printerSettings1.bin": b"\x02\x00\x00\x00"
            + "Microsoft Print to PDF".encode("utf-16-le")
            + rng.randbytes(1_000),
        }
    )


def _clean_odt(rng: random.Random) -> bytes:
    flags = "".join(
        f'<config:config-item config:name="Flag{i}" config:type="boolean">{rng.choice(["true", "false"])}'
        "</config:config-item>"
        for i in range(60)
    )
    return _odt(
        {
            "settings.xml": f"<office:document-settings><office:settings>{flags}</office:settings>"
            "</office:document-settings>",
            "meta.xml": "<office:document-meta><office:meta><meta:generator>LibreOffice</meta:generator>"
            "</office:meta></office:document-meta>",
            "META-INF/manifest.xml": '<manifest:manifest><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>',
            "Thumbnails/thumbnail.png": b"\x89PNG\r\n\x1a\n" + rng.randbytes(5_000),
        }
    )


def _clean_pdf(rng: random.Random) -> bytes:
    writer = _pdf_writer()
    writer.add_metadata({"/Title": "Quarterly statement", "/Author": "Li Wei", "/Producer": "Microsoft Word"})
    for heading in ("Summary", "Deposits", "Withdrawals", "Fees", "Contact"):
        writer.add_outline_item(title=heading, page_number=0)
    writer.add_annotation(page_number=0, annotation=Text(rect=(50, 550, 200, 650), text="please check this line"))
    writer.add_attachment("receipt.txt", b"Receipt 2024-03-01, 0.5 BTC\n")
    writer.add_attachment("photo.png", b"\x89PNG\r\n\x1a\n" + rng.randbytes(10_000))
    return _pdf_bytes(writer)


@pytest.mark.parametrize(
    ("build", "shown"),
    [(_clean_docx, "pending since Monday"), (_clean_xlsx, "Withdrawal"), (_clean_odt, "Hello"), (_clean_pdf, "Fees")],
)
def test_a_clean_document_with_many_parts_is_stored_as_it_came(message, build, shown):
    content = build(random.Random(8_9001))
    text = attachment_text_extract(content=content, content_type="", filename="upload")
    assert text is not None and shown in text
    attachment = attachment_create(message=message, filename="upload.bin", content=content, content_type="")
    assert not attachment.quarantined and not attachment.text_redacted and attachment.detector_version is not None
    assert attachment_content(attachment=Attachment.objects.get(pk=attachment.pk)) == content


# --- bombs, nesting, malformed parts: unscanned (quarantined), quickly ------------------------------------------


def _zip_bomb() -> bytes:
    """A docx with a member that expands past the limit (a few hundred kilobytes, compressed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", _word_document("hello"))
        with archive.open("word/media/pad.bin", "w", force_zip64=True) as handle:
            for _ in range(MAX_UNZIPPED_BYTES // (1 << 20) + 1):
                handle.write(bytes(1 << 20))
    return out.getvalue()


def _lying_zip() -> bytes:
    """A docx whose document part declares a thousand bytes and expands to megabytes."""
    content = bytearray(_docx({"word/document.xml": _word_document("x" * 8_000_000)}))
    # Its central directory entry: the signature, 42 bytes of fields (the uncompressed size at 24), the name.
    entry = content.find(b"PK\x01\x02")
    while content[entry + 46 : entry + 46 + len(b"word/document.xml")] != b"word/document.xml":
        entry = content.find(b"PK\x01\x02", entry + 1)
    content[entry + 24 : entry + 28] = struct.pack("<I", 1000)
    return bytes(content)


def _nested_docx(levels: int) -> bytes:
    content = _docx()
    for _ in range(levels):
        content = _docx({"word/embeddings/inner.docx": content})
    return content


@pytest.mark.parametrize(
    "build",
    [
        _zip_bomb,
        _lying_zip,
        lambda: _nested_docx(MAX_NESTING + 1),
        lambda: _nested_docx(40),
        # Malformed: an XML part that is not UTF-8 as declared, an encrypted-looking part, a broken nested document.
        lambda: _docx({"word/document.xml": b"<w:document><w:t>caf\xe9 \xff\xfe</w:t></w:document>"}),
        lambda: _odt({"content.xml": random.Random(1).randbytes(4_000)}),
        lambda: _docx({"word/embeddings/inner.docx": b"PK\x03\x04" + bytes(100)}),
        lambda: _pdf_embedded_docx(PHRASE)[:-400],
    ],
    ids=["zip-bomb", "size-lie", "nested-too-deep", "nested-40", "bad-utf8", "encrypted-part", "broken-nested", "cut"],
)
def test_a_document_that_cannot_be_read_whole_is_quarantined_quickly(message, build):
    content = build()
    started = time.monotonic()
    attachment = attachment_create(message=message, filename="upload.docx", content=content, content_type="")
    assert time.monotonic() - started < 10
    assert attachment.quarantined and attachment.detector_version is None
    assert attachment_content(attachment=Attachment.objects.get(pk=attachment.pk)) == content


def test_a_malformed_xml_part_is_still_read(message):
    broken = f"<w:document {W}><w:body><w:p><w:r><w:t>{PHRASE}</w:r></w:body>"  # tags never closed
    content = _docx({"word/document.xml": broken})
    attachment = attachment_create(message=message, filename="broken.docx", content=content, content_type="")
    assert attachment.text_redacted and not attachment.quarantined


def test_no_log_line_quotes_a_malformed_pdf(message, caplog):
    """pypdf logs an unknown font encoding by its name, which the document chooses (any customer text, not only
    a secret the log filter would redact): nothing it says is logged."""
    reader = PdfReader(io.BytesIO(_pdf("hello there")))
    writer = PdfWriter(clone_from=reader)
    font = writer.pages[0]["/Resources"]["/Font"]["/F1"].get_object()  # type: ignore[index]
    font[NameObject("/Encoding")] = NameObject("/Li Wei, 12 Harbour Road")
    content = _pdf_bytes(writer)
    attachment = attachment_create(message=message, filename="odd.pdf", content=content, content_type="")
    assert not attachment.quarantined
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert "Harbour" not in caplog.text
