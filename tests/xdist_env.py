"""pytest plugin (loaded with -p before Django's settings, as `python3 dev.py test` does): each pytest-xdist worker
gets state of its own.

The tests of a worker flush, lock and count in Redis (rate limits, the purge lock, a real Celery worker's broker)
and, on the embedded default, in files under the var directory (the SQLite test database, the file cache, the
filesystem broker): two workers sharing them would see each other's keys. Worker N uses `var/xdist-gwN/` as its var
directory (the keys file stays the project's) and the configured Redis databases minus 2(N+1) (CI's 15 and 14
become 13 and 12, then 11 and 10), emptied when the worker starts, as CI empties its own.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis

ROOT = Path(__file__).resolve().parents[1]
_DATABASES = 16  # Redis's default number of databases


def _moved(url: str, worker: int) -> str:
    parts = urlsplit(url)
    number = int(parts.path.lstrip("/") or 0)
    moved = number - 2 * (worker + 1)
    if moved < 0:
        moved = (number + 2 * (worker + 1)) % _DATABASES
    return urlunsplit(parts._replace(path=f"/{moved}"))


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config, parser: pytest.Parser, args: list[str]) -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    number = int(worker[2:])
    var = Path(os.environ.get("CUSTOS_VAR_DIR", ROOT / "var"))
    os.environ.setdefault("CUSTOS_ENV_FILE", str(var / "custos.env"))
    os.environ["CUSTOS_VAR_DIR"] = str(var / f"xdist-{worker}")
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        url = os.environ.get(name, "")
        if url.startswith("redis://"):
            os.environ[name] = _moved(url, number)
            redis.Redis.from_url(os.environ[name]).flushdb()
