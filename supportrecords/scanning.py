"""The redaction policy applied to every text before it is stored: secrets replaced, other kinds recorded.

Seed phrases and private keys become `[REDACTED:<kind>]`; every other kind stays in the text (which is stored
encrypted) and its span is recorded so that staff screens can mask it. Findings are kinds and offsets into the
redacted text, never values.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from supportrecords.redaction import DETECTOR_VERSION, SECRET_KINDS, Conversation, Finding, detect, mask
from supportrecords.redaction.bip39 import (
    CHECKSUM_LENGTHS,
    exact_phrase,
    exact_words,
    leading_phrase_words,
    reads_as_reply,
)
from supportrecords.redaction.findings import PRIVATE_KEY, SEED_PHRASE
from supportrecords.redaction.normalize import normalize
from supportrecords.textextract import TooDeep, attachment_text_readings, text_decoded

# A stored finding: [kind, start, end], offsets into the stored (redacted) text.
StoredFinding = list[str | int]


@dataclass(frozen=True)
class ScannedText:
    text: str
    findings: list[StoredFinding] = field(default_factory=list)
    secret_kinds: frozenset[str] = frozenset()
    detector_version: int = DETECTOR_VERSION

    @property
    def has_secret(self) -> bool:
        return bool(self.secret_kinds)


# The region in which a customer's national phone numbers are read, by jurisdiction (None: no single one).
JURISDICTION_REGIONS: dict[str, str | None] = {
    "uk": "GB",
    "cn": "CN",
    "hk": "HK",
    "us": "US",
    "us_ny": "US",
    "eu": None,
    "other": None,
}


def region_of(jurisdiction: str | None) -> str | None:
    return JURISDICTION_REGIONS.get(jurisdiction or "")


def text_scan(
    text: str,
    *,
    previous: Sequence[str] = (),
    turns: Sequence[tuple[bool, ...]] | None = None,
    jurisdiction: str | None = None,
    decoded: bool = False,
) -> ScannedText:
    """Redact the secrets of a text and locate everything else, in one pass of the detectors.

    previous: the earlier turns of the conversation (as stored), or turns: what each says (turn_context);
    jurisdiction: the customer's; decoded: text is a reading of a file whose encodings are decoded already
    (attachment_text_readings), so encoded runs are not read again.
    """
    if not text:
        return ScannedText(text=text)
    out: list[str] = []
    findings: list[StoredFinding] = []
    secrets: set[str] = set()
    pos = 0
    length = 0  # length of what `out` holds
    conversation = Conversation.of_turns(turns) if turns is not None else None
    found = detect(text, previous=previous, home=region_of(jurisdiction), conversation=conversation)
    encoded = [] if decoded else _encoded_secrets(text, found)
    if encoded:
        found = sorted([*found, *encoded], key=lambda f: f.start)
    for finding in found:
        if finding.start < pos:  # defensive: the detector promises no overlaps
            continue
        gap = text[pos : finding.start]
        out.append(gap)
        length += len(gap)
        if finding.kind in SECRET_KINDS:
            piece = f"[REDACTED:{finding.kind}]"
            secrets.add(finding.kind)
        else:
            piece = text[finding.start : finding.end]
        findings.append([finding.kind, length, length + len(piece)])
        out.append(piece)
        length += len(piece)
        pos = finding.end
    if not findings:
        return ScannedText(text=text)
    out.append(text[pos:])
    return ScannedText(text="".join(out), findings=findings, secret_kinds=frozenset(secrets))


# A run that may be encoded text (base64, base64url, percent-encoding, escapes, entities, hex), and the next
# line of one wrapped over lines (base64 at 64 or 76 characters a line: its last line may be short).
_ENCODED_RUN = re.compile(r"[A-Za-z0-9+/=_\-%\\&#;]{16,}")
_WRAPPED_LINE = re.compile(r"\r?\n([A-Za-z0-9+/=_\-]{4,})")
_WRAP_MIN = 32


def _encoded_runs(text: str, found: list[Finding]) -> list[tuple[int, int, str]]:
    """The runs of text outside findings that decode to other text, with what they decode to: each run alone,
    and the lines of one base64 wrapped over lines joined back."""
    ends = [f.end for f in found]  # findings do not overlap: sorted by start, so by end too
    out = []
    done = 0  # the end of the last wrapped run read: its lines are not read again one by one
    for m in _ENCODED_RUN.finditer(text):
        if m.start() < done:
            continue
        pieces = [(m.start(), m.end())]
        width = m.end() - m.start()
        # A long line goes on in the next; so does a line as long as the first (base64 wrapped narrow, at 16 or 20).
        while (
            pieces[-1][1] - pieces[-1][0] >= _WRAP_MIN or len(pieces) == 1 or pieces[-1][1] - pieces[-1][0] == width
        ) and text[pieces[-1][1] - 1] != "=":  # padding ends it
            line = _WRAPPED_LINE.match(text, pieces[-1][1])
            if line is None:
                break
            pieces.append(line.span(1))
        start, end = pieces[0][0], pieces[-1][1]
        done = end
        i = bisect.bisect_right(ends, start)
        if i < len(found) and found[i].start < end:
            continue  # a finding already
        runs = [(s, e, text[s:e]) for s, e in pieces]
        if len(pieces) > 1:
            runs.append((start, end, "".join(run for _, _, run in runs)))
        if len(pieces) > 2:  # the last line may be the text after it ("thanks"), when the lines were all full
            runs.append((start, pieces[-2][1], "".join(run for _, _, run in runs[: len(pieces) - 1])))
        for s, e, run in runs:
            try:
                decoded = text_decoded(run)
            except TooDeep:
                continue  # deeper than textextract.MAX_LAYERS: read as it is
            if decoded != run:
                out.append((s, e, decoded))
    return out


def _encoded_secrets(text: str, found: list[Finding]) -> list[Finding]:
    """Secrets inside encoded runs of text (a recovery phrase in base64 or percent-encoded, a key in escapes),
    which the detectors, reading the text as written, cannot see: each run that decodes to text holding a
    secret, as one finding of that secret's kind (every encoded run, when only their joined reading holds it)."""
    runs = _encoded_runs(text, found)
    if not runs:
        return []
    out: list[Finding] = []
    for start, end, decoded in sorted(runs, key=lambda r: r[0] - r[1]):  # the longest first
        if any(f.start < end and f.end > start for f in out):
            continue
        secrets = [f.kind for f in detect(decoded, secrets_only=True) if f.kind in SECRET_KINDS]
        if secrets:
            out.append(Finding(secrets[0], start, end, 0.9))
    if out or len(runs) < 2:
        return sorted(out, key=lambda f: f.start)
    joined = "\n".join(decoded for _, _, decoded in runs)
    secrets = [f.kind for f in detect(joined, secrets_only=True) if f.kind in SECRET_KINDS]
    if not secrets:
        return []
    spans = sorted({(start, end) for start, end, _ in runs})
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [Finding(secrets[0], start, end, 0.9) for start, end in merged]


