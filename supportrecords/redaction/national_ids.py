"""National identity numbers other than China's resident id: US SSN, UK National Insurance number, Hong Kong HKID,
Singapore NRIC/FIN, India PAN and Aadhaar, Spain DNI/NIE, Italy codice fiscale, Taiwan national id, Japan My Number,
Brazil CPF and Korea's resident registration number.

Each is validated by its own check (a check digit or letter, the SSN's refused ranges, the PAN's holder letter):
python-stdnum's where it has one (PAN, Aadhaar, DNI/NIE, codice fiscale, My Number, CPF, Korean numbers), our own
for the rest (decisions.md).
Most are short rows of digits that a check passes by chance one time in ten or so, so they are findings only beside
a word that names them ("SSN", "NINO", "Aadhaar", 身分證 ...); a few are written in a shape nothing else has (a
bracketed HKID check digit, a dotted CPF, a dashed resident registration number, a codice fiscale) and need none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from stdnum.br import cpf as stdnum_cpf
from stdnum.es import dni as stdnum_dni
from stdnum.es import nie as stdnum_nie
from stdnum.in_ import aadhaar as stdnum_aadhaar
from stdnum.in_ import pan as stdnum_pan
from stdnum.it import codicefiscale as stdnum_codicefiscale
from stdnum.jp import in_ as stdnum_my_number
from stdnum.kr import rrn as stdnum_rrn

from .findings import NATIONAL_ID
from .shadow import Shadow

Span = tuple[str, int, int, float]

# --- check digits -------------------------------------------------------------------------------------------


def ssn_valid(digits: str) -> bool:
    """Nine digits the Social Security Administration can issue: area not 000, 666 or 9xx, group not 00, serial
    not 0000."""
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


# The letter pairs HMRC never uses as a National Insurance number's prefix. QQ is the form's own example: no real
# number, but customers copy it, so it is one beside a word that names the number.
_NINO_FIRST_REFUSED = frozenset("DFIQUV")
_NINO_SECOND_REFUSED = frozenset("DFIOQUV")
_NINO_PREFIXES_REFUSED = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})


def nino_valid(value: str, *, named: bool) -> bool:
    """Whether a National Insurance number (two letters, six digits, A to D; no separators, upper case) has a
    prefix HMRC issues (named: the example prefix QQ too)."""
    prefix = value[:2]
    if prefix == "QQ":
        return named
    if prefix[0] in _NINO_FIRST_REFUSED or prefix[1] in _NINO_SECOND_REFUSED or prefix in _NINO_PREFIXES_REFUSED:
        return False
    return value[-1] in "ABCD"


def _letter_value(letter: str) -> int:
    return ord(letter) - ord("A") + 10  # A = 10 ... Z = 35


def hkid_valid(value: str) -> bool:
    """Whether an HKID (one or two letters, six digits, the check digit 0-9 or A; upper case, no brackets) passes
    its mod-11 check: weights 9 to 2 over the letters (a single letter after a space, worth 36) and digits, and
    the check digit (A = 10) brings the sum to a multiple of 11."""
    letters, digits, check = value[:-7], value[-7:-1], value[-1]
    values = [36] * (2 - len(letters)) + [_letter_value(c) for c in letters] + [int(c) for c in digits]
    total = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True))
    return (total + (10 if check == "A" else int(check))) % 11 == 0


_NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
# The check letter, by the weighted sum's remainder (with the series' offset) mod 11, for each series.
_NRIC_LETTERS = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK", "M": "XWUTRQPNJLK"}
_NRIC_OFFSETS = {"S": 0, "T": 4, "F": 0, "G": 4, "M": 3}


def nric_valid(value: str) -> bool:
    """Whether a Singapore NRIC or FIN (S, T, F, G or M, seven digits, a letter; upper case) has its check letter."""
    series, digits, check = value[0], value[1:8], value[8]
    total = sum(int(d) * w for d, w in zip(digits, _NRIC_WEIGHTS, strict=True)) + _NRIC_OFFSETS[series]
    return _NRIC_LETTERS[series][total % 11] == check


def pan_valid(value: str) -> bool:
    """Whether an Indian PAN (AAAAA9999A, upper case) names a kind of holder in its fourth letter (python-stdnum)."""
    return bool(stdnum_pan.is_valid(value))


def aadhaar_valid(digits: str) -> bool:
    """Whether 12 digits are an Aadhaar number: never starting 0 or 1, Verhoeff check digit last (python-stdnum)."""
    return bool(stdnum_aadhaar.is_valid(digits))


def dni_valid(value: str) -> bool:
    """Whether a Spanish DNI (8 digits and a letter) or NIE (X, Y or Z, 7 digits, a letter; upper case, no
    separators) has its check letter (python-stdnum)."""
    module = stdnum_nie if value[0] in "XYZ" else stdnum_dni
    return bool(module.is_valid(value))


def codice_fiscale_valid(value: str) -> bool:
    """Whether an Italian codice fiscale (16 characters, upper case) has a birth date and its check character
    (python-stdnum; its 11-digit temporary codes are companies' too, and no shape here reaches them)."""
    return len(value) == 16 and bool(stdnum_codicefiscale.is_valid(value))


_TW_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"  # worth 10, 11, ... 35 in this order


def taiwan_id_valid(value: str) -> bool:
    """Whether a Taiwan national id (a letter, 1 or 2, eight digits; upper case) passes its check: the letter's
    two digits weighted 1 and 9, the nine digits after it 8 down to 1, the last 1, a multiple of 10."""
    code = _TW_LETTERS.index(value[0]) + 10
    digits = [int(c) for c in value[1:]]
    total = code // 10 + (code % 10) * 9 + sum(d * w for d, w in zip(digits[:8], range(8, 0, -1), strict=True))
    return (total + digits[8]) % 10 == 0


def my_number_valid(digits: str) -> bool:
    """Whether 12 digits are a Japanese My Number (individual number) with its check digit (python-stdnum)."""
    return bool(stdnum_my_number.is_valid(digits))


def cpf_valid(digits: str) -> bool:
    """Whether 11 digits are a Brazilian CPF: two mod-11 check digits, not one digit repeated (python-stdnum)."""
    return len(set(digits)) > 1 and bool(stdnum_cpf.is_valid(digits))


def rrn_valid(digits: str) -> bool:
    """Whether 13 digits are a Korean resident registration number: a birth date not in the future, the
    sex-and-century digit and the mod-11 check digit of the numbers issued before October 2020 (python-stdnum)."""
    return bool(stdnum_rrn.is_valid(digits))


# --- where they are -----------------------------------------------------------------------------------------

# Where a number may start, on Shadow.classes: the first digit of a run, then four digits at least, or the shapes
# with shorter groups (an SSN 3-2-4, a CPF 3.3.3-2, a National Insurance number's 2 2 2 and letter, a codice
# fiscale's year, month letter, day and place letter). Letters before the digits are read from the text.
_ANCHOR = re.compile(
    rb"0(?<!00)(?:000|00[ \-.]00[ \-.]0000|00\.000\.000-00|00 000 000[ \-]00|0[ \-]00[ \-]00[ \-]?a"
    rb"|0a[0a][0a]a[0a]{3}a(?![0a]))"
)
_PREFIX_LETTERS = 6  # the codice fiscale's six letters before its year, the most before any first digit

# A codice fiscale's digits after its year may be letters (omocodia; the year's are replaced last, never seen).
_OMO = "[0-9LMNPQRSTUVlmnpqrstuv]"
# Each shape as written, from its first character; a letter or digit on either side makes it part of another word.
_SHAPE = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    rf"(?P<cf>[A-Za-z]{{6}}[0-9]{{2}}[A-Za-z]{_OMO}{{2}}[A-Za-z]{_OMO}{{3}}[A-Za-z])"
    r"|(?P<pan>[A-Za-z]{5}[0-9]{4}[A-Za-z])"
    r"|(?P<nino>[A-Za-z]{2}[ \-]?(?:[0-9]{6}|[0-9]{2}(?P<nino_sep>[ \-])[0-9]{2}(?P=nino_sep)[0-9]{2})[ \-]?[A-Da-d])"
    r"|(?P<hkid>[A-Za-z]{1,2}[0-9]{6}(?: ?\([0-9Aa]\)|[0-9Aa]))"
    r"|(?P<nric>[STFGMstfgm][0-9]{7}[A-Za-z])"
    r"|(?P<nie>[XYZxyz]-?[0-9]{7}-?[A-Za-z])"
    r"|(?P<tw>[A-Za-z][12][0-9]{8})"
    r"|(?P<dni>[0-9]{8}-?[A-Za-z])"
    r"|(?P<rrn>[0-9]{6}-?[0-9]{7})"
    r"|(?P<cpf>[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}|[0-9]{3} [0-9]{3} [0-9]{3}[ \-][0-9]{2}|[0-9]{11})"
    r"|(?P<twelve>[0-9]{4}(?P<twelve_sep>[ \-]?)[0-9]{4}(?P=twelve_sep)[0-9]{4})"
    r"|(?P<ssn>[0-9]{3}(?P<ssn_sep>[ \-.]?)[0-9]{2}(?P=ssn_sep)[0-9]{4})"
    r")(?![0-9A-Za-z])"
)


