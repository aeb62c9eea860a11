"""Personal data: e-mail (also spelt out, "john at example dot com"), phone, Chinese resident ID, bank card, IBAN,
passport number, UK postal address."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers

from .checksums import iban_mod97_valid, iso7064_mod11_2, luhn_valid
from .findings import ADDRESS, BANK_CARD, CN_ID, EMAIL, IBAN, PASSPORT, PHONE
from .shadow import Shadow
from .tables import column_header

Span = tuple[str, int, int, float]

# ASCII-only boundaries instead of \b, which never fires between Chinese text and digits ("手机13812345678").
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"

# Identifiers and amounts that merely look like cards or phones: the word just before the number says so.
_NOT_PERSONAL_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?:order|trade|ticket|invoice|ref|reference|uid|user|id|amount|total|balance|timestamp|build|"
    r"version|withdrawal|deposit|memo|tag|tx|txn|txid|tracking|parcel|shipment|waybill|(?<!in )case|request|trace|"
    r"receipt|claim|appeal|application|serial|statement|dispute|confirmation|batch|voucher|session|gift\s?card|"
    # Carriers' tracking numbers ("FedEx 9572 3694 7229"), a device's IMEI, remote-support session ids.
    r"fedex|ups|dhl|usps|tnt|courier|imei|anydesk|teamviewer|礼品卡|禮品卡|bill|发票|發票|"
    # An exchange's own records and messages ("Transaction No. 8157...", "Convert 4299...", "P2P 1372...", "error
    # 5667072").
    r"transactions?|transfer(?:red)?|convert(?:ed)?|conversion|swap(?:ped)?|p2p|payout|err(?:or)?|errno|fehler|"
    r"erreur|hata|"
    r"订单|单号|编号|工单|金额|余额|合计|数量|时间戳|流水|交易号|成交|提现|充值|提币|充币|快递|运单|申诉|案件|申请号|"
    r"划转|兑换|闪兑|错误|錯誤|报错|出金|入金|送金|エラー|오류|에러|"
    r"ордер|заказ|транзакци[яи]|перевод|вывод|депозит|işlem|sipariş|çekim|"
    r"注文番号|受付番号|管理番号|申請番号|取引番号|問い合わせ番号|주문번호|접수번호|거래번호|신청번호|"
    # Spanish, Portuguese, French and Italian ("ID de retiro 13720856922", "n° de commande 4111...").
    r"retiro|retirada|saque|dep[óo]sito|d[ée]p[ôo]t|retrait|prelievo|orden|pedido|commande|ordine|"
    r"transacci[óo]n|transa[çc][ãa]o|transazione|transferencia|transfer[êe]ncia|virement|referencia|"
    r"r[ée]f[ée]rence|riferimento|operaci[óo]n|opera[çc][ãa]o|ordem|"
    # German, Austrian and Swiss references ("Az. 089/33910590", "Rechnung 0160/9559249").
    r"az\.|aktenzeichen|rechnung(?:s(?:nummer|nr))?|kunden(?:nummer|nr)|bestell(?:ung|nummer|nr)|"
    r"auftrag(?:s(?:nummer|nr))?|vertrag(?:s(?:nummer|nr))?|referenz|vorgang(?:s(?:nummer|nr))?|"
    r"geschäftszeichen|zeichen|steuernummer|st\.-nr|beleg(?:nummer|nr)|fall|auszahlung|einzahlung|überweisung|"
    r"transaktion|"
    # Money: an amount grouped by dots or spaces reads as a phone ("charged 609.700.345", "Rp 150.000.000").
    r"charged|paid|cost|costs|price|fee|fees|payment|rp|r\$|us\$|hk\$|s\$|[$€£¥₽₹₩₫]|montant|importe|valor|"
    r"withdrew|withdrawn|deposited|received|bought|sold|lost|spent|"
    r"betrag|prix|precio|pre[çc]o|giá|số tiền)"
    # A key of an exchange's JSON in camelCase ends in its "Id" or "No" ({"ordId":"6406...", "billId", "clOrdId",
    # "tradeNo", "blockNumber"; not "mobileNo" or "cardNo"); snake_case ("order_id") is the word "id" above.
    r"|(?<!phone)(?<!mobile)(?<!tel)(?<!cell)(?<!contact)(?<!whatsapp)(?<!card)(?<!account)(?<!passport)"
    r"(?-i:(?<=[a-z0-9])(?:Id|ID|Oid|No|Num|Nr|Number)))"
    r"(?:[^0-9A-Za-z]{0,3}(?:number|no|num|nr|nummer|id|is|was|code|of|for)|[^0-9A-Za-z]{0,3}(?:是|为|號|号))*"
    # An id may carry a short prefix of letters and a dash ("Ticket T-17494646", "order SO-4111...").
    r"[^0-9A-Za-z]{0,6}(?:[A-Za-z]{1,4}-)?$",
    re.IGNORECASE,
)
# A code that answers a question about a passport, yet is labelled as something else ("the code was 275341A").
# A date or an account's number beside a passport's word ("passport expiry date 20300514", "date of birth is
# 07031990", "账号48213377") is no passport number either.
_NOT_PASSPORT_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?:code|pin|otp|birth|dob|born|expiry|expires|expiration|issued|date|account|uid|fee|fees|"
    r"cost|costs|price|paid)|验证码|账号|賬號|帳號|账户|賬戶|帳戶|用户|會員|会员|出生|生日|有效期|日期|签发|費用|费用)"
    r"[^0-9A-Za-z]{0,3}(?:(?:is|was|on|at|until|till|of|date|number|no)(?![A-Za-z])[^0-9A-Za-z]{0,3})?"
    r"[^0-9A-Za-z]{0,6}$",
    re.I,
)
_UNIT_AFTER = re.compile(
    r"\s*(?:sats?|satoshis?|usdt|usdc|btc|eth|usd|eur|cny|rmb|idr|jpy|krw|%|元|块|聪|个|美元|欧元|日元|印尼盾|币|"
    r"(?:vnd|xof|xaf|ngn|inr|php|thb|myr|brl|try|gbp|chf|aud|cad|hkd|sgd|twd|rub|uah|kzt|ars|cop|mxn|pln|"
    r"dong|đồng|rupiah|naira|reais|lira)(?![A-Za-z])|[€$£¥₽₹₩₫đ]|"
    # Other coins in capitals, as exchanges write them ("Cancelled: 66417152 SHIB returned to spot").
    r"(?-i:(?:SHIB|SOL|BNB|TRX|XRP|DOGE|ADA|MATIC|POL|OP|ARB|TON|SUI|APT|LTC|XLM|AVAX|DOT|LINK|PEPE|FDUSD|TUSD|"
    r"BUSD|DAI|INJ|ATOM|NEAR|FIL|ETC|BCH|UNI|WLD|TIA|SEI)(?![A-Za-z])))",
    re.IGNORECASE,
)


def _spans(
    text: str, shadow: Shadow | None, pattern: re.Pattern[str], translated: re.Pattern[bytes]
) -> Iterator[tuple[int, int]]:
    """The spans of pattern.finditer(text), found with its class-for-class translation on the shadow when the
    text's digits are all ASCII (where \\d and the shadow's "0" agree)."""
    if shadow is not None and shadow.ascii_digits:
        return (m.span() for m in translated.finditer(shadow.classes))
    return (m.span() for m in pattern.finditer(text))


# --- e-mail -------------------------------------------------------------------------------------------------

# Found from each "@" outwards, so the cost follows the number of "@" signs rather than the text length.
_EMAIL_LOCAL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}\Z")
_EMAIL_DOMAIN = re.compile(r"(?:[A-Za-z0-9-]{1,63}\.){1,8}(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{2,59})(?![A-Za-z0-9-])")


# The "@" of an address, typed twice by a slip ("taoliu717@@gmail.com") or percent-encoded in a pasted link
# ("reset?email=o.taylor7%40foxmail.com").
_AT_MARK = re.compile(r"@@?|%(?:25)?40")


def find_emails(text: str) -> list[Span]:
    """E-mail addresses."""
    out: list[Span] = []
    for mark in _AT_MARK.finditer(text):
        at, after = mark.span()
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(text, after) or _PROVIDER_LOOSE.match(text, after)
        if domain is None and local and _EMAIL_LABEL.search(text, max(0, local.start() - 30), local.start()):
            domain = _DOMAIN_LOOSE.match(text, after)  # "mail: x@btinternet. com", "邮箱是a@mail. example.org"
        if local and domain and not local.group().startswith(".") and not local.group().endswith("."):
            if local.group() == "git" and text.startswith(":", domain.end()):
                continue  # "git@github.com:acme/wallet.git": a repository's SSH address
            out.append((EMAIL, local.start(), domain.end(), 0.95))
    return out


# E-mail addresses spelt out so that a harvester misses them: "john at example dot com", "john (at) example (dot)
# com", "john[at]example[dot]com", "john艾特example点com"; or written loosely: "john @ example.com", "john at
# gmail.com", "john@qq。com", "john#gmail.com". Found from each spelt-out "at" outwards, like find_emails.
_AT_BRACKETED = r"[ \t]*[\[({<][ \t]*(?:[aA][tT]|@|[äÄ][tT])[ \t]*[\])}>][ \t]*"  # "(at)", "[@]", German "(ät)"
# "at", and the sign's name in French, Spanish, Italian and German ("arobase", "arroba", "chiocciola", "ät").
_AT_WORD = (
    r"[ \t]+(?:[aA][tT]|[aA]robase|[aA]rroba|[cC]hiocciola|[äÄ][tT]|[сС]обак[аи]|[сС]обачка)[ \t]+"  # Russian "dog"
)
_AT_DASHED = r"[ \t]*-[aA][tT]-[ \t]*|[ \t]*_[aA][tT]_[ \t]*"  # "john-at-gmail.com", "john_at_gmail_dot_com"
_AT_ZH = r"[ \t]*(?:艾特|爱特)[ \t]*|(?<=[A-Za-z0-9])在(?=[A-Za-z0-9])"  # "john.smith在gmail.com"
_AT_SIGN = r"[ \t]*@[ \t]*|#"  # "@" with spaces or before a spelt dot; "#" right before a mail provider's domain
_DOT_SPELT = (
    r"[ \t]*[\[({<][ \t]*(?:[dD][oO][tT]|[pP]unkt|[pP]oint|[pP]unto|[pP]onto)[ \t]*[\])}>][ \t]*"
    r"|[ \t]+[dD][oO][tT][ \t]+|[ \t]*[点點。][ \t]*"
    r"|[ \t]*-[dD][oO][tT]-[ \t]*|[ \t]*_[dD][oO][tT]_[ \t]*"
    r"|[ \t]*[\[({<][ \t]*\.[ \t]*[\])}>][ \t]*|[ \t]+\.[ \t]+"  # "[.]", " . "
    r"|[ \t]+(?:point|punto|punkt|ponto|[тТ]очка)[ \t]+"  # French, Spanish and Italian, German, Portuguese, Russian
)
_SPELT_AT = re.compile(f"{_AT_BRACKETED}|{_AT_WORD}|{_AT_DASHED}|{_AT_ZH}|{_AT_SIGN}")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_SPELT_DOMAIN = re.compile(rf"(?:{_LABEL}(?P<dot>{_DOT_SPELT}|\.)){{1,4}}(?P<tld>[A-Za-z]{{2,24}})(?![A-Za-z0-9])")
_SPELT_DOT = re.compile(_DOT_SPELT)
# A piece of a local part and the spelt-out "." "_" or "-" that joins it to the rest, right before the rest.
_SPELT_LOCAL_PIECE = re.compile(
    rf"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{{1,64}}(?:{_DOT_SPELT}|[ \t]+(?i:underscore|dash|hyphen)[ \t]+)\Z"
)
# Written with words only ("at", "dot"), an address needs a top-level domain that mail uses: "look at this dot
# product" is prose.
_MAIL_TLDS = frozenset(
    [
        "com",
        "net",
        "org",
        "edu",
        "gov",
        "io",
        "co",
        "uk",
        "cn",
        "hk",
        "tw",
        "sg",
        "jp",
        "kr",
        "de",
        "fr",
        "it",
        "es",
        "nl",
        "ru",
        "au",
        "ca",
        "in",
        "us",
        "me",
        "info",
        "biz",
        "xyz",
        "app",
        "dev",
        "ai",
        "ch",
        "se",
        "no",
        "dk",
        "fi",
        "pl",
        "pt",
        "br",
        "mx",
        "tr",
        "ae",
        "my",
        "th",
        "vn",
        "ph",
        "id",
        "nz",
        "ie",
        "be",
        "at",
    ]
)
# The mail providers people give their address at: "#" stands for "@" only before one of these ("li#qq.com").
_MAIL_PROVIDERS = frozenset(
    [
        "gmail", "googlemail", "qq", "foxmail", "163", "126", "yeah", "sina", "sohu", "aliyun", "139", "189",
        "outlook", "hotmail", "live", "msn", "yahoo", "ymail", "icloud", "proton", "protonmail", "pm", "aol", "gmx",
        "yandex", "naver", "daum", "hanmail", "zoho", "mail",
    ]
)  # fmt: skip
# Words before "at" that make it prose, not a local part: "we met at example.com", "look at google.com".
_PROSE_BEFORE_AT = frozenset(
    [
        "i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "her", "them",
        "is", "am", "are", "was", "were", "be", "been", "look", "looking", "looked", "met", "meet",
        "work", "works", "worked", "working", "stay", "staying", "live", "lives", "lived", "arrive", "arrived",
        "login", "logged", "log", "sign", "signed", "registered", "buy", "bought", "shop", "shopping", "order",
        "ordered", "found", "find", "check", "checked", "see", "seen", "hosted", "available", "here", "there", "now",
        "back", "home", "office", "job", "this", "that", "and", "or", "but", "not", "only", "also", "just", "email",
        "mail", "address", "account", "site", "in", "into", "on", "via", "from",
    ]
)  # fmt: skip
# Words that say an address follows or came before: an "at" with a real dot needs one, or a user-like address.
_EMAIL_WORDS = "mail|邮箱|郵箱|邮件|郵件|contact"
_EMAIL_CONTEXT = re.compile(_EMAIL_WORDS, re.IGNORECASE)

# After "@", a mail provider's name with its dot mistyped or spelt ("@gmail,com", "@gmail. com", "@gmail .com",
# "@gmail dot com", "@qq点com") or left out ("my email is john.smith@gmail"): the address all the same.
# After a word that says an e-mail address follows, any domain, its dots spaced or mistyped.
_EMAIL_LABEL = re.compile(f"{_EMAIL_WORDS}|correo|courriel|メール|메일|почта", re.IGNORECASE)
# (A domain's end at least: "info@presidio." is no address, as Presidio's test cases say; a provider's name
# without one is, _PROVIDER_LOOSE.)
_DOMAIN_LOOSE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{1,62}(?:[ \t]?[.,。][ \t]?[A-Za-z]{2,24}){1,3}(?![A-Za-z0-9-])")
# The providers of _MAIL_PROVIDERS named in letters ("pm" and "mail" alone are words of prose) and a few European
# ones; the numbered Chinese ones ("163") only with their domain's end.
_LETTER_PROVIDERS = (_MAIL_PROVIDERS - {"pm", "mail"} | {"web", "orange", "free", "wanadoo", "libero", "t-online"}) - {
    name for name in _MAIL_PROVIDERS if name.isdigit()
}
_PROVIDER_NAMES = "(?i:" + "|".join(sorted(map(re.escape, _LETTER_PROVIDERS), key=lambda n: (-len(n), n))) + ")"
_NUMBERED_PROVIDERS = "|".join(sorted(name for name in _MAIL_PROVIDERS if name.isdigit()))
_PROVIDER_LOOSE = re.compile(
    rf"(?:{_PROVIDER_NAMES}|{_NUMBERED_PROVIDERS})"
    r"(?:[ \t]?[.,。，][ \t]?|[ \t]+(?i:dot)[ \t]+|[ \t]*[(\[](?i:dot)[)\]][ \t]*|[ \t]?点[ \t]?)"
    r"(?i:com|net|org|cn|de|fr|jp|kr|ru|it|es|co\.uk|com\.cn|com\.br|ch|at|nl|me|io)(?![A-Za-z0-9])"
    # Any domain with a comma for its dot before a common ending ("li.wei@btinternet,com").
    r"|[A-Za-z0-9][A-Za-z0-9-]{1,62},(?i:com|net|org|cn|de|fr|co\.uk|com\.cn|org\.uk)(?![A-Za-z0-9])"
    # Without its domain's end only after a provider's name in letters ("price@163" is a price).
    rf"|{_PROVIDER_NAMES}(?![A-Za-z0-9.\-])"
)


# Hints a text may hold one: the words "at" and "dot" (or "at" and a "."), a bracketed "at", 艾特.
_WORD_AT_HINTS = (" at ", " AT ", " At ")
_DOT_WORDS = ("dot", "DOT", "Dot")
_OTHER_AT_HINTS = (
    "at]",
    "at)",
    "AT]",
    "AT)",
    "at}",
    "at>",
    "AT}",
    "AT>",
    "艾特",
    "爱特",
    "ät)",
    "Ät)",
    " ät ",
    " Ät ",
) + ("arobase", "Arobase", "arroba", "Arroba", "chiocciola", "обак", "обачк", "在")
_DOT_WORDS_OTHER = (" point ", " punto ", " punkt ", " ponto ", "очка")
_DOT_WORD_HINTS = (b" point ", b" punto ", b" punkt ", b" ponto ")  # _DOT_SPELT's words, lower-cased
_DASHED_AT_HINTS = ("-at-", "_at_", "-AT-", "_AT_", "-At-", "_At_")
# The word "at" before a domain with a real dot, on the lower-cased ASCII shadow.
_AT_DOMAIN_HINT = re.compile(rb" at [a-z0-9-]{1,63}\.[a-z]")
# "#" before a provider's name, on the lower-cased ASCII shadow (a non-ASCII dot, 点 or 。, is "?" there).
_HASH_PROVIDER_HINT = re.compile(rb"#(?:" + b"|".join(sorted(p.encode() for p in _MAIL_PROVIDERS)) + rb")[.?]")


# ASCII letters lower-cased, closing brackets as ")": one translation, then a find or two, tell whether a text
# may hold a spelt-out "at" (a bracketed one, or the word beside the word "dot" or a ".").
_SPELT_HINT_TABLE = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ]}>", b"abcdefghijklmnopqrstuvwxyz)))")


def spelt_email_possible(text: str, ascii_text: bytes) -> bool:
    """Whether text (ascii_text: its ASCII shadow, Shadow.ascii) has the hints of a spelt-out e-mail. The word
    "at" goes with the word "dot" or a "."; 点 or 。 is a dot only after 艾特, "@" or a bracketed "at"; "@" goes
    with a space beside it; "#" with a mail provider after it."""
    hints = ascii_text.translate(_SPELT_HINT_TABLE)
    if b"at)" in hints or b"@)" in hints or b"-at-" in hints or b"_at_" in hints:
        return True
    if b" at " in hints and (
        b"dot" in hints or _AT_DOMAIN_HINT.search(hints) is not None or any(w in hints for w in _DOT_WORD_HINTS)
    ):
        return True
    sign = b"@" in hints
    if sign and (b" @" in hints or b"@ " in hints):
        return True
    if b"#" in hints and _HASH_PROVIDER_HINT.search(hints) is not None:
        return True
    if sign and b"dot" in hints:
        return True  # "x@hotmail dot co dot uk"
    if b"arobase" in hints or b"arroba" in hints or b"chiocciola" in hints:
        return True
    if text.isascii():
        return False
    if "艾特" in text or "爱特" in text or "ät" in text or "Ät" in text or "обак" in text or "обачк" in text:
        return True
    if "在" in text and _AT_ZAI.search(text):
        return True  # "john.smith在gmail.com": 在 for "at", typed by a Chinese input method
    dot = "。" in text or "点" in text or "點" in text
    return (sign or b" at " in hints) and dot


def _spelt_ats(text: str) -> list[re.Match[str]]:
    """The spelt-out "at"s of text, found from their hints (a pattern run over the whole text would test a
    class at every character)."""
    ats: dict[tuple[int, int], re.Match[str]] = {}
    hints = list(_OTHER_AT_HINTS + _DASHED_AT_HINTS)
    if "." in text or any(hint in text for hint in _DOT_WORDS + _DOT_WORDS_OTHER) or "点" in text or "點" in text:
        hints += _WORD_AT_HINTS
    hints += [sign for sign in "@#" if sign in text]
    for hint in hints:
        pos = text.find(hint)
        while pos != -1:
            at = _SPELT_AT.search(text, max(0, pos - 8), pos + len(hint) + 8)
            while at is not None and at.end() <= pos:
                at = _SPELT_AT.search(text, at.end(), pos + len(hint) + 8)
            if at is not None and at.start() <= pos + len(hint):
                ats[at.span()] = at
            pos = text.find(hint, pos + len(hint))
    return list(ats.values())


_AT_WORDS_LIKE_AT = frozenset({"собака", "собаки", "собачка", "在"})
_AT_ZAI = re.compile("[A-Za-z0-9]在[A-Za-z0-9]")


def _spelt_address_plausible(text: str, at: re.Match[str], local: str, domain: re.Match[str]) -> bool:
    """Whether a local part, a spelt or loose "at" and a domain make an address rather than prose."""
    sign = at.group().strip().strip("-_").lower()  # "-at-" is the word "at" with dashes for spaces
    if sign in _AT_WORDS_LIKE_AT:
        sign = "at"  # a word of prose too ("моя собака" is my dog): read as "at" is
    spelt_dot = _SPELT_DOT.search(domain.group()) is not None
    mail_tld = domain.group("tld").lower() in _MAIL_TLDS
    provider = re.split(r"[^A-Za-z0-9-]", domain.group(), maxsplit=1)[0].lower() in _MAIL_PROVIDERS
    if sign == "@":
        # "john@example.com" is find_emails' own; spaced out, or with 点 or 。, it needs a mail TLD.
        return mail_tld and (spelt_dot or at.group() != "@") and local.lower() not in _PROSE_BEFORE_AT
    if sign == "#":
        return provider and mail_tld
    if sign != "at":
        return True  # a bracketed "at" or 艾特: nobody writes prose that way
    if not mail_tld:
        return False
    if spelt_dot:
        return True  # "john at example dot com"
    # "at" and a real dot are how prose is written ("we met at example.com"): the address needs a user-like
    # local part, a mail provider or a word about e-mail before it, and is no possessive or path.
    if local.lower() in _PROSE_BEFORE_AT or text.startswith(("'", "\u2019", "/"), domain.end()):
        return False
    user_like = not local.isalpha()
    context = _EMAIL_CONTEXT.search(text, max(0, at.start() - len(local) - 40), at.start()) is not None
    return user_like or provider or context


def find_spelt_emails(text: str) -> list[Span]:
    """E-mail addresses with "@" and "." spelt out ("john at example dot com", "john[at]example[dot]com") or
    written loosely ("john @ example.com", "john at gmail.com", "john@qq。com", "john#gmail.com")."""
    out: list[Span] = []
    for at in _spelt_ats(text):
        domain = _SPELT_DOMAIN.match(text, at.end())
        if not domain:
            continue
        local = _EMAIL_LOCAL.search(text, max(0, at.start() - 64), at.start())
        if not local or local.group().startswith(".") or local.group().endswith("."):
            continue
        if not _spelt_address_plausible(text, at, local.group(), domain):
            continue
        start = local.start()
        for _ in range(3):  # "wei dot smith at ...", "li underscore wei at ...": the local part spelt out too
            before = _SPELT_LOCAL_PIECE.search(text, max(0, start - 80), start)
            if before is None:
                break
            start = before.start()
        out.append((EMAIL, start, domain.end(), 0.85))
    return out


def email_spelt_out(value: str) -> str:
    """An e-mail address as written ("john (at) example (dot) com", "john@qq。com"), with "@" and "." back in
    place."""
    value = value.replace("%2540", "@").replace("%40", "@").replace("@@", "@")  # _AT_MARK's other forms
    at = _SPELT_AT.search(value)
    if at is None:
        return value
    domain = _SPELT_DOT.sub(".", value[at.end() :])
    return value[: at.start()] + "@" + domain


# --- UK postal address --------------------------------------------------------------------------------------

# A postcode: the outward code (area letters that exist: no Q, V, X first, no I, J, Z second; the district),
# a space, the inward code (a digit and two letters, never C, I, K, M, O, V). Upper case, as the Royal Mail
# writes it; without the space only after an address line.
_UK_POSTCODE = re.compile(
    r"(?<![0-9A-Za-z])([A-PR-UWYZ](?:[A-HK-Y][0-9][0-9A-Z]?|[0-9][0-9A-HJKPSTUW]?))( ?)"
    r"([0-9][ABD-HJLNP-UW-Z]{2})(?![0-9A-Za-z])"
)
_STREET_TYPES = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Court|Ct|Place|Pl|Square|Sq|Crescent|Cres|Terrace|"
    "Way|Gardens|Grove|Hill|Park|Row|Mews|Walk|Parade|Green|Rise|View|Wharf|Yard|Gate|Embankment|Broadway|"
    "Vale|Mount|Hollow|Chase|Croft|Meadow|Meadows|Fields|Drove|Passage|Quay|Circus|End|Bank|Side|Villas|Cottages"
)
# The address line before a postcode: "221B Baker Street, London ", "Flat 3, 10 Downing St, Westminster, ",
# "12-14 High Street, Oxford ", "3/12 kings road, london ", "Apartment 5, Riverside House, 12 Kings Road, London ",
# "12 Grey Street, Newcastle upon Tyne ". Any case: a customer types "12 kings road".
_UK_ADDRESS_LINE = re.compile(
    r"(?:(?:Flat|Apartment|Apt|Unit|Suite)\.? ?[0-9A-Za-z]{1,5},? )?"
    r"(?:[A-Za-z][A-Za-z'\-]* (?:House|Court|Building|Lodge|Mansions|Tower|Apartments),? )?"
    r"[0-9]{1,4}[A-Za-z]?(?:[\-/][0-9]{1,4}[A-Za-z]?)?,? "
    rf"(?:[A-Za-z][A-Za-z'\-]* ){{0,4}}(?:{_STREET_TYPES})\.?"
    r"(?:,? [A-Za-z][A-Za-z'\-]*){0,4},? $",
    re.IGNORECASE,
)
# The same line a line or two above the postcode, with at most a town between ("221B Baker Street,\nLondon\nNW1
# 6XE"), as an address is written on an envelope.
_UK_ADDRESS_LINES_ABOVE = re.compile(
    _UK_ADDRESS_LINE.pattern.removesuffix(",? $") + r",?[ \t]*(?:\r?\n[ \t]*(?:[A-Z][A-Za-z'\-]*,?[ \t]*){0,3}){1,2}$",
    re.IGNORECASE,
)
# Before a postcode as the Royal Mail writes it, a street of any name ("2 Nicole Haven, Hickston, ", "Studio 5,
# Heather Mission, Bernardfort, "): a number or a flat first, capitalised words, a comma, the town.
_UK_ADDRESS_LINE_NAMED = re.compile(
    r"(?:(?:(?:Flat|Apartment|Apt|Unit|Suite|Studio|Room)\.? ?[0-9A-Za-z]{1,5},? )(?:[0-9]{1,4}[A-Za-z]? )?"
    r"|[0-9]{1,4}[A-Za-z]?,? )"
    r"(?:[A-Z][a-z'\-]+ ){0,3}[A-Z][a-z'\-]+,(?: [A-Z][A-Za-z'\-]+){1,3},? $"
)
# A postcode in lower or mixed case ("sw1a 2aa") is one after its label or an address line.
_UK_POSTCODE_ANY_CASE = re.compile(_UK_POSTCODE.pattern, re.IGNORECASE)
_POSTCODE_LABEL = re.compile(r"post ?code|postal code|zip(?: ?code)?|邮编|郵遞區號", re.IGNORECASE)
_ADDRESS_REACH = 120


# Where a postcode may end, on Shadow.classes: a digit and two letters ending a token (the inward code); the engine
# skips to the digit at memchr speed, where the postcode pattern would test a class at every letter.
_UK_INWARD_SHADOW = re.compile(rb"0aa(?![0a])")


def _uk_postcodes(text: str, shadow: Shadow | None) -> Iterator[re.Match[str]]:
    """_UK_POSTCODE_ANY_CASE.finditer(text), tried only where the shadow shows an inward code."""
    if shadow is None or not shadow.ascii_digits:
        yield from _UK_POSTCODE_ANY_CASE.finditer(text)
        return
    for inward in _UK_INWARD_SHADOW.finditer(shadow.classes):
        # The outward code is 2 to 4 characters and a space before the inward code's digit.
        m = _UK_POSTCODE_ANY_CASE.search(text, max(0, inward.start() - 5), inward.end())
        if m is not None and m.end() == inward.end():
            yield m


def _uk_address_line(text: str, end: int, *, written: bool = False) -> int | None:
    """Where the street line of a postcode at `end` starts: on the postcode's line or a line or two above (written:
    the postcode is as the Royal Mail writes it, and a street of any name may come before it)."""
    line_start = max(text.rfind("\n", 0, end) + 1, end - _ADDRESS_REACH)
    line = _UK_ADDRESS_LINE.search(text, line_start, end)
    if line is None and written:
        line = _UK_ADDRESS_LINE_NAMED.search(text, line_start, end)
    if line is not None:
        return line.start()
    if "\n" not in text[max(0, end - _ADDRESS_REACH) : end]:
        return None
    above = max(0, end - _ADDRESS_REACH)
    line = _UK_ADDRESS_LINES_ABOVE.search(text, above, end)
    return line.start() if line is not None else None


def find_uk_addresses(text: str, shadow: Shadow | None = None) -> list[Span]:
    """UK postcodes ("NW1 6XE"), with the street line before them when there is one ("221B Baker Street,
    London NW1 6XE", or on the line above)."""
    out: list[Span] = []
    if shadow is not None and shadow.ascii_digits and b"0aa" not in shadow.classes:
        return out  # no inward code ("6XE"): most texts, at memchr speed
    for m in _uk_postcodes(text, shadow):
        line_start = _uk_address_line(text, m.start(), written=_UK_POSTCODE.fullmatch(m.group()) is not None)
        if line_start is None and not m.group(2):
            continue  # "NW16XE" alone is a code of some sort; after a street line it is a postcode
        if (
            line_start is None
            and not _UK_POSTCODE.fullmatch(m.group())
            and not _POSTCODE_LABEL.search(text, max(0, m.start() - 24), m.start())
        ):
            continue  # "sw1a 2aa" alone, or "b2 2nd", is no postcode the way an address writes one
        start = line_start if line_start is not None else m.start()
        out.append((ADDRESS, start, m.end(), 0.9 if line_start is not None else 0.8))
    return out


# A US address: a street line, a city, the state's two letters and the ZIP code ("1600 Amphitheatre Pkwy, Mountain
# View, CA 94043", "350 5th Ave Apt 12B\nNew York, NY 10118"). Found from the state and ZIP code backwards.
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|"
    "OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_US_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|District of Columbia|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
    "Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|"
    "North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|"
    "Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Puerto Rico"
)
# The state, abbreviated or in full and in any case ("CA", "ca", "California"), then the ZIP code (ZIP+4 too): an
# address only after a street line or a PO box (_US_ADDRESS_BEFORE), which keeps "or 80244" and "in 46201" out.
_US_STATE_ZIP = re.compile(
    rf"(?<![A-Za-z])(?:{_US_STATES}|{_US_STATE_NAMES})\.?[ \t]+\d{{5}}(?:-\d{{4}})?(?![0-9])", re.IGNORECASE
)
_US_STATE_REACH = 22  # characters of the state before the ZIP code at most ("District of Columbia ")
# Five digits after a space or a tab (the shadow's "~"), on Shadow.classes: where a ZIP code may stand.
_US_STATE_ZIP_SHADOW = re.compile(rb"00000(?<=[ ~]00000)")
_US_STREET_TYPES = (
    "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Parkway|Pkwy|Way|Court|Ct|Place|Pl|Terrace|Ter|"
    "Circle|Cir|Highway|Hwy|Square|Sq|Trail|Trl|Broadway|Loop|Row|Alley|Aly|Plaza|Plz|Pike|Path|Walk|Crossing|Xing|"
    "Heights|Hts|Ridge|Point|Pt|Center|Ctr|Turnpike|Tpke|Expressway|Expy|Freeway|Fwy"
)
_US_DIRECTION = r"(?:[NS][EW]|[NSEW])\.?"  # "1600 Pennsylvania Ave NW", "200 N Main St"
_US_ADDRESS_BEFORE = re.compile(
    rf"(?:(?<![0-9A-Za-z])\d{{1,6}}[A-Za-z]?[ \t]+(?:{_US_DIRECTION}[ \t]+)?"
    rf"(?:[A-Za-z0-9][A-Za-z0-9'.\-]*[ \t]+){{0,4}}"
    rf"(?:{_US_STREET_TYPES})\.?(?:[ \t]+{_US_DIRECTION}(?![A-Za-z]))?"
    rf"(?:,?[ \t]+(?:Apt|Apartment|Suite|Ste|Unit|#)\.?[ \t]*#?[A-Za-z0-9\-]{{1,6}})?"
    r"|(?<![0-9A-Za-z])(?:P\.?[ \t]?O\.?[ \t]?Box|Post Office Box)[ \t]+\d{1,6})"
    r",?\s+(?:[A-Z][A-Za-z.'\-]*[ \t]+){0,3}[A-Z][A-Za-z.'\-]*,?[ \t]+\Z",
    re.IGNORECASE,
)
_US_REACH = 140


