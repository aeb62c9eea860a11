"""Public privacy pages (no login, no JavaScript): request form, confirmation, status, export download,
certificates and their check, the certificate public key, and the processors' signed callback."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from audit.services import client_ip
from config import errors
from config.jsonsafe import JSONTooDeep, json_loads
from privacy import certificates, selectors
from privacy.access import access_export_download
from privacy.exceptions import (
    ExportErased,
    ProcessorCallbackInvalid,
    RateLimited,
    TokenExpired,
    TokenInvalid,
    TokenUsed,
)
from privacy.forms import MAX_CERTIFICATE_BYTES, CertificateVerifyForm, PrivacyRequestForm
from privacy.models import PrivacyRequest, PrivacyRequestStatus
from privacy.processors import SIGNATURE_HEADER, processor_callback_receive
from privacy.ratelimit import ratelimit_hit
from privacy.services import privacy_request_verify, privacy_submission_receive, privacy_verify_link_check
from privacy.tokens import EXPORT_SALT, TRACK_SALT, VERIFY_SALT, export_token_make, token_read, track_token_make
from supportrecords.normalise import ACCOUNT_ID_CODE

# Pages reached by secret links are never cached; the site-wide `same-origin` referrer policy keeps the links in.
NO_STORE = {"Cache-Control": "no-store"}


def visitor_language(request: HttpRequest, *, fallback: str) -> str:
    """The language the visitor chose with the switcher, else the first of their browser's languages that we
    have, else `fallback` (the language of their request)."""
    from django.utils.translation.trans_real import parse_accept_lang_header  # Django's parser; no public alias

    wanted = [request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")[:20]]
    wanted += [code for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", ""))]
    for code in wanted:
        if code and code != "*":
            try:
                return translation.get_supported_language_variant(code)
            except LookupError:
                continue
    return fallback


def customer_language(request: HttpRequest, *, fallback: str) -> str:
    """The language of a customer's own pages (confirmation, status): the path's prefix (/zh-hans/...), else the
    switcher's cookie, else the language the customer chose for the request (fallback) rather than their
    browser's: a request made in Chinese from an English browser is answered in Chinese, as its e-mails are.
    (A certificate is a public document: visitor_language, the browser's first.)"""
    prefixed = translation.get_language_from_path(request.path_info)
    if prefixed:
        return prefixed
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")[:20]
    if chosen:
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            pass
    return fallback


def _no_store(response: HttpResponse) -> HttpResponse:
    for header, value in NO_STORE.items():
        response[header] = value
    return response


def _try_later(request: HttpRequest) -> HttpResponse:
    response = render(request, "privacy/try_later.html", status=429)
    response["Retry-After"] = "3600"
    return response


def _link_error(request: HttpRequest, *, problem: str, status: int = 400) -> HttpResponse:
    return _no_store(render(request, "privacy/link_error.html", {"problem": problem}, status=status))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PrivacyRequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                privacy_submission_receive(
                    kind=data["kind"],
                    exchange_account_id=data["exchange_account_id"],
                    email=data["email"],
                    language=data["language"],
                    rectification_wrong=data["rectification_wrong"],
                    rectification_correct=data["rectification_correct"],
                    ip=client_ip(request),
                )
            except RateLimited:
                return _try_later(request)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                refused = [
                    f for f, errs in exc.error_dict.items() if any(e.code in ("secret", ACCOUNT_ID_CODE) for e in errs)
                ]
                if refused:  # a key or phrase, or an unusable account id, typed into a field: never shown back
                    form.data = {**dict(form.data.items()), **dict.fromkeys(refused, "")}
                form.secrets_withhold()  # a key or phrase typed into a field: never shown back in the page
            else:
                return redirect("privacy:sent")
    else:
        form = PrivacyRequestForm(initial={"language": get_language() or "en", "kind": request.GET.get("kind")})
    return render(request, "privacy/request_form.html", {"form": form}, status=400 if form.errors else 200)


@require_safe
def request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/request_sent.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_verify(request: HttpRequest, token: str) -> HttpResponse:
    """GET (and HEAD) shows a button (mail scanners that fetch links must not use up the link); POST confirms."""
    if request.method in ("GET", "HEAD"):
        # A bogus, tampered, superseded or expired link says so at once, not after its button is pressed.
        try:
            language = privacy_verify_link_check(token=token)
        except TokenExpired:
            return _link_error(request, problem="expired", status=410)
        except TokenInvalid:
            return _link_error(request, problem="invalid")
        with translation.override(customer_language(request, fallback=language)):
            return _no_store(render(request, "privacy/verify_confirm.html", {"token": token}))
    ip = client_ip(request) or ""
    from django.conf import settings

    # Only links that fail count against the address: a genuine link is confirmed whoever else shares the address
    # (customers behind one proxy or office network; a tester who sent a dozen), a guesser is slowed down.
    try:
        privacy_verify_link_check(token=token)
        genuine = True
    except (TokenExpired, TokenInvalid):
        genuine = False
    if (
        not genuine
        and ip
        and not ratelimit_hit(scope="privacy-verify-ip", key=ip, rate=settings.CUSTOS_PRIVACY_RATE_PER_IP)
    ):
        return _try_later(request)
    try:
        privacy_request = privacy_request_verify(token=token, ip=ip or None)
    except TokenExpired:
        return _link_error(request, problem="expired", status=410)
    except TokenUsed:
        # A genuine link of a confirmed request, clicked again (a retry after an error, a second tab): the
        # confirmation stands and its email is on its way (outbox), so show the request, not an error.
        uid = token_read(token=token, salt=VERIFY_SALT).get("r")
        if not isinstance(uid, str):
            return _link_error(request, problem="used", status=409)
        track = track_token_make(request_uid=uid)
        return _exchange(request, key=TRACK_SESSION_KEY, token=track, target="privacy:status_current")
    except TokenInvalid:
        return _link_error(request, problem="invalid")
    track = track_token_make(request_uid=str(privacy_request.uid))
    return _exchange(request, key=TRACK_SESSION_KEY, token=track, target="privacy:status_current")


def _tracked(token: str) -> PrivacyRequest:
    try:
        value = token_read(token=token, salt=TRACK_SALT)
    except (TokenInvalid, TokenExpired):
        raise Http404 from None
    uid = value.get("r")
    found = selectors.privacy_request_get(uid=uid) if isinstance(uid, str) else None
    if found is None:
        raise Http404
    return found


# Link tokens are exchanged for a short session and the browser is sent to a token-free address, so that the
# token stays out of browser history, Referer headers and any later log line (the first request's line is redacted).
TRACK_SESSION_KEY = "privacy_track"
EXPORT_SESSION_KEY = "privacy_export"
LINK_SESSION_SECONDS = 15 * 60


def _exchange(request: HttpRequest, *, key: str, token: str, target: str) -> HttpResponse:
    request.session[key] = token
    request.session.set_expiry(LINK_SESSION_SECONDS)
    return _no_store(redirect(target))


def _session_token(request: HttpRequest, key: str) -> str:
    token = request.session.get(key)
    if not isinstance(token, str):
        raise Http404
    return token


@never_cache
@require_GET
def request_status(request: HttpRequest, token: str) -> HttpResponse:
    try:
        _tracked(token)  # a bad link is refused here, before anything is kept
    except Http404:  # a tampered or foreign link: the site's page, even with DEBUG on in the demo
        return _no_store(errors.page_not_found(request))
    return _exchange(request, key=TRACK_SESSION_KEY, token=token, target="privacy:status_current")


@never_cache
@require_GET
def request_status_current(request: HttpRequest) -> HttpResponse:
    try:
        privacy_request = _tracked(_session_token(request, TRACK_SESSION_KEY))
    except Http404:  # the link's session ended or never was: the site's page
        return _no_store(errors.page_not_found(request))
    export = getattr(privacy_request, "export", None)
    export_url = None
    if export is not None and export.deleted_at is None and privacy_request.contact_forgotten_at is None:
        request.session[EXPORT_SESSION_KEY] = export_token_make(export_uid=str(export.uid))
        export_url = reverse("privacy:export_current")
    context: dict[str, Any] = {
        "privacy_request": privacy_request,
        "events": selectors.privacy_request_public_events(request=privacy_request),
        "export": export,
        "export_url": export_url,
        "reason": privacy_request.rejection_reason
        if privacy_request.status == PrivacyRequestStatus.REJECTED and privacy_request.contact_forgotten_at is None
        else "",
    }
    with translation.override(customer_language(request, fallback=privacy_request.language)):
        response = render(request, "privacy/status.html", context)
    return _no_store(response)


@never_cache
@require_GET
def export_download(request: HttpRequest, token: str) -> HttpResponse:
    # Only a signed export link is kept in the session (never any string a visitor sends); the export itself is
    # looked up and audited when it is downloaded.
    try:
        token_read(token=token, salt=EXPORT_SALT)
    except TokenInvalid:
        return _link_error(request, problem="invalid")
    return _exchange(request, key=EXPORT_SESSION_KEY, token=token, target="privacy:export_current")


@never_cache
@require_GET
def export_download_current(request: HttpRequest) -> HttpResponse:
    token = _session_token(request, EXPORT_SESSION_KEY)
    try:
        filename, content = access_export_download(token=token, ip=client_ip(request))
    except ExportErased:
        return _link_error(request, problem="export_erased", status=410)
    except TokenExpired:
        return _link_error(request, problem="export_expired", status=410)
    except TokenInvalid:
        return _link_error(request, problem="invalid")
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


def _certificate_of(uid: str) -> PrivacyRequest:
    found = selectors.privacy_request_get(uid=uid)
    if found is None or not found.certificate:
        raise Http404
    return found


def _document(privacy_request: PrivacyRequest) -> dict[str, Any]:
    return certificates.certificate_document(
        payload=dict(privacy_request.certificate or {}), signature=privacy_request.certificate_signature
    )


@require_safe
def certificate_html(request: HttpRequest, uid: str) -> HttpResponse:
    privacy_request = _certificate_of(uid)
    document = _document(privacy_request)
    context = {
        "privacy_request": privacy_request,
        "cert": document["certificate"],
        "document_json": json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2),
        "key_id": document["key_id"],
        "valid": certificates.certificate_verify(document=document),
    }
    with translation.override(visitor_language(request, fallback=privacy_request.language)):
        context["view"] = certificates.certificate_view(document=document)
        return render(request, "privacy/certificate.html", context)


