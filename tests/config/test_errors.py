"""Issue 9, case 1: nothing secret on an error page; nested input is a 400; unexpected errors a plain 500."""

from __future__ import annotations

import base64
import io
import logging
import sys

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.views.debug import ExceptionReporter

from config.jsonsafe import JSONTooDeep, json_loads

pytestmark = pytest.mark.django_db

DEEP = "[" * 9000


def _kek_texts() -> list[str]:
    raw = next(iter(django_settings.CUSTOS_KEKS.values()))
    return [
        base64.urlsafe_b64encode(raw).decode(),
        base64.b64encode(raw).decode(),
        repr(raw)[2:-1][:40],
    ]


def _debug_page(settings, request) -> str:
    settings.DEBUG = True
    kek = django_settings.CUSTOS_KEKS  # a local named like a key, and one that is not
    innocent_name = next(iter(kek.values()))
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        assert innocent_name
        return ExceptionReporter(request, *sys.exc_info()).get_traceback_html()


def test_debug_page_hides_keks_and_credentialed_urls_in_every_environment(settings):
    settings.CELERY_BROKER_URL = "redis://:brokerpass@127.0.0.1:6379/4"
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": "redis://user:cachepass@10.0.0.1/5"}}
    settings.CUSTOS_SOME_DSN_LIKE = "postgres://custos:dbpass@db/custos"
    request = RequestFactory().post(
        "/privacy/", {"email": "li.wei@example.com"}, HTTP_AUTHORIZATION="Bearer cst_secret_token"
    )
    html = _debug_page(settings, request)
    assert "CUSTOS_KEKS" in html  # the page is the real one, the values are gone
    for secret in [*_kek_texts(), "brokerpass", "cachepass", "dbpass", "cst_secret_token", "li.wei@example.com"]:
        assert secret not in html, secret


def test_nested_json_to_the_processor_callback_is_a_json_400(settings):
    settings.DEBUG = True
    response = Client().post("/privacy/processors/callback/", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["ok"] is False
    for secret in _kek_texts():
        assert secret not in response.content.decode()


def test_nested_certificate_document_and_upload_are_a_400():
    client = Client()
    response = client.post("/privacy/certificates/verify/", {"document": "[" * 50_000})
    assert response.status_code == 400
    assert b"nested too deeply" in response.content
    upload = SimpleUploadedFile("cert.json", b"[" * 90_000, content_type="application/json")
    response = client.post("/privacy/certificates/verify/", {"upload": upload})
    assert response.status_code == 400


def test_json_loads_limits_depth_without_recursion():
    assert json_loads('{"a": [1, {"b": 2}]}') == {"a": [1, {"b": 2}]}
    assert json_loads("[" * 64 + "]" * 64) is not None
    with pytest.raises(JSONTooDeep):
        json_loads("[" * 65 + "]" * 65)
    with pytest.raises(JSONTooDeep):
        json_loads("[" * 100_000)
    with pytest.raises(ValueError):
        json_loads("NaN")


def test_an_unexpected_error_on_a_public_page_is_a_plain_500_with_an_id_logged_without_content(
    settings, monkeypatch, caplog
):
    settings.DEBUG = True
    from privacy import selectors as privacy_selectors

    def explode(**kwargs):
        raise RuntimeError("customer li.wei@example.com said hello")

    monkeypatch.setattr(privacy_selectors, "privacy_request_get", explode)
    from privacy.tokens import track_token_make

    token = track_token_make(request_uid="7f0d7c1e-5b7b-4a55-9a57-1b1f5b0c0c0c")
    caplog.set_level(logging.INFO)
    response = Client(raise_request_exception=False).get(f"/privacy/status/{token}/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Traceback" not in body and "li.wei" not in body and "CUSTOS_KEKS" not in body
    error_lines = [r for r in caplog.records if r.name == "custos.errors"]
    assert len(error_lines) == 1
    line = error_lines[0].getMessage()
    error_id = line.split()[1].rstrip(":")
    assert error_id in body
    assert "RuntimeError" in line and "/privacy/status/" in line
    assert "li.wei" not in caplog.text and token not in caplog.text


def test_an_unexpected_api_error_is_json_with_an_id(settings, monkeypatch):
    from rest_framework.views import APIView

    def explode(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(APIView, "initial", explode)
    response = Client(raise_request_exception=False).post("/api/customers/", "{}", content_type="application/json")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error" and response.json()["error_id"]


def test_oversized_form_body_is_a_413(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client().post("/privacy/", {"email": "x" * 5000}, HTTP_ACCEPT="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_upload_stream_is_not_logged(caplog):
    caplog.set_level(logging.INFO)
    upload = io.BytesIO(b"[" * 10)
    upload.name = "x.json"
    Client().post("/privacy/certificates/verify/", {"upload": upload})
    assert "[[[[" not in caplog.text


def test_the_demo_runs_with_debug_off_unless_asked():
    import dev

    env = dev._demo_web_env({"PATH": "/bin"}, debug=False)
    assert env["DEBUG"] == "false" and env["SECURE_SSL_REDIRECT"] == "false"
    assert dev._demo_web_env({"SECURE_SSL_REDIRECT": "true"}, debug=True) == {
        "DEBUG": "true",
        "SECURE_SSL_REDIRECT": "true",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
    }


def test_the_error_page_speaks_chinese(monkeypatch):
    from privacy import selectors as privacy_selectors
    from privacy.tokens import track_token_make

    def explode(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(privacy_selectors, "privacy_request_get", explode)
    token = track_token_make(request_uid="7f0d7c1e-5b7b-4a55-9a57-1b1f5b0c0c0c")
    response = Client(raise_request_exception=False).get(f"/privacy/status/{token}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 500 and "抱歉，出现了问题" in response.content.decode()
