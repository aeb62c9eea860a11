"""Explainable risk rules over support text: each returns what matched, so that staff see why a ticket is flagged.

Pure functions (no database): `risk_assess(text, exchange_domains=...)` returns `(rule, evidence)` pairs. Run
them on stored text, which is already redacted, so evidence never holds a secret; evidence is the rule's own
canonical phrase or the lookalike domain, never a customer's sentence.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from supportrecords.redaction import detect, mask
from supportrecords.redaction.partial import PHRASE_REQUEST, phrase_request

ACCOUNT_TAKEOVER = "account_takeover"
PHISHING_LINK = "phishing_link"
RECOVERY_PHRASE_REQUEST = "recovery_phrase_request"
IMPERSONATION = "impersonation"
PRESSURE = "pressure_urgency"
RULES = (ACCOUNT_TAKEOVER, PHISHING_LINK, RECOVERY_PHRASE_REQUEST, IMPERSONATION, PRESSURE)
# Each rule in words, for staff.
RULE_LABELS = {
    ACCOUNT_TAKEOVER: _("account takeover"),
    PHISHING_LINK: _("phishing link"),
    RECOVERY_PHRASE_REQUEST: _("someone asked for the recovery phrase"),
    IMPERSONATION: _("impersonation of staff"),
    PRESSURE: _("pressure or urgency"),
}

MAX_EVIDENCE = 200


@dataclass(frozen=True)
class RiskMatch:
    rule: str
    evidence: str


def _phrases(*patterns: str) -> re.Pattern[str]:
    """One pattern over lower-cased text (matching lower-cased text beats IGNORECASE several times over)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# Each pattern is a short canonical phrase; the match itself (lower-cased) is the evidence.
_ACCOUNT_TAKEOVER = _phrases(
    r"\b(?:i|we) (?:did ?n[o']t|never) (?:make|made|authori[sz]e|request|do|did)\b[^.!?\n]{0,40}"
    r"\b(?:withdrawals?|transfers?|login|log-?ins?|trades?|changes?)",
    r"\bunauthori[sz]ed (?:withdrawals?|transfers?|log-?ins?|logins|access|trades?|transactions?)",
    r"\b(?:someone|somebody|hacker|attacker)s? (?:has |have )?(?:logged|log) ?in(?:to)?\b",
    r"\b(?:my )?account (?:was|has been|got|is) (?:hacked|compromised|taken over|stolen|hijacked)",
    r"\b(?:hacked|compromised|stolen) account\b",
    r"\b(?:2fa|two[- ]factor|google authenticator|authenticator|email|password|phone number) "
    r"(?:was |has been |got )?(?:changed|reset|disabled|removed) (?:without|but (?:i|it) (?:did|was) ?n[o']t)",
    r"\bsim[- ]?swap",
    r"\bnew device (?:login|log-?in|signed in)\b",
    r"账[户号](?:被盗|被黑|被入侵|被攻击|异常登录)",
    r"(?:不是|并非)我(?:本人)?(?:操作|提现|提币|登录|转账)",
    r"(?:被盗|盗号|未经授权的?(?:提现|提币|登录|转账))",
)

# A request for the phrase (or some of its words) is the redaction's own pattern: an earlier turn that asks makes a
# piece of a phrase in its answer a finding there.
_RECOVERY_PHRASE_REQUEST = PHRASE_REQUEST

_IMPERSONATION = _phrases(
    r"\b(?:i am|i'm|this is|we are|we're)\b[^.!?\n]{0,30}\b(?:official|support|customer service|"
    r"security|compliance) (?:team|agent|staff|department|officer|admin)",
    r"\b(?:official|support|admin|customer service)\b[^.!?\n]{0,20}\b(?:contacted|messaged|dm'?e?d|called|"
    r"wrote to) me\b",
    r"\b(?:contacted|messaged|dm'?e?d|called) me\b[^.!?\n]{0,40}\b(?:telegram|whatsapp|wechat|twitter|"
    r"discord|signal)\b",
    r"\b(?:telegram|whatsapp|wechat|discord)\b[^.!?\n]{0,30}\b(?:support|admin|agent|official)\b",
    r"(?:冒充|假冒|自称)(?:客服|官方|工作人员|安全团队)",
    r"(?:客服|官方|工作人员)[^。！？\n]{0,10}(?:加我|联系我|私信我|打电话)",
)

_PRESSURE = _phrases(
    r"\burgent(?:ly)?\b",
    r"\b(?:immediately|right now|right away|asap|as soon as possible)\b",
    r"\bwithin (?:\d{1,2}|one|two|twenty[- ]four|24|48) ?(?:hours?|hrs?|minutes?|mins?)\b",
    r"\b(?:account|funds|wallet|assets?) (?:will|would) be (?:suspended|frozen|locked|closed|lost|deleted|seized)",
    r"\b(?:act|respond|reply|verify) now\b",
    r"\b(?:last|final) (?:warning|chance|notice)\b",
    r"(?:紧急|马上|立即|立刻|尽快|最后(?:警告|通知|机会))",
    r"(?:账户|资金|资产)(?:将|会)被(?:冻结|封禁|锁定|关闭|没收)",
)

