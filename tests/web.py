"""A real gunicorn process for tests, on the test database, with the Procfile's logging options."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.worker import ROOT, worker_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Web:
    base_url: str
    log: Path

    def get(self, path: str, **headers: str) -> int:
        request = urllib.request.Request(self.base_url + path, headers=headers)  # noqa: S310  # our test server
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return int(response.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    def text(self) -> str:
        return self.log.read_text(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


urllib.request.install_opener(urllib.request.build_opener(_NoRedirect))


_collected: set[str] = set()


def static_collect(environment: dict[str, str]) -> None:
    """What a deployment does before it serves with DEBUG off (dev.py run too): pages link hashed static files."""
    if "done" in _collected:
        return
    subprocess.run(  # noqa: S603  # fixed argv
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    _collected.add("done")


@contextmanager
def gunicorn(tmp_path: Path, **env: str) -> Iterator[Web]:
    """gunicorn with the Procfile's access log and logger class; output (access and error logs) in a file."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    environment = worker_env(
        DEBUG="false", SECURE_SSL_REDIRECT="false", SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false", **env
    )
    static_collect(environment)
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603  # fixed argv
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--access-logfile",
                "-",
                "--logger-class",
                "config.gunicorn_logging.RedactingLogger",
            ],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    web = Web(base_url=f"http://127.0.0.1:{port}", log=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start:\n" + web.text()[-3000:]) from None
                time.sleep(0.2)
        yield web
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
