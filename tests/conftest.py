from __future__ import annotations

import importlib
import os

import pytest
from django.db import connection
from django.utils import translation

from config.celery import app as celery_app
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
def _default_language():
    """Each test starts in the default language: a page asked for in Chinese leaves Chinese active in the thread,
    which a later test in the same process (another order under pytest-xdist) would read its labels in."""
    translation.deactivate()
    yield
    translation.deactivate()


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


@pytest.fixture
def privacy_officer(db):
    return UserFactory(role=roles.PRIVACY_OFFICER, email="paula@exchange.example")


@pytest.fixture
def compliance_officer(db):
    return UserFactory(role=roles.COMPLIANCE_OFFICER, email="chen@exchange.example")


@pytest.fixture
def reseeded(transactional_db):
    """Put back what data migrations seed (roles, categories, policies): a transactional test flushes them."""
    from django.contrib.auth.models import Group

    from deletion.models import RetentionPolicy
    from supportrecords.models import DataCategory

    records = importlib.import_module("supportrecords.migrations.0002_roles_and_categories")
    defaults = importlib.import_module("deletion.migrations.0002_retention_defaults")
    for role in records.ROLE_PERMISSIONS:
        Group.objects.get_or_create(name=role)
    for slug, name, sensitivity in records.CATEGORIES:
        DataCategory.objects.get_or_create(slug=slug, defaults={"name": name, "sensitivity": sensitivity})
    for slug, jurisdiction, days, clock, action, basis in defaults.DEFAULTS + defaults.NEW_YORK:
        RetentionPolicy.objects.get_or_create(
            category=DataCategory.objects.get(slug=slug),
            jurisdiction=jurisdiction,
            defaults={"retention_days": days, "clock": clock, "action": action, "legal_basis": basis},
        )
    yield
    # The test database is flushed next; on SQLite that is a DELETE, which the legal-hold guards refuse.
    from deletion.models import LegalHold

    LegalHold.objects.all().delete()


@pytest.fixture
def privacy_settings(settings, tmp_path):
    settings.CUSTOS_PUBLIC_BASE_URL = "http://testserver"
    settings.CUSTOS_PRIVACY_RATE_PER_IP = "1000/h"
    settings.CUSTOS_PRIVACY_RATE_PER_EMAIL = "1000/h"
    settings.CUSTOS_LEDGER_DIR = tmp_path / "ledger"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)}
    }
    return settings


@pytest.fixture
def eager(settings):
    """Celery tasks run in-process (emails go to the locmem outbox)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