def find_us_addresses(text: str, shadow: Shadow | None = None) -> list[Span]:
    """US street addresses, with their city, state and ZIP code."""
    out: list[Span] = []
    if shadow is not None:
        # Five digits after a space, found at memchr speed; the state before them read in the text.
        hits = (
            _US_STATE_ZIP.search(text, max(0, z.start() - _US_STATE_REACH), z.end() + 5)
            for z in _US_STATE_ZIP_SHADOW.finditer(shadow.classes)
        )
        matches = [m for m in hits if m is not None]
    else:
        matches = list(_US_STATE_ZIP.finditer(text))
    for m in matches:
        line = _US_ADDRESS_BEFORE.search(text, max(0, m.start() - _US_REACH), m.start())
        if line is not None:
            out.append((ADDRESS, line.start(), m.end(), 0.9))
    return out


# Australian and Canadian addresses: the street line and city as in the US (_US_ADDRESS_BEFORE), then the state and
# its four-digit postcode ("165 Collins St, Melbourne VIC 3000"), or the province and its postal code ("467 King St
# W, Toronto, ON M2N 5C9").
_AU_STATE_HINTS = (" NSW", " VIC", " QLD", " SA ", " WA ", " TAS", " NT ", " ACT")  # each state before its postcode
_AU_STATE_POSTCODE = re.compile(r"(?<![A-Za-z])(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)[ \t]+\d{4}(?![0-9])")
_CA_PROVINCE_POSTCODE = re.compile(
    r"(?<![A-Za-z])(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)[ \t]+[A-Z]\d[A-Z][ \t]?\d[A-Z]\d(?![0-9A-Za-z])"
)
# German and French addresses end in a five-digit postcode and the town ("Musterweg 41, 50968 Köln", "Schillerstr.
# 61\n69117 Heidelberg", "40 rue Victor Hugo, 69003 Lyon"); the street before it says which: a German street's
# word ends its name and its number follows, a French one's type comes first, after the number.
_TOWN = (
    r"(?:[A-ZÄÖÜÉÈŁŚŻ][a-zäöüßéèêàçáíóúñìòùëąćęłńśźż'\-]+|[A-ZÄÖÜÉÈ]{2,}[A-ZÄÖÜÉÈ'\-]*)"
    r"(?:[ \t-](?:am|an der|im|ob der|sur|en|de|del|di|aan den|Cedex|CEDEX"
    r"|[A-ZÄÖÜÉÈŁŚŻ][a-zäöüßéèêàçáíóúñìòùëąćęłńśźż'\-]+|[A-ZÄÖÜÉÈ]{2,})){0,3}"
)
_EU_POSTCODE_TOWN = rf",?[ \t]*\n?[ \t]*(?:D-|F-)?\d{{5}}[ \t]+{_TOWN}"
_DE_STREET = (
    r"(?:(?:[A-ZÄÖÜ][a-zäöüß]+(?:[ \-][A-ZÄÖÜ][a-zäöüß]+)*)?"
    r"(?:[Ss]tra(?:ß|ss)e|[Ss]tr\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|markt)"
    r"|(?:[A-ZÄÖÜ][a-zäöüß]+(?:er|sche)?[ \t](?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm))"
    r"|(?:Am|An der|An den|Auf der|Auf dem|Im|In der|Zum|Zur|Unter den)[ \t][A-ZÄÖÜ][a-zäöüß]+)"
)
_DE_ADDRESS = re.compile(rf"(?<![A-Za-zÄÖÜäöüß]){_DE_STREET}[ \t]+\d{{1,4}}[ \t]?[a-zA-Z]?{_EU_POSTCODE_TOWN}")
_FR_ADDRESS = re.compile(
    r"(?:(?<![0-9A-Za-z])BP[ \t]\d{1,5}|(?<![0-9A-Za-z])\d{1,4}(?:[ \t]?(?:bis|ter))?,?[ \t]+"
    r"(?i:rue|avenue|av\.|boulevard|bd|place|chemin|allée|allee|impasse|quai|cours|route|passage|square)"
    rf"[ \t]+[^\n,]{{2,40}}?){_EU_POSTCODE_TOWN}"
)
# Spanish and Italian addresses: the street's type first, its name, its number, then the five-digit postcode and the
# town ("Calle Mayor 10, 28013 Madrid", "Via Roma 12, 00184 Roma").
_ES_IT_ADDRESS = re.compile(
    r"(?<![A-Za-z])(?:Calle|C/|Avenida|Avda\.?|Plaza|Pza\.?|Paseo|Carrera|Camino|Ronda|Travesía|Rambla|Via|Viale|Piazza"
    r"|P\.zza|Corso|C\.so|Largo|Vicolo|Strada|Piazzale|Lungomare|Lungotevere)[ \t]+[^\n,0-9]{2,40}?,?[ \t]+"
    rf"(?:n[º°o]\.?[ \t]*)?\d{{1,4}}[A-Za-z]?(?:[ \t]*[,/][ \t]*[0-9A-Za-zºª°. ]{{1,12}}?)?{_EU_POSTCODE_TOWN}"
)
# Dutch addresses: the street (often one word, "Damrak"), its number, the postcode of four digits and two letters,
# the town ("Damrak 1, 1012 LG Amsterdam"); Polish ones: "ul." or "al.", the street, its number, the postcode
# 00-000 and the town ("ul. Marszałkowska 10, 00-590 Warszawa").
_NL_ADDRESS = re.compile(
    r"(?<![A-Za-z])[A-Z][a-zëé'\-]+(?:[ \t][A-Za-z][a-zëé'\-]+){0,3}[ \t]+\d{1,4}[ \t]?[a-zA-Z]?(?:-\d{1,3})?,?\s+"
    rf"\d{{4}}[ \t]?[A-Z]{{2}}[ \t]+{_TOWN}"
)
_NL_SHADOW = re.compile(rb"(?<!0)0000[ ~]?aa(?!a)")
_PL_ADDRESS = re.compile(
    r"(?<![A-Za-z])(?:ul|al|pl|os)\.[ \t]*[^\n,0-9]{2,40}?[ \t]+\d{1,4}[A-Za-z]?(?:/\d{1,4})?,?\s+"
    rf"\d{{2}}-\d{{3}}[ \t]+{_TOWN}"
)
_EU_REACH = 80  # characters of the street before the postcode at most
_POSTCODE_SHADOW = re.compile(rb"(?<![0a])0{4,5}(?![0a])")