def text_secrets_redact(text: str, *, jurisdiction: str | None = None) -> str:
    """The text with its secrets replaced, for free-text fields kept without findings (names, corrections)."""
    return text_scan(text, jurisdiction=jurisdiction).text if text else text


@dataclass(frozen=True)
class ScannedFile:
    """An attachment scanned in every reading: what to store instead of it when it held a secret (rendition,
    UTF-8 text), None when the file itself is stored as it came."""

    scanned: ScannedText
    rendition: bytes | None = None


def file_scan(
    *,
    content: bytes,
    content_type: str,
    filename: str,
    turns: Sequence[tuple[bool, ...]] | None = None,
    jurisdiction: str | None = None,
) -> ScannedFile | None:
    """Scan each reading of a file (charsets, escapes, entities, quoted-printable, base64, UTF-7); None when it
    cannot be scanned whole (it is then quarantined). A file with a secret in any reading is replaced by the
    redacted text of that reading, and only if that text, read every way again, holds no secret."""
    readings = attachment_text_readings(content=content, content_type=content_type, filename=filename)
    if readings is None:
        return None
    scans = [text_scan(reading, turns=turns, jurisdiction=jurisdiction, decoded=True) for reading in readings]
    secret = [scan for scan in scans if scan.has_secret]
    if not secret:
        return ScannedFile(scans[0])
    kinds = frozenset().union(*(scan.secret_kinds for scan in secret))
    for scan in secret:  # the most decoded reading first
        text, findings = scan.text, scan.findings
        for _ in range(_REDACTION_ROUNDS):
            rendition = text.encode("utf-8")
            again = attachment_text_readings(content=rendition, content_type="text/plain", filename="")
            if again is None:
                break
            if not any(text_scan(t, turns=turns, jurisdiction=jurisdiction, decoded=True).has_secret for t in again):
                return ScannedFile(ScannedText(text=text, findings=findings, secret_kinds=kinds), rendition=rendition)
            # What the redacted text holds read again as it is (the rest of a key after its redacted name and
            # first piece, "private key: [REDACTED:private_key]\n<more hex>"): redacted too, and read again.
            rescan = text_scan(text, turns=turns, jurisdiction=jurisdiction, decoded=True)
            if not rescan.has_secret:
                break  # a secret in a decoded reading only: not redacted in place
            markers: list[StoredFinding] = [[m.group(1), m.start(), m.end()] for m in _ANY_MARKER.finditer(rescan.text)]
            kinds |= rescan.secret_kinds
            text = rescan.text
            findings = [f for f in rescan.findings if f[0] not in SECRET_KINDS] + markers
            findings.sort(key=lambda f: (int(f[1]), int(f[2])))
    return None


