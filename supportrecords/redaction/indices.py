"""Recovery phrases written as their words' numbers in the BIP39 list, not as words.

Metal backup plates, seed pickers and some wallets give each word as its position: 1 to 2048 ("0001" is
"abandon"), 0 to 2047 in code, or the 11 bits of the position ("00000000000"). A customer copies those numbers
as they are: "my backup plate says 1735 0394 1203 ...", "1. 0012 2. 1543 ...". A run of such numbers is a phrase
when a window of 12, 15, 18, 21 or 24 of them passes the BIP39 checksum counted from 1 or from 0, and either the
message or the conversation talks of recovery phrases or the numbers are written as only a phrase's are (padded
to four digits, in 11 bits, numbered beside their values). Under the redact-first policy, twelve numbers or more of
the list's range beside such words are a phrase even when no window passes (one number copied wrong).
"""

from __future__ import annotations

import re

from .bip39 import CHECKSUM_LENGTHS, checksum_valid, seed_context_in, seed_context_positions

MIN_NUMBERS = min(CHECKSUM_LENGTHS)
_LIST_SIZE = 2048
# A number, or the 11 bits of a position; not a piece of a longer token ("0x12", "v2"); a Chinese label may touch
# it ("第3个").
_NUMBER = re.compile(r"(?<![A-Za-z0-9])(?:[01]{11}|[0-9]{1,4})(?![A-Za-z0-9])")
# What may stand between two numbers of a run: separators, and a word numbering the next ("word 2:", "#3",
# "第3个", "w4"). Anything else (a sentence) ends the run.
_GAP = re.compile(
    r"(?:[\s,;:.\-_/|()\[\]{}#*>=+、，；：。（）【】「」]|(?:word|wort|mot|palabra|parola|no|nr|w)[0-9]{0,2}"
    r"|and|then|und|et|y|e|和|及|然后|第|个|個|词|詞|字|号|號)*",
    re.IGNORECASE,
)
_MAX_GAP = 12  # characters between two numbers of a run
# A phrase's numbers spread over the list: twelve all below 512 come once in 4**12 phrases, but often in prose
# (quantities, days, ages).
_SPREAD = 512
# Words that say numbers are a phrase's, beyond seed_context_in's ("seed", "mnemonic", 助记词 ...).
_INDEX_CONTEXT = re.compile(
    r"word ?(?:numbers?|index|indices|indexes|positions?)|bip-?39|wordlist|word list|seed ?picker|backup plate"
    r"|metal (?:plate|backup|card)|steel (?:plate|backup|wallet)|punch(?:ed)? plate"
    r"|单词(?:编号|序号|的编号|的序号)|词(?:的)?(?:编号|序号)|詞(?:的)?(?:編號|序號)|钢板|鋼板",
    re.IGNORECASE,
)
_PADDED = re.compile(r"\d{4}")
_DATE_OR_TIME = re.compile(
    r"(?<![0-9])(?:(?:19|20)[0-9]{2}[-/.][01]?[0-9][-/.][0-3]?[0-9]|[0-2]?[0-9]:[0-5][0-9]:[0-5][0-9]"
    r"|[0-3]?[0-9]/[01]?[0-9]/(?:19|20)?[0-9]{2})(?![0-9])"
)
_WORD_LABEL = re.compile(r"(?:(?<![A-Za-z])w|word|wort|mot|palabra|parola|第) ?#?\d", re.IGNORECASE)
_BITS = re.compile(r"[01]{11}")


def find_index_phrases(text: str) -> list[tuple[int, int, float]]:
    """(start, end, confidence) of phrases written as word numbers in text."""
    found: list[tuple[int, int, float]] = []
    for run in _runs(text):
        numbers = [value for _, _, value, _ in run]
        if _counting(numbers):
            continue  # "1 2 3 ... 12": a count, not a phrase
        if _DATE_OR_TIME.search(text, run[0][0], run[-1][1]):
            continue  # time stamps ("2024-01-05 10:22:33 2024-01-05 ...") are numbers of the range too
        labelled = _labels_taken_off(run)
        if labelled is not None:
            run = labelled
        spelt = [token for _, _, _, token in run]
        # Padded to four digits, in 11 bits or numbered 1 to 12 beside their values, numbers are laid out as only a
        # phrase's are; labelled "word 1", "word 2" ... they are called a phrase's. A plain list of twelve numbers
        # (prices, deposits, error codes) needs words about phrases: one in eight passes a checksum by chance.
        shaped = (
            labelled is not None or all(_BITS.fullmatch(t) for t in spelt) or all(_PADDED.fullmatch(t) for t in spelt)
        )
        # Words about phrases count in this message only: an agent's routine "we never ask for your seed phrase" a
        # turn before makes no list of deposits a phrase (an earlier turn counts for a shaped run only).
        told = _told(text, run[0][0], run[-1][1]) or _WORD_LABEL.search(text, run[0][0], run[-1][1]) is not None
        if not (told or shaped):
            continue
        windows = _valid_windows([value for _, _, value, _ in run])
        spread = max(value for _, _, value, _ in run) >= _SPREAD
        for lo, hi in windows:
            found.append((run[lo][0], run[hi - 1][1], 1.0))
        if not windows and told and spread and len(run) >= MIN_NUMBERS:
            found.append((run[0][0], run[-1][1], 0.8))
    return found


