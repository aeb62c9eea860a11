"""The hash chain: sealing new events in order, and recomputing the chain to verify it.

Request paths only INSERT events. One sealer at a time (a PostgreSQL advisory lock elects it; on SQLite the
database's single writer does) takes unsealed events in id order, gives them consecutive sequence numbers after
the current head and hash = SHA-256(previous hash || canonical encoding of the event), one transaction per batch
of at most `CUSTOS_AUDIT_SEAL_BATCH` events. A sealer killed mid-batch leaves its transaction rolled back: the
next run seals the same events exactly once, and the unique `seq` forbids a fork.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from audit.models import EVENT_COLUMNS

GENESIS = "0" * 64
# pg_try_advisory_xact_lock key of the sealer: the first 8 bytes of SHA-256("custos.audit.sealer"), signed.
SEALER_LOCK = int.from_bytes(hashlib.sha256(b"custos.audit.sealer").digest()[:8], "big", signed=True)
TABLE = "audit_auditevent"
_SELECT = ", ".join(EVENT_COLUMNS)
_AT = EVENT_COLUMNS.index("at")
_DETAILS = EVENT_COLUMNS.index("details")
_PERSONAL = EVENT_COLUMNS.index("personal")
_IP = EVENT_COLUMNS.index("ip")


def _at_text(value: Any) -> str:
    if isinstance(value, str):  # SQLite returns the stored text
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return str(value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))


def canonical(row: tuple[Any, ...], seq: int) -> bytes:
    """The bytes an event is chained as: a JSON array of its columns in EVENT_COLUMNS order, then `seq`."""
    values = list(row)
    values[_AT] = _at_text(values[_AT])
    details = values[_DETAILS]
    values[_DETAILS] = json.loads(details) if isinstance(details, str) else details
    personal = values[_PERSONAL]
    values[_PERSONAL] = base64.b64encode(bytes(personal)).decode() if personal is not None else None
    values[_IP] = str(values[_IP]) if values[_IP] is not None else None
    values.append(seq)
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def link(previous: str, row: tuple[Any, ...], seq: int) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + canonical(row, seq)).hexdigest()


def chain_head() -> tuple[int, str]:
    """(seq, hash) of the last sealed event, (0, GENESIS) for an empty chain."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {TABLE} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")  # noqa: S608  # constant SQL
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def _seal_batch(*, batch_size: int) -> int | None:
    """Seal one batch in one transaction; the count sealed, or None if another sealer holds the lock."""
    postgres = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SEALER_LOCK])
            if not cursor.fetchone()[0]:
                return None
        seq, previous = chain_head()
        cursor.execute(
            f"SELECT {_SELECT} FROM {TABLE} WHERE seq IS NULL ORDER BY id LIMIT %s",  # noqa: S608  # constant SQL
            [batch_size],
        )
        rows = cursor.fetchall()
        if not rows:
            return 0
        ids, seqs, hashes = [], [], []
        for row in rows:
            seq += 1
            previous = link(previous, row, seq)
            ids.append(row[0])
            seqs.append(seq)
            hashes.append(previous)
        if postgres:
            cursor.execute(
                f"UPDATE {TABLE} AS a SET seq = v.seq, hash = v.hash "  # noqa: S608  # constant SQL
                "FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS v(id, seq, hash) "
                "WHERE a.id = v.id AND a.seq IS NULL",
                [ids, seqs, hashes],
            )
            updated = cursor.rowcount
        else:
            cursor.executemany(
                f"UPDATE {TABLE} SET seq = %s, hash = %s WHERE id = %s AND seq IS NULL",  # noqa: S608  # constant SQL
                list(zip(seqs, hashes, ids, strict=True)),
            )
            updated = len(ids)
        if updated != len(ids):
            raise RuntimeError("audit sealer: events changed under the sealer's lock; batch rolled back")
    return len(ids)


def audit_seal(*, max_seconds: float | None = None, batch_size: int | None = None) -> int:
    """Seal every unsealed event (or stop after `max_seconds`); return how many were sealed by this call."""
    size = batch_size or int(settings.CUSTOS_AUDIT_SEAL_BATCH)
    started = time.monotonic()
    total = 0
    while True:
        sealed = _seal_batch(batch_size=size)
        if sealed is None:  # another sealer is running; it will seal what is left
            return total
        total += sealed
        if sealed < size or (max_seconds is not None and time.monotonic() - started >= max_seconds):
            return total


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def chain_walk(*, start_seq: int = 0, start_hash: str = GENESIS, page: int = 20_000) -> Iterator[tuple[int, str]]:
    """Yield (seq, hash recomputed) for every sealed event after `start_seq`; raise ChainError at the first break."""
    expected_seq, previous = start_seq, start_hash
    last = start_seq
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {_SELECT}, seq, hash FROM {TABLE} "  # noqa: S608  # constant SQL
                "WHERE seq > %s ORDER BY seq LIMIT %s",
                [last, page],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        for row in rows:
            seq, stored = int(row[-2]), row[-1]
            expected_seq += 1
            if seq != expected_seq:
                raise ChainError(ChainBreak(expected_seq, "missing (deleted or renumbered)"))
            previous = link(previous, row[:-2], seq)
            if previous != stored:
                raise ChainError(ChainBreak(seq, "hash mismatch (altered, inserted or reordered)"))
            yield seq, previous
        last = expected_seq


class ChainError(Exception):
    """The recomputed chain breaks at a sequence number (carried in `.chain_break`)."""

    def __init__(self, chain_break: ChainBreak) -> None:
        super().__init__(f"audit chain broken at seq {chain_break.seq}: {chain_break.reason}")
        self.chain_break = chain_break
