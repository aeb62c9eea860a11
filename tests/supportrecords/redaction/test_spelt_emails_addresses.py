"""E-mail addresses spelt out ("john at example dot com", "john艾特example点com") and UK postal addresses:
personal data, masked (never redacted as secrets); generated from a seeded generator, and prose left alone."""

from __future__ import annotations

import random
import string

from supportrecords.redaction import detect, mask
from supportrecords.scanning import text_scan

_ATS = (" at ", " AT ", " (at) ", "(at)", "[at]", " [at] ", " [AT] ", "{at}", "艾特", " 艾特 ")
_DOTS = (" dot ", " DOT ", " (dot) ", "(dot)", "[dot]", " [dot] ", "点", "點")
_TLDS = ("com", "net", "org", "io", "cn", "co", "de")
_PROSE_EN = [
    "hi",
    "support",
    "please",
    "write",
    "to",
    "me",
    "at",
    "my",
    "personal",
    "address,",
    "the",
    "other",
    "one",
    "is",
    "closed",
    "thanks",
]
_PROSE_ZH = ["你好", "请", "发邮件", "到", "我的", "邮箱", "谢谢", "账户", "被", "冻结"]


def _name(rng: random.Random, size: int) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=size))


def _spelt(rng: random.Random) -> tuple[str, str]:
    local = _name(rng, rng.randrange(2, 10))
    if rng.random() < 0.3:
        local += rng.choice("._") + _name(rng, rng.randrange(2, 6))
    labels = [_name(rng, rng.randrange(3, 10)) for _ in range(rng.randrange(1, 3))]
    at = rng.choice(_ATS)
    # The word "at" goes with the word "dot"; 点 with 艾特 or a bracketed "at".
    dot = rng.choice([d for d in _DOTS if d.strip().lower() == "dot"] if at.strip().lower() == "at" else _DOTS)
    domain = dot.join([*labels, rng.choice(_TLDS)])
    return local + at + domain, f"{local}@{'.'.join([*labels])}"


def test_generated_spelt_emails_are_found_and_masked() -> None:
    rng = random.Random(8_8301)
    for _ in range(1500):
        written, plain = _spelt(rng)
        prose = _PROSE_ZH if rng.random() < 0.4 else _PROSE_EN
        joiner = "" if prose is _PROSE_ZH else " "
        text = joiner.join([*rng.choices(prose, k=rng.randrange(0, 6)), written, *rng.choices(prose, k=3)])
        start = text.index(written)
        emails = [f for f in detect(text) if f.kind == "email"]
        assert any(f.start <= start and f.end >= start + len(written) for f in emails), text
        found = next(f for f in emails if f.start <= start)
        assert mask("email", text[found.start : found.end]).startswith(plain[0] + "***@" + plain.split("@")[1])


def test_spelt_email_is_personal_data_not_a_secret() -> None:
    scanned = text_scan("please reply to john (at) example (dot) com")
    assert scanned.text == "please reply to john (at) example (dot) com"
    assert [f[0] for f in scanned.findings] == ["email"]
    assert not scanned.has_secret


def test_prose_with_at_and_dot_is_left_alone() -> None:
    texts = [
        "look at this dot product",
        "we met at example.com yesterday",
        "I logged in at binance.com and it failed",
        "the price is at 50 dot something",
        "at the moment the dot is red",
        "我在 at 的时候点了一下",
        "see you at noon dot",
    ]
    for text in texts:
        assert [f for f in detect(text) if f.kind == "email"] == [], text


_STREETS = ("Baker Street", "High St", "Station Road", "Kings Rd", "Church Lane", "Victoria Avenue", "Mill Close")
_TOWNS = ("London", "Manchester", "Leeds", "Bristol", "Milton Keynes", "Bath")
_POSTCODES = ("NW1 6XE", "SW1A 2AA", "EC1A 1BB", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "LS1 4AP")


def _postcode(rng: random.Random) -> str:
    area = rng.choice(("N", "E", "W", "M", "B", "L", "G", "S", "NW", "SE", "EC", "BS", "LS", "CR", "DN", "GU"))
    district = str(rng.randrange(1, 30))
    if len(area) == 1 and len(district) == 1 and rng.random() < 0.2:
        district += rng.choice("ABCDEHJKPSTUW")
    return f"{area}{district} {rng.randrange(10)}{''.join(rng.choices('ABDEFGHJLNPQRSTUWXYZ', k=2))}"


def test_generated_uk_addresses_are_found_and_masked() -> None:
    rng = random.Random(8_8302)
    for _ in range(800):
        postcode = _postcode(rng) if rng.random() < 0.7 else rng.choice(_POSTCODES)
        line = f"{rng.randrange(1, 400)}{rng.choice(('', 'B', 'a'))} {rng.choice(_STREETS)}, {rng.choice(_TOWNS)}"
        address = f"{line} {postcode}" if rng.random() < 0.8 else postcode
        text = " ".join([*rng.choices(_PROSE_EN, k=rng.randrange(0, 6)), address, *rng.choices(_PROSE_EN, k=2)])
        start = text.index(address)
        found = [f for f in detect(text) if f.kind == "address"]
        assert any(f.start <= start and f.end >= start + len(address) for f in found), text
        masked = mask("address", address)
        assert postcode.split()[1] not in masked and rng.choice(_STREETS) not in masked


def test_uk_address_is_masked_for_staff_and_kept_encrypted() -> None:
    scanned = text_scan("Send it to 221B Baker Street, London NW1 6XE please")
    assert scanned.text == "Send it to 221B Baker Street, London NW1 6XE please"
    assert [f[0] for f in scanned.findings] == ["address"]
    start, end = int(scanned.findings[0][1]), int(scanned.findings[0][2])
    assert scanned.text[start:end] == "221B Baker Street, London NW1 6XE"


def test_codes_that_look_like_postcodes_are_left_alone() -> None:
    texts = [
        "ref NW16XE",  # no space and no street line
        "BTC 5AB",
        "my order 2nd of May at 10am",
        "the v2 5th release",
        "error code E1 1CI",  # C and I never end a postcode
        "QA1 1AA",  # no area starts with Q
    ]
    for text in texts:
        assert [f for f in detect(text) if f.kind == "address"] == [], text
