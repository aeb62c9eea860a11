"""Downstream processors: signed notifications with retries, and signed callbacks that complete the request."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from privacy import dispatch
from privacy import erasure as privacy_erasure
from privacy import processors as privacy_processors
from privacy import services as privacy_services
from privacy.admin import ProcessorForm
from privacy.models import NotificationStatus, PrivacyRequestStatus, Processor, ProcessorNotification
from tests.privacy.helpers import make_customer, make_ticket, verified

pytestmark = pytest.mark.django_db
SECRET = "processor-shared-secret"


@pytest.fixture
def endpoint(settings):
    """A processor on the loopback interface that records what it receives and answers with `status`."""
    settings.DEBUG = True  # the loopback server speaks plain http, which only DEBUG accepts
    state: dict[str, Any] = {"status": 202, "received": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state["received"].append((dict(self.headers), body))
            self.send_response(state["status"])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_port}/erasure"
    yield state
    server.shutdown()


@pytest.fixture
def oncommit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def _erased(customer, oncommit, privacy_officer, monkeypatch):
    monkeypatch.setattr(dispatch, "request_execute_enqueue", lambda *, request_id: None)
    monkeypatch.setattr(dispatch, "processor_notification_enqueue", lambda *, notification_id: None)
    request = verified(customer, oncommit)
    privacy_services.privacy_request_approve(request_id=request.pk, actor=privacy_officer)
    with oncommit(execute=True):
        privacy_erasure.privacy_erasure_execute(request_id=request.pk)
    request.refresh_from_db()
    return request


def _callback(notification, *, secret=SECRET, status="done", when=None):
    body = json.dumps({"notification": str(notification.uid), "status": status}).encode()
    signature = privacy_processors.signature_make(secret=secret, timestamp=int(when or time.time()), body=body)
    return Client().post(
        "/privacy/processors/callback/", body, content_type="application/json", HTTP_X_CUSTOS_SIGNATURE=signature
    )


def test_processors_get_a_signed_notification_and_accepted_is_not_done(
    privacy_settings, oncommit, privacy_officer, endpoint, monkeypatch
):
    processor = privacy_processors.processor_create(name="KYC vendor", endpoint=endpoint["url"], secret=SECRET)
    customer = make_customer()
    make_ticket(customer)
    request = _erased(customer, oncommit, privacy_officer, monkeypatch)
    assert request.status == PrivacyRequestStatus.AWAITING_PROCESSORS and request.certificate is None
    notification = ProcessorNotification.objects.get(request=request, processor=processor)
    assert privacy_processors.processor_notification_deliver(notification_id=notification.pk) is None
    headers, body = endpoint["received"][0]
    assert privacy_processors.signature_check(secret=SECRET, header=headers["X-Custos-Signature"], body=body)
    payload = json.loads(body)
    assert payload["exchange_account_id"] == customer.exchange_account_id and payload["kind"] == "erasure"
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.ACCEPTED
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.AWAITING_PROCESSORS

    with oncommit(execute=True):
        response = _callback(notification)
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == PrivacyRequestStatus.COMPLETED
    assert request.certificate is not None
    processors = request.certificate["deleted"]["stores"]["processors"]
    assert processors == [{"name": "KYC vendor", "status": "confirmed", "confirmed_at": processors[0]["confirmed_at"]}]
    assert _callback(notification).status_code == 200  # a replayed confirmation changes nothing


def test_failed_deliveries_back_off_and_give_up_after_the_limit(
    privacy_settings, oncommit, privacy_officer, endpoint, monkeypatch
):
    privacy_settings.CUSTOS_PROCESSOR_MAX_ATTEMPTS = 3
    privacy_settings.CUSTOS_PROCESSOR_RETRY_SECONDS = 10
    endpoint["status"] = 503
    privacy_processors.processor_create(name="Mailer", endpoint=endpoint["url"], secret=SECRET)
    customer = make_customer()
    make_ticket(customer)
    request = _erased(customer, oncommit, privacy_officer, monkeypatch)
    notification = ProcessorNotification.objects.get(request=request)
    delays = [privacy_processors.processor_notification_deliver(notification_id=notification.pk) for _ in range(3)]
    assert delays == [10, 20, None]
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED and notification.last_error == "HTTP 503"
    privacy_processors.processor_notification_retry(notification_id=notification.pk, actor=privacy_officer)
    endpoint["status"] = 200
    assert privacy_processors.processor_notification_deliver(notification_id=notification.pk) is None
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.ACCEPTED


def test_forged_stale_and_unknown_callbacks_are_refused(
    privacy_settings, oncommit, privacy_officer, endpoint, monkeypatch
):
    privacy_processors.processor_create(name="Analytics", endpoint=endpoint["url"], secret=SECRET)
    customer = make_customer()
    make_ticket(customer)
    request = _erased(customer, oncommit, privacy_officer, monkeypatch)
    notification = ProcessorNotification.objects.get(request=request)
    assert _callback(notification, secret="wrong").status_code == 400
    assert _callback(notification, when=time.time() - 3600).status_code == 400
    assert _callback(notification, status="accepted").status_code == 400
    bad = Client().post("/privacy/processors/callback/", b"{not json", content_type="application/json")
    assert bad.status_code == 400
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING


def test_registering_or_updating_a_processor_with_a_plain_http_endpoint_is_refused_unless_debug(settings):
    settings.DEBUG = False
    with pytest.raises(ValidationError) as refused:
        privacy_processors.processor_create(name="Mailer", endpoint="http://mailer.example/erasure", secret=SECRET)
    assert "https" in str(refused.value.message_dict["endpoint"])
    assert not Processor.objects.exists()
    processor = privacy_processors.processor_create(
        name="Mailer", endpoint="https://mailer.example/erasure", secret=SECRET
    )
    with pytest.raises(ValidationError):
        privacy_processors.processor_update(
            processor=processor, name="Mailer", endpoint="http://mailer.example/erasure", active=True
        )
    assert Processor.objects.get(pk=processor.pk).endpoint == "https://mailer.example/erasure"
    settings.DEBUG = True
    privacy_processors.processor_update(
        processor=processor, name="Mailer", endpoint="http://127.0.0.1:8080/erasure", active=True
    )
    assert Processor.objects.get(pk=processor.pk).endpoint == "http://127.0.0.1:8080/erasure"


def test_admin_form_explains_that_the_endpoint_must_be_https(settings):
    settings.DEBUG = False
    data = {"name": "KYC vendor", "endpoint": "http://kyc.example/erasure", "active": "on", "new_secret": SECRET}
    form = ProcessorForm(data=data)
    assert not form.is_valid()
    assert form.errors["endpoint"] == [str(privacy_processors.ENDPOINT_NOT_HTTPS)]
    assert ProcessorForm(data={**data, "endpoint": "https://kyc.example/erasure"}).is_valid()
    settings.DEBUG = True
    assert ProcessorForm(data=data).is_valid()


def test_delivery_to_a_plain_http_endpoint_is_refused_when_debug_is_off(
    privacy_settings, oncommit, privacy_officer, endpoint, monkeypatch
):
    privacy_processors.processor_create(name="Legacy", endpoint=endpoint["url"], secret=SECRET)  # DEBUG is on
    customer = make_customer()
    make_ticket(customer)
    request = _erased(customer, oncommit, privacy_officer, monkeypatch)
    notification = ProcessorNotification.objects.get(request=request)
    privacy_settings.DEBUG = False
    assert privacy_processors.processor_notification_deliver(notification_id=notification.pk) is None
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED and notification.last_error == "endpoint is not https"
    assert endpoint["received"] == []
