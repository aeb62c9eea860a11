"""Recovery phrases and private keys in a URL (percent-encoded or with "+"), a Referer or a User-Agent reach no log
line, and a refused request is one warning line without a traceback."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from gunicorn.config import Config  # type: ignore[import-untyped]  # gunicorn ships no types

from config import urls as project_urls
from config.gunicorn_logging import RedactingLogger
from config.logfilters import RedactingFilter, redact, secrets_redact, url_decoded, wordlist_runs, wordlist_runs_redact

PHRASE = "abandon ability able about above absent absorb abstract absurd abuse access ability"
HEX_KEY = "e9873d79c6d87dc0fb6a5778633389f4453213303da61f20bd67fc233aa33262"
ENCODED = PHRASE.replace(" ", "%20")
PLUSSED = PHRASE.replace(" ", "+")
# Every spelling of the secrets that must not be found in a log.
SPELLINGS = [PHRASE, ENCODED, PLUSSED, HEX_KEY, "abandon ability able about above"]


def _refused(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("internal rule 7 refused this")


urlpatterns = [path("refused/", _refused), *project_urls.urlpatterns]


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What the configured console handler (settings.LOGGING, with its redacting filter) writes."""
    handler = logging.getLogger("django").handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def _clean(text: str) -> None:
    for spelling in SPELLINGS:
        assert spelling not in text, text


@pytest.mark.parametrize(
    "url",
    [
        f"/privacy/{ENCODED}/",
        f"/privacy/{PLUSSED}",
        f"/privacy/{PHRASE.replace(' ', '%2520')}/",  # escaped twice
        f"/privacy/{HEX_KEY}/",
        f"/privacy/nothing/?page={HEX_KEY}",
        f"/api/{ENCODED}/",
    ],
    ids=[
        "percent-encoded phrase",
        "phrase with +",
        "escaped twice",
        "hex key in the path",
        "hex key in a query",
        "api",
    ],
)
def test_a_404_logs_its_path_with_the_secret_redacted(db, console, url):
    response = Client().get(url)
    assert response.status_code == 404
    log = console.getvalue()
    assert "Not Found: /" in log, log
    assert "[REDACTED:" in log or "?" in url  # Django logs the path, without the query
    _clean(log)


def test_a_refused_request_is_one_warning_line_without_a_traceback(db, console, settings):
    settings.ROOT_URLCONF = __name__
    assert Client().get(f"/refused/?page={HEX_KEY}").status_code == 403
    log = console.getvalue()
    assert log.count("\n") == 1 and " WARNING django.request Forbidden (Permission denied): /refused/" in log, log
    assert "Traceback" not in log and "internal rule" not in log


def test_a_server_error_keeps_its_frames(db):
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x/",), None
    )
    try:
        raise ValueError(PHRASE)
    except ValueError as exc:
        record.exc_info = (ValueError, exc, exc.__traceback__)
    record.status_code = 500
    RedactingFilter().filter(record)
    assert "Traceback" in (record.exc_text or "") and PHRASE not in (record.exc_text or "")


def _access_line(tmp_path, *, uri: str, referer: str = "-", agent: str = "-", authorization: str = "") -> str:
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    logger = RedactingLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": uri,
        "PATH_INFO": uri.split("?")[0],
        "QUERY_STRING": uri.partition("?")[2],
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": agent,
    }
    if authorization:
        environ["HTTP_AUTHORIZATION"] = authorization
    request = SimpleNamespace(headers=[("REFERER", referer), ("USER-AGENT", agent)])
    response = SimpleNamespace(status="404 Not Found", sent=179, headers=[])
    logger.access(response, request, environ, timedelta(milliseconds=3))
    for handler in logger.access_log.handlers:
        handler.flush()
    return (tmp_path / "access.log").read_text()


@pytest.mark.parametrize(
    ("uri", "referer", "agent"),
    [
        (f"/privacy/{ENCODED}/", "-", "curl/8.5"),
        (f"/privacy/{PLUSSED}", "-", "curl/8.5"),
        (f"/privacy/?page={HEX_KEY}", "-", "curl/8.5"),
        (f"/privacy/{HEX_KEY}", "-", "curl/8.5"),
        ("/privacy/", f"https://wallet.example/restore?words={PLUSSED}&page={HEX_KEY}", "curl/8.5"),
        ("/privacy/", f"https://wallet.example/{ENCODED}", "curl/8.5"),
        ("/privacy/", "-", f"Mozilla/5.0 ({PHRASE})"),
        ("/privacy/", "-", f"Mozilla/5.0 key={HEX_KEY}"),
    ],
    ids=["encoded path", "plus path", "query", "hex path", "referer query", "referer path", "user agent", "agent key"],
)
def test_the_gunicorn_access_line_keeps_no_secret(tmp_path, uri, referer, agent):
    line = _access_line(tmp_path, uri=uri, referer=referer, agent=agent)
    assert line.startswith("203.0.113.9 - - [") and '" 404 179 "' in line and "[REDACTED:" in line, line
    _clean(line)


def test_an_ordinary_access_line_is_unchanged(tmp_path):
    line = _access_line(tmp_path, uri="/privacy/status/", referer="http://127.0.0.1:8000/privacy/", agent="curl/8.5")
    assert '"GET /privacy/status/ HTTP/1.1" 404 179 "http://127.0.0.1:8000/privacy/" "curl/8.5"' in line


