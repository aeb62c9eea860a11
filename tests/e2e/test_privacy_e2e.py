"""End to end in real headless Chromium: a customer asks in Chinese for erasure, confirms through the emailed link,
a privacy officer and a compliance officer approve in the admin, a real Celery worker executes, the status page
says completed and the certificate verifies. Then a pg_dump of the database holds none of the customer's
plaintext, and what is left of their ciphertext cannot be decrypted."""

from __future__ import annotations

import base64
import json
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection

from encryption.envelope import value_decrypt
from encryption.exceptions import KeyDestroyed
from encryption.keyring import key_cache
from encryption.models import DataKey
from privacy.models import PrivacyRequest, PrivacyRequestStatus
from supportrecords import roles
from supportrecords import services as records
from supportrecords.models import Customer, DataCategory, Jurisdiction, Message, Ticket
from tests.auth import browser_login
from tests.conftest import skip_unless_ci
from tests.factories import UserFactory
from tests.worker import celery_worker, wait_until

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery staple"

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reseeded")]


def _plaintexts(marker: str) -> dict[str, str]:
    return {
        "account": f"UIDE2E{marker}",
        "email": f"li.wei.{marker.lower()}@example.com",
        "name": f"李伟{marker}",
        "subject": f"提币未到账 {marker} 秘密主题",
        "body": f"我的提币地址是 {marker} 请帮忙查询 confidential-body",
        "kyc": f"护照号码 E{marker} 身份证明",
        "filename": f"bank-statement-{marker}.pdf",
        "file": f"%PDF-1.4 statement {marker}",
    }


def _customer_with_records(texts: dict[str, str]) -> Customer:
    customer = records.customer_create(
        exchange_account_id=texts["account"],
        email=texts["email"],
        name=texts["name"],
        phone="+86 138 0013 8000",
        jurisdiction=Jurisdiction.CN,
    )
    general = records.ticket_create(
        customer=customer,
        category=DataCategory.objects.get(slug="general-enquiry"),
        channel="chat",
        subject=texts["subject"],
    )
    message = records.message_create(ticket=general, author_kind="customer", body=texts["body"])
    records.attachment_create(
        message=message, filename=texts["filename"], content=texts["file"].encode(), content_type="application/pdf"
    )
    kyc = records.ticket_create(
        customer=customer,
        category=DataCategory.objects.get(slug="security-incident"),  # restricted: needs the second approval
        channel="email",
        subject=texts["kyc"],
    )
    records.message_create(ticket=kyc, author_kind="customer", body=texts["kyc"])
    return customer


