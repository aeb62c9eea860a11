"""Score the detectors on any corpus: JSON lines {"id", "text"} in, {"id", "findings", "redacted"} out.

Optional per line: "previous" (the earlier turns of the conversation, oldest first) and "region" (the
customer's ISO 3166 region, where national phone numbers are read).

    python manage.py scan_text < corpus.jsonl > findings.jsonl

A line that is not a JSON object with a string `text` is answered with {"id": ..., "error": ...} on stdout
(so that output lines match input lines) and counted on stderr; the command never stops at a bad line.
Offsets are in Unicode code points (Python string indices); input that is not UTF-8 is decoded with U+FFFD.
"""

from __future__ import annotations

import io
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from supportrecords.redaction import detect, redact_found


def scan_line(line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"invalid JSON at column {exc.colno}"}
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        ident = record.get("id") if isinstance(record, dict) else None
        return {"id": ident, "error": "expected an object with a string `text`"}
    text: str = record["text"]
    previous = record.get("previous", [])
    if not isinstance(previous, list) or not all(isinstance(turn, str) for turn in previous):
        return {"id": record.get("id"), "error": "`previous` must be a list of strings"}
    region = record.get("region")
    if region is not None and not isinstance(region, str):
        return {"id": record.get("id"), "error": "`region` must be a string"}
    findings = detect(text, previous=previous, home=region.upper() if region else None)  # once per text
    return {
        "id": record.get("id"),
        "findings": [{"kind": f.kind, "start": f.start, "end": f.end} for f in findings],
        "redacted": redact_found(text, findings),
    }


class Command(BaseCommand):
    help = "Read JSON lines {id, text} on stdin; write {id, findings, redacted} per line on stdout."

    def handle(self, *args: Any, **options: Any) -> None:
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        errors = lines = 0
        for raw in stdin:
            if not raw.strip():
                continue
            lines += 1
            result = scan_line(raw)
            errors += "error" in result
            self.stdout.write(json.dumps(result))  # ASCII escapes: safe on any stdout encoding
        self.stderr.write(f"{lines} lines, {errors} rejected")