# Each rule: the words one of its patterns needs (a cheap `in` test first), then the pattern.
_PHRASE_RULES: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    (
        ACCOUNT_TAKEOVER,
        ("n't", "not", "never", "unauthori", "log", "hack", "compromis", "taken over", "stolen", "hijack",
         "changed", "reset", "disabled", "removed", "sim", "new device", "账", "我", "盗", "未经授权"),
        _ACCOUNT_TAKEOVER,
    ),
    (
        RECOVERY_PHRASE_REQUEST,
        ("phrase", "word", "key", "助记词", "私钥", "恢复短语", "密钥", "词"),
        _RECOVERY_PHRASE_REQUEST,
    ),
    (
        IMPERSONATION,
        ("official", "support", "customer service", "security", "compliance", "team", "admin", "contacted",
         "messaged", "dm", "called", "wrote to", "telegram", "whatsapp", "wechat", "discord", "冒充", "假冒",
         "自称", "客服", "官方", "工作人员"),
        _IMPERSONATION,
    ),
    (
        PRESSURE,
        ("urgent", "immediately", "right now", "right away", "asap", "as soon as", "within", "will be",
         "would be", "now", "last", "final", "紧急", "马上", "立即", "立刻", "尽快", "最后", "将被", "会被"),
        _PRESSURE,
    ),
)  # fmt: skip

# Hosts in links, bare domains and e-mail-less mentions: a label run ending in a TLD of letters (or punycode).
_HOST = re.compile(
    r"(?<![\w@.-])(?:https?://)?((?:[\w-]{1,63}\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]{1,59}))(?![\w-])",
    re.IGNORECASE,
)

# Characters that look like Latin letters or digits, mapped to the letter they imitate (a small, common set).
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
        "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ո": "n", "ս": "u", "ѵ": "v", "ԝ": "w", "ʏ": "y", "ᴢ": "z",
        "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "κ": "k", "ι": "i", "μ": "u",
        "0": "o", "1": "l", "3": "e", "5": "s", "$": "s", "|": "l",
    }
)  # fmt: skip


def _skeleton(label: str) -> str:
    """A label folded to what it looks like: NFKC, case, confusable letters, rn/vv/cl digraphs."""
    folded = unicodedata.normalize("NFKC", label).casefold().translate(_CONFUSABLES)
    folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return folded.replace("rn", "m").replace("vv", "w").replace("cl", "d").replace("i", "l")


def _within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one insertion, deletion, substitution or adjacent swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def _decode_host(host: str) -> str:
    labels = []
    for label in host.lower().rstrip(".").split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError, ValueError):
                label = label.encode("ascii").decode("idna")
        labels.append(label)
    return ".".join(labels)


def _split(domain: str) -> tuple[str, str]:
    """(registrable label, suffix) of a domain such as custos-exchange.com -> (custos-exchange, com)."""
    name, _, suffix = domain.lower().partition(".")
    return name, suffix


def lookalike_reason(host: str, exchange_domains: Sequence[str]) -> str | None:
    """Why host imitates one of the exchange's domains (punycode, homoglyph, ...), or None when it does not."""
    raw = host.lower().rstrip(".")
    decoded = _decode_host(raw)
    for domain in (d.lower().strip().rstrip(".") for d in exchange_domains if d.strip()):
        if raw == domain or raw.endswith("." + domain):
            return None  # the real domain or one of its subdomains
    labels = decoded.split(".")
    for domain in (d.lower().strip().rstrip(".") for d in exchange_domains if d.strip()):
        name, suffix = _split(domain)
        # The real domain used as a subdomain of another: custos-exchange.com.login-check.io
        if domain in decoded and not decoded.endswith(domain):
            return "embedded"
        for i in range(len(labels) - 1):
            candidate = labels[i]
            cand_suffix = ".".join(labels[i + 1 :])
            if candidate != name and _skeleton(candidate) == _skeleton(name):
                return "punycode" if "xn--" in raw else "homoglyph"
            if candidate == name and cand_suffix != suffix:
                return "tld_swap"
            if "-" in candidate and candidate.replace("-", "") == name.replace("-", ""):
                return "hyphen"
            if name.replace("-", "") != name and candidate == name.replace("-", ""):
                return "hyphen"
            if (candidate.startswith(name + "-") or candidate.endswith("-" + name)) and len(candidate) > len(name):
                return "hyphen"
            if len(name) >= 5 and _within_one_edit(candidate, name):
                return "punycode" if "xn--" in raw else "edit_distance_1"
    return None


def _hosts(text: str) -> Iterable[str]:
    for match in _HOST.finditer(text):
        yield match.group(1)


def phishing_links(text: str, *, exchange_domains: Sequence[str]) -> list[RiskMatch]:
    found: list[RiskMatch] = []
    seen: set[str] = set()
    for host in _hosts(text):
        key = host.lower()
        if key in seen:
            continue
        seen.add(key)
        reason = lookalike_reason(host, exchange_domains)
        if reason is not None:
            found.append(RiskMatch(PHISHING_LINK, f"{reason}: {key}"[:MAX_EVIDENCE]))
    return found


def _scrub(evidence: str) -> str:
    """Mask any personal data that a phrase match swept up (the text is already free of secrets)."""
    findings = detect(evidence) if any(c.isdigit() or c == "@" for c in evidence) else []
    for finding in reversed(findings):
        value = evidence[finding.start : finding.end]
        evidence = evidence[: finding.start] + mask(finding.kind, value) + evidence[finding.end :]
    return evidence


def risk_assess(text: str, *, exchange_domains: Sequence[str]) -> list[RiskMatch]:
    """Every rule that matches text, once per rule, each with the first piece of evidence."""
    matches: list[RiskMatch] = []
    lowered = text.lower()
    for rule, needs, pattern in _PHRASE_RULES:
        if not any(word in lowered for word in needs):
            continue
        found = phrase_request(lowered) if rule == RECOVERY_PHRASE_REQUEST else pattern.search(lowered)
        if found is not None:
            evidence = _scrub(" ".join(found.group(0).split()).lower())
            matches.append(RiskMatch(rule, evidence[:MAX_EVIDENCE]))
    if "." in text:
        links = phishing_links(text, exchange_domains=exchange_domains)
        if links:
            matches.append(links[0])
    return matches