@pytest.fixture
def chromium():
    if not CHROMIUM.exists():
        skip_unless_ci("needs Debian's chromium at /usr/bin/chromium (CI installs it)")
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def test_a_chinese_customer_erasure_end_to_end_in_chromium(
    requires_postgres, live_server, chromium, settings, tmp_path, monkeypatch
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop in this thread
    queue = f"test-privacy-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    settings.CUSTOS_PUBLIC_BASE_URL = live_server.url
    settings.CUSTOS_PRIVACY_QUEUE = queue
    settings.CUSTOS_LEDGER_DIR = tmp_path / "ledger"
    settings.CUSTOS_PRIVACY_RATE_PER_IP = settings.CUSTOS_PRIVACY_RATE_PER_EMAIL = "1000/h"
    texts = _plaintexts(uuid.uuid4().hex[:8].upper())
    customer = _customer_with_records(texts)
    ciphertexts = [
        (customer.data_key_id, "supportrecords.ticket.subject", bytes(blob or b""))
        for blob in Ticket.objects.filter(customer=customer).values_list("subject_ciphertext", flat=True)
    ] + [
        (customer.data_key_id, "supportrecords.message.body", bytes(blob or b""))
        for blob in Message.objects.filter(ticket__customer=customer).values_list("body_ciphertext", flat=True)
    ]
    officer = UserFactory(role=roles.PRIVACY_OFFICER, username="privacy.e2e")
    compliance = UserFactory(role=roles.COMPLIANCE_OFFICER, username="compliance.e2e")
    key = base64.urlsafe_b64encode(bytes(settings.CUSTOS_CERTIFICATE_SIGNING_KEY)).decode()

    with celery_worker(
        queue=queue,
        CUSTOS_PRIVACY_QUEUE=queue,
        CUSTOS_PUBLIC_BASE_URL=live_server.url,
        CUSTOS_LEDGER_DIR=str(tmp_path / "ledger"),
        CUSTOS_CERTIFICATE_SIGNING_KEY=key,
        EMAIL_URL=f"filemail:///{mail_dir}",
    ) as worker:
        customer_page = chromium.new_context(locale="zh-CN").new_page()
        customer_page.goto(f"{live_server.url}/privacy/")
        assert "查询您的客服记录" in customer_page.content()
        customer_page.get_by_label("删除我的记录").check()
        customer_page.get_by_label("交易所账户 ID").fill(texts["account"])
        customer_page.get_by_label("账户的电子邮箱地址").fill(texts["email"])
        customer_page.get_by_label("我们邮件的语言").select_option("zh-hans")
        customer_page.get_by_role("button", name="发送请求").click()
        customer_page.wait_for_url("**/privacy/sent/")
        assert "请查收邮件" in customer_page.content()

        # The form answered before matching; the worker matched the submission and sent the link (mail files).
        assert mail.outbox == []

        def confirmation_sent() -> bool:
            return any("/privacy/confirm/" in p.read_text() for p in mail_dir.glob("*.log"))

        try:
            wait_until(confirmation_sent, timeout=60)
        except AssertionError:
            raise AssertionError("".join(worker.output[-60:])) from None
        sent_first = "".join(p.read_text() for p in mail_dir.glob("*.log"))
        assert texts["email"] in sent_first and "确认" in sent_first
        link = next(word for word in sent_first.split() if "/privacy/confirm/" in word)
        customer_page.goto(link)
        customer_page.get_by_role("button", name="确认我的请求").click()
        customer_page.wait_for_url("**/privacy/status/")  # the token left for a session cookie
        status_url = customer_page.url
        assert "审核中" in customer_page.content()
        request = PrivacyRequest.objects.get(customer_id=customer.pk)

        staff = chromium.new_context(locale="en-GB").new_page()
        for user, button in ((officer, "approve"), (compliance, "approve_second")):
            browser_login(staff, live_server.url, user.username, PASSWORD)
            staff.goto(f"{live_server.url}/admin/privacy/privacyrequest/{request.pk}/change/")
            if button == "approve":
                assert "Security incident" in staff.content()  # the scope, before anything runs
            with staff.expect_navigation():
                staff.click(f"input[name={button}]")
            assert "approval" in staff.locator("ul.messagelist").inner_text().lower()
            staff.context.clear_cookies()

        def completed() -> bool:
            request.refresh_from_db()
            return request.status == PrivacyRequestStatus.COMPLETED and request.contact_forgotten_at is not None

        try:
            wait_until(completed, timeout=120)
        except AssertionError:
            raise AssertionError("".join(worker.output[-80:])) from None
        assert (request.approved_by, request.second_approved_by) == (officer, compliance)

        customer_page.goto(status_url)
        assert 'data-status="completed"' in customer_page.content() and "已完成" in customer_page.content()
        customer_page.get_by_role("link", name="查看您的删除证明").click()
        assert "此证书的签名有效" in customer_page.content()
        document = customer_page.locator("#certificate-document").text_content() or ""
        customer_page.goto(f"{live_server.url}/privacy/certificates/verify/")
        customer_page.get_by_label("证书（JSON 文档）").fill(document)
        customer_page.get_by_role("button", name="验证").click()
        assert customer_page.locator("#verify-result").get_attribute("data-valid") == "true"
        assert json.loads(document)["certificate"]["deleted"]["stores"]["data_key"] == "destroyed"

    sent = "".join(p.read_text() for p in mail_dir.glob("*.log"))
    assert f"/privacy/certificates/{request.uid}/" in sent and "删除证明" in sent

    # pg_dump: none of the customer's plaintext anywhere; their remaining ciphertext cannot be decrypted.
    assert not Customer.objects.filter(pk=customer.pk).exists()
    db = connection.settings_dict
    dump = subprocess.run(
        [
            "/usr/bin/pg_dump",
            "--no-owner",
            "-h",
            db.get("HOST") or "127.0.0.1",
            "-p",
            str(db.get("PORT") or 5432),
            "-U",
            db.get("USER") or "postgres",
            db["NAME"],
        ],
        capture_output=True,
        check=True,
        env={"PGPASSWORD": str(db.get("PASSWORD") or ""), "PATH": "/usr/bin:/bin"},
    ).stdout.decode("utf-8")
    for label, text in texts.items():
        assert text not in dump, label
        assert text.encode("utf-8").hex() not in dump, label  # nor inside a bytea column
    for key_id in (customer.data_key_id, request.data_key_id):
        assert DataKey.objects.get(pk=key_id).is_destroyed
    key_cache.clear()  # as a fresh process reading the dump would be: no key unwrapped in memory
    for key_id, context, blob in ciphertexts:
        with pytest.raises(KeyDestroyed):
            value_decrypt(data_key_id=key_id, context=context, blob=blob)