_REDACTION_ROUNDS = 3  # times a file's redacted text is redacted again at most before it is quarantined
_ANY_MARKER = re.compile(r"\[REDACTED:([a-z_]{1,32})\]")


# How much of each earlier turn (its end) and of the new one (its start) is read for a secret split between them:
# a 24-word phrase or an extended key in groups is shorter.
SPLIT_CHARS = 600
# The new text and up to this many earlier turns of the same author: a customer says "wait", "hold on", "let me find
# the paper", "ok found it" between the halves of a phrase (an attacker's second round: 3 left the second half stored).
SPLIT_TURNS = 5
# A phrase typed a word (or a few) per message: when the new text and the author's last SPLIT_TURNS are only
# wordlist words, up to this many of the author's consecutive such messages are read with it.
SPLIT_WORD_TURNS = 23


# The number a customer may put before each word of a phrase typed a word per message: "1. abandon", "2) ...",
# "#3 ...", "4th: ...", "第5个：...", "word 6: ...", "Wort 7 = ...", "слово 8 - ...".
_WORD_NUMBER = re.compile(
    r"(?:(?:words?|wort|mot|palabra|parola|palavra|slovo|kelime|слово|単語|단어|单词|單詞|词|詞)\s*)?"
    r"(?:#?\d{1,2}(?:st|nd|rd|th)?|第\s*\d{1,2}\s*[个個]?)\s*(?:(?:is|=|[.):：\-])\s*)?",
    re.IGNORECASE,
)


def _after_word_number(text: str) -> int:
    """Where the words of text start after the number of a numbered list ("12. abandon" -> 4), or 0."""
    numbered = _WORD_NUMBER.match(text)
    return numbered.end() if numbered is not None and numbered.end() < len(text) else 0


def wordlist_words_only(text: str) -> bool:
    """Whether text is nothing but wordlist words (one word, or a few, of a phrase typed over messages), after
    the number of a numbered list, if any."""
    normalized = normalize(text.strip()).text
    normalized = normalized[_after_word_number(normalized) :]
    rest = normalized.rstrip(" ,.;:\n")
    return bool(rest) and leading_phrase_words(normalized, minimum=1) >= len(rest)