@require_safe
def certificate_json(request: HttpRequest, uid: str) -> HttpResponse:
    document = _document(_certificate_of(uid))
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "sort_keys": True, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="certificate-{uid}.json"'
    return response


@require_safe
def certificate_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    privacy_request = _certificate_of(uid)
    document = _document(privacy_request)
    with translation.override(visitor_language(request, fallback=privacy_request.language)):
        title, lines = certificates.certificate_lines(document=document)
        pdf = certificates.certificate_pdf(document=document, title=title, lines=lines)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{uid}.pdf"'
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def certificate_verify(request: HttpRequest) -> HttpResponse:
    result: dict[str, Any] | None = None
    if request.method == "POST":
        form = CertificateVerifyForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["document"] or ""
            upload = form.cleaned_data["upload"]
            if upload is not None:
                raw = upload.read(MAX_CERTIFICATE_BYTES + 1)
                text = raw.decode("utf-8", "replace") if len(raw) <= MAX_CERTIFICATE_BYTES else ""
            if any(unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in text):
                form.add_error(None, _("This is not a certificate: it contains control characters (such as NUL)."))
                return render(request, "privacy/certificate_verify.html", {"form": form, "result": None}, status=400)
            try:
                document = json_loads(text)
            except JSONTooDeep:
                form.add_error(None, _("This is not a certificate: it is nested too deeply."))
                return render(request, "privacy/certificate_verify.html", {"form": form, "result": None}, status=400)
            except ValueError:
                document = None
            valid = certificates.certificate_verify(document=document)
            cert = document.get("certificate") if valid and document else None
            result = {
                "valid": valid,
                "cert": cert,
                "completed": certificates.iso_date_label(cert.get("completed_at")) if cert else "",
            }
        form.secrets_withhold()  # the form is shown again whatever the result
    else:
        form = CertificateVerifyForm()
    status = 400 if form.errors else 200  # a refused input (a NUL byte, too long) is a 400, with its message
    return render(request, "privacy/certificate_verify.html", {"form": form, "result": result}, status=status)


@require_safe
def public_key(request: HttpRequest) -> HttpResponse:
    """The certificate public key: JSON by default, PEM with `?format=pem` or `Accept: application/x-pem-file`."""
    if request.GET.get("format") == "pem" or "pem" in request.headers.get("Accept", ""):
        return HttpResponse(certificates.public_key_pem(), content_type="application/x-pem-file")
    response = JsonResponse(certificates.public_key_document())
    response["Access-Control-Allow-Origin"] = "*"
    return response


@csrf_exempt  # machine-to-machine: authenticated by its HMAC signature, not a browser session
@require_POST
def processor_callback(request: HttpRequest) -> HttpResponse:
    try:
        notification = processor_callback_receive(
            body=request.body, signature=request.headers.get(SIGNATURE_HEADER, "")
        )
    except ProcessorCallbackInvalid:
        return JsonResponse({"ok": False, "error": "invalid callback"}, status=400)
    return JsonResponse({"ok": True, "notification": str(notification.uid), "status": notification.status})
