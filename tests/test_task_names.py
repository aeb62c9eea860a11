"""Task names are stored strings (beat rows, outbox rows, queued messages, task routes): each task declares its name
explicitly, and every stored name resolves to a registered task."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django_celery_beat.models import PeriodicTask

from config.celery import app as celery_app
from privacy import dispatch as privacy_dispatch
from supportrecords import dispatch

ROOT = Path(__file__).resolve().parent.parent
TASK_MODULES = (
    "audit/tasks.py",
    "deletion/tasks.py",
    "encryption/tasks.py",
    "outbox/tasks.py",
    "supportrecords/tasks.py",
)


@pytest.fixture(scope="module")
def registered() -> set[str]:
    celery_app.loader.import_default_modules()  # what a worker does at start: every app's tasks module
    return set(celery_app.tasks)


def _declared_names(path: Path) -> dict[str, ast.expr | None]:
    """Each task function of a module -> the `name=` of its @shared_task (None when it has none)."""
    found: dict[str, ast.expr | None] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            target = call.func if call else decorator
            if isinstance(target, ast.Name) and target.id == "shared_task":
                found[node.name] = next((k.value for k in call.keywords if k.arg == "name"), None) if call else None
    return found


def test_every_task_declares_its_name_as_it_was_before_the_names_were_pinned(registered):
    qualified_names = []
    for relative in TASK_MODULES:
        module = relative.removesuffix(".py").replace("/", ".")
        for function, name in _declared_names(ROOT / relative).items():
            assert name is not None, f"{module}.{function} has no explicit name="
            qualified_names.append(f"{module}.{function}")
    assert len(qualified_names) >= 11
    # Today's names are the module paths: a task keeps its name wherever its code moves later.
    assert sorted(set(qualified_names) - registered) == []


def test_dispatched_names_are_registered(registered):
    assert set(dispatch.TASK_NAMES) <= registered
    assert set(privacy_dispatch.TASK_NAMES) <= registered


def test_the_privacy_tasks_keep_the_names_they_had_in_the_deletion_app(registered):
    """privacy/tasks.py declares each task under a name of privacy/dispatch.py, frozen at its old module path."""
    declared = _declared_names(ROOT / "privacy/tasks.py")
    assert len(declared) == len(privacy_dispatch.TASK_NAMES) == 7
    for function, name in declared.items():
        assert isinstance(name, ast.Attribute), f"privacy.tasks.{function} must take its name from dispatch"
        # Tasks added after the move are named by their module path of today (the beat sweep of submissions).
        old = function != "privacy_submissions_sweep_task"
        module = "deletion.privacy_tasks" if old else "privacy.tasks"
        assert getattr(privacy_dispatch, name.attr) == f"{module}.{function}"
        assert registered >= {f"{module}.{function}"}


@pytest.mark.django_db
def test_every_beat_entry_resolves_to_a_registered_task(registered):
    stored = set(PeriodicTask.objects.exclude(task="celery.backend_cleanup").values_list("task", flat=True))
    assert len(stored) >= 5
    assert sorted(stored - registered) == []


def test_every_routed_task_is_registered(registered):
    assert sorted(set(settings.CELERY_TASK_ROUTES) - registered) == []
