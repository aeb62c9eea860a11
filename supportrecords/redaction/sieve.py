"""Recovery phrases with the same filler between every two words: "chalk plus bid plus stem ...", "chalk's bid's
...", "1st word: chalk\\n2nd word: bid\\n...", "chalk: ok\\nbid: ok\\n...", "chalk then bid then ...".

A phrase search reads runs of wordlist words; a filler that is not a wordlist word (or is one, repeated) cuts
every run to one word. What gives such a text away is its regularity: the same text between every two wordlist
words of a stretch, once digits and ordinal suffixes are set aside. The words of each such stretch (every word,
or every other one when a repeated wordlist word is the filler) are read as a phrase of their own, and only a
checksum-valid window counts: the words were picked out of their text, so the checksum is what says they are a
phrase.
"""

from __future__ import annotations

import operator
import re
from collections import Counter

from .bip39 import find_seed_phrases, reads_as_words
from .variants import ORDINALS, wordlist_vocabulary, wordlist_word

# Letters and the marks on them: the words of the text; a Chinese character is a word of its own.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_HAN_CHAR = re.compile(f"[{_HAN}]")
_WORD = re.compile(f"[{_HAN}]|(?:[^\\W\\d_{_HAN}]|[\u0300-\u036f])+")
# A numbering: digits and the ordinal suffixes after them ("1st", "2nd", "3."), a Chinese ordinal ("第4个",
# "第十一个是"); it reads the same in every filler, and its characters are never words of the phrase.
# Spelt out too ("first word is", "Twenty-second:"), and a list's letters and Roman numerals ("a)", "iv."): none
# of them is one of the phrase's words ("1st second" has the word "second").
_ORDINALS = "|".join(ORDINALS)
_NUMBERING = re.compile(
    r"第[\d一二三四五六七八九十零两〇]+[个個位号號]?[是:：]?|\d+(?:st|nd|rd|th)?"
    f"|\\b(?:twenty-?(?:{_ORDINALS})|{_ORDINALS})\\b(?=[^\\S\\n]*(?:words?\\b|is\\b|[:.)=-]))"
    r"|(?<![^\W\d_])(?:[a-x]|[ivx]{1,5})[.)](?=\s)",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"[\d第]|(?:st|nd|rd|th)\b|[.)]\s", re.IGNORECASE)
_MAX_FILLER = 40  # characters between two words of a stretch
_MIN_WORDS = 12


_BUDGET = 1 << 14  # characters read: a message whole; of a longer text (a transcript, a file) its two ends
_OVERLAP = 24 * (_MAX_FILLER + 16)  # more than a filled phrase takes
_DISTINCT = 8  # 12 random words of 2,048 are (all but never) fewer different words: "hello world" repeated is none


def find_filled_phrases(text: str) -> list[tuple[int, int, float]]:
    """(start, end, confidence) of checksum-valid phrases whose words have one same filler between them. A text
    longer than _BUDGET is read at its two ends only: the sieve costs about as much as the phrase search, and a
    long text's middle is left to it (bench/bench_phrases.py's work bound)."""
    if len(text) <= _BUDGET:
        return _find_filled(text)
    half = _BUDGET // 2
    tail = len(text) - half - _OVERLAP
    found = _find_filled(text[: half + _OVERLAP]) + [(s + tail, e + tail, c) for s, e, c in _find_filled(text[tail:])]
    return sorted(set(found))


_RUN = b"\x01" * (_MIN_WORDS - 2)  # 11 fillers between 12 words: 10 times the same as the one before
# A Chinese character, then the same filler of 1 to 6 characters after each of 10 more ("凡和表和农和", "伴，#夹，#").
_HAN_FILLED = re.compile(f"[{_HAN}]([^\\n]{{1,6}}?)(?:[{_HAN}]\\1){{{_MIN_WORDS - 2}}}")


def _regular(text: str, *, han: bool) -> bool:
    """A necessary condition of a filled phrase, tested on whitespace-split tokens (numbering set aside) at near C
    speed: a token that comes back every second, third or fourth token ("plus", "ok", "word:", "the", "#"), or
    tokens that start or end alike ("chalk's bid's", "#:chalk #:bid"), ten times running; in Chinese a filler
    after every character. han: text has a Chinese character."""
    if not han and len(text.split()) < _MIN_WORDS:
        return False  # fewer than 12 words: a chat message, mostly
    normalized = _NUMBERING.sub("#", text.lower())
    tokens = normalized.split()
    for step in (2, 3, 4):
        same = bytes(map(operator.eq, tokens, tokens[step:]))
        if any(_RUN in same[phase::step] for phase in range(step)):
            return True
    for edge in ([t[-2:] for t in tokens], [t[:2] for t in tokens]):
        same = bytes(map(operator.eq, edge, edge[1:]))
        at = same.find(_RUN)
        while at != -1:
            if not edge[at].isalpha():
                return True
            at = same.find(_RUN, at + 1)
    if "#" in normalized:
        # Numbered groups ("Words 1-3: ... Words 4-6: ..."): a numbering three times or more, each a group (and a
        # word or two of the filler) after the one before.
        for step in range(_GROUP_WORDS.start + 1, _GROUP_WORDS.stop + 2):
            same = bytes(map(operator.eq, tokens, tokens[step:]))
            at = same.find(b"\x01")
            while at != -1:
                if "#" in tokens[at] and same[at + step : at + step + 1] == b"\x01":
                    return True
                at = same.find(b"\x01", at + 1)
    return han and _HAN_FILLED.search(normalized) is not None