def find_other_addresses(text: str, shadow: Shadow | None = None) -> list[Span]:
    """German, French, Spanish, Italian, Dutch, Polish, Australian and Canadian street addresses, found from their
    postcodes."""
    out: list[Span] = []
    classes = (shadow or Shadow.of(text)).classes
    last = 0
    five = b"00000" in classes
    states = any(state in text for state in _AU_STATE_HINTS)
    for z in _POSTCODE_SHADOW.finditer(classes) if five or states else ():
        if z.start() < last:
            continue
        lo, hi = max(last, z.start() - _EU_REACH), min(len(text), z.end() + 40)
        found = None
        if z.end() - z.start() == 5:
            for pattern in (_DE_ADDRESS, _FR_ADDRESS, _ES_IT_ADDRESS):
                m = pattern.search(text, lo, hi)
                while m is not None and m.end() <= z.start():
                    m = pattern.search(text, m.end(), hi)
                if m is not None and m.start() < z.start() < m.end():
                    found = (m.start(), m.end())
                    break
        else:
            anchor = _AU_STATE_POSTCODE.search(text, max(0, z.start() - 5), z.end())
            if anchor is not None:
                line = _US_ADDRESS_BEFORE.search(text, max(last, anchor.start() - _US_REACH), anchor.start())
                found = (line.start(), anchor.end()) if line is not None else None
        if found is not None:
            out.append((ADDRESS, *found, 0.85))
            last = found[1]
    for gate, pattern in ((_NL_SHADOW.search(classes) is not None, _NL_ADDRESS), (b"00-000" in classes, _PL_ADDRESS)):
        if gate:
            out += [(ADDRESS, m.start(), m.end(), 0.85) for m in pattern.finditer(text, last)]
    if b"a0a 0a0" in classes or b"a0a0a0" in classes:  # a Canadian postal code's letters and digits
        for anchor in _CA_PROVINCE_POSTCODE.finditer(text, last):
            line = _US_ADDRESS_BEFORE.search(text, max(last, anchor.start() - _US_REACH), anchor.start())
            if line is not None:
                out.append((ADDRESS, line.start(), anchor.end(), 0.85))
    return out


