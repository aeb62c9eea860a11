"""Every user-facing string has a Simplified Chinese translation: the catalogues are re-extracted from the
sources (Django's makemessages, in a copy of the tree) and every msgid must be translated, not fuzzy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = [
    "locale/zh_Hans/LC_MESSAGES/django.po",
    "deletion/locale/zh_Hans/LC_MESSAGES/django.po",
    "privacy/locale/zh_Hans/LC_MESSAGES/django.po",
    "audit/locale/zh_Hans/LC_MESSAGES/django.po",
]
SKIP = {".venv", "var", ".git", "tests", "bench", "docs", "node_modules", "__pycache__", ".ci"}


def _extract(tmp_path: Path) -> list[polib.POFile]:
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=lambda _d, names: [n for n in names if n in SKIP])
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed to check the translations: apt-get install gettext")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    return [polib.pofile(str(copy / name)) for name in CATALOGUES]


def _translated(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def test_every_msgid_has_a_chinese_translation(tmp_path):
    extracted = {(e.msgctxt or "", e.msgid) for po in _extract(tmp_path) for e in po if not e.obsolete}
    # Django merges every catalogue at run time: a msgid translated in one of the committed ones is translated.
    translated = {
        (e.msgctxt or "", e.msgid) for name in CATALOGUES for e in polib.pofile(str(ROOT / name)) if _translated(e)
    }
    missing = [f"{context} | {msgid}" if context else msgid for context, msgid in sorted(extracted - translated)]
    assert not missing, f"{len(missing)} msgids without a zh-hans translation:\n" + "\n".join(missing)


def test_the_compiled_catalogues_are_up_to_date():
    for name in CATALOGUES:
        po = polib.pofile(str(ROOT / name))
        mo = polib.mofile(str(ROOT / name).replace(".po", ".mo"))
        compiled = {(e.msgctxt or "", e.msgid): e.msgstr for e in mo}
        stale = [
            e.msgid
            for e in po.translated_entries()
            if not e.msgid_plural and compiled.get((e.msgctxt or "", e.msgid)) != e.msgstr
        ]
        assert not stale, f"{name}: compile with `msgfmt` (django-admin compilemessages): {stale[:5]}"