def _find_filled(text: str) -> list[tuple[int, int, float]]:
    han = _HAN_CHAR.search(text) is not None
    if not _regular(text, han=han):
        return []
    if len(set(text.split())) < _DISTINCT and not han:
        return []  # the same few words over and over ("hello world" through a file): told at C speed
    # Where a numbering holds letters, they are no word of the phrase ("第", "second", "iv").
    numbering = {i for m in _NUMBERING.finditer(text) if not m.group()[0].isdigit() for i in range(*m.span())}
    vocabulary = wordlist_vocabulary()
    words = [
        m
        for m in _WORD.finditer(text)
        if (m.group().lower() in vocabulary or (not m.group().isascii() and wordlist_word(m.group().lower())))
        and m.start() not in numbering
    ]
    lowered = [m.group().lower() for m in words]
    if len(words) < _MIN_WORDS or len(set(lowered)) < _DISTINCT:
        return []
    out: list[tuple[int, int, float]] = []
    for step, phase in _steps(lowered):
        chosen = words[phase::step]
        gaps = [text[a.end() : b.start()] for a, b in zip(chosen, chosen[1:], strict=False)]
        fillers = [None if gap in _PLAIN else _filler(gap) for gap in gaps]
        common = Counter(f for f in fillers if f is not None).most_common(1)
        if step == 1:
            out += _grouped(text, chosen, fillers)
        if not common or common[0][1] < _MIN_WORDS - 1:
            continue  # no filler comes back often enough
        start = 0
        while start < len(fillers):
            end = start
            while end + 1 < len(fillers) and fillers[end + 1] == fillers[start]:
                end += 1
            stretch = chosen[start : end + 2]
            if (
                fillers[start] is not None
                and len(stretch) >= _MIN_WORDS
                and len({m.group().lower() for m in stretch}) >= _DISTINCT
            ):
                out += _phrases_in(text, stretch)
            start = end + 1
    return out


_GROUP_WORDS = range(2, 7)  # words in each group of a phrase typed a few at a time


def _grouped(text: str, words: list[re.Match[str]], fillers: list[str | None]) -> list[tuple[int, int, float]]:
    """Phrases typed in groups of words with one same filler between the groups and only spaces or commas inside
    them ("Words 1-3: sustain margin daughter. Words 4-6: box paddle tennis. ..."): the words of each stretch of
    equal groups, read as a phrase (a checksum-valid window only, as for every filler)."""
    marks = [i for i, filler in enumerate(fillers) if filler is not None]
    out: list[tuple[int, int, float]] = []
    i = 0
    while i < len(marks):
        j, spacing = i, 0
        while j + 1 < len(marks) and fillers[marks[j + 1]] == fillers[marks[i]]:
            apart = marks[j + 1] - marks[j]
            if apart not in _GROUP_WORDS or (spacing and apart != spacing):
                break
            spacing, j = apart, j + 1
        if spacing:
            # From the group before the first filler to the group after the last (gap k is after word k), which
            # may be shorter: it ends at the next filler.
            lo, hi, limit = max(0, marks[i] - spacing + 1), marks[j] + 2, min(len(words), marks[j] + spacing + 1)
            while hi < limit and fillers[hi - 1] is None:
                hi += 1
            inside = [k for k in range(lo, hi - 1) if k not in marks[i : j + 1]]
            if hi - lo >= _MIN_WORDS and all(fillers[k] is None for k in inside):
                out += _phrases_in(text, words[lo:hi])
        i = j + 1
    return out


def _steps(lowered: list[str]) -> list[tuple[int, int]]:
    """(step, phase) of the word sequences to read: every word; and every second (third, fourth) word, from the
    phase after a word that comes back that often for 11 words or more (the filler: "then", 和, 然后)."""
    out = [(1, 0)]
    for step in (2, 3, 4):
        for filler in range(step):
            run = 0
            for i in range(filler, len(lowered) - step, step):
                run = run + 1 if lowered[i] == lowered[i + step] else 0
                if run >= _MIN_WORDS - 2:  # 11 fillers between 12 words: 10 times the same as the one before
                    out += [(step, (filler + 1 + k) % step) for k in range(step - 1)]
                    break
    return sorted(set(out))


_PLAIN = frozenset(["", " ", ", ", ","])  # what a run of words is apart by: the phrase search's own


def _filler(gap: str) -> str | None:
    """What stands between two words, numbering set aside; None when too long to be a filler or no more than
    spaces and commas."""
    if len(gap) > _MAX_FILLER or not gap.strip(" ,"):
        return None
    return _NUMBERING.sub("#", gap.lower()) if _NUMBERED.search(gap) else gap.lower()


def _phrases_in(text: str, words: list[re.Match[str]]) -> list[tuple[int, int, float]]:
    """The checksum-valid phrases among words, read as if written one after the other, in text's offsets."""
    spans = []
    joined = ""
    for word in words:
        spans.append((len(joined), word))
        joined += word.group() + " "  # Chinese characters apart by spaces: a phrase as the lists write it
    out = []
    for start, end, confidence in find_seed_phrases(joined.rstrip()):
        if confidence < 1.0:
            continue
        inside = [word for offset, word in spans if start <= offset < end]
        if inside and not reads_as_words("".join(word.group() for word in inside)):
            out.append((inside[0].start(), inside[-1].end(), confidence))
    return out
