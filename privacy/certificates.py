"""Signed deletion certificates: canonical JSON signed with Ed25519, rendered as HTML and PDF, verifiable by anyone.

The signing key comes from CUSTOS_CERTIFICATE_SIGNING_KEY (base64 of the raw 32-byte private key); its public key is
published at /.well-known/custos-certificate-key. A certificate document is
`{"certificate": {...}, "signature": base64url, "alg": "Ed25519", "key_id": hex}`; the signature covers the
canonical JSON of `certificate` (UTF-8, keys sorted, no spaces).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from audit import targets
from audit.services import audit_record
from deletion.models import legal_basis_label
from encryption.blind_index import blind_index
from privacy.models import PrivacyRequest
from supportrecords.models import DataCategory, category_label

ALGORITHM = "Ed25519"
CERTIFICATE_TYPE = "custos.erasure-certificate"
CERTIFICATE_VERSION = 1


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes(settings.CUSTOS_CERTIFICATE_SIGNING_KEY))


def public_key() -> Ed25519PublicKey:
    return _private_key().public_key()


def public_key_raw() -> bytes:
    return public_key().public_bytes(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw)


def public_key_pem() -> str:
    return (
        public_key()
        .public_bytes(encoding=serialization.Encoding.PEM, format=serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def key_id() -> str:
    """A short fingerprint of the public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_key_raw()).hexdigest()[:16]


def public_key_document() -> dict[str, str]:
    return {
        "alg": ALGORITHM,
        "key_id": key_id(),
        "public_key": base64.urlsafe_b64encode(public_key_raw()).decode("ascii").rstrip("="),
        "pem": public_key_pem(),
    }


def certificate_sign(*, payload: dict[str, Any]) -> str:
    """Sign a certificate payload; returns the base64url signature (no padding)."""
    signature = _private_key().sign(canonical_json(payload))
    return base64.urlsafe_b64encode(signature).decode("ascii").rstrip("=")


def certificate_document(*, payload: dict[str, Any], signature: str) -> dict[str, Any]:
    return {"certificate": payload, "signature": signature, "alg": ALGORITHM, "key_id": key_id()}


def _b64decode(text: str) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    return base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_").encode("ascii"))


def certificate_verify(*, document: Any) -> bool:
    """True when the document is a certificate signed by our key; never raises on malformed input."""
    if not isinstance(document, dict):
        return False
    payload, signature = document.get("certificate"), document.get("signature")
    if not isinstance(payload, dict) or not isinstance(signature, str) or len(signature) > 200:
        return False
    if payload.get("type") != CERTIFICATE_TYPE:
        return False
    try:
        public_key().verify(_b64decode(signature), canonical_json(payload))
    except (InvalidSignature, binascii.Error, ValueError, UnicodeEncodeError):
        return False
    return True


def account_fingerprint(*, request_uid: str, exchange_account_id: str) -> str:
    """What the certificate names the customer by: a keyed HMAC (under the blind-index key) of the request id and
    the account id. Unkeyed, account ids (`UID` + 8 digits) are recovered by brute force in seconds; keyed, only
    Custos can check a given account id against it."""
    return blind_index(
        namespace=FINGERPRINT_NAMESPACE, normalised=f"{request_uid}|{exchange_account_id.strip().upper()}"
    )


FINGERPRINT_NAMESPACE = "certificate-account"
FINGERPRINT_METHOD = "HMAC-SHA256 under the issuer's key of (request id + '|' + account id in upper case)"


def certificate_pdf(*, document: dict[str, Any], title: str, lines: list[tuple[str, str]]) -> bytes:
    """A one-document PDF of the certificate: the readable lines, then the exact signed JSON and signature."""
    from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]  # reportlab ships no type information
    from reportlab.lib.styles import getSampleStyleSheet  # type: ignore[import-untyped]  # reportlab ships no type information
    from reportlab.lib.units import mm  # type: ignore[import-untyped]  # reportlab ships no type information
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]  # reportlab ships no type information
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped]  # reportlab ships no type information
    from reportlab.platypus import Paragraph, Preformatted, SimpleDocTemplate, Spacer, Table  # type: ignore[import-untyped]  # reportlab ships no type information

    font = "STSong-Light"  # built into reportlab: renders Latin and Chinese without a font file
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = font
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, leftMargin=18 * mm, rightMargin=18 * mm)

    def para(text: str, style: str = "BodyText") -> Paragraph:
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
        return Paragraph(escaped, styles[style])

    table = Table([[para(k), para(v)] for k, v in lines], colWidths=[55 * mm, 115 * mm])
    signed = json.dumps(document, sort_keys=True, ensure_ascii=False, indent=1)
    code = styles["Code"]
    code.fontSize = 6
    code.leading = 7
    story = [
        para(title, "Title"),
        table,
        Spacer(1, 6 * mm),
        para(_("Signed document (Ed25519)"), "Heading3"),
        Preformatted(signed, code, maxLineLength=110),
    ]
    doc.build(story)
    return buffer.getvalue()


