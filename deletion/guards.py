"""Legal-hold delete guards for the embedded SQLite database (PostgreSQL gets them from migration 0003).

SQLite drops a table's triggers whenever Django rebuilds the table for an ALTER, so they are (re)created after
every `migrate` rather than once by a migration.
"""

# ruff: noqa: S608  # constant SQL, no input is interpolated

from __future__ import annotations

from typing import Any

from django.db import connections

ACTIVE = "h.released_at IS NULL AND (h.ends_at IS NULL OR h.ends_at > strftime('%Y-%m-%d %H:%M:%f', 'now'))"

SQLITE_GUARDS = [
    f"""
    CREATE TRIGGER IF NOT EXISTS deletion_held_ticket_guard BEFORE DELETE ON supportrecords_ticket
    WHEN EXISTS (SELECT 1 FROM deletion_legalhold h
                 WHERE (h.ticket_id = OLD.id OR h.customer_id = OLD.customer_id) AND {ACTIVE})
    BEGIN SELECT RAISE(ABORT, 'refused: a ticket under an active legal hold cannot be deleted'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS deletion_held_customer_guard BEFORE DELETE ON supportrecords_customer
    WHEN EXISTS (SELECT 1 FROM deletion_legalhold h WHERE h.customer_id = OLD.id AND {ACTIVE})
    BEGIN SELECT RAISE(ABORT, 'refused: a customer under an active legal hold cannot be deleted'); END
    """,
]


def sqlite_guards_install(*, using: str = "default", **kwargs: Any) -> None:
    """Create the SQLite delete guards if the tables exist (a post_migrate receiver)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    if not {"supportrecords_ticket", "supportrecords_customer", "deletion_legalhold"} <= tables:
        return
    with connection.cursor() as cursor:
        for sql in SQLITE_GUARDS:
            cursor.execute(sql)
