"""Access requests: the zipped JSON and HTML export, tipping-off, the expiring audited download link."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from deletion.models import LegalHoldKind
from deletion.services import legal_hold_place
from privacy import access as privacy_access
from privacy import dispatch
from privacy import services as privacy_services
from privacy.models import AccessExport, PrivacyRequestKind, PrivacyRequestStatus
from privacy.tokens import export_token_make, track_token_make
from supportrecords import services as records
from tests.factories import UserFactory
from tests.privacy.helpers import links_in, make_customer, make_ticket, path_of, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def oncommit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def _exported(customer, oncommit, privacy_officer, monkeypatch, language="en"):
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)
    request = verified(customer, oncommit, kind=PrivacyRequestKind.ACCESS, language=language)
    privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    mail.outbox.clear()
    with oncommit(execute=True):
        assert privacy_access.access_export_build(request_id=request.pk) == PrivacyRequestStatus.COMPLETED
    request.refresh_from_db()
    return request


def test_the_export_holds_records_retention_recipients_and_staff_accesses(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch, eager
):
    customer = make_customer()
    ticket = make_ticket(customer, messages=2, attachment=True, subject="我的提币 <script>")
    agent = UserFactory(role="support agent")
    records.ticket_assign(ticket=ticket, agent=agent, actor=None)
    records.ticket_content_open(user=agent, ticket=ticket)
    request = _exported(customer, oncommit, privacy_officer, monkeypatch, language="zh-hans")
    link = path_of(next(u for m in mail.outbox for u in links_in(m) if "/privacy/export/" in u))
    response = Client().get(link, follow=True)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("records.json"))
    assert data["customer"]["email"] == customer.email
    assert [t["subject"] for t in data["tickets"]] == ["我的提币 <script>"]
    assert len(data["tickets"][0]["messages"]) == 2
    category = data["categories"][0]
    assert category["retention"]["retention_days"] > 0 and category["recipients"]
    assert {"role": "support agent", "date": timezone.now().date().isoformat(), "action": "ticket.view_content"} in [
        {k: a[k] for k in ("role", "date", "action")} for a in data["accesses"]
    ]
    assert any(a["role"] == "privacy officer" and a["action"] == "privacy_request.approve" for a in data["accesses"])
    attachment = data["tickets"][0]["messages"][0]["attachments"][0]
    assert archive.read(attachment["file"]) == b"%PDF-1.4 test"
    html = archive.read("records.html").decode()
    assert "我的提币 &lt;script&gt;" in html and "您的客服记录" in html
    assert AuditEvent.objects.filter(action="privacy_request.export_download", customer_id=customer.pk).count() == 1
    assert AccessExport.objects.get(request=request).downloads == 1


def test_records_under_a_suspicious_activity_hold_are_left_out_without_a_trace(
    privacy_settings, oncommit, privacy_officer, compliance_officer, monkeypatch
):
    customer = make_customer()
    shown = make_ticket(customer, subject="visible")
    hidden = make_ticket(customer, subject="under investigation")
    legal_hold_place(actor=compliance_officer, kind=LegalHoldKind.AML_SAR, reason="SAR 9", ticket_id=hidden.pk)
    records.ticket_content_open(user=compliance_officer, ticket=hidden)
    request = _exported(customer, oncommit, privacy_officer, monkeypatch)
    data = privacy_access.access_export_data(request=request)
    data.pop("_files")
    text = json.dumps(data, ensure_ascii=False)
    assert [t["id"] for t in data["tickets"]] == [shown.pk]
    assert "under investigation" not in text and "legal_hold" not in text and "SAR" not in text
    assert all(a["action"] != "ticket.view_content" for a in data["accesses"])


def test_expired_forged_and_deleted_export_links_are_refused(privacy_settings, oncommit, privacy_officer, monkeypatch):
    customer = make_customer()
    make_ticket(customer)
    request = _exported(customer, oncommit, privacy_officer, monkeypatch)
    export = AccessExport.objects.get(request=request)
    good = f"/privacy/export/{export_token_make(export_uid=str(export.uid))}/"
    assert Client().get(good, follow=True).status_code == 200
    assert Client().get(good[:-5] + "abcd/", follow=True).status_code == 400
    AccessExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get(good, follow=True).status_code == 410
    assert privacy_access.access_exports_expire() == 1
    export.refresh_from_db()
    assert export.deleted_at is not None


@pytest.mark.parametrize("token", ["not-a-token", "eyJyIjoiMSJ9:forged:signature", "x" * 300])
def test_an_unsigned_export_link_is_refused_before_anything_is_kept_in_the_session(privacy_settings, token):
    client = Client()
    response = client.get(f"/privacy/export/{token}/")
    assert response.status_code == 400
    assert "privacy_export" not in dict(client.session) and not any(
        token in str(value) for value in dict(client.session).values()
    )


def test_a_verify_or_track_token_is_no_export_link(privacy_settings):
    client = Client()
    response = client.get(f"/privacy/export/{track_token_make(request_uid='6b1f0000-0000-4000-8000-000000000000')}/")
    assert response.status_code == 400
    assert dict(client.session) == {}


def _records_html(request) -> str:
    export = AccessExport.objects.get(request=request)
    archive = zipfile.ZipFile(
        io.BytesIO(privacy_access.access_export_download(token=export_token_make(export_uid=str(export.uid)))[1])
    )
    return archive.read("records.html").decode()


def test_the_chinese_export_translates_legal_bases_and_dates_and_names_attachments_only_when_it_has_them(
    privacy_settings, oncommit, privacy_officer, monkeypatch
):
    with_files = make_customer()
    make_ticket(with_files, category="deposit-withdrawal", attachment=True)
    html = _records_html(_exported(with_files, oncommit, privacy_officer, monkeypatch, language="zh-hans"))
    assert "反洗钱交易记录" in html and "AML transaction records" not in html
    assert "年" in html and "attachments/" in html
    assert not re.search(r"\d{4}-\d{2}-\d{2}", html)  # no ISO dates shown
    without = make_customer()
    make_ticket(without, category="general-enquiry")
    html = _records_html(_exported(without, oncommit, privacy_officer, monkeypatch, language="en"))
    assert "storage limitation: kept no longer than needed (GDPR Art. 5(1)(e), PIPL Art. 19, PDPO DPP 2(2))" in html
    assert "attachments/" not in html
    assert "731 days (" in html and not re.search(r"\b1 days", html)


def test_attachment_names_keep_their_chinese_letters_in_the_zip_and_never_leave_its_folder(
    privacy_settings, oncommit, privacy_officer, monkeypatch
):
    customer = make_customer()
    ticket = make_ticket(customer, messages=1)
    message = ticket.messages.get()
    for name in ("银行流水 三月.pdf", "../../etc/passwd", "..\\..\\boot.ini", "C:evil.txt", "\u202etxt.exe"):
        records.attachment_create(message=message, filename=name, content=b"x", content_type="application/pdf")
    request = _exported(customer, oncommit, privacy_officer, monkeypatch, language="zh-hans")
    export = AccessExport.objects.get(request=request)
    raw = privacy_access.access_export_download(token=export_token_make(export_uid=str(export.uid)))[1]
    infos = [i for i in zipfile.ZipFile(io.BytesIO(raw)).infolist() if i.filename.startswith("attachments/")]
    names = sorted(i.filename.split("-", 1)[1] for i in infos)
    assert "银行流水 三月.pdf" in names
    chinese = next(i for i in infos if "银行流水" in i.filename)
    assert chinese.flag_bits & 0x800  # stored as UTF-8, flagged so every unzip tool reads it so
    for info in infos:
        rest = info.filename.removeprefix("attachments/")
        assert "/" not in rest and "\\" not in rest and ".." not in rest and ":" not in rest
        assert "\u202e" not in rest
