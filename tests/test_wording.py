"""Wording rules checked on the sources: one localised date format (no hard-coded date patterns in what people
read), plurals through ngettext / blocktranslate count (no "1 tickets"), and no ASCII colon glued after a
translated label (Chinese takes a full-width one: the colon belongs inside the translated string)."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from django.utils import translation
from django.utils.formats import date_format

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "var", ".git", "tests", "bench", "node_modules", "__pycache__"}
COUNTED = r"(?:tickets|messages|attachments|days|hours|minutes|customers|events|requests|files|reads|records|codes)"
CJK = r"[\u4e00-\u9fff]"


def _files(*suffixes: str) -> list[Path]:
    return [
        p for p in ROOT.rglob("*") if p.suffix in suffixes and not SKIP & set(p.relative_to(ROOT).parts) and p.is_file()
    ]


def test_templates_show_dates_in_the_language_format_only():
    bad = []
    for path in _files(".html", ".txt"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\|date:[\"'](?!c[\"']|DATE_FORMAT|DATETIME_FORMAT|SHORT_DATE|MONTH_DAY|YEAR_MONTH)", line):
                bad.append(f"{path.relative_to(ROOT)}:{number}")
    assert not bad, bad


def test_python_display_code_formats_no_dates_by_hand():
    bad = []
    for path in _files(".py"):
        if path.parts[-2] == "migrations":
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'strftime\("%Y-%m-%d(?: %H:%M)?"\)', text):
            bad.append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert not bad, bad


def test_counted_nouns_go_through_plural_forms():
    bad = []
    for path in _files(".html", ".txt"):
        text = path.read_text(encoding="utf-8")
        for block in re.finditer(
            r"\{% blocktranslate(?P<args>[^%]*)%\}(?P<body>.*?)\{% endblocktranslate %\}", text, re.S
        ):
            if " count " in f" {block['args']} ":
                continue
            if re.search(r"\{\{ *\w+ *\}\} " + COUNTED + r"\b", block["body"]):
                bad.append(f"{path.relative_to(ROOT)}: {block['body'][:60]}")
    for path in _files(".py"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'\b(?:gettext|gettext_lazy|_|_t)\(\s*"[^"]*%\(\w+\)[ds] ' + COUNTED + r"\b", text):
            bad.append(f"{path.relative_to(ROOT)}: {match.group(0)[:60]}")
    assert not bad, bad


def test_no_ascii_colon_is_glued_after_a_translated_label():
    bad = []
    for path in _files(".html", ".txt"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\{% (?:translate|trans|endif|endblocktranslate)\b[^%]*%\}[:;]", line):
                bad.append(f"{path.relative_to(ROOT)}:{number}")
    assert not bad, bad


def test_chinese_translations_use_full_width_punctuation_next_to_chinese():
    bad = []
    for name in (
        "locale/zh_Hans/LC_MESSAGES/django.po",
        "deletion/locale/zh_Hans/LC_MESSAGES/django.po",
        "audit/locale/zh_Hans/LC_MESSAGES/django.po",
    ):
        for entry in polib.pofile(str(ROOT / name)):
            for text in (entry.msgstr, *entry.msgstr_plural.values()):
                if re.search(CJK + r" ?[:;!?]|[:;!?] ?" + CJK + "|" + CJK + r" ?, ?", text):
                    bad.append(f"{entry.msgid[:40]} => {text[:40]}")
    assert not bad, bad


def test_one_date_format_per_language():
    from datetime import UTC, datetime

    moment = datetime(2026, 12, 5, 14, 5, tzinfo=UTC)
    with translation.override("en"):
        assert date_format(moment, "DATE_FORMAT") == date_format(moment, "SHORT_DATE_FORMAT") == "5 Dec 2026"
        assert date_format(moment, "DATETIME_FORMAT") == "5 Dec 2026, 14:05"
    with translation.override("zh-hans"):
        assert date_format(moment, "DATE_FORMAT") == "2026年12月5日"
        assert date_format(moment, "DATETIME_FORMAT") == "2026年12月5日 14:05"
