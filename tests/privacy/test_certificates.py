from __future__ import annotations

import base64
import copy
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from privacy import certificates

PAYLOAD = {
    "type": certificates.CERTIFICATE_TYPE,
    "version": 1,
    "request": "6b1f0000-0000-4000-8000-000000000000",
    "subject": {"account_fingerprint": "ab" * 32, "fingerprint_method": "sha256", "jurisdiction": "cn"},
    "received_at": "2026-11-01T00:00:00+00:00",
    "completed_at": "2026-11-02T00:00:00+00:00",
    "issuer": "Custos",
    "deleted": {
        "categories": [
            {"category": "general-enquiry", "name": "一般咨询", "tickets": 2, "messages": 5, "attachments": 1}
        ],
        "stores": {
            "database_rows": {"tickets": 2},
            "history_rows": 4,
            "files": 1,
            "permissions": 2,
            "admin_log_entries": 1,
            "data_key": "destroyed",
            "processors": [],
        },
    },
    "kept": [],
}


def _document():
    payload = copy.deepcopy(PAYLOAD)
    return certificates.certificate_document(payload=payload, signature=certificates.certificate_sign(payload=payload))


def test_a_signed_certificate_verifies_with_the_published_public_key():
    document = _document()
    assert certificates.certificate_verify(document=document)
    raw = base64.urlsafe_b64decode(certificates.public_key_document()["public_key"] + "==")
    signature = base64.urlsafe_b64decode(document["signature"] + "==")
    Ed25519PublicKey.from_public_bytes(raw).verify(signature, certificates.canonical_json(PAYLOAD))


def test_an_altered_or_forged_certificate_does_not_verify():
    document = _document()
    altered = copy.deepcopy(document)
    altered["certificate"]["deleted"]["categories"][0]["tickets"] = 3
    assert not certificates.certificate_verify(document=altered)
    forged = {**document, "signature": base64.urlsafe_b64encode(b"\0" * 64).decode()}
    assert not certificates.certificate_verify(document=forged)
    junks: tuple[object, ...] = (
        None,
        [],
        "x",
        {"certificate": "x"},
        {**document, "signature": "!!"},
        {**document, "signature": 5},
    )
    for junk in junks:
        assert not certificates.certificate_verify(document=junk)


def test_a_certificate_signed_by_another_key_does_not_verify(settings):
    document = _document()
    settings.CUSTOS_CERTIFICATE_SIGNING_KEY = bytes(range(32))
    assert not certificates.certificate_verify(document=document)


def test_the_public_key_is_published_as_json_and_pem(db):
    client = Client()
    data = client.get("/.well-known/custos-certificate-key").json()
    assert data["alg"] == "Ed25519" and data["key_id"] == certificates.key_id()
    pem = client.get("/.well-known/custos-certificate-key?format=pem")
    assert pem.content.startswith(b"-----BEGIN PUBLIC KEY-----")


def test_the_verify_page_accepts_a_genuine_certificate_and_refuses_an_altered_one(db):
    client = Client()
    document = _document()
    good = client.post("/privacy/certificates/verify/", {"document": json.dumps(document)})
    assert 'data-valid="true"' in good.content.decode()
    document["certificate"]["kept"] = [{"category": "x"}]
    bad = client.post("/privacy/certificates/verify/", {"document": json.dumps(document)})
    assert 'data-valid="false"' in bad.content.decode()
    garbage = client.post("/privacy/certificates/verify/", {"document": "{not json"})
    assert 'data-valid="false"' in garbage.content.decode()


def test_the_pdf_renders_latin_and_chinese_text():
    document = _document()
    title, lines = certificates.certificate_lines(document=document)
    pdf = certificates.certificate_pdf(document=document, title=title, lines=lines)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000


@pytest.mark.parametrize("document", ["\x00", '{"certificate": {}}\x00', '{"a": 1}\x07', "\x1b[31m"])
def test_a_control_character_in_the_pasted_document_is_a_400_with_a_message(db, document):
    response = Client().post("/privacy/certificates/verify/", {"document": document})
    assert response.status_code == 400
    assert 'data-valid="' not in response.content.decode()
    assert response.context["form"].errors


def test_a_control_character_in_an_uploaded_document_is_a_400_with_a_message(db):
    upload = SimpleUploadedFile("certificate.json", b'{"certificate": {}}\x00', content_type="application/json")
    response = Client().post("/privacy/certificates/verify/", {"upload": upload})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()
