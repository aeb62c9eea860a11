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


# A request for the phrase or for some of its words, over lower-cased text: "please send your seed phrase", "tell
# me the first 6 words", "请提供助记词", "请告诉我前六个词". Shared with the risk rule "someone asked for the recovery
# phrase" (supportrecords.risk); an earlier turn that asks makes a piece in its answer a finding.
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
PHRASE_REQUEST = re.compile(
    r"(?:\b(?:send|give|share|provide|tell|type|enter|submit|paste|confirm|verify|need|asked (?:me )?for|"
    r"asking (?:me )?for|asked me to (?:send|give|share|enter|provide))\b[^.!?\n]{0,40}"
    r"\b(?:seed|recovery|mnemonic|secret|backup) (?:phrase|words?|key))"
    r"|(?:\b(?:send|give|share|provide|tell|enter|submit|paste|confirm|verify|need|asked (?:me )?for|"
    r"asking (?:me )?for)\b[^.!?\n]{0,40}\bprivate keys?\b)"
    r"|(?:\b(?:12|twelve|24|twenty[- ]four)[- ]words?\b[^.!?\n]{0,30}\b(?:send|give|share|provide|enter|verify))"
    r"|(?:\b(?:send|give|share|provide|tell|type|enter|submit|paste|confirm|verify|need|what are)\b[^.!?\n]{0,40}"
    rf"\b(?:first|last|next|remaining|other|missing)\s+(?:(?:[0-9]{{1,2}}|{_NUMBER_WORDS})\s+)?words\b)"
    # "Could you share the words from your seed", "Can you type the words you remember?", "please type the rest",
    # "and the remaining words?", "Now the last 6 please." (an attacker's second round: none of these was one).
    r"|(?:\b(?:send|give|share|provide|tell|type|enter|submit|paste|write|what are)\b[^.!?\n]{0,30}"
    r"\b(?:the|your|those) (?:\w+ )?words\b)"
    r"|(?:\b(?:send|give|share|provide|tell|type|enter|paste|write)\b[^.!?\n]{0,20}\bthe rest\b(?! of))"
    r"|(?:\b(?:the )?remaining words\b)"
    rf"|(?:\b(?:now|and|then|ok|okay|thanks)\b[^.!?\n]{{0,12}}"
    rf"\bthe (?:first|last|next|other) (?:[0-9]{{1,2}}|{_NUMBER_WORDS})"
    r"(?: please)?\s*[.!?]?\s*\Z)"
    r"|(?:(?:提供|发送|发给|告诉|输入|填写|验证|索要|要求)[^。！？\n]{0,20}(?:助记词|私钥|恢复短语|密钥))"
    r"|(?:(?:提供|发送|发给|告诉|输入|填写|验证)[^。！？\n]{0,20}(?:前|后|最后)(?:[0-9]{1,2}|[一二三四五六七八九十两]{1,3})个?"
    r"(?:单词|词))"
)
# A warning before a request's words ("please never give your seed phrase to anyone", "请不要向任何人提供您的助记词"):
# the clause forbids what it names.
_WARNING_BEFORE = re.compile(
    r"(?:never(?! mind)|n't|\bnot\b|no one|nobody|\bdon'?t\b|do not|won'?t|will not|cannot|"
    r"不要|不会|不會|切勿|请勿|請勿|勿|绝不|絕不|不得|不能|永远不|永遠不|别|別)[^.!?。！？\n]{0,40}\Z"
)
_REQUEST_NEEDLES = (
    *("phrase", "word", "key", "rest", "first", "last", "next", "other"),
    *("助记词", "私钥", "恢复短语", "密钥", "词"),
)


def warned(lowered: str, start: int) -> bool:
    """Whether the request at start of lowered text follows a warning in its clause ("never share ...")."""
    return _WARNING_BEFORE.search(lowered, max(0, start - 60), start) is not None


def phrase_request(lowered: str) -> re.Match[str] | None:
    """The first request for the phrase or its words in lowered text that no warning forbids, if any."""
    if not any(needle in lowered for needle in _REQUEST_NEEDLES):
        return None
    return next((m for m in PHRASE_REQUEST.finditer(lowered) if not warned(lowered, m.start())), None)