def iso_date_label(iso: str | None) -> str:
    """An ISO timestamp of the signed document as a date in the current language's format."""
    if not iso:
        return ""
    try:
        value = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)[:10]
    return date_format(value, "DATE_FORMAT")


def _listed(parts: list[str]) -> str:
    return str(pgettext("list separator", ", ")).join(parts)


def _labelled(label: str, value: object) -> str:
    return str(_("%(label)s: %(value)s") % {"label": label, "value": value})


# Words of the signed document (stored in English, with codes) as shown in the reader's language.
STORE_ROW_LABELS = {
    "tickets": gettext_lazy("tickets"),
    "messages": gettext_lazy("messages"),
    "attachments": gettext_lazy("attachments"),
    "statements": gettext_lazy("supplementary statements"),
    "customers": gettext_lazy("customer records"),
}
DATA_KEY_LABELS = {
    "destroyed": gettext_lazy("destroyed"),
    "kept while records are retained": gettext_lazy("kept while records are retained"),
}
PROCESSOR_STATUS_LABELS = {
    "pending": gettext_lazy("pending"),
    "accepted": gettext_lazy("accepted (not yet confirmed)"),
    "confirmed": gettext_lazy("confirmed"),
    "failed": gettext_lazy("failed: delivery gave up"),
}


def _kept_until(kept: dict[str, Any]) -> str:
    if kept.get("until"):
        return str(_("until %(date)s") % {"date": iso_date_label(kept["until"])})
    if kept.get("clock") == "obligation":
        return str(_("until the obligation ends"))
    days = kept.get("retention_days")
    if not isinstance(days, int):
        return "—"
    return str(
        ngettext(
            "%(days)d day after the period starts (account closure or ticket closing)",
            "%(days)d days after the period starts (account closure or ticket closing)",
            days,
        )
        % {"days": days}
    )


def certificate_view(*, document: dict[str, Any]) -> dict[str, Any]:
    """The certificate in the active language: names, counts, notes, legal bases and dates as the customer reads
    them (the signed document itself stays as signed)."""

    cert = document["certificate"]
    subject = cert["subject"]
    stores = cert["deleted"]["stores"]
    method = subject.get("fingerprint_method", "")
    store_lines = [
        (
            str(_("Database rows deleted")),
            _listed(
                [
                    _labelled(str(STORE_ROW_LABELS.get(name, name)), count)
                    for name, count in stores["database_rows"].items()
                ]
            ),
        ),
        (str(_("History rows deleted")), str(stores["history_rows"])),
        (str(_("Stored files deleted")), str(stores["files"])),
        (str(_("Permissions deleted")), str(stores["permissions"])),
        (str(_("Admin log entries deleted")), str(stores["admin_log_entries"])),
        (str(_("Encryption key")), str(DATA_KEY_LABELS.get(stores["data_key"], stores["data_key"]))),
    ]
    for processor in stores["processors"]:
        status = str(PROCESSOR_STATUS_LABELS.get(processor["status"], processor["status"]))
        if processor.get("confirmed_at"):
            status = f"{status} ({iso_date_label(processor['confirmed_at'])})"
        store_lines.append((str(_("Processor: %(name)s") % {"name": processor["name"]}), status))
    return {
        "request": cert["request"],
        "issuer": cert["issuer"],
        "fingerprint": subject["account_fingerprint"],
        "fingerprint_note": str(FINGERPRINT_NOTE) if method == FINGERPRINT_METHOD else method,
        "received": iso_date_label(cert["received_at"]),
        "completed": iso_date_label(cert["completed_at"]),
        "deleted": [
            {**category, "name": category_label(slug=category["category"], name=category["name"])}
            for category in cert["deleted"]["categories"]
        ],
        "stores": store_lines,
        "kept": [
            {
                "name": category_label(slug=kept["category"], name=kept["name"])
                if kept.get("category")
                else str(_("Other records")),
                "tickets": kept["tickets"],
                "basis": legal_basis_label(kept["legal_basis"]),
                "until": _kept_until(kept),
            }
            for kept in cert["kept"]
        ],
        "key_id": document["key_id"],
    }


FINGERPRINT_NOTE = gettext_lazy(
    "A keyed digest (HMAC-SHA256) of the request ID and your account ID: only we can check an account ID against it."
)