# A Chinese address: province, city, district (each may be left out), a road and its number, then the building,
# unit and room ("上海市浦东新区世纪大道100号3栋1201室", "北京市朝阳区建国路88号"). A road called 道 alone only after a
# city or district ("通道1号" is a channel).
_HANZI = "\u4e00-\u9fff"
_CN_UNIT = r"[0-9０-９A-Za-z一二三四五六七八九十\-]{1,6}(?:栋|幢|座|号楼|號樓|号院|號院|楼|樓|单元|單元|层|層|室|号|號)"
_CN_REGION = (
    rf"(?P<region>(?:[{_HANZI}]{{2,7}}?(?:省|自治区)[ \t]?)?(?:[{_HANZI}]{{2,7}}?市[ \t]?)?"
    rf"(?:[{_HANZI}]{{1,7}}?(?:区|县|旗|镇|乡)[ \t]?))?"
)
# After the units, a room's number without its 室 ("2单元1007").
_CN_ROOM = r"(?:(?<=[栋幢座楼樓元层層号號])[ \t]{0,2}[0-9０-９]{3,5}(?![0-9０-９年月日元块個个%]))?"
_CN_SECTION = "(?:[东西南北中一二三四五六七八九十]{1,2}段)?"  # a road's section ("天府大道北段")
_CN_NUMBER = "[0-9０-９一二三四五六七八九十百零]{1,6}[ \t]?[号號]"
_CN_ESTATE_WORDS = "小区|小區|社区|社區|花园|花園|公寓|大厦|大廈|家园|家園|新村|苑|城|园|園|府|庭|湾|灣"
_CN_ADDRESS = re.compile(
    rf"{_CN_REGION}"
    rf"[{_HANZI}0-9]{{1,10}}?(?P<road>大道|大街|路|街|道|巷|弄|胡同|村[0-9一二三四五六七八九十]{{1,3}}[组組])"
    rf"{_CN_SECTION}[ \t]{{0,2}}{_CN_NUMBER}院?"
    # An estate's or a building's name between the road's number and its buildings ("647号万科城1号楼").
    rf"(?:[ \t]{{0,2}}[{_HANZI}A-Za-z]{{2,10}}?(?=[0-9A-Za-z一二三四五六七八九十]{{1,6}}(?:栋|幢|座|号楼|號樓|室)))?"
    rf"(?:[ \t]{{0,2}}{_CN_UNIT})*{_CN_ROOM}"
)
_CN_ROAD_NUMBER = re.compile(
    f"(?:路|街|道|巷|弄|胡同|村[0-9一二三四五六七八九十]{{1,3}}[组組]){_CN_SECTION}[ \t]{{0,2}}{_CN_NUMBER}"
)
# An estate with no road ("南山区金地小区25栋6单元2006室"): its name, then a building and a unit or room at least.
_CN_ESTATE = re.compile(f"(?:{_CN_ESTATE_WORDS})[ \t]?[0-9一二三四五六七八九十]{{1,4}}(?:栋|幢|座|号楼|號樓)")
_CN_ESTATE_ADDRESS = re.compile(
    rf"{_CN_REGION}[{_HANZI}]{{1,10}}?(?:{_CN_ESTATE_WORDS})(?:[ \t]?{_CN_UNIT}){{2,}}{_CN_ROOM}"
)
_CN_SAID_BEFORE = re.compile(r"(?:(?:地址|住址|地點|地点)[^。！？!?\n]{0,12}|(?:寄|送|住|在|是|到|往|：|:)[ \t]*)\Z")
_CN_ADDRESS_BEFORE = 40  # province, city, district and road name before the road's number, at most
_CN_ADDRESS_AFTER = 40  # building, unit and room after it
# Words of the sentence that may open the match: the address starts after the last of them ("我住在", "寄到").
_CN_ADDRESS_LEAD = re.compile(".*(?:在|是|址|到|寄|往|于|於|住|：|:|改成|换成|換成|改为|改為)")


def find_cn_addresses(text: str) -> list[Span]:
    """Chinese street addresses (a road and its number at least)."""
    out: list[Span] = []
    if "号" not in text and "號" not in text and "栋" not in text and "幢" not in text and "座" not in text:
        return out
    # Each road number first (a search that skips ahead), then the address around it.
    last = 0
    for road in _CN_ROAD_NUMBER.finditer(text):
        if road.start() < last:
            continue
        m = _CN_ADDRESS.search(text, max(last, road.start() - _CN_ADDRESS_BEFORE), road.end() + _CN_ADDRESS_AFTER)
        if m is None or m.end() < road.end():
            continue
        last = m.end()
        if m.group("road") == "道" and not m.group("region"):
            continue
        start = m.start()
        lead = _CN_ADDRESS_LEAD.match(text, start, m.start("road"))
        if lead is not None:
            start = lead.end()
        said = lead is not None or _CN_SAID_BEFORE.search(text, max(0, start - 20), start) is not None
        if not m.group("region") and not said and m.end() == road.end() and text.strip() != m.group():
            # A road and its number alone inside a sentence ("步行街3号店买的卡", "备用线路2号节点连不上"): a shop,
            # a server, a line, unless the text says an address comes, or it goes on to a building or a room.
            continue
        if m.end() - start >= 5:
            out.append((ADDRESS, start, m.end(), 0.85))
    for estate in _CN_ESTATE.finditer(text):
        if estate.start() < last:
            continue
        m = _CN_ESTATE_ADDRESS.search(
            text, max(last, estate.start() - _CN_ADDRESS_BEFORE), estate.end() + _CN_ADDRESS_AFTER
        )
        if m is None or m.end() < estate.end():
            continue
        last = m.end()
        start = m.start()
        lead = _CN_ADDRESS_LEAD.match(text, start, estate.start())
        if lead is not None:
            start = lead.end()
        out.append((ADDRESS, start, m.end(), 0.85))
    if "座" in text or "栋" in text or "幢" in text:
        taken = [(start, end) for _, start, end, _ in out]
        for m in _CN_CITY_STREET_BUILDING.finditer(text):
            if not any(start < m.end() and m.start() < end for start, end in taken):
                out.append((ADDRESS, m.start(), m.end(), 0.85))
    return out


# A city, a street and a building with no road number ("重庆市汕尾市梁平梧州街A座 913327"), a postcode after it.
_CN_CITY_STREET_BUILDING = re.compile(
    rf"(?:[{_HANZI}]{{2,7}}?(?:省|自治区))?(?:[{_HANZI}]{{2,7}}?市){{1,2}}[{_HANZI}]{{0,8}}?(?:街|路|道|巷|胡同)"
    rf"[ \t]?[0-9A-Za-z０-９一二三四五六七八九十]{{1,4}}(?:座|栋|幢)(?:[ \t]?[0-9]{{6}}(?![0-9]))?"
)


# --- phone --------------------------------------------------------------------------------------------------

PHONE_REGIONS = (
    "CN",
    "US",
    "GB",
    "DE",
    "TR",
    "FR",
    "JP",
    "IL",
    "IN",
    "HK",
    "SG",
    "BR",
    "KR",
    "RU",
    "IT",
    "ES",
    "AU",
    "CA",
    "NL",
    "TW",
    "MY",
    "TH",
    "VN",
    "PH",
    "ID",
)
# Patterns start with a plain character class (a lookbehind goes second) so the engine skips ahead fast.
_PHONE_CANDIDATE = re.compile(r"[+(0-9](?<![0-9A-Za-z+\-./#_].)[0-9 ().\-]{4,24}[0-9](?![0-9A-Za-z])")
# The same, class for class, on Shadow.classes (digits "0", letters "a").
_PHONE_CANDIDATE_SHADOW = re.compile(rb"[+(0](?<![0a+\-./#_].)[0 ().\-]{4,24}0(?![0a])")
_PHONE_SHAPE = re.compile(r"(?:\+ ?)?\(?\d[\d ().\-]*\d")
# Latin letters, for the boundaries of the words below (accented ones too: "ş", "é").
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
# The words that say a number is a phone. In Latin scripts each is a word, not a piece of one: "cancelled" holds
# "cell" and "Stellar" "tel" ("Cancelled: 66417152 SHIB", "Stellar 89,567; Aptos 2512.5605"); "phone" and
# "telefon" also end a word ("cellphone", "smartphone", "Mobiltelefon"), and the longer words may go on
# ("phonenumber", "Telefonnummer", "numaram", "contacted"). "call" is a phone word with a person after it ("call
# me", "call us back") or right before the number ("call 07911 127116", "give me a call on ..."): "when I call
# POST /api/v3/order at 1688099937823" and "an API call at ..." are programs talking. A "mobile app" is no phone.
_PHONE_CONTEXT = re.compile(
    rf"phone|telefon|(?<![{_LATIN}])(?:tel(?:egram|p|f)?(?![{_LATIN}])|cell(?:ular)?(?![{_LATIN}])|"
    rf"mobile(?!\s+(?:app|application|version|site|web|browser|wallet|device)s?(?![{_LATIN}]))|"
    rf"(?<!api )(?<!rpc )call(?:ed|ing|s)?"
    rf"(?:\s+(?:me|us|him|her|them|back)(?![{_LATIN}])|(?:\s+(?:on|at|to))?[^0-9{_LATIN}]{{0,3}}$)|"
    rf"whats\s?app|sms(?![{_LATIN}])|contact|numara|cep(?![{_LATIN}])|(?:reach|text|ring)\s+me(?![{_LATIN}])|"
    rf"(?<![{_LATIN}])(?:call|text)\s*(?:/|&|\bor\b)\s*(?:text|call|whats\s?app|sms|signal|telegram)(?![{_LATIN}])|"
    # A signature's one-letter label at a line's start ("M: 8060 3680", "T: 2023991523"), the number right after it.
    r"(?:(?<=\n)|(?<![\s\S]))[ \t]*[mtc][ \t]*[:：][ \t]*$|"
    rf"(?:my|your|his|her|our)\s+(?:new\s+|old\s+)?number|"
    rf"(?:callback|call-back|gsm|mob(?:il)?|tlf|m[óo]vil|handy|celular|t[ée]l[ée]phone|iletişim|irtibat|"
    rf"t[ée]l[ée]fono|tel[ée]fone|cellulare|telem[óo]vel|t[ée]l|portable|ph|(?:no\.?\s?)?hp|wa|s[đd]t|"
    rf"đi[êệ]n\s+tho[aạ]i|dien\s+thoai)"
    rf"(?![{_LATIN}]))|"
    r"电话|電話|手机|手機|联系|致电|拨打|号码|携帯|電話番号|연락처|전화|휴대폰|телефон|тел\.|моб\.|мобильн",
    re.IGNORECASE,
)
_CARD_CONTEXT = re.compile(r"card|卡", re.IGNORECASE)
# Dates ("2024-05-12", "12.05.2024") and version numbers ("7.3.0") are digits with separators too.
_DATE_LIKE = re.compile(r"\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{4}|(?<!\d)\d\.\d{1,2}\.\d")
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")
# The cents of an amount and its currency right after the number ("973 213 388,84 €").
_AMOUNT_AFTER = re.compile(r"[,.]\d{2}(?!\d)[ \t]?(?:[€$£¥₽₹₩]|(?i:eur|usd|gbp|chf|rub|brl)(?![A-Za-z]))")
# The number named after it as something else ("8951682020 is the transaction id", "... was my order number").
_NOT_PERSONAL_AFTER = re.compile(
    r"[ \t]+(?:is|was)[ \t]+(?:the|my|our|your)[ \t]+(?:\w+[ \t]+)?"
    r"(?:transaction|order|ticket|tx|txid|withdrawal|deposit|tracking|invoice|reference|uid|user|account|case)"
    r"(?![A-Za-z])",
    re.IGNORECASE,
)
_CN_MOBILE_WITH_CODE = re.compile(r"861[3-9]\d{9}")  # "8613812345678": the country code typed without its "+"
_DIGIT_GROUP = re.compile(r"\d+")
# An IPv4 address ("login from 170.13.119.26"): four numbers of 0 to 255, the first without a leading zero
# ("020.123.45.67" is how some countries write a phone number), unless a telling word says it is a phone.
_IPV4 = re.compile(r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d?)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}")
# Two numbers with a spaced dash between them are a range ("trading 28212 - 31591", "6.2024 - 9.2024", "559.02 -
# 0.993522"), not a phone number with its groups.
_RANGE = re.compile(r"\(?\d[\d.,]*\)?\s+-\s+\(?\d[\d.,]*\)?")
# A time in milliseconds since 1970, as APIs log it ("... /api/v3/order at 1688099937823", 2001 to 2033): no
# national number is written with 13 digits and no trunk prefix.
_EPOCH_MILLIS = re.compile(r"1\d{12}")
# A compact date and time ("截图时间 20230601 2035"): yyyymmdd, then hhmm or hhmmss.
_DATE_TIME_COMPACT = re.compile(
    r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ \-]?(?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d)?"
)
# Without a telling word, a national number grouped by spaces alone has at most this many digits: the longer
# ones valid somewhere are German and Austrian extensions, and a row of amounts ("bought at 58515 20549 25353")
# reads as one of them. (Argentina's "011 15-2345-1014" has 13 digits, and a dash.)
_PLAIN_NATIONAL_DIGITS = 12
# A label glued to the number by its abbreviating dot ("Tel.07911 127116", "tel.+44 ...", "Mob.0791 ..."), where a
# dot before digits is otherwise a decimal point, a version or a path: on Shadow.classes a letter, the dot and
# the start of a number; the label itself is read in the text.
_PHONE_GLUED_SHADOW = re.compile(rb"a\.[+(0]")
_PHONE_GLUED_LABEL = re.compile(
    r"(?<![A-Za-z])(?:t[eé]l(?:[eé]phone|efon)?|phone|ph|mob|mobile?|cell|fax|handy|tlf|telf)(?: ?no)?\.\Z",
    re.IGNORECASE,
)
# The number after such a label: _PHONE_CANDIDATE_SHADOW without its look-behind.
_PHONE_AFTER_LABEL_SHADOW = re.compile(rb"[+(0][0 ().\-]{4,24}0(?![0a])")
# A label and "#" glued to the number ("Phone #07700 900123", "tel#+44 ..."), where "#" before digits is
# otherwise an order, a ticket or a list's number.
_PHONE_HASH_SHADOW = re.compile(rb"#[+(0]")
_PHONE_HASH_LABEL = re.compile(
    r"(?<![A-Za-z])(?:phone|tel|telephone|mobile|mob|cell|contact|callback|fax|whats ?app)\.? ?"
    r"(?:no\.? ?|number ?)?\Z",
    re.IGNORECASE,
)
# A national number with a slash after the area code, as written in Germany, Austria and Switzerland ("0151/
# 24214675", "089/1234 5678"); read in the customer's own region only, where it must be a valid number.
_PHONE_SLASHED_SHADOW = re.compile(rb"0(?<![0a+\-./#_].)0{2,5}(?:/| / )0[0 \-]{3,12}0(?![0a/.])")
_PHONE_SLASHED_SHAPE = re.compile(r"0\d{2,5}(?:/| / )\d[\d \-]*\d")
# References are written so too ("Az. 089/33910590", "Rechnung 0160/9559249"): the slash form is a phone where the
# text says so before it, in English or German, or where it is the whole message.
_PHONE_CONTEXT_GERMAN = re.compile(
    r"handy|mobil|natel|rufnummer|festnetz|durchwahl|erreichbar|anrufen|rückruf|"
    r"(?<![a-zäöüß])(?:meine|ihre|unsere|deine)\s+(?:neue\s+|alte\s+)?(?:telefon|handy|mobil)?nummer|"
    r"(?<![a-zäöüß])ruf(?:e|en|t)?\s+(?:sie\s+|du\s+)?(?:mich|uns)\s+(?:bitte\s+)?an",
    re.IGNORECASE,
)
# A trunk prefix kept in brackets after the country code ("0049 (0)151 ...", "+44 (0)20 ..."): not dialled.
_PHONE_TRUNK_IN_BRACKETS = re.compile(r"^(?:\+|00)\d{1,3} ?\(0\)")