def _runs(text: str) -> list[list[tuple[int, int, int, str]]]:
    """Runs of MIN_NUMBERS numbers or more of the list's range, each (start, end, value, as written)."""
    runs: list[list[tuple[int, int, int, str]]] = []
    run: list[tuple[int, int, int, str]] = []
    for match in _NUMBER.finditer(text):
        token = match.group()
        value = int(token, 2) if len(token) == 11 else int(token)  # noqa: PLR2004  # 11 bits
        joined = bool(run) and match.start() - run[-1][1] <= _MAX_GAP
        if joined and _GAP.fullmatch(text, run[-1][1], match.start()) is None:
            joined = False
        if not joined:
            if len(run) >= MIN_NUMBERS:
                runs.append(run)
            run = []
        if value <= _LIST_SIZE:
            run.append((match.start(), match.end(), value, token))
        elif len(run) >= MIN_NUMBERS:
            runs.append(run)
            run = []
        else:
            run = []
    if len(run) >= MIN_NUMBERS:
        runs.append(run)
    return runs


def _counting(numbers: list[int]) -> bool:
    """Whether numbers only count (1 2 3 ...) or repeat one number."""
    steps = {b - a for a, b in zip(numbers, numbers[1:], strict=False)}
    return len(steps) == 1 and next(iter(steps)) in (0, 1)


def _labels_taken_off(run: list[tuple[int, int, int, str]]) -> list[tuple[int, int, int, str]] | None:
    """The values of a numbered run ("1. 0012 2. 1543 ..."): every other number counts 1, 2, 3 ... from 1 or 0."""
    for offset in (0, 1):
        labels = [value for _, _, value, _ in run[offset::2]]
        if len(labels) >= MIN_NUMBERS and labels[0] in (0, 1) and _counting(labels) and labels[0] != labels[-1]:
            values = run[offset + 1 :: 2]
            if len(values) >= MIN_NUMBERS:
                return values
    return None


def _valid_windows(values: list[int]) -> list[tuple[int, int]]:
    """Non-overlapping windows of a phrase's length whose numbers pass the checksum, counted from 1 or from 0."""
    windows: list[tuple[int, int]] = []
    lo = 0
    while lo + MIN_NUMBERS <= len(values):
        for size in sorted(CHECKSUM_LENGTHS, reverse=True):
            window = values[lo : lo + size]
            if len(window) < size:
                continue
            from_one = [v - 1 for v in window] if min(window) >= 1 else None
            from_zero = window if max(window) < _LIST_SIZE else None
            if (from_one is not None and checksum_valid(from_one)) or (
                from_zero is not None and checksum_valid(from_zero)
            ):
                windows.append((lo, lo + size))
                lo += size
                break
        else:
            lo += 1
    return windows


_CONTEXT_BEFORE = 300
_CONTEXT_AFTER = 100


# A warning, not a customer's words: "we will never ask for your seed phrase", "请不要向任何人提供您的助记词".
_NEGATED = re.compile(
    r"(?i)(?:never(?! mind)|n't|\bnot\b|no one|nobody|don'?t|do not|won'?t|will not|cannot|beware|warning"
    r"|不要|不会|不會|切勿|请勿|請勿|勿|绝不|絕不|不得|不能|永远不|永遠不)[^.!?。！？\n]{0,40}\Z"
)


def _told(text: str, start: int, end: int) -> bool:
    """Whether the words near the run say its numbers are a recovery phrase's (not in a warning)."""
    lo = max(0, start - _CONTEXT_BEFORE)
    near = text[lo : end + _CONTEXT_AFTER]
    if not (seed_context_in(near) or _INDEX_CONTEXT.search(near)):
        return False
    words = [lo + at for at in seed_context_positions(near)] + [lo + m.start() for m in _INDEX_CONTEXT.finditer(near)]
    return any(not _NEGATED.search(text, max(0, at - 60), at) for at in words)
