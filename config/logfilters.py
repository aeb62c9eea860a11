"""Keep link tokens, search terms and personal identifiers out of every log line (Django, Celery, gunicorn)."""

from __future__ import annotations

import logging
import re
import traceback

# Secret links: /privacy/confirm/<token>/, /privacy/status/<token>/, /privacy/export/<token>/.
TOKEN_PATH = re.compile(r"(/(?:confirm|status|export)/)[^/\s?#\"']+")
# Query values other than a few harmless ones (admin search `q`, emails, account ids all live in queries).
QUERY_VALUE = re.compile(r"([?&](?!(?:p|o|page|format|kind|language|lang|all)=)[^=&\s\"'#]+=)[^&\s\"'#]*")
EMAIL = re.compile(r"[^\s@\"'<>(),;:/?=&]+@[^\s@\"'<>(),;:/?=&]+\.[A-Za-z]{2,}")
ACCOUNT_ID = re.compile(r"(?i)\bUID\s?[0-9０-９]{4,}")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """The text with tokens in links, query values, email addresses and exchange account ids replaced."""
    text = TOKEN_PATH.sub(rf"\1{REDACTED}", text)
    text = QUERY_VALUE.sub(rf"\1{REDACTED}", text)
    text = EMAIL.sub("[email]", text)
    return ACCOUNT_ID.sub("[account]", text)


class RedactingFilter(logging.Filter):
    """Rewrite each record's message (and the exception's message) through `redact`; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: keep its template only
            message = str(record.msg)
        record.msg = redact(message)
        record.args = ()
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