# phonenumbers parses in pure Python (about 0.1 ms per region tried) and a customer repeats their number from
# message to message: remember the answer per distinct string (a phone number, never a secret) for the process.
@lru_cache(maxsize=8192)
def _valid_phone(candidate: str, *, regions: tuple[str, ...], home: str | None = None) -> bool:
    """Whether candidate is a phone number: valid in one of the regions, or, written internationally with a
    country code that exists, of a possible length there (a range not allocated yet, "+44 7700 900123", is
    still phone-shaped personal data); or of a possible length in the customer's own region (home)."""
    international = candidate.startswith(("+", "00"))
    if candidate.startswith("00"):
        candidate = "+" + candidate[2:]
    for region in (None,) if international else regions:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
        if international:
            known_country = phonenumbers.region_code_for_country_code(number.country_code or 0) != "ZZ"
            return known_country and phonenumbers.is_possible_number(number)
    if home is not None and not international:
        try:
            number = phonenumbers.parse(candidate, home)
        except phonenumbers.NumberParseException:
            return False
        return phonenumbers.is_possible_number(number) and len(str(number.national_number)) >= 7
    return False


# phonenumbers parses in pure Python (about 0.1 ms per region tried), so a text made of thousands of different
# phone-shaped strings could take seconds: each call validates at most this many distinct strings.
MAX_PHONE_VALIDATIONS = 200


@lru_cache(maxsize=4096)
def _home_compact(candidate: str, home: str) -> bool:
    """Whether a bare digit string is a valid number of the customer's region as its people type it: with the
    trunk prefix ("0501790415" in the Emirates, "01215151182" in Britain), or with the country code but no "+"
    ("447841485253", "4915542706316"). Ids and amounts have neither, or a word before them that says what they are
    (_NOT_PERSONAL_BEFORE)."""
    code = str(phonenumbers.country_code_for_region(home))
    if candidate.startswith("0") and not candidate.startswith("00") and 9 <= len(candidate) <= 12:
        text, region = candidate, home
    elif candidate.startswith(code) and 10 <= len(candidate) <= 14 and candidate[len(code)] != "0":
        text, region = "+" + candidate, None
    else:
        return False
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) and phonenumbers.region_code_for_number(number) == home


def _home_dotted(candidate: str, home: str | None, start: int, text: str) -> bool:
    """Whether a national number with one dot in it ("07400.124580") is a valid number of the customer's
    region, after a telling word or with the trunk prefix: without either, it is an amount ("8123.2491")."""
    if home is None or not (candidate.startswith("0") or _PHONE_CONTEXT.search(text, max(0, start - 30), start)):
        return False
    try:
        number = phonenumbers.parse(candidate, home)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


def _home_slashed(candidate: str, home: str | None) -> bool:
    """Whether a national number with a slash after its area code ("0151/24214675") is a valid number of the
    customer's region."""
    if home is None or not _PHONE_SLASHED_SHAPE.fullmatch(candidate):
        return False
    try:
        number = phonenumbers.parse(candidate, home)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


def _slashed_said(text: str, start: int, candidate: str) -> bool:
    """Whether the text says the slashed number candidate, at start, is a phone: a word before it ("Handy",
    "Tel.", "rufen Sie mich an"), or nothing else in the message. (Requiring a mobile prefix instead, 015x, 0664,
    079 ..., lets through the references that happen to have one: "Police 0176/7226553".)"""
    if text.strip() == candidate:
        return True
    window = max(0, start - 30)
    return bool(_PHONE_CONTEXT.search(text, window, start) or _PHONE_CONTEXT_GERMAN.search(text, window, start))


def _phone_candidates(text: str, classes: bytes) -> list[tuple[int, int, bool]]:
    """The phone-shaped spans of text as (start, end, labelled), in order of start: _PHONE_CANDIDATE's, those
    glued to a label by its dot (labelled), and national numbers with a slash after the area code."""
    found = [(m.start(), m.end(), False) for m in _PHONE_CANDIDATE_SHADOW.finditer(classes)]
    extra = False
    if b"a." in classes:
        for glued in _PHONE_GLUED_SHADOW.finditer(classes):
            at = glued.start() + 2
            number = _PHONE_AFTER_LABEL_SHADOW.match(classes, at)
            if number is not None and _PHONE_GLUED_LABEL.search(text, max(0, at - 12), at):
                found.append((at, number.end(), True))
                extra = True
    if b"#" in classes:
        for glued in _PHONE_HASH_SHADOW.finditer(classes):
            at = glued.start() + 1
            number = _PHONE_AFTER_LABEL_SHADOW.match(classes, at)
            if number is not None and _PHONE_HASH_LABEL.search(text, max(0, at - 20), at - 1):
                found.append((at, number.end(), True))
                extra = True
    if b"0/0" in classes or b"0 / 0" in classes:
        for m in _PHONE_SLASHED_SHADOW.finditer(classes):
            found.append((m.start(), m.end(), False))
            extra = True
    if b"  " in classes:
        found = [piece for span in found for piece in _apart_at_wide_gaps(classes, *span)]
    return sorted(found) if extra else found


# The minutes or seconds of a time ("23:05", "01:25:26.123") that a number after it has run into.
_TIME_FIELD = re.compile(r"\d\d(?:\.\d{1,6})?[ \-]+(?=\d)")
# Two spaces or more between numbers are the columns of a table ("2023-09-01 01:25:26  1609256038  MATIC/USDT"),
# not the groups of one phone number.
_PHONE_PIECE_SHADOW = re.compile(rb"[^ ]+(?: [^ ]+)*")
# A country code alone before such a gap: "+65", "(+852)".
_COUNTRY_CODE_SHADOW = re.compile(rb"\(?\+0{1,3}\)?")


def _apart_at_wide_gaps(classes: bytes, start: int, end: int, labelled: bool) -> list[tuple[int, int, bool]]:
    """The span start:end of a phone candidate cut where two spaces or more stand between its numbers."""
    if b"  " not in classes[start:end]:
        return [(start, end, labelled)]
    pieces = [(m.start(), m.end()) for m in _PHONE_PIECE_SHADOW.finditer(classes, start, end)]
    if len(pieces) > 1 and _COUNTRY_CODE_SHADOW.fullmatch(classes, *pieces[0]):
        pieces[:2] = [(pieces[0][0], pieces[1][1])]  # "+65  8666 1234": a country code and its number
    return [(s, e, labelled and s == start) for s, e in pieces]


class _PhoneValidator:
    """_valid_phone with a per-text memo and budget."""

    def __init__(self, home: str | None = None) -> None:
        self.seen: dict[tuple[str, tuple[str, ...]], bool] = {}
        self.home = home

    def __call__(self, candidate: str, *, regions: tuple[str, ...]) -> bool:
        key = (candidate, regions)
        if key not in self.seen:
            if len(self.seen) >= MAX_PHONE_VALIDATIONS:
                return False
            self.seen[key] = _valid_phone(candidate, regions=regions, home=self.home)
        return self.seen[key]


_PHONE_ANSWER_CHARS = 120  # an answer to "what's your number?" is short: a long message tells its numbers apart
# An agent's question for a phone number (the turn before the answer).
_PHONE_QUESTION = re.compile(
    r"phone|telefon|t[ée]l[ée]fono|t[ée]l[ée]phone|mobile|(?<![A-Za-z])cell|callback|call-back|call you back|"
    r"contact number|(?<![A-Za-z])number to reach|reach you|whats ?app|rufnummer|handynummer|portable|celular|"
    r"cellulare|电话|手机|電話|手機|联系方式|聯繫方式|联系号码|携帯|電話番号|전화|휴대폰|연락처|телефон|"
    r"номер для связи|"
    # The number the codes go to, and how the agent would reach the customer ("Could you confirm the number the
    # SMS codes are sent to?", "What number should we call you on?", "Where can we ring you back?").
    r"(?<![A-Za-z])sms(?![A-Za-z])|(?:call|ring|text|hold of)\s+you(?![A-Za-z])|短信|回电|回電",
    re.IGNORECASE,
)


# An agent's question for an id of the exchange's: a user's, an order's, a ticket's, a withdrawal's or deposit's, a
# transaction's or a tracking number.
_IDENTIFIER_QUESTION = re.compile(
    r"(?<![A-Za-z])(?:uid|user[ \t]?id|account[ \t]?id|member[ \t]?id|(?:order|ticket|case|withdrawal|deposit|"
    r"transaction|transfer|payment|reference|tracking|invoice)[ \t]+(?:id|no\.?|number|#))(?![A-Za-z])"
    r"|txid|tx[ \t]?id|订单号|訂單號|工单号|工單號|用户id|用戶id|提现id|提幣id|提币id|充值id|交易id|交易号|交易號|"
    r"流水号|单号|編號|编号",
    re.IGNORECASE,
)


def identifier_asked_in(text: str) -> bool:
    """Whether an earlier turn (its end) asks for or names an id of the exchange's (UID, order, ticket, TxID ...)."""
    return _IDENTIFIER_QUESTION.search(text) is not None


def phone_asked_in(text: str) -> bool:
    """Whether an earlier turn (its end) asks for or names a phone number."""
    return _PHONE_QUESTION.search(text) is not None


def regions_for(home: str | None) -> tuple[str, ...]:
    """The regions a national number is tried in: the customer's own first."""
    if home is None or home not in phonenumbers.SUPPORTED_REGIONS:
        return PHONE_REGIONS
    return (home, *(r for r in PHONE_REGIONS if r != home))


def find_phones(
    text: str,
    *,
    taken: list[tuple[int, int]],
    shadow: Shadow | None = None,
    home: str | None = None,
    asked: bool = False,
    identifier_asked: bool = False,
) -> list[Span]:
    """Phone numbers, validated with `phonenumbers` against a list of likely regions (home, the customer's
    region, first: a national number is read as the customer would write it). asked: the conversation just asked
    for a phone number, so a short answer's number is one as if labelled ("sure, 11961233508"); identifier_asked:
    it just asked for an id of the exchange's (and not for a phone), so a bare number without a telling word is
    that id ("17879170841" after "What's the withdrawal ID?")."""
    out: list[Span] = []
    answer = asked and len(text) <= _PHONE_ANSWER_CHARS
    classes = (shadow or Shadow.of(text)).classes
    home = home if home in phonenumbers.SUPPORTED_REGIONS else None
    valid = _PhoneValidator(home)
    regions = regions_for(home)
    # Overlap test in O(log n): taken spans sorted by start, with the running maximum of their ends.
    spans = sorted(taken)
    starts = [s for s, _ in spans]
    max_ends = list(itertools.accumulate((e for _, e in spans), max))
    labelled_found = False
    slashed_end = 0
    for start, end, labelled in _phone_candidates(text, classes):
        if start >= 2 and text[start - 1] == ":" and text[start - 2].isdigit():
            seconds = _TIME_FIELD.match(text, start, end)  # "01:25:26 1609256038": the time's seconds, an id
            if seconds is None:
                continue
            start = seconds.end()
        digits = classes.count(b"0", start, end)  # the candidate is ASCII: its digits are the shadow's "0"
        if digits < 7:
            continue
        before_end = bisect.bisect_left(starts, end)
        if before_end and max_ends[before_end - 1] > start:
            continue  # digits inside an IBAN-shaped or card-shaped string
        candidate = text[start:end]
        if start < slashed_end:
            continue  # "24214675" of "0151 / 24214675"
        if "/" in candidate:
            before = text[max(0, start - 24) : start]
            if (
                not _NOT_PERSONAL_BEFORE.search(before)
                and not _UNIT_AFTER.match(text, end)
                and not _CARD_CONTEXT.search(before[-12:])
                and _slashed_said(text, start, candidate)
                and _home_slashed(candidate, home)
            ):
                out.append((PHONE, start, end, 0.9))
                slashed_end = end
            continue
        if not _PHONE_SHAPE.fullmatch(candidate):
            continue
        international = candidate.startswith(("+", "00"))
        if international and _PHONE_TRUNK_IN_BRACKETS.match(candidate):
            digits -= 1  # "0049 (0)151 27685023" dials 13 digits, not 14
        if digits > 15 or _DATE_TIME_COMPACT.fullmatch(candidate) or _EPOCH_MILLIS.fullmatch(candidate):
            continue
        if _IPV4.fullmatch(candidate) and not _PHONE_CONTEXT.search(text, max(0, start - 30), start):
            continue  # an IP address; after "my phone is", a number written in pairs ("40.61.59.29", Norway)
        # A date never starts with "+": "+81-90-1234-5678" is validated as a phone, where "81-90-1234" alone
        # would read as a date. A single dot is a decimal point unless the customer's region says otherwise.
        if not international and (_DATE_LIKE.search(candidate) or _RANGE.fullmatch(candidate)):
            continue
        if not international and candidate.count(".") == 1 and not _home_dotted(candidate, home, start, text):
            continue
        groups = _DIGIT_GROUP.findall(candidate)
        if len(groups) > 7 or max(map(len, groups)) < 2:
            continue  # "1 2 3 4 5 6 7" or "12 34 56 78 90 12 34 56" is a list of numbers, not a phone number
        before = text[max(0, start - 24) : start]
        if _NOT_PERSONAL_BEFORE.search(before) or _UNIT_AFTER.match(text, end) or _id_column(text, start, end):
            continue
        if _AMOUNT_AFTER.match(text, end) or _NOT_PERSONAL_AFTER.match(text, end):
            continue  # "973 213 388,84 €" is an amount; "8951682020 is the transaction id" says what it is
        if _CARD_CONTEXT.search(before[-12:]):
            continue
        context = labelled or answer or _PHONE_CONTEXT.search(text, max(0, start - 30), start) is not None
        formatted = candidate.startswith(("+", "00", "(")) or not candidate.isdigit()
        if international:
            ok = valid(candidate.replace(" ", ""), regions=regions)
        elif context:
            ok = valid(candidate, regions=regions)
        elif formatted:
            # Without a telling word, only well-formed numbers of ordinary length; the last groups alone
            # are tried too when written apart from the first ("SD 20241 440-600-5124": a postcode before the
            # number), not in a row of numbers all spaced alike ("58515 20549 25353").
            spaced_only = candidate.replace(" ", "").isdigit()
            ok = (
                digits >= 9
                and (digits <= _PLAIN_NATIONAL_DIGITS or not spaced_only)
                and valid(candidate, regions=regions)
            )
            if not ok and " " in candidate:
                tail = candidate.split(" ", 1)[1].strip()
                if tail and " " not in tail and not tail.isdigit() and sum(map(str.isdigit, tail)) >= 9:
                    ok = valid(tail, regions=regions)
                    start = end - len(tail) if ok else start
        elif identifier_asked:
            ok = False  # a bare number answering "What's your UID?" is the UID
        elif _CN_MOBILE.fullmatch(candidate):
            ok = valid(candidate, regions=("CN",))
        elif _CN_MOBILE_WITH_CODE.fullmatch(candidate) or (home is not None and _home_compact(candidate, home)):
            ok = True
        else:
            # A bare digit string is an id or an amount unless it is the whole message.
            ok = 10 <= digits <= 11 and text.strip() == candidate and valid(candidate, regions=regions)
        if ok:
            out.append((PHONE, start, end, 0.9 if context or formatted else 0.7))
            labelled_found = labelled_found or labelled
    if "wa.me/" in text or "t.me/+" in text or "phone=" in text or "number=" in text:
        out += _phone_links(text, taken=spans)
    if labelled_found:
        # "tel.+44 7911 127116": the number after the label is the whole of it, not its last groups alone.
        out = [
            span
            for span in out
            if not any(o[1] <= span[1] and span[2] <= o[2] and o[2] - o[1] > span[2] - span[1] for o in out)
        ]
    return out


