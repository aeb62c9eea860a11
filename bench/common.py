"""Shared set-up for benchmarks: a dedicated PostgreSQL database, Django configured, schema migrated."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]


def django_setup(*, database: str) -> None:
    """Point Django at `database` on the server of DATABASE_URL (created if missing), then migrate."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Benchmarks run on PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/custos")
    parts = urlsplit(url)
    import psycopg

    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
            conn.execute(f'CREATE DATABASE "{database}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{database}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(fn: Callable[[], object], *, repeat: int) -> list[float]:
    """Run fn `repeat` times; return the durations in seconds."""
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        durations.append(time.perf_counter() - start)
    return durations


def median_ms(durations: list[float]) -> float:
    return statistics.median(durations) * 1000
