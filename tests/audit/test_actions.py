"""The action registry covers every recorded action, with English and Chinese labels; audit stays a leaf app."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils import translation

from audit.actions import ACTIONS, action_label

ROOT = Path(__file__).resolve().parents[2]
APPS = ("audit", "encryption", "supportrecords", "deletion", "privacy", "outbox", "staffauth", "config")


def _recorded_actions() -> set[str]:
    """Every action string the apps record: literal `action="x.y"` (and `"x.y" if ... else "x.z"`), plus the
    privacy services' `_audit(action="verb")`, which records `privacy_request.<verb>`."""
    found: set[str] = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            found |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', text))
            found |= set(re.findall(r'if \w+ else "([a-z_]+\.[a-z_]+)"', text))
            found |= {f"privacy_request.{a}" for a in re.findall(r'_audit\([^)]*?action="([a-z_]+)"', text, re.S)}
    return found


def test_every_recorded_action_is_registered():
    recorded = _recorded_actions()
    assert len(recorded) > 50
    assert sorted(recorded - set(ACTIONS)) == []


def test_every_action_has_an_english_and_a_chinese_label():
    missing = []
    for name in ACTIONS:
        english = action_label(name)
        with translation.override("zh-hans"):
            chinese = action_label(name)
        if not english or chinese == english or not re.search(r"[\u4e00-\u9fff]", chinese):
            missing.append(name)
    assert missing == []


def test_audit_imports_no_other_project_app():
    offenders = []
    for path in (ROOT / "audit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[0] in {"encryption", "supportrecords", "deletion", "privacy"}
            ]
    assert offenders == []
