"""Plain archives and compressed files (zip, tar, gzip, bzip2, xz, lzma) are scanned like a docx: each member is
read as a file of its own, archives inside archives to the depth documents are read, and a phrase in any of them
ends as it does in a docx (its redacted text stored instead). Bombs, encrypted or corrupt archives, and archives
with a member that could not be scanned alone stay unscanned (quarantined), without expanding the bomb."""

from __future__ import annotations

import bz2
import functools
import gzip
import io
import lzma
import random
import struct
import tarfile
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from mnemonic import Mnemonic

from supportrecords import roles
from supportrecords.models import Attachment
from supportrecords.services import (
    attachment_content,
    attachment_create,
    attachment_download,
    message_create,
    ticket_assign,
)
from supportrecords.textextract import MAX_MEMBERS, MAX_NESTING, MAX_UNZIPPED_BYTES, attachment_text_extract
from tests.supportrecords.test_api import msg
from tests.supportrecords.test_attachment_every_part import _docx, _word_document

pytestmark = pytest.mark.django_db

PHRASE = Mnemonic("english").to_mnemonic(random.Random(29_0001).randbytes(16))
PIECE = " ".join(PHRASE.split()[3:6])  # what must never be stored
SEED_TXT = f"My wallet backup, keep it safe:\n{PHRASE}\n".encode()
CLEAN_TXT = b"Withdrawal 0x51 of 0.5 BTC pending since Monday.\nThanks, Li Wei\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


@pytest.fixture
def message(ticket):
    return message_create(ticket=ticket, author_kind="customer", body="see the attached file")


def _zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def _tar(members: dict[str, bytes], *, mode: str = "w") -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode) as archive:  # type: ignore[call-overload]  # mode is a literal
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
    return out.getvalue()


def _lzma_alone(data: bytes) -> bytes:
    return lzma.compress(data, format=lzma.FORMAT_ALONE)


# Each wraps a text file as a customer would send it.
WRAPPINGS: dict[str, Callable[[bytes], bytes]] = {
    "zip-stored": lambda t: _zip({"seed.txt": t}, compression=zipfile.ZIP_STORED),
    "zip-deflated": lambda t: _zip({"readme.md": b"see seed.txt\n", "seed.txt": t}),
    "zip-bzip2": lambda t: _zip({"seed.txt": t}, compression=zipfile.ZIP_BZIP2),
    "zip-lzma": lambda t: _zip({"seed.txt": t}, compression=zipfile.ZIP_LZMA),
    "zip-in-zip": lambda t: _zip({"inner.zip": _zip({"seed.txt": t})}),
    "zip-in-zip-in-zip": lambda t: _zip({"a.zip": _zip({"b.zip": _zip({"seed.txt": t})})}),
    "tar": lambda t: _tar({"backup/seed.txt": t}),
    "tar.gz": lambda t: _tar({"backup/seed.txt": t}, mode="w:gz"),
    "tar.bz2": lambda t: _tar({"backup/seed.txt": t}, mode="w:bz2"),
    "tar.xz": lambda t: _tar({"backup/seed.txt": t}, mode="w:xz"),
    "gz": gzip.compress,
    "gz-two-members": lambda t: gzip.compress(t[:20]) + gzip.compress(t[20:]),
    "bz2": bz2.compress,
    "xz": lzma.compress,
    "lzma": _lzma_alone,
    "gz-in-zip": lambda t: _zip({"seed.txt.gz": gzip.compress(t)}),
    "zip-in-tar.gz": lambda t: _tar({"b.zip": _zip({"seed.txt": t})}, mode="w:gz"),
    "utf32-in-zip": lambda t: _zip({"seed.txt": t.decode().encode("utf-32-le")}),
    "docx-in-zip": lambda t: _zip({"letter.docx": _docx({"word/document.xml": _word_document(t.decode())})}),
}


def _stored(attachment: Attachment) -> bytes:
    return attachment_content(attachment=Attachment.objects.get(pk=attachment.pk))


