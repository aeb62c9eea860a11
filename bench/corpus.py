"""Deterministic mixed English/Chinese support-chat corpus for the redaction benchmark."""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAT_CORPUS = ROOT / "tests" / "supportrecords" / "redaction" / "chat_corpus"

# Share of messages that carry a secret or personal data. Real chats have far fewer; more findings make the
# detectors do more work, so the measured throughput errs on the slow side.
POSITIVE_SHARE = 0.05


def _lines() -> tuple[list[str], list[str]]:
    negatives: list[str] = []
    positives: list[str] = []
    for path in sorted(CHAT_CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            (positives if row["spans"] else negatives).append(row["text"])
    return negatives, positives


def transcripts(*, size_bytes: int, seed: int = 20240512) -> list[str]:
    """Chat transcripts (one per ticket, 5 to 40 messages each) totalling at least size_bytes of UTF-8."""
    negatives, positives = _lines()
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not cryptography
    out: list[str] = []
    total = 0
    while total < size_bytes:
        messages = []
        for _ in range(rng.randint(5, 40)):
            pool = positives if rng.random() < POSITIVE_SHARE else negatives
            speaker = rng.choice(("customer", "agent"))
            messages.append(f"[{speaker}] {rng.choice(pool)}")
        transcript = "\n".join(messages)
        out.append(transcript)
        total += len(transcript.encode("utf-8"))
    return out


def negative_lines() -> list[str]:
    """The chat corpus's lines that hold no secret and no personal data."""
    return _lines()[0]


def dense_messages(*, size_bytes: int, seed: int = 20240512) -> list[str]:
    """Short chat messages, about half holding a secret or personal data, English and Chinese."""
    negatives, positives = _lines()
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not cryptography
    out: list[str] = []
    total = 0
    while total < size_bytes:
        message = rng.choice(positives if rng.random() < 0.5 else negatives)
        out.append(message)
        total += len(message.encode("utf-8"))
    return out