def test_percent_decoding_maps_back_to_the_original():
    decoded, starts = url_decoded("a%E5%8A%A9b+c%zz")
    assert decoded == "a\u52a9b c%zz"
    assert starts[1:4] == [1, 10, 11] and starts[-1] == len("a%E5%8A%A9b+c%zz")
    assert secrets_redact(f"x {ENCODED} y") == "x [REDACTED:seed_phrase] y"
    assert redact(f"GET /{PLUSSED}?q=li.wei@example.com") == "GET /[REDACTED:seed_phrase]?q=[redacted]"
    assert secrets_redact("GET /privacy/status/ HTTP/1.1") == "GET /privacy/status/ HTTP/1.1"


@pytest.mark.parametrize("user", ["cst_Mx_lejSQNaPYJDJGfznzgR6OAMRJv3KaeD7ckRskp0U", "alice"])
def test_the_user_of_an_http_basic_header_is_not_logged(tmp_path, user: str) -> None:
    # Found by an attacker: a valid API token sent as the Basic user was written to the access line in clear.
    import base64

    header = "Basic " + base64.b64encode(f"{user}:".encode()).decode()
    line = _access_line(tmp_path, uri="/api/customers/", authorization=header)
    assert user not in line and "[redacted]" in line


def test_an_api_token_anywhere_in_a_line_is_replaced() -> None:
    from config.logfilters import redact

    assert redact("retry with cst_Mx_lejSQNaPYJDJGfznzgR6OAMRJv3KaeD7ckRskp0U now") == "retry with [token] now"


# An attacker's findings: phrases the detector missed (a filler every three words, random list words without a
# checksum) were written whole to the log from a 404's path, the access line and the user agent.
FILLED = "coach april noble um fine frown debris um left pioneer gift um modify detail expand"
UNCHECKED = "reform clutch typical um fade weather cupboard um void lumber fancy um retire rough hybrid"
CHINESE = "域 重 曼 回 伐 顺 电 呼 崇 案 段 零"


def _no_words(text: str, words: str) -> None:
    kept = [word for word in words.split() if word != "um" and f" {word} " in f" {text} "]
    assert len(kept) <= 2, (kept, text)


@pytest.mark.parametrize("words", [FILLED, UNCHECKED, CHINESE])
def test_a_stretch_of_wordlist_words_never_reaches_the_log_whatever_its_checksum(db, console, words):
    response = Client().get("/privacy/" + words.replace(" ", "%20") + "/")
    assert response.status_code == 404
    log = console.getvalue()
    assert "Not Found: /privacy/" in log and "[REDACTED:" in log, log
    _no_words(log.replace("%20", " "), words)


@pytest.mark.parametrize("words", [FILLED, UNCHECKED])
def test_the_access_line_keeps_no_stretch_of_wordlist_words(tmp_path, words):
    line = _access_line(tmp_path, uri="/api/" + words.replace(" ", "/") + "/", referer="-", agent=words)
    assert '" 404 179 "' in line and "[REDACTED:" in line, line
    _no_words(line.replace("/", " "), words)


@pytest.mark.parametrize(
    "text",
    [
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
        "/admin/supportrecords/ticket/?o=-3&p=2",
        "/privacy/status/",
        "python-requests/2.32.3",
        "deletion.privacy_tasks.privacy_request_email_task",
    ],
)
def test_ordinary_arguments_keep_their_words(text):
    assert wordlist_runs_redact(text) == text


def test_stretches_are_cut_at_two_other_words():
    assert wordlist_runs("about able media dignity genre") == []
    assert wordlist_runs("about able media and so dignity genre ivory net") == []
    assert wordlist_runs("x about able media um dignity genre ivory y") == [(2, 41)]


def test_utf8_read_as_latin1_and_base64url_runs_hide_no_phrase_from_the_log(tmp_path):
    """An attacker's second round: a Chinese phrase sent raw in a request line or header was logged as mojibake (its
    bytes read as Latin-1), which reads back exactly; a phrase in base64url in a 404's path was logged as it was."""
    import base64

    phrase = "际 际 朝 战 核 奋 闪 土 非 善 拆 残".replace(" ", "")
    mojibake = phrase.encode().decode("latin-1")
    line = _access_line(tmp_path, uri="/" + mojibake, referer="-", agent="Mozilla/5.0 " + mojibake)
    assert mojibake not in line and "[REDACTED:hidden]" in line, line
    words = "obvious fee snake obey catch fly east question wealth satoshi brand refuse"
    path = "/privacy/" + base64.urlsafe_b64encode(words.encode()).decode().rstrip("=") + "/"
    line = _access_line(tmp_path, uri=path, referer="-", agent="curl/8.5")
    assert "b2J2aW91cyBmZWUg" not in line and "[REDACTED:hidden]" in line, line
    # Ordinary Latin-1 text and harmless base64 are kept.
    ordinary = _access_line(tmp_path, uri="/privacy/status/", referer="-", agent="café/1.0 " + "aGVsbG8gd29ybGQh")
    ordinary = ordinary.strip().splitlines()[-1]
    assert "aGVsbG8gd29ybGQh" in ordinary and "[REDACTED" not in ordinary, ordinary


def test_a_message_with_the_raw_request_line_in_its_text_hides_no_phrase():
    phrase = "际际朝战核奋闪土非善拆残"
    record = logging.LogRecord(
        "gunicorn.error",
        logging.INFO,
        __file__,
        1,
        f"Invalid HTTP request line: 'GET /{phrase.encode().decode('latin-1')}'",
        (),
        None,
    )
    RedactingFilter().filter(record)
    assert phrase.encode().decode("latin-1") not in record.getMessage()
