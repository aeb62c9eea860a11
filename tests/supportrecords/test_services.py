from __future__ import annotations

import io

import pytest

from bench import records as bench_records
from supportrecords.models import AuthorKind
from supportrecords.redaction import DETECTOR_VERSION
from supportrecords.services import attachment_content, attachment_create, message_build_scanned, message_create
from tests.factories import TicketFactory
from tests.supportrecords.conftest import SEED

pytestmark = pytest.mark.django_db


def _pdf(text: str) -> bytes:
    """A one-page PDF whose text layer is `text` (built by hand: pypdf writes, it does not typeset)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_a_built_message_stores_the_redacted_body_and_findings_metadata(ticket):
    message, _scanned = message_build_scanned(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body=f"a@b.com {SEED}")
    assert message.body == "a@b.com [REDACTED:seed_phrase]"
    assert message.detector_version == DETECTOR_VERSION
    assert [f[0] for f in message.findings] == ["email", "seed_phrase"]
    assert b"abandon" not in bytes(getattr(message, "body_ciphertext"))  # noqa: B009  # attname unknown to mypy


def test_ticket_subject_is_redacted(customer):
    ticket = TicketFactory(customer=customer, subject=f"Wallet: {SEED}")
    assert "[REDACTED:seed_phrase]" in ticket.subject and "abandon" not in ticket.subject
    assert ticket.findings[0][0] == "seed_phrase" and ticket.secret_exposed


def test_text_attachment_with_a_secret_is_stored_as_its_redacted_text(ticket):
    message = message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="see file")
    attachment = attachment_create(
        message=message, filename="words.txt", content=f"backup: {SEED}".encode(), content_type="text/plain"
    )
    assert attachment.text_redacted and attachment.filename == "words.txt.redacted.txt"
    assert attachment_content(attachment=attachment) == b"backup: [REDACTED:seed_phrase]"


def test_gb18030_text_attachment_is_decoded_and_scanned(ticket):
    message = message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="see file")
    content = f"我的助记词 {SEED}".encode("gb18030")
    attachment = attachment_create(message=message, filename="a.txt", content=content, content_type="text/plain")
    assert attachment.text_redacted
    assert "abandon" not in attachment_content(attachment=attachment).decode()


def test_pdf_text_layer_with_a_secret_is_never_stored(ticket):
    message = message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="see file")
    attachment = attachment_create(
        message=message, filename="statement.pdf", content=_pdf(f"key {SEED}"), content_type="application/pdf"
    )
    assert attachment.text_redacted and attachment.content_type.startswith("text/plain")
    stored = attachment_content(attachment=attachment)
    assert b"abandon" not in stored and b"[REDACTED:seed_phrase]" in stored
    ticket.refresh_from_db()
    assert ticket.secret_exposed


def test_clean_pdf_is_stored_unchanged_and_marked_scanned(ticket):
    message = message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="see file")
    content = _pdf("monthly statement")
    attachment = attachment_create(message=message, filename="s.pdf", content=content, content_type="application/pdf")
    assert not attachment.text_redacted and attachment.detector_version == DETECTOR_VERSION
    assert attachment_content(attachment=attachment) == content


def test_image_is_stored_unscanned(ticket):
    message = message_create(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="see file")
    attachment = attachment_create(message=message, filename="p.png", content=b"\x89PNG...", content_type="image/png")
    assert attachment.detector_version is None and not attachment.text_redacted


def test_bench_message_building_refuses_a_body_with_a_secret(ticket):
    """bench/records.py inserts messages without the exposure reaction: it must never take a secret."""
    built = bench_records.message_build(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body="withdrawal pending")
    assert built.pk is None and built.body == "withdrawal pending"
    with pytest.raises(ValueError, match="holds a secret"):
        bench_records.message_build(ticket=ticket, author_kind=AuthorKind.CUSTOMER, body=f"my phrase {SEED}")
