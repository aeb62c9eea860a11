from __future__ import annotations

import os

import pytest
from django.db import connection

from encryption.keyring import key_cache
from supportrecords import roles
from tests.factories import CustomerFactory, TicketFactory, UserFactory


@pytest.fixture(autouse=True)
def _isolated_key_cache():
    """Each test starts with no unwrapped key in memory, as a fresh process would."""
    key_cache.clear()
    yield
    key_cache.clear()


@pytest.fixture(autouse=True)
def _no_cached_baselines(monkeypatch):
    """User ids repeat across test databases: never reuse a p95 baseline cached by an earlier run."""
    monkeypatch.setattr("audit.anomaly.BASELINE_CACHE_SECONDS", 0)


@pytest.fixture(autouse=True)
def _fresh_thresholds(monkeypatch):
    """Tests edit the thresholds directly: never reuse a copy cached by an earlier test."""
    monkeypatch.setattr("audit.anomaly.THRESHOLDS_CACHE_SECONDS", 0.0)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def skip_unless_ci(reason: str) -> None:
    """Skip on a developer's machine; in CI a missing dependency is a failure, never a silent skip."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must run this test: {reason}")
    pytest.skip(reason)


@pytest.fixture
def requires_postgres():
    if connection.vendor != "postgresql":
        skip_unless_ci("needs PostgreSQL: set DATABASE_URL")


@pytest.fixture
def customer(db):
    return CustomerFactory()


@pytest.fixture
def ticket(customer):
    return TicketFactory(customer=customer)


@pytest.fixture
def agent(db):
    return UserFactory(role=roles.AGENT)


@pytest.fixture
def make_user(db):
    def make(role: str | None = None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make
