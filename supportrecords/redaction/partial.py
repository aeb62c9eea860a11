"""Part of a recovery phrase, given as such: "I only remember the first 6 words: food pause home attitude volume
capable". Six words or more of one Latin-script wordlist in a row, right after words about phrases in the same
message, are a piece of a secret (each word a customer gives away leaves 11 bits fewer to guess); fewer than six,
or words of prose between them, are not taken.
"""

from __future__ import annotations

import re

from .bip39 import SCRIPTS, fold, seed_context_in, seed_context_positions, wordlist_forms

MIN_PIECE = 6  # words of a piece at least: fewer is what prose strings together ("please help me find my account")
_REACH = 80  # characters between the words about phrases and the piece, at most
_WORD = re.compile(r"[^\W\d_]+")
_BETWEEN = re.compile(r"[\s,;/|·•\-]{1,4}")  # what separates a piece's words
# Words of prose that some lists hold: a run of them is a sentence, not a piece ("again", "also", "because" ...
# are English words; a piece of six has at most one of them).
_PROSE_WORDS = (
    "about above again all also always and any area because before below between can come day door "
    "enough even every few first good great have here just know last like more most never next now only "
    "other over please same some still such that then there these this through time under until very "
    "want what when where which while will with word world would you your"
)
_PROSE = frozenset(_PROSE_WORDS.split())


# A piece named as such: "the first 6 words", "the last six words", "the other words", "remaining words", "the
# first six:", "words 1-6".
_PIECE_NAMED = re.compile(
    r"(?i)(?<![a-z])(?:(?:first|last|other|remaining|rest of the|next|missing)\s+"
    r"(?:[0-9]{1,2}\s+|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+)?words?"
    r"|(?:first|last)\s+(?:[0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*[:：]"
    r"|words?\s+[0-9]{1,2}\s*(?:-|–|~|to)\s*[0-9]{1,2})(?![a-z])"
)


def _told(text: str) -> bool:
    return seed_context_in(text) or _PIECE_NAMED.search(text) is not None


_WINDOW = _REACH + 20  # where a piece may start after a word about phrases (it is read to its end)


def find_partial_phrases(text: str) -> list[tuple[int, int, float]]:
    """(start, end, confidence) of pieces of a phrase given after words about phrases in text."""
    # Only after each word about phrases: a 100 kB list of wordlist words holds "word" and "next" here and there,
    # and reading all of it for a piece would cost more than its search for whole phrases.
    lowered = text.lower()
    named = "word" in lowered or "first" in lowered or "last" in lowered  # in every one of _PIECE_NAMED's forms
    anchors = sorted(
        [*seed_context_positions(text), *(m.start() for m in (_PIECE_NAMED.finditer(text) if named else ()))]
    )
    if not anchors:
        return []
    found: list[tuple[int, int, float]] = []
    lists = [wordlist_forms(language) for language in SCRIPTS["latin"]]
    read_to = 0
    for at in anchors:
        lo, hi = max(at, read_to), min(len(text), at + _WINDOW)
        if lo < hi:
            read_to = _scan(text, lo, hi, found, lists)
    return found


def _scan(text: str, lo: int, hi: int, found: list[tuple[int, int, float]], lists: list[dict[str, int]]) -> int:
    """Read the runs of wordlist words that start in text[lo:hi] (the last to its end); return where reading
    stopped."""
    run: list[re.Match[str]] = []
    previous_end = -1
    for match in _WORD.finditer(text, lo):
        if match.start() >= hi and not run:
            return match.start()
        key = fold(match.group())
        joined = bool(run) and _BETWEEN.fullmatch(text, previous_end, match.start()) is not None
        if not joined:
            _close(text, run, found, lists)
            run = []
            if match.start() >= hi:
                return match.start()
        if any(key in forms for forms in lists):
            run.append(match)
        else:
            _close(text, run, found, lists)
            run = []
        previous_end = match.end()
    _close(text, run, found, lists)
    return len(text)


def _close(
    text: str, run: list[re.Match[str]], found: list[tuple[int, int, float]], lists: list[dict[str, int]]
) -> None:
    if len(run) < MIN_PIECE:
        return
    words = [fold(m.group()) for m in run]
    if sum(word in _PROSE for word in words) * 4 > len(words):
        return
    if not any(all(word in forms for word in words) for forms in lists):
        return  # a piece is of one list: words that each some list holds are prose ("will you list this token soon")
    start, end = run[0].start(), run[-1].end()
    if not _told(text[max(0, start - _REACH) : start]):
        return
    found.append((start, end, 0.7))