def _letters_before(text: str, end: int) -> int:
    """The start of the ASCII letters (a few at most) that end at end."""
    start = end
    while start > 0 and end - start < _PREFIX_LETTERS and text[start - 1].isascii() and text[start - 1].isalpha():
        start -= 1
    return start


def _starts(text: str, digit: int) -> Iterator[int]:
    """Where a number whose first digit is at digit may start: there, at the letters right before it, and at the
    letters before a space or dash right before it ("QQ 12 34 56 C", "X-1234567-L")."""
    yield digit
    start = _letters_before(text, digit)
    if start < digit:
        yield start
    if digit >= 2 and text[digit - 1] in " -":
        start = _letters_before(text, digit - 1)
        if start < digit - 1:
            yield start


# --- the words that name them -------------------------------------------------------------------------------

_A = "(?<![A-Za-z])"  # ASCII word edges: \b never fires between Chinese text and a Latin word
_Z = "(?![A-Za-z])"
_SSN_WORDS = re.compile(
    rf"{_A}(?:SSNs?|ssns?|Ssn|SS#|SS ?No\.?|(?i:social(?:[ \-]?security)?|soc\.? ?sec\.?|seguro social)){_Z}"
    r"|(?<![A-Za-z])SS#|社会保障号|社會安全號碼"
)
_NINO_WORDS = re.compile(
    rf"{_A}(?i:national[ \-]?insurance|ni[ \-]?(?:number|no|num|nr)|nino){_Z}|{_A}NI{_Z}|国民保险号|國民保險號碼"
)
_HKID_WORDS = re.compile(rf"{_A}(?i:hkid|hong ?kong id|identity card|id card){_Z}|身份證|身份证|香港身份")
_NRIC_WORDS = re.compile(rf"{_A}(?:(?i:nric|i/c|ic (?:number|no)|identity card)|FIN|(?i:fin (?:number|no))){_Z}")
_PAN_WORDS = re.compile(rf"{_A}(?i:pan|permanent account number){_Z}")
_AADHAAR_WORDS = re.compile(rf"{_A}(?i:aadhaa?r|aadhar|adhaar|adhar|uidai){_Z}|आधार")
_DNI_WORDS = re.compile(
    rf"{_A}(?:DNI|NIE|NIF|D\.N\.I|N\.I\.E|(?i:dni|documento nacional de identidad|n[úu]mero de identidad)){_Z}"
)
_TW_WORDS = re.compile(rf"身分證|身分证|身份證|身份证|統一編號|{_A}(?:ID|Id|id|(?i:national id|taiwan id)){_Z}")
_MY_NUMBER_WORDS = re.compile(rf"マイナンバー|個人番号|{_A}(?:My ?Number|MY ?NUMBER|(?i:my ?number card|mynumber)){_Z}")
_CPF_WORDS = re.compile(rf"{_A}(?i:cpf){_Z}")
_RRN_WORDS = re.compile(rf"주민등록번호|주민번호|{_A}(?:RRN|(?i:resident registration)){_Z}")

