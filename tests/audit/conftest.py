from __future__ import annotations

from typing import Any

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _checkpoint_dir(settings, tmp_path):
    settings.CUSTOS_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.CUSTOS_AUDIT_CHECKPOINT_S3_BUCKET = ""
    return settings.CUSTOS_AUDIT_CHECKPOINT_DIR


@pytest.fixture
def as_owner_without_triggers():
    """Run SQL as the database owner would after switching the audit triggers off (the attack the chain detects)."""

    def run(sql: str, params: list[Any] | None = None) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params or [])
            cursor.execute("SET LOCAL session_replication_role = origin")

    return run
