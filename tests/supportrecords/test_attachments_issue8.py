"""Issue 8: every attachment's text is scanned whatever it claims to be; what cannot be scanned is quarantined
until a compliance officer releases it."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import AuditEvent
from supportrecords import roles
from supportrecords.models import Attachment
from supportrecords.services import (
    attachment_content,
    attachment_create,
    attachment_download,
    attachment_release,
    message_create,
    ticket_assign,
)
from tests.auth import staff_login
from tests.supportrecords.conftest import SEED
from tests.supportrecords.test_services import _pdf

pytestmark = pytest.mark.django_db

TEXT = f"my backup words: {SEED} thanks"


@pytest.fixture
def message(ticket):
    return message_create(ticket=ticket, author_kind="customer", body="see the attached file")


def _zip(parts: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def _docx(text: str) -> bytes:
    # Two runs per word half: Word splits text into runs freely.
    runs = "".join(
        f"<w:r><w:t>{w[:2]}</w:t></w:r><w:r><w:t xml:space='preserve'>{w[2:]} </w:t></w:r>" for w in text.split()
    )
    body = f"<w:document><w:body><w:p>{runs}</w:p></w:body></w:document>"
    return _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": body})


def _xlsx(text: str) -> bytes:
    strings = f"<sst><si><t>{text}</t></si></sst>"
    sheet = "<worksheet><sheetData><row><c t='s'><v>0</v></c></row></sheetData></worksheet>"
    return _zip({"[Content_Types].xml": "<Types/>", "xl/sharedStrings.xml": strings, "xl/worksheets/sheet1.xml": sheet})


def _odt(text: str) -> bytes:
    body = f"<office:document-content><office:body><text:p>{text.replace(' ', '<text:s/>')}</text:p></office:body>"
    return _zip(
        {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": body + "</office:document-content>"}
    )


@pytest.mark.parametrize(
    ("content", "content_type", "filename"),
    [
        (TEXT.encode("utf-16"), "text/plain", "notes.txt"),  # Windows Notepad: UTF-16 LE with a BOM
        (TEXT.encode("utf-16-le"), "text/plain", "notes.txt"),  # without a BOM
        (TEXT.encode("utf-16-be"), "application/octet-stream", "notes"),
        (b"\xef\xbb\xbf" + TEXT.encode(), "text/plain", "notes.txt"),
        (TEXT.encode(), "application/octet-stream", "blob"),
        (TEXT.encode(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "words.docx"),
        (TEXT.encode(), "image/png", "photo.png"),
        (_docx(TEXT), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "words.docx"),
        (_docx(TEXT), "application/octet-stream", "upload"),
        (_xlsx(TEXT), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "sheet.xlsx"),
        (_odt(TEXT), "application/vnd.oasis.opendocument.text", "words.odt"),
        (_pdf(TEXT), "application/octet-stream", "scan.bin"),
    ],
)
def test_a_secret_in_any_readable_file_is_never_stored(message, content, content_type, filename):
    attachment = attachment_create(message=message, filename=filename, content=content, content_type=content_type)
    assert attachment.text_redacted and not attachment.quarantined
    stored = attachment_content(attachment=Attachment.objects.get(pk=attachment.pk))
    assert b"abandon" not in stored and "abandon".encode("utf-16-le") not in stored
    assert "[REDACTED:seed_phrase]" in stored.decode("utf-8")
    message.ticket.refresh_from_db()
    assert message.ticket.secret_exposed


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "photo.png"),
        # An archive is read member by member; one that could not be scanned alone (an image) could not in it.
        (_zip({"notes.txt": "x", "photo.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4}), "archive.zip"),
        (b"\x00\x01\x02\x03binary" * 50, "blob"),
        (b"%PDF-1.4 broken", "broken.pdf"),
    ],
)
def test_a_file_that_cannot_be_scanned_is_kept_encrypted_and_quarantined(message, content, filename):
    attachment = attachment_create(message=message, filename=filename, content=content, content_type="")
    assert attachment.quarantined and attachment.detector_version is None
    assert attachment_content(attachment=attachment) == content


def test_a_clean_office_file_is_scanned_and_not_quarantined(message):
    attachment = attachment_create(message=message, filename="a.docx", content=_docx("hello there"), content_type="")
    assert not attachment.quarantined and attachment.detector_version is not None and not attachment.text_redacted


def test_a_secret_in_the_file_name_is_never_stored(message):
    attachment = attachment_create(message=message, filename=f"{SEED}.png", content=b"\x89PNG", content_type="")
    assert "abandon" not in Attachment.objects.get(pk=attachment.pk).filename


def test_quarantined_files_wait_for_a_compliance_officer(message, make_user):
    agent = make_user(roles.AGENT)
    ticket_assign(ticket=message.ticket, agent=agent, actor=None)
    compliance = make_user(roles.COMPLIANCE_OFFICER)
    attachment = attachment_create(message=message, filename="p.png", content=b"\x89PNG\x00\x00", content_type="")
    with pytest.raises(PermissionDenied):
        attachment_download(user=agent, attachment=attachment)
    with pytest.raises(PermissionDenied):
        attachment_release(user=agent, attachment=attachment)
    assert attachment_download(user=compliance, attachment=attachment) == b"\x89PNG\x00\x00"
    attachment_release(user=compliance, attachment=attachment)
    event = AuditEvent.objects.get(action="attachment.release")
    assert event.target_id == str(attachment.pk)
    attachment.refresh_from_db()
    assert not attachment.quarantined
    assert attachment_download(user=agent, attachment=attachment) == b"\x89PNG\x00\x00"


def test_admin_release_of_a_quarantined_file(client, message, make_user):
    agent = make_user(roles.AGENT)
    ticket_assign(ticket=message.ticket, agent=agent, actor=None)
    attachment = attachment_create(message=message, filename="p.png", content=b"\x89PNG\x00\x00", content_type="")
    download = reverse("admin:supportrecords_attachment_download", args=[attachment.pk])
    release = reverse("admin:supportrecords_attachment_release", args=[attachment.pk])
    staff_login(client, agent)
    page = client.get(reverse("admin:supportrecords_ticket_change", args=[message.ticket.pk]))
    assert "quarantined" in page.content.decode() and release not in page.content.decode()
    assert client.get(download).status_code == 403
    assert client.post(release).status_code == 403
    staff_login(client, make_user(roles.COMPLIANCE_OFFICER))
    page = client.get(reverse("admin:supportrecords_ticket_change", args=[message.ticket.pk]))
    assert release in page.content.decode()
    assert client.post(release).status_code == 302
    staff_login(client, agent)
    assert client.get(download).status_code == 200


def test_agents_see_a_uk_customers_national_number_masked_as_british(client, make_user):
    from tests.factories import CustomerFactory, TicketFactory

    agent = make_user(roles.AGENT)
    ticket = TicketFactory(customer=CustomerFactory(jurisdiction="uk"))
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    message_create(ticket=ticket, author_kind="customer", body="call me on 07700 900123 please")
    staff_login(client, agent)
    page = client.get(reverse("admin:supportrecords_ticket_change", args=[ticket.pk])).content.decode()
    assert "+44 770***0123" in page and "900123" not in page and "+49" not in page