# A chat link to a phone number ("https://wa.me/447911123456", "api.whatsapp.com/send?phone=5511966865715"): the
# number in international form without its "+".
_PHONE_LINK = re.compile(
    r"(?:wa\.me/|t\.me/\+|[?&](?:phone|number)=|viber://\w+\?number=)(?:\+|%2[bB])?([1-9]\d{6,14})(?![0-9A-Za-z])"
)


def _phone_links(text: str, *, taken: list[tuple[int, int]]) -> list[Span]:
    found = []
    for m in _PHONE_LINK.finditer(text):
        start, end = m.span(1)
        if not any(s < end and start < e for s, e in taken) and _valid_phone("+" + m.group(1), regions=()):
            found.append((PHONE, start, end, 0.9))
    return found


# --- Chinese resident ID ------------------------------------------------------------------------------------

# Compact, or grouped 6-8-4 or 6-4-4-4 with spaces or dashes ("510107 1991 0406 027X", "510107-19910406-027X"),
# or in fours like a card, 4-4-4-4-2, or 3-3-4-4-4 (the region in halves, as read aloud), one separator
# throughout ("5101 0719 9104 0602 7X", "5101.0719.9104.0602.7X", "510 107 1991 0406 027X", two spaces): the check
# character tells an id from a row of numbers.
_CN_ID = re.compile(
    r"[1-8](?<![0-9A-Za-z].)(?:"
    r"\d{5}[ \-]?"  # region
    r"(?:18|19|20)\d{2}[ \-]?(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ \-]?"  # birth year, month and day
    r"\d{3}[\dXx]"  # sequence number, check character
    r"|\d{3}( {1,2}|[\-.])\d{4}\1\d{4}\1\d{4}\1\d[\dXx]"
    r"|\d{2}( {1,2}|[\-.])\d{3}\2\d{4}\2\d{4}\2\d{3}[\dXx])" + _NOT_ALNUM_AFTER
)
_CN_ID_SEPARATORS = re.compile(r"[ \-.]")


# Every position where _CN_ID can match, and a few more, on Shadow.classes: a digit not after a letter or digit,
# then the shape of the number. Each match is one character long, so overlapping candidates all show.
_CN_ID_SHADOW = re.compile(
    rb"0(?<![0a].)(?=00000[ \-]?0000[ \-]?0000[ \-]?000[0a](?![0a])"
    rb"|000( {1,2}|[\-.])0000(?:\1)0000(?:\1)0000(?:\1)0[0a](?![0a])"
    rb"|00( {1,2}|[\-.])000(?:\2)0000(?:\2)0000(?:\2)000[0a](?![0a]))"
)


def _cn_id_matches(text: str, shadow: Shadow | None) -> Iterator[re.Match[str]]:
    """_CN_ID.finditer(text), trying the pattern only where the shadow says it can match."""
    if shadow is None or not shadow.ascii_digits:
        yield from _CN_ID.finditer(text)
        return
    last = 0
    for candidate in _CN_ID_SHADOW.finditer(shadow.classes):
        if candidate.start() >= last:
            m = _CN_ID.match(text, candidate.start())
            if m is not None:
                last = m.end()
                yield m


# Grouped any other way ("110101 1990 03 07 7715", "110101.19900307.7715", "110101  19900307  7715"): the check
# character, the birth date's shape and the century leave about one row of 18 random digits in 100,000.
_CN_ID_LOOSE = re.compile(r"[1-8](?<![0-9A-Za-z].)\d(?:[ \-.]{0,2}\d){15}[ \-.]{0,2}[\dXx](?![0-9A-Za-z])")


def _cn_id_valid(value: str) -> bool:
    """Whether 18 characters (no separators) are a resident id: birth date and ISO 7064 check character."""
    region, year, month_day, sequence, check = value[:6], value[6:10], value[10:14], value[14:17], value[17]
    if year[:2] not in ("18", "19", "20"):
        return False  # grouped in fours, the birth date's shape is checked here
    if iso7064_mod11_2(region + year + month_day + sequence) != check.upper():
        return False
    try:
        born = dt.date(int(year), int(month_day[:2]), int(month_day[2:]))
    except ValueError:
        return False
    return born <= dt.datetime.now(tz=dt.UTC).date()


def find_cn_ids(text: str, shadow: Shadow | None = None) -> list[Span]:
    """18-character resident identity numbers with a valid birth date and ISO 7064 check character."""
    out: list[Span] = []
    for m in _cn_id_matches(text, shadow):
        if _cn_id_valid(_CN_ID_SEPARATORS.sub("", m.group())):
            out.append((CN_ID, m.start(), m.end(), 0.95))
    taken = [(start, end) for _, start, end, _ in out]
    for m in _cn_id_loose(text, shadow):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if _cn_id_valid(_CN_ID_SEPARATORS.sub("", m.group())):
            out.append((CN_ID, m.start(), m.end(), 0.9))
    return out


def _cn_id_loose(text: str, shadow: Shadow | None) -> Iterator[re.Match[str]]:
    """_CN_ID_LOOSE.finditer(text), only where the text has 17 digits or more."""
    if shadow is not None and shadow.ascii_digits and shadow.classes.count(b"0") < 17:
        return iter(())
    return _CN_ID_LOOSE.finditer(text)


# --- bank card ----------------------------------------------------------------------------------------------

# Grouped 4-4-4-4-3 (19-digit UnionPay, Visa, Maestro) first: the 4-4-4-x alternative would stop at 16 digits.
# Groups are apart by one space, two spaces, a dash, a dot, a slash (" / " too) or "_", the same throughout;
# 4-6-5 (Amex) and 4-6-6 (a 16-digit card read out in three groups) too.
_CARD = re.compile(
    r"\d(?<![0-9A-Za-z].)"
    + r"(?:\d{12,18}|\d{3}( {1,2}|[\-./_]| / | - )\d{4}\1\d{4}\1\d{4}\1\d{1,3}(?![0-9A-Za-z])"
    + r"|\d{3}( {1,2}|[\-./_]| / | - )\d{4}\2\d{4}\2\d{1,7}"
    + r"|\d{3}( {1,2}|[\-./_]| / | - )\d{6}\3\d{4,6}|\d{5}( {1,2}|[\-./_]| / | - )\d{13})"
    + _NOT_ALNUM_AFTER
)
_CARD_SHADOW = re.compile(
    rb"0(?<![0a].)(?:0{12,18}|000( {1,2}|[\-./_]| / | - )0000(?:\1)0000(?:\1)0000(?:\1)0{1,3}(?![0a])"
    rb"|000( {1,2}|[\-./_]| / | - )0000(?:\2)0000(?:\2)0{1,7}|000( {1,2}|[\-./_]| / | - )000000(?:\3)0{4,6}"
    rb"|00000( {1,2}|[\-./_]| / | - )0{13})"
    rb"(?![0a])"
)


def _card_network_ok(digits: str) -> bool:
    """Issuer prefix and length of the major networks (Visa, Mastercard, Amex, UnionPay, JCB, Mir, Troy, ...)."""
    n = len(digits)
    two = int(digits[:2])
    four = int(digits[:4])
    if digits[0] == "4":
        return n in (13, 16, 19)
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return n == 16
    if two in (34, 37):
        return n == 15
    if two == 62 or two == 81:
        return 16 <= n <= 19  # UnionPay
    if digits[0] == "6" or two == 50 or 56 <= two <= 58:
        return 12 <= n <= 19  # Discover, Maestro
    if 3528 <= four <= 3589:
        return 16 <= n <= 19  # JCB
    if two in (30, 36, 38, 39):
        return 14 <= n <= 19  # Diners Club
    if 2200 <= four <= 2204:
        return 16 <= n <= 19  # Mir (Russia)
    if four == 9792:
        return n == 16  # Troy (Turkey)
    if digits[0] == "1":
        return n == 15  # UATP
    return False


def _card_issuer_known(digits: str) -> bool:
    """Whether a number the networks' lengths allow starts with a prefix that is issued: Visa 4, Mastercard 51-55
    and 2221-2720, Amex 34 and 37, Discover 6011, 644-649 and 65, UnionPay 62 and 81, JCB 3528-3589, Diners
    300-305, 3095, 36 and 38-39, Maestro and the debit schemes of 50, 5893, 60, 63 and 67, Mir 2200-2204, Troy
    9792, UATP 1. _card_network_ok takes all of Maestro's old ranges (56-69), where an exchange's ids fall as
    well ("ordId 640636326879959884"): a number there is a card only where the text says so."""
    three = int(digits[:3])
    four = int(digits[:4])
    if digits[0] == "4" or 51 <= three // 10 <= 55 or 2221 <= four <= 2720 or three // 10 in (34, 37):
        return True
    if four == 6011 or 644 <= three <= 649 or three // 10 in (62, 65, 81):
        return True
    if 3528 <= four <= 3589 or 300 <= three <= 305 or four == 3095 or three // 10 in (36, 38, 39):
        return True
    if three // 10 in (50, 60, 63, 67) or four == 5893:
        return True
    return 2200 <= four <= 2204 or four == 9792 or digits[0] == "1"


# Grouped by commas ("4111,1111,1111,1111", "4111, 1111, ...", "4111，1111，..."), only in the layouts printed on
# cards, 4-4-4-4(-3), 4-6-5, 4-6-4 (Diners) and 6-13 (UnionPay), one separator throughout, and not inside a
# longer list: amounts are grouped in threes ("1,234,567,890,123"), and a list of prices or years ("1200,1500,
# 1800,2000,2400") goes on past the fourth number.
_CARD_COMMAS = re.compile(
    r"\d(?<![0-9A-Za-z,，].)(?<![,，] .)(?<![,，]  .)"
    r"(?:\d{3}( ?[,，] {0,2})(?:\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|\d{6}\1\d{4,5})|\d{5} ?[,，] {0,2}\d{13})"
    r"(?![0-9A-Za-z]| ?[,，] {0,2}\d)"
)
# A comma is how lists are written, not cards ("extensions 4553,4640,4450,4307", "plans cost 3699,3599,..."): a
# number grouped by commas is a card only where the text says so, before it (card, its networks, "pay with") or
# just after it (its expiry or security code), or where it is the whole message.
_CARD_SAID_BEFORE = re.compile(
    r"card|carte|tarjeta|karte|cart[ãa]o|(?<![A-Za-z])kart|карт|卡|カード|카드|visa|master\s?card|amex|maestro|"
    r"(?<![A-Za-z])(?:cvv|cvc|exp(?:iry|ires|iration)?(?![A-Za-z])|pay(?:ing)?\s+(?:it\s+)?with)",
    re.IGNORECASE,
)
_CARD_SAID_AFTER = re.compile(
    r"[^0-9A-Za-z]{0,4}(?:exp(?:iry|ires|iration)?(?![A-Za-z])|valid|cvv|cvc|有效期)",
    re.IGNORECASE,
)
_CARD_SAID_REACH = 40
# What is done with a card, near a number grouped by commas ("why was 6259,0958,3569,9906 declined??", "I used
# 5285,4223,1241,1862 for the deposit", "绑定的卡号"): a card, not a list of four numbers.
_CARD_USED = re.compile(
    r"declin|reject|(?<![A-Za-z])used(?![A-Za-z])|top.?up|refund|chargeback|支付|付款|绑定|綁定|扣款|被拒|拒绝|拒絕",
    re.IGNORECASE,
)
_NON_DIGIT = re.compile(r"\D")  # compiled once: re.sub looks its pattern up in a cache on every call
_COMMA = re.compile(r"[,，]")


