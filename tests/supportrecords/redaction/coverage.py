"""Whether the pieces of a secret, in order, each lie inside one redacted span of detect()'s."""

from __future__ import annotations

from collections.abc import Sequence

from supportrecords.redaction import detect


def pieces_redacted(text: str, pieces: list[str], kind: str = "seed_phrase", previous: Sequence[str] = ()) -> bool:
    spans = [(f.start, f.end) for f in detect(text, previous=previous) if f.kind == kind]
    at = 0
    for piece in pieces:
        at = text.index(piece, at)
        if not any(s <= at and at + len(piece) <= e for s, e in spans):
            return False
        at += len(piece)
    return True