# A key sent a piece per message ("then 3f9a1c0e", "part 3: 7b2e..."): a few words leading, then hex digits only,
# a digit among them (a word such as "cafe" is hex too).
_KEY_PIECE_ONLY = re.compile(
    r"(?:(?:then|and|next|rest|last|part|piece|cont(?:inued)?|接着|然后|还有|最后)[\s:.#\-]*\d{0,2}[\s:.\-]*){0,3}"
    r"(?:0x)?(?=[0-9A-Fa-f]*[0-9])[0-9A-Fa-f]{4,64}[\s.,;]*",
    re.IGNORECASE,
)


def piece_only(text: str) -> bool:
    """Whether text is only a piece of a secret typed over messages: wordlist words (wordlist_words_only) or a
    piece of a hex key."""
    return wordlist_words_only(text) or _KEY_PIECE_ONLY.fullmatch(text.strip()) is not None


def split_secrets_redact(
    texts: Sequence[str],
    *,
    turns: Sequence[tuple[bool, ...]] | None = None,
    jurisdiction: str | None = None,
    subject_first: bool = False,
) -> list[tuple[str, list[StoredFinding]]] | None:
    """Redact a secret split between consecutive turns (half a phrase in one message, the rest in the next).

    texts: earlier turns as stored (already redacted), oldest first, then the new one as sent. Return,
    for each text, its rewritten form and the markers put in it ([kind, start, end]), or None when no secret
    spans two texts. Only the end of each earlier text and the start of the new one are read (SPLIT_CHARS).
    """
    if len(texts) < 2:
        return None
    joined = ""
    bounds: list[tuple[int, int, int]] = []  # (start in joined, end in joined, offset of the piece in its text)
    for i, text in enumerate(texts):
        if i == len(texts) - 1:
            # The new text is read from after its lead-in ("and the rest is ..."), if the previous one ends with
            # wordlist words: words the customer put before the rest of a phrase would cut the run in two.
            offset = _lead_in(text) if _ENDS_WITH_WORDS.search(joined) else 0
            piece = text[offset : offset + SPLIT_CHARS]
        else:
            piece = text[-SPLIT_CHARS:]
            offset = len(text) - len(piece)
        if joined:
            joined += _joiner(joined.rstrip()[-2:], piece.lstrip()[:2])
        bounds.append((len(joined), len(joined) + len(piece), offset))
        joined += piece
    conversation = Conversation.of_turns(turns) if turns is not None else None
    cuts: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    own: dict[int, list[Finding]] = {}  # what each piece's own scan finds, read when needed

    def own_findings(i: int, finding: Finding) -> list[Finding]:
        start = bounds[i][0]
        if i not in own:
            own[i] = detect(joined[start : bounds[i][1]], conversation=conversation)
        return [f for f in own[i] if f.start < finding.end - start and f.end > finding.start - start]

    whole: list[Finding] = []  # phrases of one text with a few words of another beside them
    for finding in detect(joined, home=region_of(jurisdiction), conversation=conversation):
        if finding.kind not in SECRET_KINDS:
            continue
        touched = [i for i, (s, e, _) in enumerate(bounds) if finding.start < e and finding.end > s]
        if len(touched) == 1 and own_findings(touched[0], finding):
            # Within one text: its own scan redacted it, unless it is a piece of a secret whose other pieces are
            # in another text (a key's halves with words between, found as one finding per half).
            continue
        if not touched or _whole_in_one(joined, bounds, finding, touched, own_findings, subject_first=subject_first):
            whole.append(finding)
            continue
        if (
            len(touched) == 1
            and finding.confidence < 1.0
            and any(0 <= finding.start - w.end <= _BESIDE or 0 <= w.start - finding.end <= _BESIDE for w in whole)
        ):
            continue  # a word left over beside such a phrase ("... gloom and after"): the text's own, as that one's
        for i in touched:
            start, end, offset = bounds[i]
            cuts[i].append(
                (max(finding.start, start) - start + offset, min(finding.end, end) - start + offset, finding.kind)
            )
    # The rest of a phrase whose first part ended the previous text (redacted there already, by its own scan or
    # by this one) is redacted too: the words the new text starts with.
    # A word or two may follow the marker there (typed around a checksum-valid window, see bip39._report).
    ending = _ENDS_WITH_PHRASE.search(texts[-2]) if not cuts[-1] else None
    if ending is not None:
        leftover = ending.group(1)
        if leftover.strip() and leading_phrase_words(leftover, minimum=1) < len(leftover.rstrip(" ,.;:\n")):
            ending = None  # not wordlist words: the previous message went on with something else
    if ending is not None:
        # Offsets of normalised text: mapped back (NFKC may change lengths; zero-width characters go).
        normalized = normalize(texts[-1][:SPLIT_CHARS])
        # One word is enough after a word or two left by a checksum window, or when both messages are nothing
        # but the phrase (typed a word per message: the previous ones are redacted whole already).
        one = bool(ending.group(1).strip()) or (texts[-2].strip() == _MARKER and wordlist_words_only(texts[-1]))
        # After its number, when the words are numbered one per message ("12. abandon").
        skip = _after_word_number(normalized.text) if one and texts[-2].strip() == _MARKER else 0
        end = leading_phrase_words(normalized.text[skip:], minimum=1 if one else 2)
        end = skip + end if end else 0
        opening = 0  # wordlist words opening a sentence ("Any update?", "Please hurry, this is a lot of money")
        if end and not _rest_apart(normalized.text, end):
            end, opening = 0, end
        if end:
            cuts[-1].append((0, normalized.to_original(0, end)[1], SEED_PHRASE))
        # After a few words of the customer's own ("oops, sent too early. jewel donor force grain"; "sorry sent too
        # early 21.decide 22.adult ...", whose "sorry sent" are wordlist words too): three words at least, so that
        # a thank-you after a redacted phrase keeps its words.
        # (Right after the words found, more of them: a word of two lists made those of one stop early.)
        tail = normalized.text[end or opening :]
        after = (end or opening) + len(tail) - len(tail.lstrip())
        lead = _lead_in(normalized.text[after:])
        for at in ([after] if end else []) + ([after + lead] if lead else []):
            words = leading_phrase_words(normalized.text[at:], minimum=_REST_AFTER_LEAD_IN)
            if words:
                cuts[-1].append((*normalized.to_original(at, at + words), SEED_PHRASE))
                break
        if cuts[-1] and ending.group(1).strip():
            cuts[-2].append((ending.start(1), ending.end(1), SEED_PHRASE))
    # The rest of a key whose first piece ended the previous text, redacted there: a run of letters and digits
    # the new text starts with, after a few words ("... e8a0c1e3", "and the rest: 3c4d..."), is the key's too.
    if not cuts[-1] and _ENDS_WITH_KEY.search(texts[-2]):
        rest = _KEY_REST.match(texts[-1])
        if rest is not None and (
            _HEX_ONLY.fullmatch(rest.group(1)) or sum(char.isdigit() for char in rest.group(1)) >= _KEY_REST_DIGITS
        ):
            cuts[-1].append((rest.start(1), rest.end(1), PRIVATE_KEY))
    _han_continuations(texts, cuts, jurisdiction=jurisdiction)
    if not any(cuts):
        return None
    if cuts[-1]:
        # The new text's own secrets go with its cuts: its rewritten form is scanned again, and a secret whose
        # pieces are one cut and the rest of the text (a Chinese phrase's halves with a line of prose between,
        # the first half taken as the rest of the previous message's phrase) would no longer be found whole.
        cuts[-1] += [
            (f.start, f.end, f.kind)
            for f in detect(texts[-1], home=region_of(jurisdiction), conversation=conversation)
            if f.kind in SECRET_KINDS
        ]
    out: list[tuple[str, list[StoredFinding]]] = []
    for text, spans in zip(texts, cuts, strict=True):
        parts: list[str] = []
        markers: list[StoredFinding] = []
        last = length = 0
        for start, end, kind in _joined_cuts(spans):
            parts.append(text[last:start])
            length += start - last
            marker = f"[REDACTED:{kind}]"
            parts.append(marker)
            markers.append([kind, length, length + len(marker)])
            length += len(marker)
            last = end
        parts.append(text[last:])
        out.append(("".join(parts), markers))
    return out


