"""Issue 9, case 9: demo mail lands under CUSTOS_VAR_DIR (or the absolute path given), files mode 0600."""

from __future__ import annotations

import os
import subprocess
import sys

from django.core import mail
from django.core.mail import EmailMessage

from tests.worker import ROOT


def _settings_of(env_extra: dict[str, str]) -> str:
    env = {**os.environ, **env_extra}
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_filemail_keeps_an_absolute_path_and_puts_a_relative_one_under_the_var_dir(tmp_path):
    absolute = _settings_of({"EMAIL_URL": f"filemail://{tmp_path}/mail"})
    assert absolute == f"config.mail.PrivateFileEmailBackend {tmp_path}/mail"
    relative = _settings_of({"EMAIL_URL": "filemail://mail", "CUSTOS_VAR_DIR": str(tmp_path / "var")})
    assert relative.endswith(f" {tmp_path}/var/mail")


def test_mail_files_are_readable_by_their_owner_only(tmp_path):
    connection = mail.get_connection("config.mail.PrivateFileEmailBackend", file_path=str(tmp_path / "mail"))
    EmailMessage("Your link", "https://example/privacy/status/x/", to=["a@example.com"], connection=connection).send()
    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1 and files[0].stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "mail").stat().st_mode & 0o777 == 0o700
