"""Keep recovery phrases, private keys, link tokens, search terms and personal identifiers out of every log line
(Django, Celery, gunicorn), and tracebacks out of the lines of refused requests."""

from __future__ import annotations

import base64
import binascii
import codecs
import contextlib
import logging
import re
import traceback
from collections.abc import Iterator, Mapping
from typing import Any

from supportrecords.redaction import SECRET_KINDS, detect
from supportrecords.redaction.bip39 import fold, han_vocabulary, latin_vocabulary

# Secret links: /privacy/confirm/<token>/, /privacy/status/<token>/, /privacy/export/<token>/.
TOKEN_PATH = re.compile(r"(/(?:confirm|status|export)/)[^/\s?#\"']+")
# Query values other than a few harmless ones (admin search `q`, emails, account ids all live in queries).
QUERY_VALUE = re.compile(r"([?&](?!(?:p|o|page|format|kind|language|lang|all)=)[^=&\s\"'#]+=)[^&\s\"'#]*")
EMAIL = re.compile(r"[^\s@\"'<>(),;:/?=&]+@[^\s@\"'<>(),;:/?=&]+\.[A-Za-z]{2,}")
ACCOUNT_ID = re.compile(r"(?i)\bUID\s?[0-9０-９]{4,}")
# An integration's API token (supportrecords.ingest: "cst_" and its secret), wherever a client put it (the user of
# an HTTP Basic header lands in the access line's remote-user field).
API_TOKEN = re.compile(r"cst_[A-Za-z0-9_-]{8,}")
REDACTED = "[redacted]"


# The shortest secret the detector finds is a recovery phrase of 12 Chinese characters (bip39.MIN_WORDS).
MIN_SECRET_CHARS = 12
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
# Texts scanned and found without a secret (paths, user agents and referers repeat from request to request).
_CLEAN: dict[str, None] = {}
_CLEAN_MAX = 4096


def url_decoded(text: str) -> tuple[str, list[int]]:
    """text with its percent-escapes decoded (UTF-8) and "+" read as a space, and where each of its characters
    starts in text (one more entry: len(text)), so that a span found in the decoded text maps back to text."""
    out: list[str] = []
    starts: list[int] = []
    pos = 0
    for match in _ESCAPES.finditer(text):
        for i in range(pos, match.start()):
            out.append(" " if text[i] == "+" else text[i])
            starts.append(i)
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        start = match.start()
        for i in range(match.start(), match.end(), 3):
            chars = decoder.decode(bytes([int(text[i + 1 : i + 3], 16)]))
            out.extend(chars)
            starts.extend([start] * len(chars))
            if chars:
                start = i + 3
        chars = decoder.decode(b"", final=True)
        out.extend(chars)
        starts.extend([start] * len(chars))
        pos = match.end()
    for i in range(pos, len(text)):
        out.append(" " if text[i] == "+" else text[i])
        starts.append(i)
    starts.append(len(text))
    return "".join(out), starts


def _url_readings(text: str) -> list[tuple[str, list[int] | None]]:
    """text, and text with its percent-escapes decoded once and twice (%2520), each with where its characters start
    in text (None: text itself)."""
    readings: list[tuple[str, list[int] | None]] = [(text, None)]
    if "%" in text or "+" in text:
        decoded, starts = url_decoded(text)
        readings.append((decoded, starts))
        if "%" in decoded:  # escaped twice (%2520)
            twice, inner = url_decoded(decoded)
            readings.append((twice, [starts[i] for i in inner]))
    return readings


def _marked(text: str, spans: list[tuple[int, int, str]]) -> str:
    """text with each (start, end, kind) span replaced by [REDACTED:<kind>]; overlapping spans (the same secret
    found in two readings) make one marker."""
    out: list[str] = []
    pos = 0
    for start, end, kind in sorted(spans):
        if start < pos:
            pos = max(pos, end)
            continue
        out.append(text[pos:start])
        out.append(f"[REDACTED:{kind}]")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _remember_clean(cache: dict[str, None], text: str) -> str:
    if len(cache) >= _CLEAN_MAX:
        cache.clear()
    cache[text] = None
    return text


def secrets_redact(text: str) -> str:
    """text with every recovery phrase and private key (read after decoding percent-escapes, so that a phrase in a
    URL is found too) replaced by [REDACTED:<kind>]."""
    if len(text) < MIN_SECRET_CHARS or text in _CLEAN:
        return text
    spans: list[tuple[int, int, str]] = []
    for reading, offsets in _url_readings(text):
        for finding in detect(reading, secrets_only=True):
            if finding.kind in SECRET_KINDS:
                start, end = finding.start, finding.end
                if offsets is not None:  # back to text's offsets
                    start, end = offsets[start], offsets[end]
                spans.append((start, end, finding.kind))
    return _marked(text, spans) if spans else _remember_clean(_CLEAN, text)


# A log argument (a request line, a path, a user agent, a referer) never needs a customer's words: a stretch of
# LOG_RUN_WORDS wordlist words or more, one other word at most between two of them, is redacted whatever its
# checksum (a phrase the detector misses, "coach april noble um fine frown ...", in a 404's path).
LOG_RUN_WORDS = 6
_LOG_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]|[^\W\d_]+")
_HAN_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_RUNS_CLEAN: dict[str, None] = {}