# A record's label right before the number (or the word that names it: "order ID"): it is that record's.
_RECORD_BEFORE = re.compile(
    rf"(?:{_A}(?i:order|trade|ticket|invoice|ref|reference|uid|user|account|acct|withdrawal|deposit|tx|txn|txid|"
    r"transaction|transfer|tracking|parcel|shipment|case|request|receipt|serial|confirmation|batch|voucher|session|"
    r"error|err|code|otp|pin|amount|total|balance|fee|price|paid|phone|mobile|tel|wallet|memo|tag|client|customer|"
    rf"member|merchant|device|imei|model|version|build|block|bill|sku|product|item){_Z}"
    r"|订单|訂單|单号|單號|编号|編號|工单|工單|流水|交易|金额|金額|余额|餘額|手机|手機|电话|電話|账号|賬號|帳號|[$€£¥₹])"
    rf"(?:[^0-9A-Za-z]{{0,3}}{_A}(?i:number|no|num|nr|id|is|was|code){_Z})*[^0-9A-Za-z]{{0,4}}\Z"
)
_LABEL_REACH = 24
_CONTEXT_BEFORE = 48  # characters before a number in which the word that names it is looked for
_CONTEXT_AFTER = 24  # ... and after it ("078-05-1120 is my SSN")
_SENTENCE_END = re.compile(r"[\n。！？!?]|\.(?=\s+[A-Z])")
# "Label: value" alone on its line: a form's field, which may name the number in words this module does not know.
_LABEL_COLON = re.compile(r"(?:\A|\n)[ \t]*[^\n:：0-9]{1,32}[:：][ \t]*\Z")
_LINE_REST = re.compile(r"[ \t]*[.;,。；，]?[ \t]*(?:\r?\n|\Z)")


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around text[start:end], within the reach of a word that names a number."""
    lo = max(0, start - _CONTEXT_BEFORE)
    for m in _SENTENCE_END.finditer(text, lo, start):
        lo = m.end()
    hi = min(len(text), end + _CONTEXT_AFTER)
    stop = _SENTENCE_END.search(text, end, hi)
    return lo, stop.start() if stop else hi


def _record(text: str, start: int, lo: int = 0) -> bool:
    """Whether a record's label stands right before start ("order no. ", "UID: "), after lo."""
    return _RECORD_BEFORE.search(text, max(lo, start - _LABEL_REACH), start) is not None