@pytest.mark.parametrize("wrapping", list(WRAPPINGS))
def test_a_phrase_in_an_archive_is_found_and_never_stored(message, wrapping):
    content = WRAPPINGS[wrapping](SEED_TXT)
    text = attachment_text_extract(content=content, content_type="application/zip", filename="backup.zip")
    assert text is not None and PHRASE in text
    attachment = attachment_create(message=message, filename="backup.zip", content=content, content_type="")
    assert attachment.text_redacted and not attachment.quarantined and attachment.detector_version is not None
    stored = _stored(attachment)
    assert PIECE.encode() not in stored and "[REDACTED:seed_phrase]" in stored.decode("utf-8")
    message.ticket.refresh_from_db()
    assert message.ticket.secret_exposed


@pytest.mark.parametrize("wrapping", ["zip-deflated", "tar.gz", "gz", "bz2", "xz"])
def test_an_archive_ends_as_a_docx_holding_the_same_text(ticket, wrapping):
    """Same text, same outcome: redacted rendition, its name and type, the findings, not quarantined."""
    outcomes = []
    for content in (WRAPPINGS[wrapping](SEED_TXT), _docx({"word/document.xml": _word_document(SEED_TXT.decode())})):
        message = message_create(ticket=ticket, author_kind="customer", body="see the attached file")
        attachment = attachment_create(message=message, filename="upload", content=content, content_type="")
        kinds = sorted({f[0] for f in attachment.findings})
        outcomes.append(
            (attachment.text_redacted, attachment.quarantined, attachment.content_type, attachment.filename, kinds)
        )
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][3] == "upload.redacted.txt"


def test_a_phrase_hidden_around_the_files_of_an_archive_is_found(message):
    """A tar member's name, and text after the end of the archive, are read too."""
    for content in (_tar({PHRASE: CLEAN_TXT}), _tar({"notes.txt": CLEAN_TXT}) + SEED_TXT):
        attachment = attachment_create(message=message, filename="backup.tar", content=content, content_type="")
        assert attachment.text_redacted and not attachment.quarantined
        assert PIECE.encode() not in _stored(attachment)


@pytest.mark.parametrize("field", ["filename", "comment"])
def test_a_phrase_in_a_gzip_header_is_found(message, field):
    """An attacker's second round: a phrase as the gzip header's file name (FNAME) or comment (FCOMMENT) was stored
    whole and downloadable."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename=PHRASE if field == "filename" else "notes.txt", mode="wb", fileobj=buffer) as handle:
        handle.write(CLEAN_TXT)
    content = buffer.getvalue()
    if field == "comment":  # FCOMMENT after the header's fixed part and FNAME: the flag set, the text put in
        name_end = content.index(b"\x00", 10) + 1
        content = (
            content[:3]
            + bytes([content[3] | 0x10])
            + content[4:name_end]
            + PHRASE.encode()
            + b"\x00"
            + content[name_end:]
        )
    attachment = attachment_create(message=message, filename="notes.gz", content=content, content_type="")
    assert attachment.text_redacted and not attachment.quarantined
    assert PIECE.encode() not in _stored(attachment)


@pytest.mark.parametrize(
    "wrapping", ["zip-stored", "zip-deflated", "zip-in-zip", "tar", "tar.gz", "tar.xz", "gz", "bz2", "xz", "lzma"]
)
def test_an_archive_of_harmless_text_is_scanned_and_stored_as_it_came(message, wrapping):
    content = WRAPPINGS[wrapping](CLEAN_TXT)
    attachment = attachment_create(message=message, filename="logs.zip", content=content, content_type="")
    assert not attachment.quarantined and not attachment.text_redacted and attachment.detector_version is not None
    assert _stored(attachment) == content


def test_an_agent_downloads_the_redacted_text_of_an_archive_without_a_release(message, make_user):
    """The attack: backup.zip was quarantined with the phrase inside, and a compliance officer's release handed
    the phrase to agents. Now what agents get is the redacted text, and nothing waits for a release."""
    agent = make_user(roles.AGENT)
    ticket_assign(ticket=message.ticket, agent=agent, actor=None)
    content = WRAPPINGS["zip-deflated"](SEED_TXT)
    attachment = attachment_create(message=message, filename="backup.zip", content=content, content_type="")
    downloaded = attachment_download(user=agent, attachment=attachment)
    assert PIECE.encode() not in downloaded and b"[REDACTED:seed_phrase]" in downloaded


def test_an_archive_with_a_phrase_through_the_api_is_stored_redacted(api, api_ticket):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api.post("/api/messages/", msg("m-1", body="see the file"), format="json")
    for number, (name, content, content_type) in enumerate(
        [
            ("backup.zip", WRAPPINGS["zip-deflated"](SEED_TXT), "application/zip"),
            ("seed.txt.gz", WRAPPINGS["gz"](SEED_TXT), "application/gzip"),
        ]
    ):
        response = api.post(
            "/api/attachments/",
            {
                "external_id": f"a-{number}",
                "message_external_id": "m-1",
                "file": SimpleUploadedFile(name, content, content_type),
            },
            format="multipart",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["text_redacted"] is True and body["quarantined"] is False and body["scanned"] is True
        assert PIECE.encode() not in _stored(Attachment.objects.get(external_id=f"a-{number}"))


# --- what stays unscanned (quarantined) ---------------------------------------------------------------------------


@functools.cache
def _zip_bomb() -> bytes:
    """One member of 1 GiB of zeros, deflated (4.5 MiB at the fastest level), written a chunk at a time."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("readme.txt", b"hello")
        with archive.open("zeros.txt", "w", force_zip64=True) as handle:
            chunk = bytes(1 << 20)
            for _ in range(1024):
                handle.write(chunk)
    return out.getvalue()


