"""Phrases split by HTML markup, entities or invisible characters, or written with Cyrillic/Greek look-alike
letters, are found and redacted in the original text (seeded generated cases in every `mnemonic` language)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable

import pytest
from mnemonic import Mnemonic

from supportrecords.management.commands.scan_text import scan_line
from supportrecords.redaction import SECRET_KINDS, detect, redact, variants

LANGUAGES = sorted(Mnemonic.list_languages())
LATIN = ("czech", "english", "french", "italian", "portuguese", "spanish", "turkish")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
PHRASE = Mnemonic("english").to_mnemonic(bytes(range(16))).split()
LOOK_ALIKES = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і"}  # Cyrillic


def _phrase(rng: random.Random, language: str) -> list[str]:
    while True:
        strength = rng.choice([128, 160, 192, 224, 256])
        words = Mnemonic(language).to_mnemonic(rng.randbytes(strength // 8)).split()
        # The package's Russian list spells one word with two U+FFFD ("сно\ufffd\ufffdа"): nobody types that.
        if not any("\ufffd" in word for word in words):
            return words


def _inside(word: str, mark: str, rng: random.Random) -> str:
    if len(word) < 2:
        return word
    at = rng.randrange(1, len(word))
    return word[:at] + mark + word[at:]


def _entity_inside(word: str, rng: random.Random) -> str:
    at = rng.randrange(len(word))
    return word[:at] + f"&#{ord(word[at])};" + word[at + 1 :]


def _homoglyphs(words: list[str], count: int, rng: random.Random) -> list[str] | None:
    places = [(i, j) for i, w in enumerate(words) for j, c in enumerate(w) if c in LOOK_ALIKES]
    if len(places) < min(count, 2):
        return None
    out = list(words)
    for i, j in rng.sample(places, min(count, len(places))):
        out[i] = out[i][:j] + LOOK_ALIKES[out[i][j]] + out[i][j + 1 :]
    return out


# Each: words -> the words as they are pasted, joined.
SPLITTERS: dict[str, Callable[[list[str], random.Random], str]] = {
    "br": lambda ws, rng: "<br>".join(ws),
    "br-newline": lambda ws, rng: "<br/>\n".join(ws),
    "li": lambda ws, rng: "<ol>" + "".join(f"<li>{w}</li>" for w in ws) + "</ol>",
    "p": lambda ws, rng: "<p>" + "</p><p>".join(ws) + "</p>",
    "span": lambda ws, rng: "".join(f'<span class="w">{w}</span> ' for w in ws),
    "span-inside": lambda ws, rng: " ".join(_inside(w, "</span><span>", rng) for w in ws),
    "nbsp": lambda ws, rng: "&nbsp;".join(ws),
    "entity-inside": lambda ws, rng: " ".join(_entity_inside(w, rng) for w in ws),
    **{
        f"zw-between-{ord(zw):04x}": (lambda ws, rng, zw=zw: zw.join(ws))  # type: ignore[misc]
        for zw in ZERO_WIDTH
    },
    **{
        f"zw-inside-{ord(zw):04x}": (lambda ws, rng, zw=zw: " ".join(_inside(w, zw, rng) for w in ws))  # type: ignore[misc]
        for zw in ZERO_WIDTH
    },
    "zw-mixed": lambda ws, rng: "\u200b".join(_inside(w, "\u2060", rng) for w in ws),
}


@pytest.mark.parametrize("splitter", sorted(SPLITTERS))
def test_the_english_phrase_split_by_markup_or_invisible_characters(splitter: str) -> None:
    body = SPLITTERS[splitter](PHRASE, random.Random(1))
    text = f"Hello support, I wrote them down: {body} thanks"
    redacted = redact(text)
    for word in ("ability", "absurd", "above", "actress", "addict"):
        assert word not in redacted.replace("\u200b", ""), (splitter, redacted)
    assert scan_line(json.dumps({"id": 1, "text": text}))["redacted"] == redacted


@pytest.mark.parametrize("count", [2, 3, 6, 40])
def test_the_english_phrase_with_look_alike_letters(count: int) -> None:
    words = _homoglyphs(PHRASE, min(count, 40), random.Random(count)) or []
    text = "Hi! my recovery words " + " ".join(words) + " please help"
    redacted = redact(text)
    assert "[REDACTED:seed_phrase]" in redacted
    assert not any(w in redacted for w in words[1:-1])


def test_generated_split_phrases_in_every_language() -> None:
    rng = random.Random(88)  # noqa: S311 - reproducible test data
    misses = []
    cases = 0
    for language in LANGUAGES:
        for name, split in sorted(SPLITTERS.items()):
            if language in ("chinese_simplified", "chinese_traditional") and "inside" in name:
                continue  # one-character words have no inside
            for _ in range(5):
                words = _phrase(rng, language)
                body = split(words, rng)
                text = rng.choice(["", "<p>Hi team,</p>", "hello, here: ", "请看："]) + body + rng.choice(["", " thx"])
                cases += 1
                redacted = redact(text)
                plain = variants.rendered(redacted)
                remaining = plain.text if plain is not None else redacted
                if "[REDACTED:seed_phrase]" not in redacted or sum(w in remaining.split() for w in words) > 2:
                    misses.append((language, name))
    assert cases > 1000
    assert misses == []


def test_generated_look_alike_phrases_in_every_latin_language() -> None:
    rng = random.Random(89)  # noqa: S311 - reproducible test data
    misses = []
    for language in LATIN:
        for _ in range(60):
            words = _homoglyphs(_phrase(rng, language), rng.choice([2, 3, 4, 8]), rng)
            if words is None:
                continue
            text = rng.choice(["my words: ", "Hello, I saved ", ""]) + rng.choice([" ", "\n", ", "]).join(words)
            redacted = redact(text)
            if "[REDACTED:seed_phrase]" not in redacted or sum(w in redacted for w in words if len(w) > 3) > 2:
                misses.append(language)
    assert misses == []


def test_offsets_point_at_the_original_markup() -> None:
    text = "x <p>" + "</p><p>".join(PHRASE) + "</p> y"
    [finding] = [f for f in detect(text) if f.kind == "seed_phrase"]
    assert text[finding.start : finding.end].startswith(PHRASE[0])
    assert text[finding.start : finding.end].endswith(PHRASE[-1])
    zw = "pay " + "\u200b".join(PHRASE) + " ok"
    [finding] = [f for f in detect(zw) if f.kind == "seed_phrase"]
    assert zw[finding.start : finding.end] == "\u200b".join(PHRASE)


def test_html_and_russian_prose_without_phrases_is_not_flagged() -> None:
    texts = [
        "<p>Hello, I cannot <b>withdraw</b> my funds since yesterday.</p><p>Can you check again please?</p>",
        "Tom &amp; Jerry &lt;3 &nbsp; my order is <i>still</i> pending",
        "Здравствуйте, я не могу вывести средства, помогите пожалуйста. Order id abc",
        "Привет! Мой email: test@example.com, спасибо за помощь с депозитом в USDT",
        "a\u200bb\u200bc <unclosed tag and & some <<< >>> &&& &#99999999;",
    ]
    for text in texts:
        assert not [f for f in detect(text) if f.kind in SECRET_KINDS], text


def test_plain_text_computes_no_extra_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("not triggered")

    monkeypatch.setattr(variants, "rendered", boom)
    monkeypatch.setattr(variants, "homoglyphs_folded", boom)
    detect("Hello, my card 4111 1111 1111 1111 and " + " ".join(PHRASE))
    detect("您好，我的提币还没有到账，请帮忙查看 " + " ".join(PHRASE))


def test_hostile_markup_is_read_in_linear_time() -> None:
    import time

    for text in [
        "<a" * 50_000,
        "&#" * 50_000 + "1",
        "<" + "a" * 100_000,
        "\u200b".join("abandon" for _ in range(10_000)),
    ]:
        start = time.process_time()
        detect(text)
        assert time.process_time() - start < 2.0