def words_asked_in(text: str) -> bool:
    """Whether text (an earlier turn's end) asks for the recovery phrase or some of its words."""
    return phrase_request(text.lower()) is not None


def _told(text: str) -> bool:
    return seed_context_in(text) or _PIECE_NAMED.search(text) is not None


_WINDOW = _REACH + 20  # where a piece may start after a word about phrases (it is read to its end)


_ANSWER_WINDOW = 2000  # where a piece may start in the answer to a request for words (an earlier turn)


def find_partial_phrases(text: str, *, asked: bool = False) -> list[tuple[int, int, float]]:
    """(start, end, confidence) of pieces of a phrase given after words about phrases in text, or anywhere near
    its start when an earlier turn asked for the phrase or its words (asked)."""
    # Only after each word about phrases: a 100 kB list of wordlist words holds "word" and "next" here and there,
    # and reading all of it for a piece would cost more than its search for whole phrases.
    lowered = text.lower()
    named = "word" in lowered or "first" in lowered or "last" in lowered  # in every one of _PIECE_NAMED's forms
    anchors = sorted(
        [*seed_context_positions(text), *(m.start() for m in (_PIECE_NAMED.finditer(text) if named else ()))]
    )
    found: list[tuple[int, int, float]] = []
    lists = [wordlist_forms(language) for language in SCRIPTS["latin"]]
    read_to = 0
    if asked:
        read_to = _scan(text, 0, min(len(text), _ANSWER_WINDOW), found, lists, asked=True)
    for at in anchors:
        lo, hi = max(at, read_to), min(len(text), at + _WINDOW)
        if lo < hi:
            read_to = _scan(text, lo, hi, found, lists)
    return found


def _scan(
    text: str,
    lo: int,
    hi: int,
    found: list[tuple[int, int, float]],
    lists: list[dict[str, int]],
    *,
    asked: bool = False,
) -> int:
    """Read the runs of wordlist words that start in text[lo:hi] (the last to its end); return where reading
    stopped. asked: an earlier turn asked for the words, so a run needs no words about phrases before it."""
    run: list[re.Match[str]] = []
    previous_end = -1
    for match in _WORD.finditer(text, lo):
        if match.start() >= hi and not run:
            return match.start()
        key = fold(match.group())
        joined = bool(run) and _BETWEEN.fullmatch(text, previous_end, match.start()) is not None
        if not joined:
            _close(text, run, found, lists, asked)
            run = []
            if match.start() >= hi:
                return match.start()
        if any(key in forms for forms in lists):
            run.append(match)
        else:
            _close(text, run, found, lists, asked)
            run = []
        previous_end = match.end()
    _close(text, run, found, lists, asked)
    return len(text)


def _close(
    text: str,
    run: list[re.Match[str]],
    found: list[tuple[int, int, float]],
    lists: list[dict[str, int]],
    asked: bool = False,
) -> None:
    if len(run) < MIN_PIECE:
        return
    words = [fold(m.group()) for m in run]
    # A piece is of one list: words that each some list holds are prose ("will you list this token soon"). The
    # longest stretch of one list's words is the piece; a word of another list before or after it ("fine - colline
    # bonbon ...") is the customer's own.
    best: tuple[int, int] | None = None
    for forms in lists:
        first = 0
        for index in range(len(words) + 1):
            if index == len(words) or words[index] not in forms:
                if index - first >= MIN_PIECE and (best is None or index - first > best[1] - best[0]):
                    best = (first, index)
                first = index + 1
    if best is None:
        return
    piece = words[best[0] : best[1]]
    # At most a quarter of prose words; half in an answer to a request for the words ("tomato ceiling soul dynamic
    # scorpion until when").
    if sum(word in _PROSE for word in piece) * (2 if asked else 4) > len(piece):
        return
    start, end = run[best[0]].start(), run[best[1] - 1].end()
    if not asked and not _told(text[max(0, start - _REACH) : start]):
        return
    found.append((start, end, 0.7))