def _joined_cuts(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """spans sorted, the overlapping ones joined (the first one's kind)."""
    out: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end), out[-1][2])
        else:
            out.append((start, end, kind))
    return out


_FEW_WORDS = 4  # a sentence's last words ("... and the balance shows zero.") beside a phrase of the next text
# A phrase the text's own scan found: whole (1.0), in checksum-valid pieces (0.9, bip39._halves and _chunks) or
# a piece given as such (0.7, partial).
_OWN_PHRASE = 0.7
_BESIDE = 12  # characters between a phrase and a word left over beside it, at most


def _whole_in_one(
    joined: str,
    bounds: list[tuple[int, int, int]],
    finding: Finding,
    touched: list[int],
    own_findings: Callable[[int, Finding], list[Finding]],
    *,
    subject_first: bool = False,
) -> bool:
    """Whether a phrase found over texts is a checksum-valid phrase of one text with a few wordlist words of the
    others beside it ("lost access" as a ticket's subject, then the phrase): those words are the customer's,
    not the phrase's, unless the words together make a phrase's length."""
    if finding.kind != SEED_PHRASE:
        return False
    words = {}
    touched_bounds = [bounds[i] for i in touched]
    for i in touched:
        start, end, _ = bounds[i]
        part = joined[max(start, finding.start) : min(end, finding.end)]
        words[i] = len(part.split()) if " " in part.strip() or part.isascii() else len(part.strip())
    if sum(words.values()) in CHECKSUM_LENGTHS:
        if _valid_whole(joined[finding.start : finding.end]):
            return False  # one exact phrase: a longer phrase typed over the texts
        # A ticket's subject ("Question about deposit") beside its first message's valid phrase is the subject's;
        # between messages, a few list words before a message holding a valid run may be a longer phrase's start.
        own_valid = subject_first and any(
            f.kind == SEED_PHRASE and f.confidence >= 1.0 for i in touched[1:] for f in own_findings(i, finding)
        )
        if not own_valid and all(
            exact_words(_words_of(joined[max(s, finding.start) : min(e, finding.end)])) for s, e, _ in touched_bounds
        ):
            # Wordlist words all and no valid phrase in either text alone: a longer phrase typed over the texts.
            # (A valid phrase of one text and "Help" / "please help" around it is that text's phrase.)
            return False
    for i in touched:
        others = [words[j] for j in touched if j != i]  # none: a finding of one text its own scan missed
        if max(others, default=0) <= _FEW_WORDS and any(
            f.kind == SEED_PHRASE and f.confidence >= _OWN_PHRASE for f in own_findings(i, finding)
        ):
            return True
    return False


