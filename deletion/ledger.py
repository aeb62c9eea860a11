"""The deletion ledger: append-only tombstones kept apart from the database, replayed after a backup restore.

Each purge batch appends a `prepare` record (ticket, customer and data-key ids) and makes it durable *before* its
database transaction commits, then a `commit` record after. A restore of an older backup can therefore never miss a
deletion: a `prepare` without its `commit` names records that were eligible and are deleted again on replay
(holds are still checked then). Records hold ids only, never customer content.

Two backends: JSON lines in files under CUSTOS_LEDGER_DIR (one file per process and day, each line chained to the
previous one by SHA-256, fsynced), or one object per record in S3 (CUSTOS_LEDGER_S3_BUCKET; turn on Object Lock).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.module_loading import import_string

from deletion.exceptions import LedgerError

LEDGER_VERSION = 1


class LedgerBackend(Protocol):
    def append(self, record: dict[str, Any], *, durable: bool = True) -> None: ...

    def records(self) -> Iterator[dict[str, Any]]: ...


def _canonical(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":"))


class FileLedger:
    """JSON lines, one file per process and day; a line's `prev` is the SHA-256 of the line before it."""

    def __init__(self, directory: Path, *, fsync: bool = True) -> None:
        self.directory = directory
        self.fsync = fsync
        self._last_hash: dict[Path, str] = {}
        self._lock = threading.Lock()

    def _path(self, at: datetime) -> Path:
        host = "".join(c if c.isalnum() or c in "-_." else "_" for c in socket.gethostname())[:64]
        return self.directory / f"{at:%Y-%m-%d}" / f"{host}-{os.getpid()}.jsonl"

    @staticmethod
    def _tail_hash(path: Path) -> str:
        if not path.exists():
            return ""
        last = b""
        with path.open("rb") as handle:
            for line in handle:
                if line.strip():
                    last = line.rstrip(b"\n")
        return hashlib.sha256(last).hexdigest() if last else ""

    def append(self, record: dict[str, Any], *, durable: bool = True) -> None:
        path = self._path(datetime.now(tz=UTC))
        with self._lock:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                if path not in self._last_hash:
                    self._last_hash[path] = self._tail_hash(path)
                line = _canonical({**record, "prev": self._last_hash[path]})
                data = (line + "\n").encode()
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    os.write(fd, data)
                    if self.fsync and durable:
                        os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError as exc:
                raise LedgerError(f"cannot append to the deletion ledger: {exc.__class__.__name__}") from exc
            self._last_hash[path] = hashlib.sha256(line.encode()).hexdigest()

    def records(self) -> Iterator[dict[str, Any]]:
        if not self.directory.exists():
            return
        for path in sorted(self.directory.glob("*/*.jsonl")):
            prev = ""
            with path.open("rb") as handle:
                for number, raw in enumerate(handle, start=1):
                    line = raw.rstrip(b"\n")
                    if not line:
                        continue
                    try:
                        record = json.loads(line)
                    except ValueError as exc:
                        raise LedgerError(f"{path.name}:{number}: not a JSON record") from exc
                    if record.get("prev") != prev:
                        raise LedgerError(f"{path.name}:{number}: the hash chain is broken")
                    prev = hashlib.sha256(line).hexdigest()
                    yield record


class StorageLedger:
    """One immutable object per record in a Django storage (S3 with Object Lock in production)."""

    def __init__(self, storage: Storage, *, prefix: str = "ledger") -> None:
        self.storage = storage
        self.prefix = prefix.strip("/")

    def append(self, record: dict[str, Any], *, durable: bool = True) -> None:
        at = datetime.now(tz=UTC)
        name = f"{self.prefix}/{at:%Y-%m-%d}/{at:%H%M%S%f}-{record['batch']}-{record['phase']}.json"
        try:
            self.storage.save(name, ContentFile(_canonical(record).encode()))
        except Exception as exc:
            raise LedgerError(f"cannot write a ledger object: {exc.__class__.__name__}") from exc

    def records(self) -> Iterator[dict[str, Any]]:
        try:
            days, _files = self.storage.listdir(self.prefix)
        except FileNotFoundError:
            return
        for day in sorted(days):
            _dirs, names = self.storage.listdir(f"{self.prefix}/{day}")
            for name in sorted(names):
                with self.storage.open(f"{self.prefix}/{day}/{name}", "rb") as handle:
                    yield json.loads(handle.read())