def _number_list(value: str) -> bool:
    """Whether four numbers of four digits apart by commas read as a list: all round ("4000,4100,4200,4500") or
    rising ("2200,2201,2202,2203"), as prices, years and ports are listed; a card's groups are neither but by
    chance (about one card in thirty, written with commas, is missed so)."""
    groups = [group.strip(" ") for group in _COMMA.split(value)]
    if len(groups) != 4 or any(len(group) != 4 for group in groups):
        return False
    return all(group.endswith("0") for group in groups) or groups == sorted(set(groups))


def _card_said(text: str, start: int, end: int) -> bool:
    """Whether the text around text[start:end] says it is a card."""
    if _CARD_SAID_BEFORE.search(text, max(0, start - _CARD_SAID_REACH), start):
        return True
    return _CARD_SAID_AFTER.match(text, end) is not None


# A card read off a photo or typed digit by digit: "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", or in groups of irregular
# size ("4111 1111 1111 1111 1" misread, "4 111 1111 11 111111"); a card only where the text says so.
_CARD_LOOSE = re.compile(r"\d(?<![0-9A-Za-z].)(?:[ \-]?\d){12,18}(?![0-9A-Za-z])")
# Four groups of four apart by spaces and dashes mixed ("4111 1111-1111 1111"): a card's shape without its word.
_CARD_FOURS_MIXED = re.compile(r"\d{4}[ \-]\d{4}[ \-]\d{4}[ \-]\d{4}")
_CARD_LOOSE_SHADOW = re.compile(rb"0(?<![0a].)(?:[ \-]?0){12,18}(?![0a])")


def _card_spans(text: str, shadow: Shadow | None) -> Iterator[tuple[int, int]]:
    """The card-shaped spans of text: grouped by one separator of _CARD's, by commas or loosely where said to be a
    card (a list of numbers otherwise, unless it is the whole message and neither round nor rising)."""
    seen: set[tuple[int, int]] = set()  # (a set: 100 kB of digit groups hold 5,000 card-shaped spans)
    for span in _spans(text, shadow, _CARD, _CARD_SHADOW):
        seen.add(span)
        yield span
    for start, end in _spans(text, shadow, _CARD_LOOSE, _CARD_LOOSE_SHADOW):
        if (start, end) not in seen and (_card_said(text, start, end) or _CARD_FOURS_MIXED.fullmatch(text, start, end)):
            yield start, end
    if "," in text or "，" in text:
        for m in _CARD_COMMAS.finditer(text):
            start, end = m.span()
            alone = not text[:start].strip() and not text[end:].strip(" \t\r\n.。!")
            paid = _CARD_USED.search(text, max(0, start - _CARD_SAID_REACH), min(len(text), end + _CARD_SAID_REACH))
            if _card_said(text, start, end) or ((alone or paid) and not _number_list(m.group())):
                yield start, end


# A table's header that names personal data: its column's numbers are what it says, whatever else it names.
_PERSONAL_HEADER = re.compile(r"card|phone|mobile|(?<![a-z])tel|cell|contact|whatsapp|卡|手机|電話|电话|联系|聯繫")


def _id_column(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a cell of a table's column whose header names an id or an amount ("OrderNo",
    "TradeId", "Amount", 订单号), not personal data."""
    if "\n" not in text:
        return False
    header = column_header(text, start, end)
    return (
        header is not None and not _PERSONAL_HEADER.search(header) and _NOT_PERSONAL_BEFORE.search(header) is not None
    )


def find_bank_cards(text: str, shadow: Shadow | None = None) -> list[Span]:
    """Card numbers: Luhn-valid, with a known network prefix (an issued one unless the text says it is a card),
    not labelled as an order or trade id."""
    out: list[Span] = []
    for start, end in _card_spans(text, shadow):
        digits = _NON_DIGIT.sub("", text[start:end])
        if not 13 <= len(digits) <= 19 or not luhn_valid(digits) or not _card_network_ok(digits):
            continue
        if _NOT_PERSONAL_BEFORE.search(text[max(0, start - 24) : start]) or _id_column(text, start, end):
            continue
        if text[max(0, start - 2) : start].strip().endswith("+"):
            continue  # "+4917240121633": a country code's plus, a phone (found as one)
        if not _card_issuer_known(digits) and not _card_said(text, start, end):
            continue  # one Luhn-valid id in ten passes the check digit by chance
        out.append((BANK_CARD, start, end, 0.9))
    return out


# --- IBAN ---------------------------------------------------------------------------------------------------

IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28,
    "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
    "RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
    "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip
# Matched from the check digits (digits are rarer than letters, so the engine skips ahead faster); the two
# letters of the country code are asserted behind them and the match starts two characters later.
# A space may stand between the country code and the check digits ("DE 89 3704 ..."); groups are apart by
# spaces, a dash or a dot.
_IBAN_SHAPE = re.compile(
    r"\d\d(?:(?<=(?<![0-9A-Za-z])[A-Za-z]{2}\d\d)|(?<=(?<![0-9A-Za-z])[A-Za-z]{2} \d\d))"
    r"(?:[ \-.]{0,2}[0-9A-Za-z]){8,34}"
)
_IBAN_SHAPE_SHADOW = re.compile(rb"00(?:(?<=(?<![0a])aa00)|(?<=(?<![0a])aa 00))(?:[ \-.]{0,2}[0a]){8,34}")
_IBAN_SEPARATORS = " -."


def find_ibans(text: str, *, shapes: list[tuple[int, int]], shadow: Shadow | None = None) -> list[Span]:
    """IBANs: known country, its exact length, mod-97 check; compact or in spaced groups, any case.

    Every IBAN-shaped span, valid or not, is appended to shapes: its digits are not phones or cards (with a space
    after the country code, only a valid IBAN: "is 13812345678" is a phone).
    """
    out: list[Span] = []
    for digits_start, shape_end in _spans(text, shadow, _IBAN_SHAPE, _IBAN_SHAPE_SHADOW):
        spaced = text[digits_start - 1] == " "  # "DE 89 ...": also "is 13812345678", so only a valid one counts
        start = digits_start - (3 if spaced else 2)
        if not spaced:
            shapes.append((start, shape_end))
        length = IBAN_LENGTHS.get(text[start : start + 2].upper())
        if length is None:
            continue
        chars: list[str] = []
        end = start
        for i in range(start, shape_end):
            if text[i] not in _IBAN_SEPARATORS:
                chars.append(text[i])
                end = i + 1
                if len(chars) == length:
                    break
        if len(chars) != length or (end < len(text) and text[end].isalnum() and text[end].isascii()):
            continue
        value = "".join(chars)
        if value.upper() != value and value.lower() != value:
            continue  # "any case" means one case: "GI75 aWBK ..." is a typo, not an IBAN
        if iban_mod97_valid(value.upper()):
            out.append((IBAN, start, end, 0.95))
            if spaced:
                shapes.append((start, end))
    return out


# --- passport -----------------------------------------------------------------------------------------------

_PASSPORT = re.compile(
    r"(?:passport|护照|護照|pasaport|passeport|reisepass|pasaporte|паспорт|여권|パスポート|旅券|passnummer|pass-?nr)"
    r"[^0-9A-Za-z]{0,12}",
    re.I,
)
# The same matches, found faster: under IGNORECASE the regex engine cannot skip ahead to a first character and
# tries the whole alternation at every position. Here the first character is a case-sensitive class of every
# character IGNORECASE lets start a keyword (no other character folds to p, r or п), the rest of the keyword and
# the separator are matched under IGNORECASE as before, and the alternatives keep their order per first letter.
_PASSPORT_FAST = re.compile(
    "[pP护護rRпП여パ旅]"
    "(?:(?<=[pP])(?i:assport|asaport|asseport|asaporte|assnummer|ass-?nr)|(?<=[护護])照|(?<=[rR])(?i:eisepass)"
    "|(?<=[пП])(?i:аспорт)|(?<=여)권|(?<=パ)スポート|(?<=旅)券)"
    "(?P<separator>(?i:[^0-9A-Za-z]{0,12}))"
)
# An identity document named without the word passport: the agent's "证件号码", "ID document number".
_ID_DOCUMENT = re.compile(
    r"证件[^，。,.？?]{0,4}?(?:号|编号)|證件[^，。,.？?]{0,4}?(?:號|編號)|(?<![A-Za-z])(?:"
    r"(?:id|identity|identification|travel)[ \t]+(?:document|card)[ \t]+(?:number|no)"
    # "your ID number", "identification number" (KYC's words), not a user's, an order's or an account's id.
    r"|(?<!user )(?<!order )(?<!ticket )(?<!account )(?<!member )(?<!transaction )(?<!withdrawal )(?<!deposit )"
    r"(?<!tx )(?<!customer )(?<!client )(?:id|identity|identification)[ \t]+(?:number|no)"
    r"|document[ \t]+(?:number|no)"  # "the document number shown on your travel document"
    r"|number[ \t]+(?:of|on|from)[ \t]+(?:your|the)[ \t]+(?:id|identity|identification|travel)"
    r"(?:[ \t]+(?:document|card))?"
    r")(?![A-Za-z])",
    re.I,
)
# The words of the passport's own number between the keyword and it ("passport id E12345678", 护照号码是).
_PASSPORT_OWN_WORD = re.compile(
    r"[\s:：.#]*(?:(?:id|no|nr|num|number|nummer|numéro|número|numara)(?![A-Za-z])|номер|号码|號碼|编号|編號|号|號|"
    r"番号|번호)",
    re.I,
)
_EIGHT_DIGIT_DATE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
# Day, month, year ("07031990", "14052030") or month, day, year: a date of birth or expiry, not a passport number.
_EIGHT_DIGIT_DATE_DMY = re.compile(
    r"(?:(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?:19|20)\d\d"
)
_PASSPORT_NUMBER = re.compile(r"(?<![0-9A-Za-z])[A-Za-z0-9]{7,9}(?![0-9A-Za-z])")
# The same number read out in two groups ("E029 45085"), tried at every word so that groups overlap.
_PASSPORT_SPACED = re.compile(r"(?<![0-9A-Za-z])(?=([A-Za-z0-9]{2,7}) ([A-Za-z0-9]{2,7})(?![0-9A-Za-z]))")
# ... or in three ("032 905 726", "E12 345 678"), each with a digit, not one of a longer row of numbers.
_PASSPORT_SPACED_THREE = re.compile(
    r"(?<![0-9A-Za-z])(?<!\d )(?=([A-Za-z0-9]{2,4}) ([A-Za-z0-9]{2,4}) ([A-Za-z0-9]{2,4})(?![0-9A-Za-z]| \d))"
)
# A group of digits beside two groups, a space (or a bracket and a space) apart: a phone or a row of amounts.
_ROW_BEFORE = re.compile(r"\d\)? \Z")
_ROW_AFTER = re.compile(r" \d")
# A date written with spaces ("12 05 2024", "2024 05 12") is three groups of digits too.
_SPACED_DATE = re.compile(r"\d\d? \d\d? \d{4}|\d{4} \d\d? \d\d?")
# Three groups of digits are as often an amount, a count or a phone as a passport ("I paid 616 530 596", "le
# montant est de 44 849 623 €", 我付了 120 450 300): they are one only as the answer itself, first on their line
# or right after a word that hands a number over ("it's", "sure", a passport's label, 是, "："), with no money
# or unit beside them.
_ANSWER_LEAD = re.compile(
    r"(?:(?<![A-Za-z])(?:it['’]?s|it\s+is|is|was|sure(?:\s+thing)?|of\s+course|certainly|here(?:\s+you\s+go|\s+it\s+is)?"
    r"|yes|ok(?:ay)?|no|nr|num|id|passport|passeport|pasaporte|"
    r"pasaport)|number|nummer|numéro|número|reisepass|номер|паспорт\w*|是|为|為|护照|護照|号码|號碼|号|號|："
    r")[^0-9A-Za-z]{0,3}\Z",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:paid|pay|payment|cost|costs|price|spent|bought|sold|charged|total|amount|sum|montant|"
    r"betrag|importe|сумм\w*|оплат\w*)|付|花了|价|價|金额|金額|共计|合计|[$€£¥₽₹]",
    re.IGNORECASE,
)
_MONEY_AFTER = re.compile(
    r"\s*(?:[$€£¥₽₹元円块塊笔筆件]|euros?(?![A-Za-z])|dollars?|rub|руб|zł|pln|units?(?![A-Za-z])|pcs|pieces|items)",
    re.IGNORECASE,
)
_LEAD_REACH = 24


def _three_groups_answer(text: str, start: int, end: int) -> bool:
    """Whether a code read out in three groups at text[start:end] reads as the answer to a passport question:
    first on its line or handed over by the word before it, no money or unit beside it, not cut from a longer
    row of numbers."""
    if end < len(text) and (text[end].isalnum() or text.startswith(" ", end) and text[end + 1 : end + 2].isdigit()):
        return False  # "call 0161 496 7104" cut short by a window
    line_start = text.rfind("\n", 0, start) + 1
    lead = text[max(line_start, start - _LEAD_REACH) : start]
    if _MONEY_BEFORE.search(lead) or _MONEY_AFTER.match(text, end) or _UNIT_AFTER.match(text, end):
        return False
    first = not any(c.isalnum() for c in text[line_start:start])
    return first or _ANSWER_LEAD.search(lead) is not None


# A text is searched only if it holds one of these (the keywords without their first letter, in lower or upper
# case); tested only once the keyword pattern has found something, as most texts have no keyword at all.
_PASSPORT_HINTS = (
    "assport",
    "ASSPORT",
    "护照",
    "護照",
    "asaport",
    "ASAPORT",
    "asseport",
    "ASSEPORT",
    "eisepass",
    "EISEPASS",
    "аспорт",
    "АСПОРТ",
    "여권",
    "パスポート",
    "旅券",
    "assnummer",
    "ASSNUMMER",
    "ass-nr",
    "assnr",
    "ASSNR",
    "ASS-NR",
)


def passport_context_in(text: str) -> bool:
    """Whether text mentions a passport or an identity document's number (an agent's "confirm your passport
    number", 请提供护照号码, 请提供证件号码 ...). An agent who asks for its photo is asked the number too: a
    customer may type it instead ("E12345678")."""
    if any(hint in text for hint in _PASSPORT_HINTS) and _PASSPORT_FAST.search(text) is not None:
        return True
    return id_document_named(text, text.lower())


def id_document_named(text: str, lowered: str) -> bool:
    """Whether text (lowered: text.lower()) asks for or names an identity document's number ("证件号码", "ID
    document number")."""
    return (
        "证件" in text
        or "證件" in text
        or "ocument" in lowered
        or "id card" in lowered
        or "number o" in lowered
        or "number from" in lowered
        or "identity card" in lowered
        or "id n" in lowered
        or "identification n" in lowered
        or "identity n" in lowered
    ) and _ID_DOCUMENT.search(text) is not None