def _named(text: str, start: int, end: int, words: re.Pattern[str]) -> bool:
    """Whether a word of words names the number at text[start:end]: in its sentence, the last such word before
    it with nothing between but words (no digit, no other record's label), and no record's label before the word
    itself ("order ID"); or one right after it, with no digit between."""
    lo, hi = _clause(text, start, end)
    before = None
    for m in words.finditer(text, lo, start):
        before = m
    if before is not None:
        between = text[before.end() : start]
        if (
            not any(c.isdigit() for c in between)
            and not _record(text, start, before.end())
            and not _record(text, before.start())
        ):
            return True
    after = words.search(text, end, hi)
    if after is not None and not any(c.isdigit() for c in text[end : after.start()]):
        return True
    # The number alone on the line after the one that names it ("here is my ssn\n274-69-3937").
    line_start = text.rfind("\n", 0, start) + 1
    if line_start == 0 or text[line_start:start].strip(" \t:：-") or not _LINE_REST.match(text, end):
        return False
    previous = text[max(0, text.rfind("\n", 0, line_start - 1) + 1, line_start - 1 - _CONTEXT_BEFORE) : line_start - 1]
    label = None
    for m in words.finditer(previous):
        label = m
    return label is not None and not previous[label.end() :].strip(" \t:：-.,")


def _on_labelled_line(text: str, start: int, end: int) -> bool:
    """Whether the number stands alone after a label and a colon on its line ("Documento: 12345678Z")."""
    return (
        _LABEL_COLON.search(text, max(0, start - 40), start) is not None
        and _LINE_REST.match(text, end) is not None
        and not _record(text, start)
    )


def _compact(value: str) -> str:
    return "".join(c for c in value if c.isalnum()).upper()


# --- each family: whether a shape's value is one, with its confidence (None: it is not) ---------------------

_Check = Callable[[str, int, int, str], float | None]


# (The word that names a number is looked for before its check is computed: rows of digits are common, the words
# rare, and a check costs more than the look; 1 MB of digit groups spent most of its time in the checks.)


