"""Signed checkpoints of the chain's head, written outside the database and recorded in it.

A checkpoint document is canonical JSON `{"type", "version", "seq", "head_hash", "at", "key_id"}` plus an
Ed25519 signature over it. It is stored as `checkpoint-<seq>.json` in a directory (default) or an S3 bucket
(django-storages), where someone who rewrites the database cannot reach it: a rewritten chain, even with
recomputed hashes, or a truncated tail, no longer matches the signed heads.

Between two checkpoints, the sealer also signs the chain's current head after every seal and writes it over the
last one, as `head.json` beside them: a tail deleted after the last checkpoint no longer matches it either.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.utils import timezone
from django.utils.module_loading import import_string

from audit.chain import chain_head
from audit.models import Checkpoint

DOCUMENT_TYPE = "custos.audit-checkpoint"
HEAD_TYPE = "custos.audit-head"
HEAD_NAME = "head.json"
VERSION = 1


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes(settings.CUSTOS_AUDIT_SIGNING_KEY))


def public_key() -> Ed25519PublicKey:
    return _private_key().public_key()


def key_id() -> str:
    raw = public_key().public_bytes(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def checkpoint_storage() -> Storage:
    if settings.CUSTOS_AUDIT_CHECKPOINT_S3_BUCKET:
        storage_class = import_string("storages.backends.s3.S3Storage")
        return storage_class(  # type: ignore[no-any-return]  # django-storages is untyped
            bucket_name=settings.CUSTOS_AUDIT_CHECKPOINT_S3_BUCKET,
            location=settings.CUSTOS_AUDIT_CHECKPOINT_S3_PREFIX,
            file_overwrite=False,
        )
    return FileSystemStorage(location=str(settings.CUSTOS_AUDIT_CHECKPOINT_DIR), file_permissions_mode=0o600)


def _name(seq: int) -> str:
    return f"checkpoint-{seq:012d}.json"


def checkpoint_sign(*, seq: int, head_hash: str, at: str, kind: str = DOCUMENT_TYPE) -> dict[str, Any]:
    body = {"type": kind, "version": VERSION, "seq": seq, "head_hash": head_hash, "at": at, "key_id": key_id()}
    signature = base64.urlsafe_b64encode(_private_key().sign(canonical_json(body))).decode()
    return {"checkpoint": body, "alg": "Ed25519", "signature": signature}


def checkpoint_signature_valid(document: dict[str, Any], *, kind: str = DOCUMENT_TYPE) -> bool:
    try:
        body = document["checkpoint"]
        public_key().verify(base64.urlsafe_b64decode(document["signature"]), canonical_json(body))
    except (InvalidSignature, KeyError, TypeError, ValueError):
        return False
    return bool(body.get("type") == kind)


def audit_checkpoint_write(*, force: bool = False) -> Checkpoint | None:
    """Write a checkpoint of the current head if the last is older than the configured interval (or `force`).

    None when the chain is empty, has not grown since the last checkpoint, or the last one is recent.
    """
    seq, head = chain_head()
    last = Checkpoint.objects.order_by("-seq").first()
    now = timezone.now()
    if seq == 0 or (last is not None and last.seq >= seq):
        return None
    if not force and last is not None and now - last.at < timedelta(minutes=settings.CUSTOS_AUDIT_CHECKPOINT_MINUTES):
        return None
    at = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    document = checkpoint_sign(seq=seq, head_hash=head, at=at)
    storage = checkpoint_storage()
    name = _name(seq)
    if not storage.exists(name):
        name = storage.save(name, ContentFile(canonical_json(document)))
    return Checkpoint.objects.create(
        seq=seq,
        head_hash=head,
        at=now,
        key_id=document["checkpoint"]["key_id"],
        signature=document["signature"],
        location=name,
    )


def checkpoint_documents() -> list[tuple[str, dict[str, Any] | None]]:
    """Every checkpoint document found outside the database: (name, parsed document or None if unreadable)."""
    storage = checkpoint_storage()
    try:
        _, files = storage.listdir("")
    except FileNotFoundError:
        return []
    found: list[tuple[str, dict[str, Any] | None]] = []
    for name in sorted(f for f in files if f.startswith("checkpoint-") and f.endswith(".json")):
        try:
            with storage.open(name) as handle:
                value = json.loads(handle.read())
            found.append((name, value if isinstance(value, dict) else None))
        except (OSError, ValueError):
            found.append((name, None))
    return found


def audit_head_write() -> int | None:
    """Sign the chain's current head and write it over the last signed head, outside the database; the seq, or
    None for an empty chain. Called after every seal (task and command): a tail deleted after the last checkpoint
    then no longer matches it."""
    seq, head = chain_head()
    if seq == 0:
        return None
    at = timezone.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    content = canonical_json(checkpoint_sign(seq=seq, head_hash=head, at=at, kind=HEAD_TYPE))
    storage = checkpoint_storage()
    if isinstance(storage, FileSystemStorage):
        path = Path(storage.path(HEAD_NAME))
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = path.with_name(f".{HEAD_NAME}.{os.getpid()}")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        os.replace(partial, path)  # atomic: a reader sees the old head or the new one
    else:
        if storage.exists(HEAD_NAME):
            storage.delete(HEAD_NAME)
        storage.save(HEAD_NAME, ContentFile(content))
    return seq


def head_document() -> dict[str, Any] | None:
    """The signed head outside the database, {} when it is unreadable, or None when there is none yet."""
    storage = checkpoint_storage()
    try:
        if not storage.exists(HEAD_NAME):
            return None
        with storage.open(HEAD_NAME) as handle:
            value = json.loads(handle.read())
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