def certificate_lines(*, document: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """The certificate as translated label/value lines (for the PDF), in the active language."""
    view = certificate_view(document=document)
    lines: list[tuple[str, str]] = [
        (str(_("Request")), view["request"]),
        (str(_("Issuer")), view["issuer"]),
        (str(_("Account fingerprint")), f"{view['fingerprint']}\n{view['fingerprint_note']}"),
        (str(_("Received")), view["received"]),
        (str(_("Completed")), view["completed"]),
    ]
    for category in view["deleted"]:
        counts = [
            ngettext("%(count)d ticket", "%(count)d tickets", category["tickets"]) % {"count": category["tickets"]},
            ngettext("%(count)d message", "%(count)d messages", category["messages"]) % {"count": category["messages"]},
            ngettext("%(count)d attachment", "%(count)d attachments", category["attachments"])
            % {"count": category["attachments"]},
        ]
        lines.append((str(_("Deleted: %(name)s") % {"name": category["name"]}), _listed(counts)))
    lines += view["stores"]
    for kept in view["kept"]:
        tickets = ngettext("%(count)d ticket", "%(count)d tickets", kept["tickets"]) % {"count": kept["tickets"]}
        lines.append(
            (
                str(_("Kept: %(name)s") % {"name": kept["name"]}),
                _listed([tickets, _labelled(str(_("Legal basis")), kept["basis"]), kept["until"]]),
            )
        )
    lines.append((str(_("Signing key")), view["key_id"]))
    return str(_("Certificate of erasure")), lines


# The certificate's words for records kept under a legal hold (stated in English in the signed document, and
# translated on the pages that show it).
KEPT_BY_LAW = "kept where the law requires us"
KEPT_BY_LAW_NAME = "Other records"


def certificate_payload(*, request: PrivacyRequest) -> dict[str, Any]:
    """What the certificate states. Records kept under any legal hold are counted together, in words that never
    tip off: no category, kind, reason or date of the hold (a suspicious-activity report must stay secret)."""
    counts = request.erasure_counts or {}
    names = dict(DataCategory.objects.values_list("slug", "name"))
    kept = [
        {**row, "name": names.get(row["category"], row["category"])}
        for row in counts.get("kept", [])
        if not str(row["legal_basis"]).startswith("legal hold")
    ]
    held = sum(
        int(row["tickets"]) for row in counts.get("kept", []) if str(row["legal_basis"]).startswith("legal hold")
    )
    if held:
        kept.append(
            {
                "category": "",
                "name": KEPT_BY_LAW_NAME,
                "tickets": held,
                "legal_basis": KEPT_BY_LAW,
                "clock": "obligation",
                "retention_days": None,
                "until": None,
            }
        )
    processors = [
        {
            "name": n.processor.name,
            "status": n.status,
            "confirmed_at": n.confirmed_at.isoformat() if n.confirmed_at else None,
        }
        for n in request.notifications.select_related("processor").order_by("processor__name")
    ]
    stores = dict(counts.get("stores", {}))
    data_key_status = "kept while records are retained" if counts.get("kept") else "destroyed"
    return {
        "type": CERTIFICATE_TYPE,
        "version": CERTIFICATE_VERSION,
        "issuer": settings.CUSTOS_CERTIFICATE_ISSUER,
        "request": str(request.uid),
        "subject": {
            "account_fingerprint": account_fingerprint(
                request_uid=str(request.uid), exchange_account_id=request.exchange_account_id or ""
            ),
            "fingerprint_method": FINGERPRINT_METHOD,
            "jurisdiction": request.jurisdiction,
        },
        "received_at": request.submitted_at.isoformat(),
        "verified_at": request.verified_at.isoformat() if request.verified_at else None,
        "approved_at": request.approved_at.isoformat() if request.approved_at else None,
        "completed_at": (request.completed_at or timezone.now()).isoformat(),
        "deleted": {
            "categories": [
                {"category": slug, "name": names.get(slug, slug), **values}
                for slug, values in sorted(counts.get("categories", {}).items())
            ],
            "stores": {
                "database_rows": {
                    name: stores.get(name, 0)
                    for name in ("tickets", "messages", "attachments", "statements", "customers")
                },
                "history_rows": stores.get("history_rows", 0),
                "files": stores.get("files", 0),
                "permissions": stores.get("permissions", 0),
                "admin_log_entries": stores.get("admin_log_entries", 0),
                "data_key": data_key_status,
                "earlier_requests_forgotten": stores.get("earlier_requests_forgotten", 0),
                "processors": processors,
            },
        },
        "kept": kept,
    }


def certificate_issue(*, request: PrivacyRequest) -> None:
    """Sign and attach the certificate (the caller holds the row lock and saves)."""
    if request.certificate:
        return
    request.completed_at = request.completed_at or timezone.now()
    payload = certificate_payload(request=request)
    request.certificate = payload
    request.certificate_signature = certificate_sign(payload=payload)
    audit_record(
        actor=None,
        action="privacy_request.certificate",
        target_type=targets.PRIVACY_REQUEST,
        target_id=request.pk,
        customer_id=request.customer_id,
        details={"key_id": key_id()},
    )
