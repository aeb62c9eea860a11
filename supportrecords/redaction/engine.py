"""Run every detector over a text, resolve overlaps by priority, and redact or mask what was found."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from . import variants
from .bip39 import MIN_WORDS, find_seed_phrases, phrase_possible, seed_context_in
from .findings import (
    ADDRESS,
    BANK_CARD,
    CN_ID,
    CRYPTO_ADDRESS,
    EMAIL,
    IBAN,
    NATIONAL_ID,
    PASSPORT,
    PHONE,
    PRIORITY,
    SECRET_KINDS,
    SEED_PHRASE,
    TX_HASH,
    Finding,
)
from .hk_sg_addresses import find_hk_sg_addresses
from .indices import MIN_NUMBERS, find_index_phrases
from .keys import base64_key_possible, find_long_tokens, find_split_keys, transaction_named_in
from .national_ids import find_national_ids
from .normalize import Normalized, normalize
from .partial import find_partial_phrases, words_asked_in
from .pii import (
    email_spelt_out,
    find_bank_cards,
    find_cn_addresses,
    find_cn_ids,
    find_emails,
    find_ibans,
    find_other_addresses,
    find_passports,
    find_phones,
    find_spelt_emails,
    find_uk_addresses,
    find_us_addresses,
    id_document_named,
    identifier_asked_in,
    passport_context_in,
    phone_asked_in,
    regions_for,
    spelt_email_possible,
)
from .shadow import Shadow
from .sieve import find_filled_phrases


@dataclass(frozen=True, slots=True)
class Conversation:
    """What the earlier turns of a conversation say about the text that answers them."""

    seed: bool = False  # they talk about recovery phrases ("请提供助记词", "what is your seed phrase")
    passport: bool = False  # they ask for (or mention) a passport number
    # They ask for (or name) a transaction's hash ("Could you send me the TxID?", "请提供交易哈希"): a bare 64-hex
    # string or Solana signature in the answer is that hash, unless the answer itself calls it a key.
    transaction: bool = False
    # The last turn or the one before asks for a phone number ("What's the best number to reach you?",
    # "请留下您的手机号"): a national number alone in a short answer is one ("it's 07911123456").
    phone: bool = False
    # The last turn or the one before asks for an id of the exchange's ("Could you share your UID?", "What's the
    # withdrawal ID?", "请提供订单号"), and not for a phone number: a bare number in the answer is that id.
    identifier: bool = False
    # The last turn or the one before asks for the recovery phrase or some of its words, and does not warn against
    # giving it ("Please send the first 6 words", "请提供助记词"): six wordlist words in the answer are a piece.
    words_asked: bool = False

    @staticmethod
    def of(previous: Sequence[str]) -> Conversation:
        """From the previous turns, most recent last (only the last few, and their ends, are read)."""
        return Conversation.of_turns([turn_context(turn) for turn in list(previous)[-_TURNS:]])

    @staticmethod
    def of_turns(turns: Sequence[tuple[bool, ...]]) -> Conversation:
        """From what each previous turn says (turn_context), most recent last."""
        recent = list(turns)[-_TURNS:]
        return Conversation(
            seed=any(turn[0] for turn in recent),
            passport=any(turn[1] for turn in recent),
            transaction=any(len(turn) > 2 and turn[2] for turn in recent),
            phone=any(len(turn) > 3 and turn[3] for turn in recent[-_PHONE_TURNS:]),
            identifier=any(len(turn) > 4 and turn[4] for turn in recent[-_PHONE_TURNS:]),
            words_asked=any(len(turn) > 5 and turn[5] for turn in recent[-_PHONE_TURNS:]),
        )


_TURNS = 5
_PHONE_TURNS = 2  # a phone number is asked for and given within a turn or two
_TURN_CHARS = 4000


@lru_cache(maxsize=4096)  # each turn is read by the next five messages: once is enough
def turn_context(turn: str) -> tuple[bool, bool, bool, bool, bool, bool]:
    """(talks about recovery phrases, mentions a passport, asks for a transaction's hash, asks for a phone number,
    asks for an id of the exchange's, asks for the phrase or its words) for one earlier turn (its end only)."""
    text = normalize(turn[-_TURN_CHARS:]).text
    end = text[-400:]
    return (
        seed_context_in(text),
        passport_context_in(text),
        transaction_named_in(text),
        phone_asked_in(end),
        identifier_asked_in(end),
        words_asked_in(end),
    )


NO_CONVERSATION = Conversation()


# The fused prefilter. Each detector family runs only where the text can hold what it finds; every gate below
# is a necessary condition of the detector's own patterns (the comments say which), so no finding is lost.
_ALNUM_13 = b"a" * 13  # in Shadow.alnum: a base58 run of 13, the anchor of a key split in pieces (keys.py)
_ALNUM_25 = b"a" * 25  # a whole key, address or hash (keys.LONG_TOKEN's long alternative)
_GROUPED_KEY_CHARACTERS = 51  # keys._grouped_base58_keys: a WIF has 51 base58 characters, whatever its groups
_MIN_SPLIT_KEY = 52  # find_split_keys: a text of 51 characters or fewer has no key with a space inside
_PHONE_DIGITS = 7  # find_phones skips candidates with fewer digits
_ZIP_PLUS_4 = "00000-0000"
_NUMBER_SEPARATORS = b" ().-+"  # what _PHONE_CANDIDATE, _CARD and _CN_ID allow between digits
_PHONE_RUN = b"0" * _PHONE_DIGITS
_PASSPORT_DIGITS = 2  # find_passports: _passport_shaped needs two digits at least
_CARD_RUN = b"0" * 13  # find_bank_cards: 13 to 19 digits
_CN_ID_RUN = b"0" * 17  # _CN_ID: 6 + 8 + 3 digits and a check character
_IBAN_DIGITS = 2  # _IBAN_SHAPE: two check digits after the country code
_IBAN_START = b"aa00"  # _IBAN_SHAPE_SHADOW: a country code, then the check digits
_IBAN_START_SPACED = b"aa 00"  # ... or a space between them
# find_passports finds nothing unless the conversation asked for a passport or the text names one (or an identity
# document's number, pii.id_document_named); its keywords without their first letter, lower-cased (a superset of
# pii._PASSPORT_HINTS' test, which is case-sensitive).
_PASSPORT_HINTS_LOWER = (
    "assport",
    "护照",
    "護照",
    "asaport",
    "asseport",
    "eisepass",
    "аспорт",
    "여권",
    "パスポート",
    "旅券",
    "assnummer",
    "assnr",
    "ass-nr",
)


def _passport_hint(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in _PASSPORT_HINTS_LOWER) or id_document_named(text, lowered)


_UK_INWARD = b"0aa"  # find_uk_addresses: a postcode ends with its inward code, a digit and two letters
_PARTIAL_PHRASE = 6 * 4  # partial: six words of four letters at least, and no fewer spaces
# partial._told: every word of bip39._SEED_CONTEXT_ASCII and of partial._PIECE_NAMED holds one of these.
_PARTIAL_NEEDLES = (b"seed", b"mnemonic", b"phrase", b"word", b"backup", b"recovery", b"first", b"last")
_INDEX_PHRASE = 12 + 11  # indices: twelve numbers and a separator between each two
_FILLED_PHRASE = 12 + 11  # sieve: 12 words (Chinese: a character each) and a filler between each two
_FILLED_REREAD = 4096
_HEX_KEY_DIGITS = 8  # keys._split_hex_keys: a split hex key has 8 to 60 digits
_SEGWIT_HINT = re.compile(rb"[bBtT](?:[cCbB]|[cC][rR][tT])1")  # keys._SHORT_SEGWIT: "bc1", "tb1", "bcrt1" ...


def _any_needle(haystack: bytes, needles: tuple[bytes, ...]) -> bool:
    return any(needle in haystack for needle in needles)


def _candidates(
    text: str,
    *,
    ascii_digits: bool = False,
    conversation: Conversation = NO_CONVERSATION,
    home: str | None = None,
    secrets_only: bool = False,
) -> list[tuple[str, int, int, float]]:
    found: list[tuple[str, int, int, float]] = []
    size = len(text)
    if size < 6:
        return found  # nothing any detector finds is shorter (the shortest, an e-mail "a@b.cd", has 6)
    is_ascii = text.isascii()
    shadow = Shadow.of(text, ascii_digits=ascii_digits or is_ascii)
    if phrase_possible(text, shadow.ascii):
        phrases = [
            (SEED_PHRASE, s, e, c)
            for s, e, c in (
                (*_out_of_hex(shadow.ascii, s, e), c)
                for s, e, c in find_seed_phrases(text, shadow.ascii, context=conversation.seed)
                if not _numbered_list(text, s, e) and (c >= 1.0 or not _repeats_few_words(text, s, e))
            )
            if s < e
        ]
        # The sieve finds what the search above cannot; where that found phrases already, only a message's worth
        # is read again (a 100 kB numbered list is the search's own, and costs it enough).
        if size >= _FILLED_PHRASE and (not phrases or size <= _FILLED_REREAD):
            phrases += [(SEED_PHRASE, s, e, c) for s, e, c in find_filled_phrases(text)]
        found += phrases
    asked = conversation.words_asked
    if size >= _PARTIAL_PHRASE and (asked or not is_ascii or _any_needle(shadow.ascii.lower(), _PARTIAL_NEEDLES)):
        found += [(SEED_PHRASE, s, e, c) for s, e, c in find_partial_phrases(text, asked=asked)]
    if size >= _INDEX_PHRASE and (not shadow.ascii_digits or shadow.classes.count(b"0") >= MIN_NUMBERS):
        # A phrase written as its words' numbers in the list ("0012 1543 ..."): twelve numbers at least.
        found += [(SEED_PHRASE, s, e, c) for s, e, c in find_index_phrases(text)]
    alnum = shadow.alnum
    if (
        _ALNUM_13 in alnum
        or (b"1" in shadow.ascii and _SEGWIT_HINT.search(shadow.ascii))
        or base64_key_possible(shadow.ascii)
    ):
        # A long token (25 letters and digits, or a short segwit address), a base58 key in pieces, or a key in
        # base64 (its letters and digits may come in runs shorter than 13, cut by "+" and "/").
        found += find_long_tokens(text, shadow, transaction_asked=conversation.transaction)
        if size >= _MIN_SPLIT_KEY:
            found += find_split_keys(text, shadow)
    elif size >= _MIN_SPLIT_KEY and (
        shadow.classes.count(b"0") >= _HEX_KEY_DIGITS or alnum.count(b"a") >= _GROUPED_KEY_CHARACTERS
    ):
        found += find_split_keys(text, shadow)  # a hex key in short groups, or a base58 key in groups of any size
    if secrets_only:  # phrases and keys are found above; what follows finds personal data only
        return found
    if "@" in text or "%40" in text or "%2540" in text:
        found += find_emails(text)
    if spelt_email_possible(text, shadow.ascii):
        found += find_spelt_emails(text)  # "john at example dot com"
    # The digit families, by how many digits they need. A phone, card or resident id is one run of digits and
    # the separators it may hold (" ().-+"): with those deleted from the shadow, its digits are one run of "0".
    classes = shadow.classes
    if not is_ascii:
        found += find_cn_addresses(text)  # (a road's number may be written in Chinese numerals: "六百四十八号")
    digits = classes.count(b"0") if shadow.ascii_digits else size
    if digits:
        found += find_hk_sg_addresses(text)  # a building's number before a district, or Singapore's postcode
    if digits >= _IBAN_DIGITS:
        if digits >= _PASSPORT_DIGITS and (conversation.passport or _passport_hint(text)):
            found += find_passports(text, asked=conversation.passport)
        taken: list[tuple[int, int]] = []
        ibans = (
            find_ibans(text, shapes=taken, shadow=shadow)
            if _IBAN_START in classes or _IBAN_START_SPACED in classes or not shadow.ascii_digits
            else []
        )
        if _UK_INWARD in classes or not shadow.ascii_digits:
            found += find_uk_addresses(text, shadow)
        if b"00000" in classes:
            us_addresses = find_us_addresses(text, shadow)  # a ZIP code has five digits
            found += us_addresses
            # A ZIP+4 code ("07094-9176") is no phone number (a number after a five-digit ZIP code still is).
            taken += [(e - len(_ZIP_PLUS_4), e) for _, s, e, _ in us_addresses if text[e - 5 : e - 4] == "-"]
        if b"0000" in classes or b"a0a" in classes or b"00-000" in classes or not shadow.ascii_digits:
            found += find_other_addresses(text, shadow)  # DE, FR, ES, IT, NL, PL, AU and CA postcodes
        # Two digits at least (a codice fiscale's year); national_ids._ANCHOR, led by a digit, is the gate.
        national_ids = find_national_ids(text, shadow)
        found += national_ids
        # An Aadhaar or Korean resident registration number is no phone number, a dashed CPF no passport.
        taken += [(s, e) for _, s, e, _ in national_ids]
        runs = classes.translate(None, _NUMBER_SEPARATORS) if shadow.ascii_digits else b""
        # A card may be "4111/1111/1111/1111", "4111_1111_1111_1111" or "4111,1111,1111,1111" (a comma is "~",
        # with the other punctuation: deleting it too only lets more texts through to find_bank_cards).
        card_runs = runs.translate(None, b"/_~") if b"/" in runs or b"_" in runs or b"~" in runs else runs
        if digits >= _PHONE_DIGITS and (_PHONE_RUN in runs or _CARD_RUN in card_runs or not shadow.ascii_digits):
            cards = find_bank_cards(text, shadow) if _CARD_RUN in card_runs or not shadow.ascii_digits else []
            ids = find_cn_ids(text, shadow) if _CN_ID_RUN in runs or not shadow.ascii_digits else []
            if ids and cards:
                # A resident id's check character and birth date say more than a card's Luhn digit: the 16 digits
                # of "5001 0319 6604 0766 13" that pass as a card are the id's.
                cards = [c for c in cards if not any(c[1] < e and s < c[2] for _, s, e, _ in ids)]
            found += ibans + cards + ids
            taken += [(s, e) for _, s, e, _ in cards + ids]
            found += find_phones(
                text,
                taken=taken,
                shadow=shadow,
                home=home,
                asked=conversation.phone,
                identifier_asked=conversation.identifier and not conversation.phone,
            )
        else:
            found += ibans
    return found


_HEX_RUN = re.compile(rb"(?:0[xX])?[0-9a-fA-F]{16,}")
_HEX_EDGE = 16  # bytes read either side of a span's edge for the hex run it may cut


def _out_of_hex(raw: bytes, start: int, end: int) -> tuple[int, int]:
    """A phrase's span without the letters it took from a long hex run at either edge ("... thought. key
    ace3640c88..." ends at "key", not in the key after it: "ace" is a wordlist word, the run a key of its own)."""
    if end < len(raw) and raw[end : end + 1].isalnum():
        lo = max(start, end - _HEX_EDGE)
        for m in _HEX_RUN.finditer(raw, lo, min(len(raw), end + _HEX_EDGE)):
            if m.start() < end < m.end() and (m.start() == 0 or not raw[m.start() - 1 : m.start()].isalnum()):
                end = len(raw[: m.start()].rstrip(b" \t\r\n,.;:"))
                break
    if start > 0 and raw[start - 1 : start].isalnum() and start < end:
        for m in _HEX_RUN.finditer(raw, max(0, start - _HEX_EDGE), min(end, start + _HEX_EDGE)):
            if m.start() < start < m.end() and (m.end() == len(raw) or not raw[m.end() : m.end() + 1].isalnum()):
                start = m.end()
                while start < end and raw[start : start + 1] in b" \t\r\n,.;:":
                    start += 1
                break
    return start, end


_PHRASE_WORDS = 24  # the longest recovery phrase
_PHRASE_DISTINCT = 8  # 12 random words of 2,048 are (all but never) 10 or more different words
_CHUNK = 1 << 16


def _repeats_few_words(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is longer than any phrase yet made of a handful of words repeated ("hello world
    hello world ..." over a whole file): wordlist words, but a pattern, not a phrase. Checksum-valid windows
    inside it are found on their own; a run of 12 to 24 words stays a phrase whatever it repeats. (Words are
    split at spaces, in chunks: a word cut in two or glued to a comma only counts as one more word.)"""
    words = 0
    distinct: set[str] = set()
    for chunk in range(start, end, _CHUNK):
        tokens = text[chunk : min(end, chunk + _CHUNK)].lower().split()
        words += len(tokens)
        distinct.update(tokens)
        if len(distinct) >= _PHRASE_DISTINCT:
            return False
    return words > _PHRASE_WORDS


_LETTERS = re.compile(r"[^\W\d_]+")
_REPEATED_SPAN = 4096  # characters: a longer span is _repeats_few_words' to judge
_NUMBER = re.compile(r"\d+")
_LABEL = 3  # times a word repeats in a list: a label, not a word of a phrase
_LIST_NUMBERS = 3
# Different words left once the labels are set aside, fewer than which a numbered run is a list ("Step 1: Verify
# email\nStep 2: Verify phone ...": 8): a phrase's 11 or 12 words are 9 or more (11 random words of 2,048 hold
# three words twice about once in 200,000).
_LIST_WORDS = 9


def _numbered_list(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a few words repeated with numbers ("day 1, day 2, ... day 12", "第1笔200元，第2笔
    1000元 ...", "5月3日 180元\n3月7日 420元 ..."): list words, but the numbers are what it says. Without the words
    it repeats (3 times or more: the labels, "第", "月", "day", "Step"), fewer than 9 different words are left,
    where a phrase has 12 different words whatever filler repeats between them ("第1个：destroy"), so a checksum
    valid by chance on such a list does not make it one; and 9 or more words said more than once are a phrase
    said again (pasted three times with the hour), no list. Without numbers ("sleep kitten sleep kitten ...") a run
    stays a phrase (redaction first)."""
    if end - start > _REPEATED_SPAN or len(_NUMBER.findall(text, start, end)) < _LIST_NUMBERS:
        return False
    words = Counter(word.lower() for word in _LETTERS.findall(text, start, end))
    if words.total() < MIN_WORDS:
        return False
    if sum(1 for n in words.values() if n > 1) >= _LIST_WORDS:
        return False  # a text said again (a phrase pasted twice or three times, with the hours): no list
    labels = sum(1 for n in words.values() if n >= _LABEL)
    return len(words) - labels < _LIST_WORDS


def _rank(candidate: tuple[str, int, int, float]) -> tuple[int, int, int]:
    return PRIORITY[candidate[0]], candidate[1] - candidate[2], candidate[1]


def _merged_secrets(candidates: Iterable[tuple[str, int, int, float]]) -> list[tuple[str, int, int, float]]:
    """candidates with the overlapping spans of one secret kind joined: two detectors' pieces of one phrase (a window
    valid by chance across a line of prose, and the lines either side of it) are one leak, of which the longer
    alone would leave the rest in clear."""
    out: list[tuple[str, int, int, float]] = []
    secrets: list[tuple[str, int, int, float]] = []
    for candidate in candidates:
        (secrets if candidate[0] in SECRET_KINDS else out).append(candidate)
    if len(secrets) < 2:
        return out + secrets
    secrets.sort(key=lambda c: (c[0], c[1]))
    kind, start, end, confidence = secrets[0]
    for next_kind, next_start, next_end, next_confidence in secrets[1:]:
        if next_kind == kind and next_start < end:
            end, confidence = max(end, next_end), max(confidence, next_confidence)
            continue
        out.append((kind, start, end, confidence))
        kind, start, end, confidence = next_kind, next_start, next_end, next_confidence
    out.append((kind, start, end, confidence))
    return out


def _resolve(candidates: Iterable[tuple[str, int, int, float]]) -> list[tuple[str, int, int, float]]:
    """Keep non-overlapping spans, the higher-priority kind (then the longer span) winning each overlap; the
    overlapping spans of one secret kind are joined first."""
    listed = list(candidates)
    if len(listed) < 2:
        return listed
    ranked = sorted(_merged_secrets(listed), key=_rank)
    if len(ranked) < 2:
        return ranked
    starts: list[int] = []
    kept: list[tuple[str, int, int, float]] = []  # sorted by start, never overlapping
    for cand in ranked:
        kind, start, end, confidence = cand
        i = bisect.bisect_left(starts, start)
        if (i > 0 and kept[i - 1][2] > start) or (i < len(kept) and kept[i][1] < end):
            if kind in SECRET_KINDS:
                # A secret beside another of the other kind (a phrase that took the first letters of the key after
                # it): what the kept spans leave of it is still a secret, never left in clear.
                for piece in _uncovered(kept, start, end):
                    j = bisect.bisect_left(starts, piece[0])
                    starts.insert(j, piece[0])
                    kept.insert(j, (kind, *piece, confidence))
            continue
        starts.insert(i, start)
        kept.insert(i, cand)
    return kept


def _uncovered(kept: list[tuple[str, int, int, float]], start: int, end: int) -> list[tuple[int, int]]:
    """The parts of [start, end) outside every span of kept (sorted by start, never overlapping)."""
    out = []
    at = start
    for _, lo, hi, _ in kept:
        if hi <= at or lo >= end:
            continue
        if lo > at:
            out.append((at, lo))
        at = max(at, hi)
    if at < end:
        out.append((at, end))
    return out


_MARKER = re.compile(r"\[REDACTED:[a-z_]{1,32}\]")


def detect(
    text: str,
    *,
    previous: Sequence[str] = (),
    home: str | None = None,
    conversation: Conversation | None = None,
    secrets_only: bool = False,
) -> list[Finding]:
    """Return the non-overlapping findings in text, sorted by position, as offsets into text itself.

    previous: the earlier turns of the conversation (an agent's "confirm your passport number" makes the
    answer's value a finding); home: the customer's region (ISO 3166), where national phone numbers are read;
    conversation: what the earlier turns say, when known already (Conversation.of_turns), instead of previous;
    secrets_only: run only the detectors of recovery phrases and keys (log lines; addresses may come with them).
    """
    if conversation is None:
        conversation = Conversation.of(previous) if previous else NO_CONVERSATION
    if "[REDACTED:" in text:
        # The markers of an earlier redaction are not text: blank, at the same offsets, so that a phrase next to
        # one never takes in its words ("[REDACTED:[REDACTED:seed_phrase]" when scanned again).
        text = _MARKER.sub(lambda m: " " * len(m.group()), text)
    if text.isascii():
        # The common case, without a Normalized (ASCII is NFKC already) and, without "<", "&" or "\\", without
        # readings.
        candidates = _candidates(
            text, ascii_digits=True, conversation=conversation, home=home, secrets_only=secrets_only
        )
        # (The rendered reading's trigger, loosened: any "\\" sends the text the long way.)
        if "<" not in text and "&" not in text and "\\" not in text and not any(n(text) for n, _, _ in _READINGS[1:]):
            return [Finding(*c) for c in _resolve(candidates)] if candidates else []
        normalized = Normalized(text, ascii_digits=True)
    else:
        normalized = normalize(text)
        candidates = _candidates(
            normalized.text,
            ascii_digits=normalized.ascii_digits,
            conversation=conversation,
            home=home,
            secrets_only=secrets_only,
        )
    readings = _readings(text, normalized)
    if not readings:
        # Resolve in the normalised text, then map the few kept spans back.
        findings = []
        for kind, start, end, confidence in _resolve(candidates):
            orig_start, orig_end = normalized.to_original(start, end)
            findings.append(Finding(kind, orig_start, orig_end, confidence))
        return findings
    # Extra readings (markup, invisible characters, look-alike letters): every candidate of every reading back in
    # the original's offsets, then resolved together.
    mapped = [(kind, *normalized.to_original(s, e), c) for kind, s, e, c in candidates]
    # A span the text itself holds as it is read, in a reading that changed only the words around it, is the
    # text's to classify: "Хэш транзакции: <hex>" read with Latin look-alikes loses its label, not its hash.
    as_read = {(s, e) for _, s, e, _ in mapped}
    for to_original, reading, only_secrets in readings:
        found = _candidates(
            reading.text, conversation=conversation, home=home, secrets_only=secrets_only or only_secrets
        )
        for kind, s, e, c in found:
            start, end = to_original(s, e)
            if (start, end) not in as_read or reading.text[s:e] != text[start:end]:
                mapped.append((kind, start, end, c))
    return [Finding(kind, start, end, confidence) for kind, start, end, confidence in _resolve(mapped)]


_Map = Callable[[int, int], tuple[int, int]]


def _then(first: _Map, second: _Map) -> _Map:
    """The offset map that applies first, then second."""
    return lambda start, end: second(*first(start, end))


# The readings of the text as written: each one's trigger, the reading, and whether only the secret detectors read
# it. (Look-alike letters are folded in the text and in each of these, see _readings.)
_READINGS: tuple[tuple[Callable[[str], bool], Callable[[str], variants.Reading | None], bool], ...] = (
    (variants.needs_rendering, variants.rendered, False),
    (variants.needs_dehyphenation, variants.dehyphenated, True),
    (variants.needs_digit_folding, variants.digits_folded, True),
    (variants.needs_line_numbers_removed, variants.line_numbers_removed, True),
    (variants.needs_ocr_numbers_folded, variants.ocr_numbers_folded, True),
    (variants.needs_numbers_in_words_read, variants.numbers_in_words_read, True),
    (variants.needs_percent_decoding, variants.percent_decoded, False),
    (variants.needs_soft_breaks_joined, variants.soft_breaks_joined, False),
    (variants.needs_named_numbers_joined, variants.named_numbers_joined, False),
    (variants.needs_spelt_digits_read, variants.spelt_digits_read, False),
)


def _readings(text: str, normalized: Normalized) -> list[tuple[_Map, Normalized, bool]]:
    """The extra readings of text (see variants), each normalised, with its map back to text's offsets and whether
    only the secret detectors read it (a word mended at a line break matters to a phrase)."""
    out: list[tuple[_Map, Normalized, bool]] = []
    for needed, read, only_secrets in _READINGS:
        reading = read(text) if needed(text) else None
        if reading is not None:
            norm = normalize(reading.text)
            out.append((_then(norm.to_original, reading.to_original), norm, only_secrets))
    if variants.needs_homoglyph_folding(normalized.text):
        for to_original, norm, only_secrets in [(normalized.to_original, normalized, False), *out]:
            folded = variants.homoglyphs_folded(norm.text)
            out.append((_then(folded.to_original, to_original), Normalized(folded.text), only_secrets))
    return out


def redact(text: str, kinds: Iterable[str] = SECRET_KINDS) -> str:
    """Replace the spans of the given kinds (secrets by default) with [REDACTED:<kind>]."""
    return redact_found(text, detect(text), kinds)


def redact_found(text: str, findings: Iterable[Finding], kinds: Iterable[str] = SECRET_KINDS) -> str:
    """redact() with the findings detect() returned for text already (so that a text is scanned once)."""
    wanted = frozenset(kinds)
    out = []
    pos = 0
    for finding in findings:
        if finding.kind in wanted:
            out.append(text[pos : finding.start])
            out.append(f"[REDACTED:{finding.kind}]")
            pos = finding.end
    out.append(text[pos:])
    return "".join(out)


def _keep_ends(value: str, *, start: int, end: int) -> str:
    if len(value) <= start + end:
        return "*" * len(value)
    return value[:start] + "*" * (len(value) - start - end) + value[len(value) - end :]


def _keep_ends_in_place(value: str, *, start: int, end: int) -> str:
    """_keep_ends over the letters and digits of value only, its separators left where they are."""
    count = sum(c.isalnum() for c in value)
    if count <= start + end:
        return "".join("*" if c.isalnum() else c for c in value)
    out = []
    seen = 0
    for c in value:
        if c.isalnum():
            seen += 1
            out.append(c if seen <= start or seen > count - end else "*")
        else:
            out.append(c)
    return "".join(out)


def _grouped(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def _mask_phone(value: str, home: str | None = None) -> str:
    international = value.lstrip().startswith(("+", "00"))
    if international and value.lstrip().startswith("00"):
        value = "+" + value.lstrip()[2:]
    regions: tuple[str | None, ...] = (None,) if international else regions_for(home)
    valid = []
    for region in regions:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            valid.append(number)
    if home in phonenumbers.SUPPORTED_REGIONS and not international:
        # The customer's own region first: "07700 900123" from a UK customer is a UK number, never German.
        try:
            number = phonenumbers.parse(value, home)
        except phonenumbers.NumberParseException:
            pass
        else:
            if phonenumbers.is_possible_number(number):
                valid.insert(0, number)
    if not valid and international:
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            pass
        else:
            if phonenumbers.region_code_for_country_code(number.country_code or 0) != "ZZ":
                valid.append(number)  # a country that exists, a range not allocated yet
    if not valid:
        return _keep_ends("".join(c for c in value if c.isdigit()), start=0, end=4)
    # A national number can be valid in several countries: prefer the one whose own format it is written in
    # ("(415) 555-0132" is how the US writes it).
    national_format = phonenumbers.PhoneNumberFormat.NATIONAL
    if home in phonenumbers.SUPPORTED_REGIONS and not international:
        number = valid[0]
    else:
        number = next((n for n in valid if phonenumbers.format_number(n, national_format) == value.strip()), valid[0])
    national = str(number.national_number)
    return f"+{number.country_code} {_keep_ends(national, start=3 if len(national) > 6 else 0, end=4)}"


def mask(kind: str, value: str, *, home: str | None = None) -> str:
    """Show a detected value to an agent with most of it hidden (secrets entirely); home: the customer's region
    (ISO 3166 code), in which a national phone number is read."""
    if kind in SECRET_KINDS:
        return f"[REDACTED:{kind}]"
    compact = "".join(value.split())
    if kind == EMAIL:
        local, _, domain = "".join(email_spelt_out(value).split()).partition("@")
        return f"{local[:1]}***@{domain}"
    if kind == PHONE:
        return _mask_phone(value, home)
    if kind == BANK_CARD:
        digits = "".join(c for c in compact if c.isdigit())
        return _grouped(_keep_ends(digits, start=0, end=4))
    if kind == IBAN:  # written with spaces, dashes or dots: shown in groups of four
        return _grouped(_keep_ends("".join(c for c in compact if c.isalnum()).upper(), start=4, end=4))
    if kind == CN_ID:
        # Masked in place: "110101-19900307-7715" keeps its dashes, as the customer grouped it.
        return _keep_ends_in_place(value.strip().upper(), start=3, end=4)
    if kind == NATIONAL_ID:
        # In place: "078-05-1120" keeps its dashes, "A123456(3)" its brackets.
        return _keep_ends_in_place(value.strip(), start=2, end=2)
    if kind == PASSPORT:
        return _keep_ends(compact.upper(), start=1, end=2)
    if kind in (CRYPTO_ADDRESS, TX_HASH):
        # Pseudonymous rather than secret: enough to compare with an explorer, not to copy.
        return f"{compact[:6]}…{compact[-4:]}" if len(compact) > 12 else _keep_ends(compact, start=2, end=2)
    if kind == ADDRESS:
        # The postcode's outward code (a district) stays, as a phone number keeps its country code.
        outward = value.split()[-2] if len(value.split()) > 1 and len(value.split()[-1]) == 3 else ""
        return f"*** {outward} ***" if outward else "***"
    raise ValueError(f"unknown kind: {kind}")
