"""The hash chain: sealing new events in order, and recomputing the chain to verify it.

Request paths only INSERT events. One sealer at a time (a PostgreSQL advisory lock elects it; on SQLite the
database's single writer does) takes unsealed events in id order, gives them consecutive sequence numbers after
the current head, and chains them, one transaction per batch of at most `CUSTOS_AUDIT_SEAL_BATCH` events:

    leaf(event) = SHA-256(canonical encoding of the event's columns, EVENT_COLUMNS order)
    hash(seq)   = SHA-256(hash(seq - 1) || seq as 8 bytes big-endian || leaf)      hash(0) = 32 zero bytes

The canonical encoding is a JSON array of the columns (time as UTC `YYYY-MM-DDTHH:MM:SS.ffffffZ`, the encrypted
personal data as base64). On PostgreSQL it is `json_build_array(...)::text` and the database computes the leaf
(`sha256()`), so sealing and verifying read 32 bytes per event instead of every column; on SQLite (the demo)
Python computes it with `json.dumps`. A sealer killed mid-batch leaves its transaction rolled back: the next run
seals the same events exactly once, and the unique `seq` forbids a fork.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
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

_PG_COLUMNS = {
    "at": """to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')""",
    "ip": "host(ip)",
    "personal": "encode(personal, 'base64')",
}
_PG_LEAF = (
    "sha256(convert_to(json_build_array("
    + ", ".join(_PG_COLUMNS.get(c, c) for c in EVENT_COLUMNS)
    + ")::text, 'UTF8'))"
)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _at_text(value: Any) -> str:
    if isinstance(value, str):  # SQLite returns the stored text
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return str(value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))


def canonical(row: tuple[Any, ...]) -> bytes:
    """The Python canonical encoding of an event's columns (EVENT_COLUMNS order), used on SQLite."""
    values = list(row)
    values[_AT] = _at_text(values[_AT])
    details = values[_DETAILS]
    values[_DETAILS] = json.loads(details) if isinstance(details, str) else details
    personal = values[_PERSONAL]
    values[_PERSONAL] = base64.b64encode(bytes(personal)).decode() if personal is not None else None
    values[_IP] = str(values[_IP]) if values[_IP] is not None else None
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def link(previous: str, seq: int, leaf: bytes) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + seq.to_bytes(8, "big") + leaf).hexdigest()


def _leaves(cursor: Any, *, where: str, params: list[Any], extra: str) -> list[tuple[Any, ...]]:
    """Rows of (extra columns..., leaf bytes) for the events matching `where`."""
    if _postgres():
        cursor.execute(f"SELECT {extra}, {_PG_LEAF} FROM {TABLE} WHERE {where}", params)  # noqa: S608  # constant SQL
        return [(*row[:-1], bytes(row[-1])) for row in cursor.fetchall()]
    cursor.execute(f"SELECT {extra}, {_SELECT} FROM {TABLE} WHERE {where}", params)  # noqa: S608  # constant SQL
    width = len(extra.split(","))
    return [(*row[:width], hashlib.sha256(canonical(row[width:])).digest()) for row in cursor.fetchall()]


def event_leaves(*, after_seq: int = 0, limit: int = 20_000) -> list[tuple[int, str, bytes]]:
    """(seq, stored hash, recomputed leaf) of the sealed events with after_seq < seq <= after_seq + limit."""
    with connection.cursor() as cursor:
        return [
            (int(seq), str(stored), leaf)
            for seq, stored, leaf in _leaves(
                cursor,
                where="seq > %s AND seq <= %s ORDER BY seq",
                params=[after_seq, after_seq + limit],
                extra="seq, hash",
            )
        ]


def _event_leaves_in_thread(after_seq: int, limit: int) -> list[tuple[int, str, bytes]]:
    try:
        return event_leaves(after_seq=after_seq, limit=limit)
    finally:
        connection.close()  # this thread's own connection


def _pages(*, start_seq: int, head: int, page: int) -> Iterator[list[tuple[int, str, bytes]]]:
    """The leaf pages up to `head`, in order. Outside a transaction, the next pages are computed by the database
    on other connections while this one chains the current page (PostgreSQL does the encoding and hashing)."""
    starts = list(range(start_seq, head, page))
    if not (_postgres() and not connection.in_atomic_block and len(starts) > 1):
        for start in starts:
            yield event_leaves(after_seq=start, limit=page)
        return
    with ThreadPoolExecutor(max_workers=2) as pool:
        ahead = [pool.submit(_event_leaves_in_thread, start, page) for start in starts[:2]]
        for i in range(len(starts)):
            rows = ahead[i].result()
            if i + 2 < len(starts):
                ahead.append(pool.submit(_event_leaves_in_thread, starts[i + 2], page))
            yield rows


def chain_head() -> tuple[int, str]:
    """(seq, hash) of the last sealed event, (0, GENESIS) for an empty chain."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {TABLE} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")  # noqa: S608  # constant SQL
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def _seal_batch(*, batch_size: int) -> int | None:
    """Seal one batch in one transaction; the count sealed, or None if another sealer holds the lock."""
    postgres = _postgres()
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SEALER_LOCK])
            if not cursor.fetchone()[0]:
                return None
        seq, previous = chain_head()
        rows = _leaves(cursor, where="seq IS NULL ORDER BY id LIMIT %s", params=[batch_size], extra="id")
        if not rows:
            return 0
        ids, seqs, hashes = [], [], []
        for event_id, leaf in rows:
            seq += 1
            previous = link(previous, seq, leaf)
            ids.append(event_id)
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


class ChainError(Exception):
    """The recomputed chain breaks at a sequence number (carried in `.chain_break`)."""

    def __init__(self, chain_break: ChainBreak) -> None:
        super().__init__(f"audit chain broken at seq {chain_break.seq}: {chain_break.reason}")
        self.chain_break = chain_break


def chain_walk(*, start_seq: int = 0, start_hash: str = GENESIS, page: int = 20_000) -> Iterator[tuple[int, str]]:
    """Yield (seq, hash recomputed) for every event sealed after `start_seq` up to the head when the walk starts;
    raise ChainError at the first break."""
    head, _ = chain_head()
    expected, previous = start_seq, bytes.fromhex(start_hash)
    sha256 = hashlib.sha256
    for rows in _pages(start_seq=start_seq, head=head, page=page):
        for seq, stored, leaf in rows:
            expected += 1
            if seq != expected:
                raise ChainError(ChainBreak(expected, "missing (deleted or renumbered)"))
            digest = sha256(previous + seq.to_bytes(8, "big") + leaf)
            computed = digest.hexdigest()
            if computed != stored:
                raise ChainError(ChainBreak(seq, "hash mismatch (altered, inserted or reordered)"))
            previous = digest.digest()
            yield seq, computed
    if expected < head:
        raise ChainError(ChainBreak(expected + 1, "missing (deleted or renumbered)"))
