"""The demo's file mail backend: one file per connection, readable by its owner only (the mails hold live links)."""

from __future__ import annotations

import os
from typing import Any

from django.core.mail.backends.filebased import EmailBackend


class PrivateFileEmailBackend(EmailBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        os.chmod(self.file_path, 0o700)  # type: ignore[attr-defined]  # set by the base class, not in the stubs

    def open(self) -> bool:
        opened = bool(super().open())
        if opened:
            os.chmod(self._get_filename(), 0o600)  # type: ignore[attr-defined]  # the stubs omit it
        return opened