@functools.cache
def _gzip_bomb() -> bytes:
    """1 GiB of zeros as 16 gzip members of 64 MiB each (1 MiB in all), which a reader joins."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    return (compressor.compress(bytes(64 << 20)) + compressor.flush()) * 16


@functools.cache
def _bz2_bomb() -> bytes:
    """1 GiB of zeros as 16 bzip2 streams (1 kB in all: its ratio is far past any deflate's)."""
    return bz2.compress(bytes(64 << 20)) * 16


def _ratio_bomb() -> bytes:
    """A zip of 40 MiB of zeros, under the size budget: refused for its ratio, before anything is expanded."""
    return _zip({"zeros.csv": bytes(40 << 20)})


def _too_many_members() -> bytes:
    return _zip({f"note{i}.txt": b"hi" for i in range(MAX_MEMBERS + 1)}, compression=zipfile.ZIP_STORED)


def _nested_too_deep() -> bytes:
    content = _zip({"seed.txt": SEED_TXT})
    for _ in range(MAX_NESTING + 1):
        content = _zip({"inner.zip": content})
    return content


def _encrypted_zip() -> bytes:
    """A zip whose member says it is encrypted (ZipCrypto's flag in its local and central headers)."""
    content = bytearray(_zip({"seed.txt": SEED_TXT}))
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = content.find(signature) + flag_at
        (flags,) = struct.unpack("<H", content[at : at + 2])
        content[at : at + 2] = struct.pack("<H", flags | 0x1)
    return bytes(content)


def _corrupt_member_zip() -> bytes:
    content = bytearray(_zip({"seed.txt": SEED_TXT * 20}))
    data = content.find(b"seed.txt") + len(b"seed.txt")
    content[data + 10 : data + 30] = bytes(20)
    return bytes(content)


UNSCANNABLE: dict[str, Callable[[], bytes]] = {
    "zip-bomb-1GiB": _zip_bomb,
    "gzip-bomb-1GiB": _gzip_bomb,
    "bz2-bomb-1GiB": _bz2_bomb,
    "ratio-bomb": _ratio_bomb,
    "too-many-members": _too_many_members,
    "nested-too-deep": _nested_too_deep,
    "encrypted-zip": _encrypted_zip,
    "corrupt-zip-member": _corrupt_member_zip,
    "zip-cut": lambda: _zip({"seed.txt": SEED_TXT})[:-30],
    "gz-cut": lambda: gzip.compress(SEED_TXT * 50)[:-40],
    "xz-cut": lambda: lzma.compress(SEED_TXT * 50)[:-40],
    "gz-then-text": lambda: gzip.compress(CLEAN_TXT) + SEED_TXT,
    "tar-cut": lambda: _tar({"seed.txt": SEED_TXT * 50})[:1024],
    "image-in-zip": lambda: _zip({"notes.txt": CLEAN_TXT, "photo.png": PNG}),
    "image-in-tar.gz": lambda: _tar({"photo.png": PNG}, mode="w:gz"),
    "image-gzipped": lambda: gzip.compress(PNG),
    "7z-in-zip": lambda: _zip({"inner.7z": b"7z\xbc\xaf\x27\x1c" + bytes(100)}),
}


@pytest.mark.parametrize("build", list(UNSCANNABLE))
def test_an_archive_that_cannot_be_read_whole_is_quarantined(message, build):
    content = UNSCANNABLE[build]()
    attachment = attachment_create(message=message, filename="backup.zip", content=content, content_type="")
    assert attachment.quarantined and attachment.detector_version is None and not attachment.text_redacted
    assert _stored(attachment) == content


@pytest.mark.parametrize("build", ["zip-bomb-1GiB", "gzip-bomb-1GiB", "bz2-bomb-1GiB", "ratio-bomb"])
def test_a_bomb_is_refused_within_bounded_memory(build):
    content = UNSCANNABLE[build]()
    tracemalloc.start()
    try:
        text = attachment_text_extract(content=content, content_type="", filename="")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert text is None
    # A zip's declared sizes refuse it unread; a stream is given up at the budget, never past it.
    assert peak < (8 << 20 if build.startswith(("zip", "ratio")) else 2 * MAX_UNZIPPED_BYTES + (8 << 20))


def test_the_reason_an_archive_is_unscanned_is_logged_without_its_content(message, caplog):
    caplog.set_level("INFO")
    attachment_create(message=message, filename=f"{PHRASE}.zip", content=_encrypted_zip(), content_type="")
    assert "encrypted zip member" in caplog.text
    assert f"message {message.pk}" in caplog.text
    assert PHRASE.split()[0] not in caplog.text and "seed.txt" not in caplog.text


def test_an_office_file_keeps_its_compressed_images(message):
    """An EMZ image (a gzipped metafile) in a docx is a part of it, read for runs of text as any image part: the
    docx is scanned, not quarantined as an archive holding an image would be."""
    content = _docx({"word/media/image1.emz": gzip.compress(b"\x01\x00\x00\x00" + bytes(range(256)) * 8)})
    attachment = attachment_create(message=message, filename="letter.docx", content=content, content_type="")
    assert not attachment.quarantined and attachment.detector_version is not None


def test_a_quarantined_archive_waits_for_a_compliance_officer(message, make_user):
    agent = make_user(roles.AGENT)
    ticket_assign(ticket=message.ticket, agent=agent, actor=None)
    content = UNSCANNABLE["encrypted-zip"]()
    attachment = attachment_create(message=message, filename="backup.zip", content=content, content_type="")
    with pytest.raises(PermissionDenied):
        attachment_download(user=agent, attachment=attachment)


@pytest.mark.parametrize(
    ("filename", "content_type"), [("backup.zip", "application/zip"), ("seed.txt.gz", "application/gzip")]
)
def test_rescan_redacts_an_archive_quarantined_before_archives_were_read(
    message, monkeypatch, django_capture_on_commit_callbacks, filename, content_type
):
    from supportrecords import rescan, services

    content = WRAPPINGS["zip-deflated" if filename.endswith(".zip") else "gz"](SEED_TXT)
    with monkeypatch.context() as patched:
        patched.setattr(services, "file_scan", lambda **_: None)  # as before: an archive could not be scanned
        old = attachment_create(message=message, filename=filename, content=content, content_type=content_type)
    assert old.quarantined
    with django_capture_on_commit_callbacks(execute=True):
        report = rescan.records_rescan()
    assert report.attachments_redacted == 1
    stored = Attachment.objects.get(pk=old.pk)
    assert stored.text_redacted and not stored.quarantined and stored.filename == f"{filename}.redacted.txt"
    assert PIECE.encode() not in attachment_content(attachment=stored)


def test_a_phrase_in_halves_in_two_files_of_a_zip_is_found(message):
    """An attacker's second round: part1.txt and part2.txt held the two halves of a phrase; each file read alone
    held none, and the zip was stored whole."""
    words = PHRASE.split()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("part1.txt", " ".join(words[:6]))
        archive.writestr("part2.txt", " ".join(words[6:]))
    attachment = attachment_create(message=message, filename="b.zip", content=buffer.getvalue(), content_type="")
    assert attachment.text_redacted and not attachment.quarantined
    stored = _stored(attachment)
    assert not [word for word in words if word.encode() in stored.split()]