def wordlist_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch of LOG_RUN_WORDS wordlist words or more in text (any list; Chinese a character
    a word), with at most one other word between two of them."""
    latin, han = latin_vocabulary(), han_vocabulary()
    spans: list[tuple[int, int]] = []
    first = last = count = gap = 0
    for match in _LOG_TOKEN.finditer(text):
        word = match.group()
        listed = word in han if _HAN_TOKEN.fullmatch(word) else fold(word) in latin
        if listed:
            if count == 0:
                first = match.start()
            count, last, gap = count + 1, match.end(), 0
            continue
        gap += 1
        if gap > 1:
            if count >= LOG_RUN_WORDS:
                spans.append((first, last))
            count = gap = 0
    if count >= LOG_RUN_WORDS:
        spans.append((first, last))
    return spans


def wordlist_runs_redact(text: str) -> str:
    """text with each stretch of wordlist words (wordlist_runs), read as written and after decoding its
    percent-escapes, replaced by [REDACTED:words]."""
    if len(text) < MIN_SECRET_CHARS or text in _RUNS_CLEAN:
        return text
    spans = [
        (*((start, end) if offsets is None else (offsets[start], offsets[end])), "words")
        for reading, offsets in _url_readings(text)
        for start, end in wordlist_runs(reading)
    ]
    return _marked(text, spans) if spans else _remember_clean(_RUNS_CLEAN, text)


def _identifiers_redact(text: str) -> str:
    text = TOKEN_PATH.sub(rf"\1{REDACTED}", text)
    text = QUERY_VALUE.sub(rf"\1{REDACTED}", text)
    text = EMAIL.sub("[email]", text)
    text = API_TOKEN.sub("[token]", text)
    return ACCOUNT_ID.sub("[account]", text)


def redact(text: str) -> str:
    """The text with secrets, tokens in links, query values, email addresses and exchange account ids replaced."""
    return _identifiers_redact(secrets_redact(text))


# Readings of a log argument that a client may have hidden a secret in: UTF-8 bytes that the server read as Latin-1
# (a raw non-ASCII request line or header, logged as "é\x99\x85..."), and base64 or base64url runs (a path).
_LATIN1_MOJIBAKE = re.compile("[\u00c0-\u00ff][\u0080-\u00bf]")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+_\-]{16,}={0,2}")  # (no "/": a path's slashes cut base64url runs)
HIDDEN_MARKER = "[REDACTED:hidden]"


def _hidden_readings(text: str) -> list[str]:
    """What text may read as besides itself: its mojibake undone, its base64 runs decoded (as UTF-8 text)."""
    readings = []
    if _LATIN1_MOJIBAKE.search(text):
        with contextlib.suppress(UnicodeEncodeError):  # characters beyond Latin-1: not bytes read as Latin-1
            readings.append(text.encode("latin-1").decode("utf-8", errors="replace"))
    for run in _BASE64_RUN.findall(text) if len(text) >= MIN_SECRET_CHARS else ():
        padded = run.rstrip("=") + "=" * (-len(run.rstrip("=")) % 4)
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                decoded = decode(padded).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                continue
            if decoded.isprintable():
                readings.append(decoded)
                break
    return readings


def _hides_secret(text: str) -> bool:
    for reading in _hidden_readings(text):
        if wordlist_runs(reading) or any(f.kind in SECRET_KINDS for f in detect(reading, secrets_only=True)):
            return True
    return False


def _argument_redact(value: Any) -> Any:
    if value is None or isinstance(value, int | float):
        return value
    text = wordlist_runs_redact(secrets_redact(value if isinstance(value, str) else str(value)))
    return HIDDEN_MARKER if _hides_secret(text) else text


class _RedactedArguments(Mapping[str, Any]):
    """The arguments of a %(name)s template, each scanned when the template uses it (gunicorn's atoms hold the
    whole WSGI environ; its access line uses the request line, status, size, referer and user agent)."""

    def __init__(self, arguments: Mapping[str, Any]) -> None:
        self._arguments = arguments

    def __getitem__(self, key: str) -> Any:
        if key == "u" and self._arguments[key] not in (None, "-"):
            return REDACTED  # the remote user a client sent in an HTTP Basic header: a name, a token, anything
        return _argument_redact(self._arguments[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._arguments)

    def __len__(self) -> int:
        return len(self._arguments)


def _message(record: logging.LogRecord) -> str:
    """The record's message with the secrets of its template and of each argument replaced: each is scanned on its
    own, and most (a path, a user agent, a constant template) were scanned clean before."""
    template = secrets_redact(str(record.msg))
    if _LATIN1_MOJIBAKE.search(template) and _hides_secret(template):
        template = HIDDEN_MARKER  # gunicorn's "Invalid HTTP request line: 'GET /é\x99\x85...'" has it in its text
    args = record.args
    if not args:
        return template
    if isinstance(args, Mapping):  # gunicorn's access log: "%(r)s ..." with its atoms, of which it uses a few
        redacted: Any = _RedactedArguments(args)
    else:
        redacted = tuple(_argument_redact(value) for value in args)
    return str(template % redacted)


class RedactingFilter(logging.Filter):
    """Rewrite each record's message (and the exception's message) through `redact`; never drops a record.

    A refused request (Django logs 4xx responses with their exception, PermissionDenied included) is one line:
    the refusal is expected, and its traceback would only fill the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = _message(record)
        except Exception:  # a malformed record: keep its template only
            message = secrets_redact(str(record.msg))
        record.msg = _identifiers_redact(message)
        record.args = ()
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        if record.exc_info and record.exc_info[1] is not None:
            # Exception messages may quote input; keep the type and the frames.
            exc_type, exc, tb = record.exc_info
            frames = "".join(traceback.format_tb(tb))
            name = exc_type.__name__ if exc_type else "Exception"
            record.exc_text = f"Traceback (most recent call last):\n{redact(frames)}{name} (message withheld)"
            record.exc_info = None
        if getattr(record, "request", None) is not None:
            record.request = None  # handlers such as AdminEmailHandler would render the request
        return True