# The letters of a German passport number: no vowels, and no B, D, Q or S (read as digits). A code that mixes
# other letters in is a hex error code ("5050bfde") or a coin on its network ("TRC20 USDT").
_GERMAN_PASSPORT_LETTERS = frozenset("CFGHJKLMNPRTVWXYZcfghjklmnprtvwxyz")
# A token standard or network ("TRC20", "ERC-20", "BEP20", "SPL") and the coins sent on them: what a customer
# answers about a deposit, not a passport.
_COIN_OR_NETWORK = re.compile(
    r"(?:TRC|ERC|BEP|BRC|SRC|ARC|KRC|HRC|DRC|PRC|NEP|CW|OMNI)-?\d{1,4}|SPL|OMNI|"
    r"USDT|USDC|FDUSD|TUSD|BUSD|DAI|BTC|ETH|BNB|TRX|SOL|XRP|ADA|DOGE|TON|MATIC|POL|OP|ARB|AVAX|DOT|LTC|SHIB|XLM|SUI",
    re.IGNORECASE,
)


def _passport_shaped(token: str) -> bool:
    """Mostly digits ("E12345678", "123456789"), or letters and digits of one case mixed in the German format
    ("C2M6LM6V0"): a code, not a word."""
    digits = sum(c.isdigit() for c in token)
    if digits >= 5 and len(token) - digits <= 3:
        return True
    if not (digits >= 2 and len(token) >= 8 and (token.isupper() or token.islower())):
        return False
    return all(c.isdigit() or c in _GERMAN_PASSPORT_LETTERS for c in token)


def _passport_groups(first: str, second: str) -> bool:
    """Whether two groups read as one code: each has a digit, or a group of capitals stands beside one that
    mixes letters and digits ("CMLH 63NZF", the German format); "USDT 12345" is an amount, "TRC20 USDT" a coin
    on its network."""
    if _COIN_OR_NETWORK.fullmatch(first) or _COIN_OR_NETWORK.fullmatch(second):
        return False
    if not (first.isalpha() or second.isalpha()):
        return True
    letters, other = (first, second) if first.isalpha() else (second, first)
    return letters.isupper() and not other.isalpha() and not other.isdigit()


# A passport's capital letter typed apart from its digits ("E 4749630I", "A 85713635"; not "a 2500000" or "I ...").
_PASSPORT_LETTER_SPACED = re.compile(r"(?<![0-9A-Za-z])([A-HJ-Z]) ([0-9][A-Za-z0-9]{5,8})(?![0-9A-Za-z])")


def _spaced_passport_codes(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[str, int, int]]:
    """The codes of text[start:end] in two groups ("E029 45085", not two of a longer row of numbers) or three
    ("032 905 726"), as (code without the spaces, start, end), in order of start."""
    end = len(text) if end is None else end
    codes: list[tuple[str, int, int]] = []
    for m in _PASSPORT_SPACED.finditer(text, start, end):
        first, second = m.groups()
        two_end = m.start() + len(first) + 1 + len(second)
        if _ROW_BEFORE.search(text, max(0, m.start() - 3), m.start()) or _ROW_AFTER.match(text, two_end):
            continue  # "020 7719 3512", "(555) 856 4793": two groups of a longer row of numbers
        if 7 <= len(first) + len(second) <= 9 and _passport_groups(first, second):
            codes.append((first + second, m.start(), m.start() + len(first) + 1 + len(second)))
    for m in _PASSPORT_SPACED_THREE.finditer(text, start, end):
        groups = m.groups()
        code = "".join(groups)
        spaced = " ".join(groups)
        if 7 <= len(code) <= 9 and not any(g.isalpha() for g in groups) and not _SPACED_DATE.fullmatch(spaced):
            codes.append((code, m.start(), m.start() + len(spaced)))
    for m in _PASSPORT_LETTER_SPACED.finditer(text, start, end):
        codes.append((m.group(1) + m.group(2), m.start(), m.end()))  # "E 4749630I", "A 85713635"
    if len(codes) > 1:
        codes.sort(key=lambda code: (code[1], code[1] - code[2]))
    yield from codes


def _passport_codes(text: str, *, spaced: bool) -> Iterator[tuple[str, int, int]]:
    """The passport-shaped codes of text, whole ("E02945085") or, if spaced, in two groups too."""
    for m in _PASSPORT_NUMBER.finditer(text):
        yield m.group(), m.start(), m.end()
    if spaced and " " in text:
        yield from _spaced_passport_codes(text)


# The label of a record ("reference code", "request id", "case number", 申请编号, 受付番号 ...) a few words before a
# value that the words hand over ("reference code on screen was L57 24190", "the request id on the screen is
# 9da088d8"): the value is that record's, not a passport, even in a conversation about one. A bare "id", "number"
# or "no" is no record's label: "my ID on the card is ..." may be the document's own number.
_RECORD_LABEL = re.compile(
    r"(?<![A-Za-z])(?:reference|ref|request|case|application|ticket|order|invoice|transaction|txn?|txid|"
    r"confirmation|tracking|session|error|err|code|pin|otp|uid|user|customer|member|account|serial|claim|appeal|"
    r"dispute|complaint|receipt|booking|trace|withdrawal|deposit|transfer|memo|batch|voucher|submission|enquiry|"
    r"inquiry|incident|report|referencia|r[ée]f[ée]rence|dossier|aktenzeichen|referenz|vorgang)(?![A-Za-z])"
    r"(?:[ \t.]*(?:id|number|no\.?|num|nr|nummer|code|#)(?![A-Za-z]))?"
    r"|(?:申请|申請|参考|參考|受理|预约|預約|请求|請求|审核|審核|认证|認證)(?:编号|編號|号码|號碼|号|號)"
    r"|(?:工单|工單|订单|訂單|案件|交易|流水|快递|快遞|运单|運單)(?:编号|編號|号码|號碼|号|號)?|单号|單號|验证码|驗證碼"
    r"|受付番号|申請番号|注文番号|管理番号|問い合わせ番号|取引番号|参照番号|予約番号|整理番号"
    r"|접수번호|주문번호|신청번호|거래번호|문의번호|참조번호|예약번호|요청번호"
    r"|(?<![А-Яа-яЁё])(?:заявк|обращени|заказ|тикет|транзакци)[А-Яа-яЁё]*",
    re.IGNORECASE,
)
_RECORD_REACH = 64
# What may stand between the label and its value: a few words, no number, no end of a sentence or clause.
_RECORD_WORDS = re.compile(r"[^0-9!?。！？;；,，\n]{0,40}")
_SENTENCE_END = re.compile(r"\.(?:\s|\Z)")
# ... ending in a word that hands the value over.
_HANDED_OVER = re.compile(
    r"(?:(?<![A-Za-z])(?:is|was|are|were|reads?|shows?|showed|shown|says?|said|displays?|displayed|appears?|"
    r"states?)|[:：=\-–—]|是|为|為|显示|顯示|は|는|은)[^0-9A-Za-z]{0,3}\Z",
    re.IGNORECASE,
)
# Words that make the value the document's own after all ("the reference for my passport number is ...", "code
# on my ID is ...") if they stand between the label and the value, or right before the label ("passport
# reference", "ID code").
_DOCUMENT_WORD = re.compile(
    r"(?<![A-Za-z])(?:id|identity|document|number|no|nr|num|nummer|passport|passeport|pasaporte|pasaport|"
    r"reisepass\w*|personal)(?![A-Za-z])|护照|護照|证件|證件|身份|号码|號碼|番号|번호|여권|паспорт|номер|パスポート",
    re.IGNORECASE,
)
# ... or a word for the customer's own answer ("for the application it is E12345678", "mine is ...").
_OWN_ANSWER_WORD = re.compile(r"(?<![A-Za-z])(?:it|mine)(?![A-Za-z])", re.IGNORECASE)
_DOCUMENT_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?:id|identity|document|passport|passeport|pasaporte|pasaport|reisepass|personal)|"
    r"护照|護照|证件|證件|身份|паспорт\w*)(?:['’]s)?[ \t-]?\Z",
    re.IGNORECASE,
)


def _record_value(text: str, start: int) -> bool:
    """Whether the value at start is handed over, a few words on, by the label of a record other than a passport:
    "reference code on screen was L57 24190", "the request id on the screen is 9da088d8", "申请编号是 ..."."""
    labels = list(_RECORD_LABEL.finditer(text, max(0, start - _RECORD_REACH), start))
    if not labels:
        return False
    label = labels[-1]  # the nearest: a record's label further back hands over its own value
    between = text[label.end() : start]
    if not _RECORD_WORDS.fullmatch(between) or _SENTENCE_END.search(between) or len(between.split()) > 6:
        return False
    if _DOCUMENT_WORD.search(between) or _OWN_ANSWER_WORD.search(between):
        return False
    if _DOCUMENT_BEFORE.search(text, max(0, label.start() - 16), label.start()):
        return False
    return _HANDED_OVER.search(between) is not None


def _decimal_part(text: str, start: int, end: int) -> bool:
    """Whether the digits at text[start:end] are one side of a decimal number ("the fee is 883.97652648")."""
    if not text[start:end].isdigit():
        return False
    before = start >= 2 and text[start - 1] in ".," and text[start - 2].isdigit()
    return before or (text[end : end + 1] in (".", ",") and text[end + 1 : end + 2].isdigit())


def _labelled_after_keyword(text: str, ctx: re.Match[str], start: int) -> bool:
    """Whether the words between a passport's keyword (ctx) and the number at start label it as another one's,
    read from the keyword's end: what the keyword's separator takes in may hold the label ("护照认证失败，错误
    860838791")."""
    keyword_end = ctx.start("separator") if "separator" in ctx.re.groupindex else ctx.end()
    between = text[keyword_end:start]
    own = _PASSPORT_OWN_WORD.match(between)
    return _NOT_PERSONAL_BEFORE.search(between[own.end() :] if own else between) is not None


def find_passports(text: str, *, asked: bool = False) -> list[Span]:
    """Passport numbers right after the word "passport" (or 护照, 证件号 ...): alone they are just codes. When
    the conversation asks for one (asked: a previous turn mentions a passport or an identity document's number)
    or the word is anywhere in the text, every passport-shaped code of the text is one, unless labelled as an
    order, amount, code or the like."""
    out: list[Span] = []
    contexts = list(_PASSPORT_FAST.finditer(text))  # _PASSPORT.finditer(text)
    in_text = bool(contexts) and any(hint in text for hint in _PASSPORT_HINTS)
    if id_document_named(text, text.lower()):
        documents = list(_ID_DOCUMENT.finditer(text))
        contexts += documents
        in_text = in_text or bool(documents)
    if in_text or asked:
        # Read out in two groups, only as the answer to a question: a whole transcript has many word pairs.
        for token, start, end in _passport_codes(text, spaced=asked):
            if not _passport_shaped(token) or _DATE_LIKE.fullmatch(token) or _EIGHT_DIGIT_DATE.fullmatch(token):
                continue
            if _EIGHT_DIGIT_DATE_DMY.fullmatch(token) or _MONEY_AFTER.match(text, end):
                continue
            if _COIN_OR_NETWORK.fullmatch(token):
                continue
            before = text[max(0, start - 24) : start]
            labelled = _NOT_PERSONAL_BEFORE.search(before) or _NOT_PASSPORT_BEFORE.search(before)
            if labelled or _UNIT_AFTER.match(text, end) or _decimal_part(text, start, end):
                continue
            if _record_value(text, start):
                continue  # "the request id on the screen is 9da088d8"
            if text.count(" ", start, end) == 2 and not _three_groups_answer(text, start, end):
                continue
            out.append((PASSPORT, start, end, 0.8 if in_text else 0.7))
    if not in_text:
        return out
    for ctx in contexts:
        window_end = min(len(text), ctx.end() + 30)
        for token, start, end in _spaced_passport_codes(text, ctx.end(), window_end):
            if text.count(" ", start, end) == 2 and not _three_groups_answer(text, start, end):
                continue
            if _labelled_after_keyword(text, ctx, start) or _record_value(text, start):
                break
            if _passport_shaped(token) and not _EIGHT_DIGIT_DATE.fullmatch(token):
                out.append((PASSPORT, start, end, 0.8))  # "passport no. E029 45085"
                break
        for m in _PASSPORT_NUMBER.finditer(text, ctx.end(), window_end):
            token = m.group()
            digits = sum(c.isdigit() for c in token)
            if digits == 0:
                continue  # a word ("number", "is") between the keyword and the number
            if _labelled_after_keyword(text, ctx, m.start()) or _record_value(text, m.start()):
                break  # "护照已上传，UID 是 148135167": the number is another one's
            if _decimal_part(text, m.start(), m.end()):
                break  # "passport fee 883.97652648"
            if _EIGHT_DIGIT_DATE.fullmatch(token) or _EIGHT_DIGIT_DATE_DMY.fullmatch(token):
                continue  # "passport expiry date 20300514": the number may come after
            if _UNIT_AFTER.match(text, m.end()) or _MONEY_AFTER.match(text, m.end()):
                break  # "passport fee was 8500000 IDR"
            if _passport_shaped(token):
                out.append((PASSPORT, m.start(), m.end(), 0.8))
            break
    return out