def _ssn(text: str, start: int, end: int, value: str) -> float | None:
    return 0.9 if _named(text, start, end, _SSN_WORDS) and ssn_valid(value) else None


def _twelve(text: str, start: int, end: int, value: str) -> float | None:
    if _named(text, start, end, _AADHAAR_WORDS) and aadhaar_valid(value):
        return 0.9
    if _named(text, start, end, _MY_NUMBER_WORDS) and my_number_valid(value):
        return 0.9
    return None


def _cpf(text: str, start: int, end: int, value: str) -> float | None:
    if "." in text[start:end] and not _record(text, start):
        return 0.9 if cpf_valid(value) else None  # "123.456.789-09": the way a CPF is written
    return 0.9 if _named(text, start, end, _CPF_WORDS) and cpf_valid(value) else None


def _rrn(text: str, start: int, end: int, value: str) -> float | None:
    if "-" in text[start:end] and not _record(text, start):
        return 0.85 if rrn_valid(value) else None  # "900101-1234567": a birth date, the sex digit, the check digit
    return 0.9 if _named(text, start, end, _RRN_WORDS) and rrn_valid(value) else None


def _dni(text: str, start: int, end: int, value: str) -> float | None:
    if not dni_valid(value):
        return None
    if _named(text, start, end, _DNI_WORDS):
        return 0.9
    return 0.8 if "-" not in text[start:end] and _on_labelled_line(text, start, end) else None


def _nric(text: str, start: int, end: int, value: str) -> float | None:
    if not nric_valid(value):
        return None
    return 0.9 if _named(text, start, end, _NRIC_WORDS) or _on_labelled_line(text, start, end) else None


def _pan(text: str, start: int, end: int, value: str) -> float | None:
    return 0.9 if _named(text, start, end, _PAN_WORDS) and pan_valid(value) else None


def _tw(text: str, start: int, end: int, value: str) -> float | None:
    return 0.9 if taiwan_id_valid(value) and _named(text, start, end, _TW_WORDS) else None


def _cf(text: str, start: int, end: int, value: str) -> float | None:
    return 0.9 if codice_fiscale_valid(value) else None


def _hkid(text: str, start: int, end: int, value: str) -> float | None:
    if not hkid_valid(value):
        return None
    if _named(text, start, end, _HKID_WORDS):
        return 0.9
    written = text[start:end]
    # Without a word for it, only as the card prints it, the check digit in brackets ("A123456(3)").
    return 0.85 if written.endswith(")") and written.isupper() and not _record(text, start) else None


def _nino(text: str, start: int, end: int, value: str) -> float | None:
    named = _named(text, start, end, _NINO_WORDS)
    if nino_valid(value, named=named):
        if named:
            return 0.9
        written = text[start:end]
        # Without a word for it, only as HMRC prints it, spaced in pairs ("AB 12 34 56 C").
        if written.isupper() and written.count(" ") == 4 and not _record(text, start):
            return 0.85
    if value[-1] == "A":
        return _hkid(text, start, end, value)  # "AB123456A": two letters, six digits, check digit A
    return None


_FAMILIES: dict[str, _Check] = {
    "cf": _cf,
    "pan": _pan,
    "nino": _nino,
    "hkid": _hkid,
    "nric": _nric,
    "nie": _dni,
    "tw": _tw,
    "dni": _dni,
    "rrn": _rrn,
    "cpf": _cpf,
    "twelve": _twelve,
    "ssn": _ssn,
}


def find_national_ids(text: str, shadow: Shadow) -> list[Span]:
    """National identity numbers (see the module's docstring), each validated by its check and, unless its shape
    says what it is, named by a word beside it."""
    out: list[Span] = []
    last = 0
    for anchor in _ANCHOR.finditer(shadow.classes):
        if anchor.start() < last:
            continue
        for start in _starts(text, anchor.start()):
            m = _SHAPE.match(text, start)
            if m is None:
                continue
            family = next(name for name in _FAMILIES if m.group(name) is not None)
            confidence = _FAMILIES[family](text, m.start(), m.end(), _compact(m.group()))
            if confidence is not None:
                out.append((NATIONAL_ID, m.start(), m.end(), confidence))
                last = m.end()
                break
    return out
