#!/usr/bin/env python3
"""Set up and run Custos with nothing but Python 3.11+.

    python3 dev.py run    # virtualenv, install, migrate, demo data and accounts, then web + worker + beat
    python3 dev.py run --debug   # the same with Django's DEBUG on (or CUSTOS_DEBUG=1)
    python3 dev.py test   # virtualenv, install, run the test suite (extra arguments go to pytest)
    python3 dev.py check  # ruff, mypy and bandit (high severity), as CI runs them
    python3 dev.py otp USER   # the current two-factor code of a demo account

Both use SQLite and an embedded Celery broker under var/ unless DATABASE_URL / CELERY_BROKER_URL (and
REDIS_URL) point at PostgreSQL and Redis.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("CUSTOS_VENV", ROOT / ".venv"))
VAR = Path(os.environ.get("CUSTOS_VAR_DIR", ROOT / "var"))
BANDIT_PATHS = (
    "audit",
    "config",
    "deletion",
    "encryption",
    "outbox",
    "privacy",
    "staffauth",
    "supportrecords",
    "dev.py",
)
ENV_FILE = Path(os.environ.get("CUSTOS_ENV_FILE", VAR / "custos.env"))


def _python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)  # noqa: S603  # our own fixed commands
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_venv(requirements: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036  # this script runs before any check of the interpreter
        sys.exit("Custos needs Python 3.11 or newer.")
    if not _python().exists():
        print(f"Creating the virtualenv in {VENV} ...", flush=True)
        _run(sys.executable, "-m", "venv", VENV)
    digest = hashlib.sha256()
    for name in ("requirements.txt", "requirements-dev.txt", requirements):
        digest.update((ROOT / name).read_bytes())
    stamp = VENV / f".custos-{requirements}.sha256"
    if not stamp.exists() or stamp.read_text() != digest.hexdigest():
        print(f"Installing {requirements} ...", flush=True)
        _run(_python(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements)
        stamp.write_text(digest.hexdigest())


def _key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _demo_env_values() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CUSTOS_KEKS": f"demo-1:{_key()}",
        "CUSTOS_BLIND_INDEX_KEY": _key(),
        "CUSTOS_CERTIFICATE_SIGNING_KEY": _key(),
        "DEBUG": "true",
        "CUSTOS_DEMO_PASSWORD": secrets.token_urlsafe(12),
    }


def ensure_env_file() -> None:
    """Write the demo's keys once, and add any that a newer version needs; existing keys are never replaced."""
    VAR.mkdir(parents=True, exist_ok=True)
    existing = (
        ENV_FILE.read_text()
        if ENV_FILE.exists()
        else ("# Written by dev.py for the local demo and tests. Real deployments set these in the environment.\n")
    )
    present = {line.split("=", 1)[0] for line in existing.splitlines() if "=" in line}
    missing = {k: v for k, v in _demo_env_values().items() if k not in present}
    if not missing:
        return
    ENV_FILE.write_text(existing + "".join(f"{k}={v}\n" for k, v in missing.items()))
    ENV_FILE.chmod(0o600)
    print(f"Wrote {', '.join(missing)} to {ENV_FILE} (keep it: the demo data is encrypted under these keys).")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env["PATH"] = f"{_python().parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _demo_web_env(env: dict[str, str], *, debug: bool) -> dict[str, str]:
    """The demo runs with DEBUG off unless asked: the debug page is not for a service others can reach. It is
    served over plain HTTP on 127.0.0.1, so HTTPS redirects and secure-only cookies are off unless set."""
    env = dict(env)
    env["DEBUG"] = "true" if debug else "false"
    for name, value in {
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
    }.items():
        env.setdefault(name, value)
    return env


def run(args: list[str] | None = None) -> None:
    ensure_venv("requirements.txt")
    ensure_env_file()
    debug = "--debug" in (args or []) or os.environ.get("CUSTOS_DEBUG", "").lower() in {"1", "true", "yes"}
    env = _demo_web_env(_env(), debug=debug)
    _run(_python(), "manage.py", "migrate", "--no-input", env=env)
    # WhiteNoise serves the static files when DEBUG is off: collect them (fast when nothing changed).
    _run(_python(), "manage.py", "collectstatic", "--no-input", "--verbosity", "0", env=env)
    _run(_python(), "manage.py", "setup_demo", "--customers", os.environ.get("CUSTOS_DEMO_CUSTOMERS", "60"), env=env)
    bind = env.get("CUSTOS_BIND", "127.0.0.1:8000")
    base = env.get("CUSTOS_PUBLIC_BASE_URL", f"http://{bind.replace('0.0.0.0:', '127.0.0.1:')}").rstrip("/")
    print(f"\nStarting web ({base}/admin/, DEBUG {'on' if debug else 'off'}), Celery worker and beat.")
    print("Ctrl-C stops all three.\n")
    os.chdir(ROOT)
    os.execve(str(_python()), [str(_python()), "-m", "honcho", "start", "-f", "Procfile"], env)  # noqa: S606  # fixed argv


MAX_TEST_WORKERS = 4  # tests/xdist_env.py gives each worker two Redis databases of its own


def _test_workers(args: list[str]) -> list[str]:
    """pytest-xdist's arguments: one worker per core (CUSTOS_TEST_WORKERS overrides; 1 runs in one process), unless
    the arguments choose already."""
    if any(a in ("-n", "--numprocesses", "no:xdist") or a.startswith(("-n", "--numprocesses=")) for a in args):
        return []
    workers = int(os.environ.get("CUSTOS_TEST_WORKERS", "0") or 0) or min(os.cpu_count() or 1, MAX_TEST_WORKERS)
    return ["-n", str(min(workers, MAX_TEST_WORKERS))] if workers > 1 else []


def test(args: list[str]) -> None:
    ensure_venv("requirements-dev.txt")
    ensure_env_file()
    env = _env()
    command = [str(_python()), "-m", "pytest", "-p", "tests.xdist_env", *_test_workers(args), *args]
    result = subprocess.run(command, cwd=ROOT, env=env)  # noqa: S603  # our own fixed command
    sys.exit(result.returncode)


def check() -> None:
    ensure_venv("requirements-dev.txt")
    ensure_env_file()
    env = _env()
    _run(_python(), "-m", "ruff", "check", ".", env=env)
    _run(_python(), "-m", "ruff", "format", "--check", ".", env=env)
    _run(_python(), "-m", "mypy", ".", env=env)
    # Security lint: fails on any high-severity finding in our code (ruff's S rules catch the rest earlier).
    _run(
        _python(),
        "-m",
        "bandit",
        "--quiet",
        "--recursive",
        "--severity-level",
        "high",
        "--exclude",
        "*/migrations/*",
        *BANDIT_PATHS,
        env=env,
    )


def otp(args: list[str]) -> None:
    if len(args) != 1:
        sys.exit("Usage: python3 dev.py otp USERNAME")
    ensure_venv("requirements.txt")
    ensure_env_file()
    env = _env()
    env["CUSTOS_DEMO_OTP"] = "true"
    _run(_python(), "manage.py", "otp_code", args[0], env=env)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test", "check", "otp"}:
        sys.exit(__doc__)
    if sys.argv[1] == "otp":
        otp(sys.argv[2:])
    elif sys.argv[1] == "test":
        test(sys.argv[2:])
    elif sys.argv[1] == "run":
        run(sys.argv[2:])
    else:
        check()


if __name__ == "__main__":
    main()
