"""An attachment is scanned before the transaction that records it: the scan of a file of several megabytes took
13-16 s inside the transaction, holding SQLite's write lock; a third concurrent upload waited past the lock's
timeout and got a 500, and every other writer (messages, audit) waited too."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from rest_framework.test import APIClient

from supportrecords import scanning, services
from supportrecords.ingest import integration_create
from supportrecords.models import Attachment, DataCategory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("requires_postgres")]

KEY = "e9873d79c6d87dc0fb6a5778633389f4453213303da61f20bd67fc233aa33262"


def _client() -> tuple[APIClient, str]:
    DataCategory.objects.get_or_create(
        slug="general-enquiry", defaults={"name": "General enquiry", "sensitivity": "internal"}
    )
    _, token = integration_create(name="uploads", rate_limit="1000/min")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    customer = {"external_id": "u-1", "exchange_account_id": "UIDUP1", "email": "u@example.com", "jurisdiction": "eu"}
    assert client.post("/api/customers/", customer, format="json").status_code == 201
    ticket = {
        "external_id": "t-1",
        "customer_external_id": "u-1",
        "category": "general-enquiry",
        "channel": "chat",
        "subject": "logs",
    }
    assert client.post("/api/tickets/", ticket, format="json").status_code == 201
    message = {"external_id": "m-1", "ticket_external_id": "t-1", "author_kind": "customer", "body": "my log"}
    assert client.post("/api/messages/", message, format="json").status_code == 201
    return client, token


def _upload(client: APIClient, external_id: str, content: bytes) -> int:
    file = SimpleUploadedFile("wallet.log", content, content_type="text/plain")
    payload = {"external_id": external_id, "message_external_id": "m-1", "file": file}
    return client.post("/api/attachments/", payload, format="multipart").status_code


def _stored_files(settings) -> list[Path]:
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / "attachments"
    return sorted(root.iterdir()) if root.exists() else []


def test_the_scan_runs_outside_any_transaction_and_a_retry_is_not_scanned_again(monkeypatch):
    client, _ = _client()
    scans: list[bool] = []
    real_scan = scanning.file_scan  # what services calls, under the name it imported

    def watched(**kwargs):
        scans.append(connection.in_atomic_block)
        return real_scan(**kwargs)

    monkeypatch.setattr(services, "file_scan", watched)
    assert _upload(client, "a-1", f"private key: {KEY}\n".encode()) == 201
    assert scans == [False]
    assert _upload(client, "a-1", f"private key: {KEY}\n".encode()) == 200
    assert scans == [False], "a retry of a stored external id is answered before scanning"
    stored = services.attachment_content(attachment=Attachment.objects.get(external_id="a-1"))
    assert KEY.encode() not in stored


def test_concurrent_uploads_of_one_external_id_store_one_record_and_one_file(settings):
    _, token = _client()
    content = ("a line of an ordinary wallet log, nothing secret here\n" * 20_000).encode()
    barrier = threading.Barrier(3)
    codes: list[int] = []

    def upload() -> None:
        own = APIClient()
        own.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        barrier.wait()
        try:
            codes.append(_upload(own, "a-race", content))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(codes) == [200, 200, 201]
    assert Attachment.objects.filter(external_id="a-race").count() == 1
    # The losers' files, scanned and saved before their records lost the race, are deleted.
    assert [path.name for path in _stored_files(settings)] == [Attachment.objects.get().storage_name.split("/")[-1]]


def test_an_upload_whose_record_cannot_be_stored_leaves_no_file(settings, monkeypatch):
    client, _ = _client()

    def refused(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("supportrecords.ingest.audit_record", refused)
    assert _upload(client, "a-2", b"an ordinary file") == 500
    assert Attachment.objects.count() == 0
    assert _stored_files(settings) == []
