"""A real Celery worker process for tests: same broker as configured, the test database, a private queue."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def _media_location() -> Any:
    storages: dict[str, Any] = settings.STORAGES
    options: dict[str, Any] = storages["default"].get("OPTIONS", {})
    return options.get("location", settings.MEDIA_ROOT)


def worker_env(**extra: str) -> dict[str, str]:
    """The environment of a worker that sees what the test sees: database, keys and broker."""
    keks = ",".join(f"{k}:{base64.urlsafe_b64encode(v).decode()}" for k, v in settings.CUSTOS_KEKS.items())
    env = dict(os.environ)
    env.update(
        DATABASE_URL=_database_url(),
        CUSTOS_KEKS=keks,
        CUSTOS_BLIND_INDEX_KEY=base64.urlsafe_b64encode(settings.CUSTOS_BLIND_INDEX_KEY).decode(),
        CUSTOS_KEY_CACHE_SECONDS="0",
        MEDIA_ROOT=str(_media_location()),
    )
    env.update(extra)
    return env


@dataclass
class Worker:
    queue: str
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def kill(self) -> None:
        """SIGKILL: the worker dies at once, as in a crash or an out-of-memory kill."""
        self.process.kill()
        self.process.wait(timeout=30)


@contextmanager
def celery_worker(*, concurrency: int = 1, queue: str | None = None, **env: str) -> Iterator[Worker]:
    """Start `celery worker` on a private queue and wait until it is ready; stop it afterwards."""
    queue = queue or f"test-{uuid.uuid4().hex[:10]}"
    process = subprocess.Popen(  # noqa: S603  # fixed argv
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            queue,
            "--concurrency",
            str(concurrency),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "info",
            "-n",
            f"{queue}@%h",
        ],
        cwd=ROOT,
        env=worker_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    worker = Worker(queue=queue, process=process)
    ready = threading.Event()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            worker.output.append(line)
            if " ready." in line:
                ready.set()
        ready.set()  # the process ended: stop waiting

    threading.Thread(target=pump, daemon=True).start()
    try:
        if not ready.wait(timeout=90) or process.poll() is not None:
            raise RuntimeError("the Celery worker did not start:\n" + "".join(worker.output[-40:]))
        yield worker
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_until(predicate: Any, *, timeout: float = 60, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError("condition not met in time")