def _valid_whole(span: str) -> bool:
    """Whether the words of span, read one after the other, are one checksum-valid phrase (a longer phrase typed
    over two texts), not a phrase of one text and a few words of the other's sentence ("... and it never
    arrived." then "phrase: <12 words>": 15 words, but no phrase of 15)."""
    return exact_phrase(_words_of(span))


def _words_of(span: str) -> list[str]:
    han = [char for char in span if _HAN_CHAR.match(char)]  # Chinese: a word a character, apart or not
    return han or _WORDS.findall(span)


_MARKER = f"[REDACTED:{SEED_PHRASE}]"
# An unseparated run of Chinese characters at the start or the end of a text, no longer than a phrase.
_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_HAN_START = re.compile(r"\s*([\u3400-\u4dbf\u4e00-\u9fff]{1,23})(?![\u3400-\u4dbf\u4e00-\u9fff])")
# Characters one at a time to the end of a text (after the words that lead them in): the rest of a phrase.
_HAN_SPACED_REST = re.compile(
    r"[\s:：,，]*((?:[\u3400-\u4dbf\u4e00-\u9fff][\s,，、]+)*[\u3400-\u4dbf\u4e00-\u9fff])[\s.。!！]*$"
)
_HAN_END = re.compile(r"(?<![\u3400-\u4dbf\u4e00-\u9fff])([\u3400-\u4dbf\u4e00-\u9fff]{1,23})\s*$")


