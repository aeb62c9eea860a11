"""A phrase pasted as JSON, as json.dumps writes it: accented letters as \\uXXXX escapes (precomposed or with a
combining mark), Chinese as escapes, words on lines joined by \\n escapes, a character beyond the BMP as a
surrogate pair. The rendered reading decodes the escapes; the redaction covers the escaped text."""

from __future__ import annotations

import json
import random
import unicodedata

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import detect, redact


@pytest.mark.parametrize("language", ["spanish", "french", "czech", "portuguese", "chinese_simplified", "english"])
def test_a_phrase_in_json_with_escapes_is_redacted_whole(language):
    rng = random.Random(language)  # noqa: S311 - reproducible test data
    for _ in range(8):
        words = Mnemonic(language).to_mnemonic(rng.randbytes(rng.choice((16, 32)))).split()
        words = [unicodedata.normalize(rng.choice(("NFC", "NFD")), w) for w in words]
        for value in ({"mnemonic": " ".join(words)}, {"words": words}, {"m": "\n".join(words)}):
            body = json.dumps(value)
            stored = redact(body)
            assert "[REDACTED:seed_phrase]" in stored, body
            left = json.loads(stored)
            kept = json.dumps(left, ensure_ascii=False)
            assert sum(unicodedata.normalize("NFC", w) in kept for w in words if len(w) > 3) <= 1


def test_escapes_outside_a_phrase_change_nothing():
    for text in (
        "C:\\new\\test path \\u00e9t\\u00e9",
        '{"note": "caf\\u00e9 \\ud83d\\ude00 ok\\nthanks"}',
        "a lone \\ud800 surrogate and \\U0011ffff beyond Unicode",
    ):
        assert detect(text) == []


def test_a_surrogate_pair_between_words_reads_as_one_character():
    words = Mnemonic("english").to_mnemonic(bytes(range(16))).split()
    body = json.dumps({"m": " \U0001f600 ".join(words)})
    assert "\\ud83d\\ude00" in body
    assert "[REDACTED:seed_phrase]" in redact(body)