_backends: dict[tuple[str, ...], LedgerBackend] = {}


def ledger_backend() -> LedgerBackend:
    """The configured ledger backend (cached per configuration)."""
    bucket = str(getattr(settings, "CUSTOS_LEDGER_S3_BUCKET", ""))
    if bucket:
        key = ("s3", bucket)
        if key not in _backends:
            storage_class = import_string("storages.backends.s3.S3Storage")
            storage = storage_class(bucket_name=bucket, default_acl="private", file_overwrite=False)
            _backends[key] = StorageLedger(storage, prefix=str(getattr(settings, "CUSTOS_LEDGER_S3_PREFIX", "ledger")))
        return _backends[key]
    directory = Path(settings.CUSTOS_LEDGER_DIR)
    key = ("file", str(directory))
    if key not in _backends:
        _backends[key] = FileLedger(directory, fsync=bool(getattr(settings, "CUSTOS_LEDGER_FSYNC", True)))
    return _backends[key]


def ledger_prepare(
    *,
    batch: str,
    reason: str,
    ticket_ids: list[int],
    customer_ids: list[int],
    data_key_ids: list[int],
    run_id: int | None = None,
    policy_id: int | None = None,
    request_id: int | None = None,
) -> None:
    """Durably record what a batch is about to delete, before its transaction commits."""
    ledger_backend().append(
        {
            "v": LEDGER_VERSION,
            "phase": "prepare",
            "batch": batch,
            "at": datetime.now(tz=UTC).isoformat(),
            "reason": reason[:200],
            "run": run_id,
            "policy": policy_id,
            "request": request_id,
            "tickets": sorted(ticket_ids),
            "customers": sorted(customer_ids),
            "data_keys": sorted(data_key_ids),
        }
    )


def ledger_commit(*, batch: str) -> None:
    """Record that a prepared batch committed (not fsynced: replay treats a lost commit record as prepared)."""
    ledger_backend().append(
        {"v": LEDGER_VERSION, "phase": "commit", "batch": batch, "at": datetime.now(tz=UTC).isoformat()},
        durable=False,
    )


@dataclass
class LedgerContents:
    """Every id the ledger names, and which batches are known to have committed."""

    ticket_ids: set[int] = field(default_factory=set)
    customer_ids: set[int] = field(default_factory=set)
    data_key_ids: set[int] = field(default_factory=set)
    committed_ticket_ids: set[int] = field(default_factory=set)
    batches: int = 0
    committed_batches: int = 0


def ledger_read(*, since: datetime | None = None) -> LedgerContents:
    """Collect the tombstones of the ledger (optionally only those recorded since a time)."""
    prepared: dict[str, dict[str, Any]] = {}
    committed: set[str] = set()
    for record in ledger_backend().records():
        if since is not None and datetime.fromisoformat(record["at"]) < since:
            continue
        if record.get("phase") == "prepare":
            prepared[record["batch"]] = record
        elif record.get("phase") == "commit":
            committed.add(record["batch"])
    contents = LedgerContents(batches=len(prepared))
    for batch, record in prepared.items():
        contents.ticket_ids.update(record["tickets"])
        contents.customer_ids.update(record["customers"])
        contents.data_key_ids.update(record["data_keys"])
        if batch in committed:
            contents.committed_batches += 1
            contents.committed_ticket_ids.update(record["tickets"])
    return contents


def ledger_committed_ticket_counts() -> dict[int, int]:
    """How many committed batches name each ticket (a ticket is deleted exactly once: every count is 1)."""
    prepared: dict[str, list[int]] = {}
    committed: set[str] = set()
    for record in ledger_backend().records():
        if record.get("phase") == "prepare":
            prepared[record["batch"]] = record["tickets"]
        elif record.get("phase") == "commit":
            committed.add(record["batch"])
    counts: dict[int, int] = {}
    for batch in committed:
        for ticket_id in prepared.get(batch, []):
            counts[ticket_id] = counts.get(ticket_id, 0) + 1
    return counts
