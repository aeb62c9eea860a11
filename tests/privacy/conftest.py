"""Fixtures of the privacy-request tests, found by pytest and never imported by name. The role fixtures
(`privacy_officer`, `compliance_officer`), `eager`, `privacy_settings` and `reseeded` are shared by other test
directories, so they live in tests/conftest.py; plain helpers are in tests/privacy/helpers.py."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _ledger_dir(settings, tmp_path):
    """Erasures append to the deletion ledger: each test gets its own directory, never var/ledger."""
    settings.CUSTOS_LEDGER_DIR = tmp_path / "ledger"
    return settings.CUSTOS_LEDGER_DIR