def _han_continuations(
    texts: Sequence[str], cuts: list[list[tuple[int, int, str]]], *, jurisdiction: str | None
) -> None:
    """A contiguous Chinese phrase typed over messages: the characters a text starts with, right after a text
    that ended with a redacted phrase, are its rest; the characters a text ends with, right before a text whose
    own phrase starts with its first character, are its beginning. Both are cut (a run of phrase length at most,
    set apart from the rest of its text)."""
    if len(texts) < 2 or cuts[-1] or cuts[-2]:
        return
    previous, new = texts[-2], texts[-1][:SPLIT_CHARS]
    start = _HAN_START.match(new)
    if start is None:
        return
    if previous.rstrip().endswith(_MARKER):
        run = start.group(1)
        if not reads_as_reply(run):  # "恢复钱包时显示…", "有进展了吗？" after a phrase is the customer's next sentence
            cuts[-1].append((start.start(1), start.end(1), SEED_PHRASE))
        elif rest := _HAN_SPACED_REST.match(new, start.end(1)):
            cuts[-1].append((rest.start(1), rest.end(1), SEED_PHRASE))  # "接着是 奉 咨": after words of one's own
        return
    end = _HAN_END.search(previous)
    if end is None:
        return
    own = detect(new, home=region_of(jurisdiction))
    if any(f.kind == SEED_PHRASE and f.start == start.start(1) for f in own):
        cuts[-2].append((end.start(1), end.end(1), SEED_PHRASE))


_ENDS_WITH_KEY = re.compile(r"\[REDACTED:private_key\][\s,.;:…]*$")
_KEY_REST = re.compile(r"[\s.…>:,-]*(?:[^\W\d_]{1,15}[\s:,.…-]+){0,5}((?:0x)?[0-9A-Za-z]{6,})(?![0-9A-Za-z])")
_KEY_REST_DIGITS = 2  # a word is no piece of a key: base58 pieces hold digits, hex ones only hex digits
_HEX_ONLY = re.compile(r"(?:0x)?[0-9a-fA-F]+")
_ENDS_WITH_PHRASE = re.compile(r"\[REDACTED:seed_phrase\]((?:[\s,.;:]+[^\W\d_]+){0,2})[\s,.;:]*$")


# What follows the rest of a phrase of a few words: the end of the text or of its line, or a thank-you, not the
# rest of a sentence or a question mark.
_APART_AFTER = re.compile(
    r"[^\S\n]*[,.;:!…]*[^\S\n]*(?:$|\n|(?:thanks?|thank\s+you|thx|ty|pls|please|that'?s\s+(?:all|it)|sorry|ok)"
    r"(?![^\W\d_])|谢谢|多谢)",
    re.IGNORECASE,
)
_SHORT_REST = 3  # words of a rest at most that must stand apart


def _rest_apart(text: str, end: int) -> bool:
    """Whether the wordlist words text[:end] stand apart as the rest of a phrase: more than _SHORT_REST of them, or
    followed by the end of the text or of the line, by a thank-you, or by more wordlist words (of another list:
    "rest: reunion humble mango ...")."""
    return (
        len(_WORDS.findall(text, 0, end)) > _SHORT_REST
        or _APART_AFTER.match(text, end) is not None
        or leading_phrase_words(text[end:]) > 0
    )


