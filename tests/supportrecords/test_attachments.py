from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from supportrecords.exceptions import AttachmentCorrupted, AttachmentTooLarge
from supportrecords.models import Attachment
from supportrecords.services import attachment_content, attachment_create, message_create


@pytest.fixture
def message(ticket):
    return message_create(ticket=ticket, author_kind="customer", body="see the attached statement")


def test_attachment_is_stored_as_ciphertext_under_a_random_name(message):
    content = b"%PDF-1.7 bank statement of Jane Doe"
    attachment = attachment_create(
        message=message, filename="statement.pdf", content=content, content_type="application/pdf"
    )
    with default_storage.open(attachment.storage_name, "rb") as handle:
        stored = handle.read()
    assert content not in stored and b"Jane" not in stored
    assert "statement" not in attachment.storage_name
    assert attachment_content(attachment=Attachment.objects.get(pk=attachment.pk)) == content
    assert attachment.size == len(content)


def test_upload_over_the_limit_is_refused_with_the_limit_in_the_message(settings, message):
    settings.CUSTOS_ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(AttachmentTooLarge, match="the limit is 1000 bytes"):
        attachment_create(message=message, filename="big.bin", content=b"x" * 1001, content_type="")
    assert not Attachment.objects.exists()


def test_upload_at_the_limit_is_accepted(settings, message):
    settings.CUSTOS_ATTACHMENT_MAX_BYTES = 1000
    attachment_create(message=message, filename="ok.bin", content=b"x" * 1000, content_type="")
    assert Attachment.objects.count() == 1


def test_altered_stored_file_is_refused(message):
    attachment = attachment_create(message=message, filename="a.txt", content=b"hello", content_type="text/plain")
    default_storage.delete(attachment.storage_name)
    default_storage.save(attachment.storage_name, __import__("io").BytesIO(b"\x01" + b"0" * 60))
    with pytest.raises(AttachmentCorrupted):
        attachment_content(attachment=attachment)


def test_failed_database_insert_leaves_no_file_behind(message, monkeypatch, tmp_path):
    def fail(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(Attachment, "save", fail)
    with pytest.raises(RuntimeError):
        attachment_create(message=message, filename="a.txt", content=b"hello", content_type="text/plain")
    _dirs, files = default_storage.listdir("attachments")
    assert files == []