_WORDS = re.compile(r"[^\W\d_]+")
_LEAD_IN_CHARS = 48  # "and the last ones are ", "oops, sent too early. ", "the remaining words: "
_LEAD_IN_TOKEN = re.compile(r"\S+")
# Two words of letters at the end of a text, apart by spaces or commas ("... parure figure"), or two Chinese
# characters apart ("... 升 汇"): the first part of a phrase, maybe.
_ENDS_WITH_WORDS = re.compile(
    r"(?:[^\W\d_]{3,}[\s,]+[^\W\d_]{3,}|[\u3400-\u4dbf\u4e00-\u9fff][\s,、，]+[\u3400-\u4dbf\u4e00-\u9fff])[\s,.]*$"
)
_REST_AFTER_LEAD_IN = 3


def _lead_in(text: str) -> int:
    """Where the wordlist words that text starts with, after a few words of its own, begin ("the rest is census
    spoon ...": at "census"); 0 when there are none within its first _LEAD_IN_CHARS characters."""
    # Read normalised: a word as the wordlists spell it (Japanese with its sound marks apart, NFD) is one word.
    if leading_phrase_words(normalize(text[:SPLIT_CHARS]).text) or not text[:1].strip():
        return 0
    for m in _LEAD_IN_TOKEN.finditer(text, 0, _LEAD_IN_CHARS):
        if m.start() and leading_phrase_words(normalize(text[m.start() : m.start() + SPLIT_CHARS]).text):
            return m.start()
    return 0


def _letters_without_spaces(*chars: str) -> bool:
    """Whether each char is a letter of a script written without spaces (category Lo: Han, kana, hangul...)."""
    return all(char and unicodedata.category(char) == "Lo" for char in chars)


def _joiner(end: str, start: str) -> str:
    """What goes between two turns read as one (end: the last two characters of the first, start: the first two
    of the next): nothing between Chinese written without spaces ("…生丢" + "赶漂…": one run, as the customer
    meant it); a space between other words of such scripts (a Korean or Japanese phrase's words are apart by
    spaces, and a turn's last word glued to the next one's first would be no word of either); else a line break."""
    if not _letters_without_spaces(end[-1:], start[:1]):
        return "\n"
    han = all(_HAN_CHAR.fullmatch(char) for char in (*end, *start))
    return "" if han and len(end) == 2 and len(start) == 2 else " "


def findings_merge(scanned: ScannedText, markers: list[StoredFinding]) -> ScannedText:
    """scanned (a rewritten text scanned again) with the markers put in it counted as the secrets they hide."""
    if not markers:
        return scanned
    findings = sorted(scanned.findings + markers, key=lambda f: (int(f[1]), int(f[2])))
    kinds = scanned.secret_kinds | {str(m[0]) for m in markers}
    return ScannedText(text=scanned.text, findings=findings, secret_kinds=frozenset(kinds))


def text_holds_secret(text: str) -> bool:
    """Whether text holds a secret (a private key, a recovery phrase): for identifiers that are refused rather
    than redacted (an exchange account id must stay the customer's id, never a marker)."""
    return bool(text) and text_scan(text.strip()).has_secret


# Shown when an identifier is refused: it never repeats the value.
SECRET_REFUSED = gettext_lazy(
    "This looks like a private key or recovery phrase, so it was not stored. Send the account id."
)


def findings_counts(findings: list[StoredFinding]) -> dict[str, int]:
    """Counts per kind, for audit details and reports (no offsets, no values)."""
    return dict(Counter(str(f[0]) for f in findings))


def text_masked(text: str, findings: list[StoredFinding], *, jurisdiction: str | None = None) -> str:
    """The stored text with each recorded personal-data span masked for an agent's eyes (national phone
    numbers read in the customer's jurisdiction)."""
    out: list[str] = []
    pos = 0
    for kind, start, end in ((str(f[0]), int(f[1]), int(f[2])) for f in findings):
        if start < pos or end > len(text) or kind in SECRET_KINDS:
            continue
        out.append(text[pos:start])
        try:
            out.append(mask(kind, text[start:end], home=region_of(jurisdiction)))
        except ValueError:  # a kind this detector version no longer knows: hide it all
            out.append("*" * (end - start))
        pos = end
    out.append(text[pos:])
    return "".join(out)
