"""National identity numbers other than China's resident id (found stored unmasked by an attacker): each format
found with a valid check beside the word that names it, refused with one digit changed, and look-alikes (orders,
amounts, dates, phones, hex, transaction ids, addresses, UIDs) never taken for one."""

from __future__ import annotations

import random
from collections.abc import Callable

import phonenumbers
import pytest

from supportrecords.redaction import detect, mask
from supportrecords.redaction import national_ids as ni
from supportrecords.redaction.findings import NATIONAL_ID, PHONE
from tests.supportrecords.redaction import national_id_values as gen

SEEDS = range(40)


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in detect(text)]


def _ids(text: str) -> list[str]:
    return [value for kind, value in _found(text) if kind == NATIONAL_ID]


# --- the checks against published examples ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "valid", "invalid"),
    [
        (ni.hkid_valid, "A1234563", "A1234567"),  # HKID A123456(3)
        (ni.hkid_valid, "AB9876543", "AB9876542"),
        (ni.nric_valid, "S1234567D", "S1234567A"),
        (ni.nric_valid, "M1234567K", "M1234567L"),
        (ni.codice_fiscale_valid, "RSSMRA85T10A562S", "RSSMRA85T10A562T"),
        (ni.taiwan_id_valid, "A123456789", "A123456788"),
        (ni.dni_valid, "12345678Z", "12345678A"),
        (ni.dni_valid, "X1234567L", "X1234567T"),
        (ni.cpf_valid, "12345678909", "12345678908"),
        (ni.my_number_valid, "123456789018", "123456789017"),
        (ni.aadhaar_valid, "234123412346", "234123412347"),
        (ni.ssn_valid, "078051120", "666051120"),
    ],
)
def test_each_check_passes_its_published_example(check: Callable[[str], bool], valid: str, invalid: str) -> None:
    assert check(valid)
    assert not check(invalid)


def test_ssn_refuses_the_ranges_never_issued() -> None:
    for digits in ("000123456", "666123456", "900123456", "987654321", "123001234", "123450000"):
        assert not ni.ssn_valid(digits), digits


def test_nino_refuses_the_prefixes_never_issued_and_takes_qq_only_when_named() -> None:
    for value in ("DA123456A", "FA123456A", "AO123456A", "BG123456A", "GB123456A", "ZZ123456A", "AB123456E"):
        assert not ni.nino_valid(value, named=True), value
    assert ni.nino_valid("QQ123456C", named=True)
    assert not ni.nino_valid("QQ123456C", named=False)


# --- the attacker's examples ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my SSN is 078-05-1120", "078-05-1120"),
        ("SSN 078051120", "078051120"),
        ("social security number: 078 05 1120", "078 05 1120"),
        ("my national insurance number is QQ 12 34 56 C", "QQ 12 34 56 C"),
        ("NINO: AB123456C", "AB123456C"),
        ("HKID A123456(3)", "A123456(3)"),
        ("香港身份證 AB987654(3)", "AB987654(3)"),
        ("NRIC S1234567D", "S1234567D"),
        ("PAN ABCPE1234F", "ABCPE1234F"),
        ("DNI 12345678Z", "12345678Z"),
        ("NIE X1234567L", "X1234567L"),
        ("RSSMRA85T10A562S", "RSSMRA85T10A562S"),
        ("身分證 A123456789", "A123456789"),
        ("マイナンバー 1234 5678 9018", "1234 5678 9018"),
        ("123.456.789-09", "123.456.789-09"),
        ("CPF 12345678909", "12345678909"),
    ],
)
def test_the_examples_are_national_ids(text: str, value: str) -> None:
    assert _found(text) == [(NATIONAL_ID, value)]


def test_hkid_examples_with_a_wrong_check_digit_are_not_found() -> None:
    # "A123456(7)" and "Y123456(A)" fail the mod-11 check (A123456's digit is 3, Y123456's is 9).
    assert _ids("HKID A123456(7)") == []
    assert _ids("HKID Y123456(A)") == []
    assert _ids("HKID Y123456(9)") == ["Y123456(9)"]


# --- generated values in sentences, and the same with one digit changed ----------------------------------

Written = Callable[[str, random.Random], str]


def _as_is(value: str, rng: random.Random) -> str:
    return value


def _ssn_written(value: str, rng: random.Random) -> str:
    sep = rng.choice(["-", " ", ""])
    return sep.join((value[:3], value[3:5], value[5:]))


def _in_fours(value: str, rng: random.Random) -> str:
    sep = rng.choice([" ", "-", ""])
    return sep.join(value[i : i + 4] for i in range(0, 12, 4))


def _nino_written(value: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return value
    return " ".join((value[:2], value[2:4], value[4:6], value[6:8], value[8]))


def _hkid_written(value: str, rng: random.Random) -> str:
    return rng.choice([f"{value[:-1]}({value[-1]})", f"{value[:-1]} ({value[-1]})", value])


def _cpf_written(value: str, rng: random.Random) -> str:
    return rng.choice([f"{value[:3]}.{value[3:6]}.{value[6:9]}-{value[9:]}", value])


def _rrn_written(value: str, rng: random.Random) -> str:
    return rng.choice([f"{value[:6]}-{value[6:]}", value])


FORMATS: dict[str, tuple[Callable[[random.Random], str], Written, list[str]]] = {
    "ssn": (gen.ssn, _ssn_written, ["my SSN is {v}", "Social Security number: {v} thanks", "SSN# {v}"]),
    "nino": (
        gen.nino,
        _nino_written,
        ["my national insurance number is {v}", "NINO: {v}", "NI number {v}, please update"],
    ),
    "hkid": (gen.hkid, _hkid_written, ["HKID {v}", "香港身份證 {v}", "my identity card is {v}", "身份证号码：{v}"]),
    "hkid2": (lambda rng: gen.hkid(rng, 2), _hkid_written, ["HKID: {v}", "身份證 {v}"]),
    "nric": (gen.nric, _as_is, ["NRIC {v}", "my FIN is {v}", "IC number: {v}", "Name: Tan Wei\nID: {v}"]),
    "pan": (gen.pan, _as_is, ["PAN {v}", "my PAN card number is {v}", "permanent account number {v}"]),
    "aadhaar": (gen.aadhaar, _in_fours, ["Aadhaar {v}", "my aadhar number is {v}", "आधार संख्या {v}"]),
    "dni": (gen.dni, _as_is, ["DNI {v}", "mi DNI es {v}", "NIF: {v}", "Documento: {v}"]),
    "nie": (gen.nie, _as_is, ["NIE {v}", "mi NIE es {v}"]),
    "cf": (gen.codice_fiscale, _as_is, ["codice fiscale {v}", "{v}", "il mio CF è {v}, grazie"]),
    "tw": (gen.taiwan_id, _as_is, ["身分證 {v}", "我的身分证字号是{v}", "ID: {v}"]),
    "my_number": (gen.my_number, _in_fours, ["マイナンバー {v}", "個人番号：{v}", "My Number card: {v}"]),
    "cpf": (gen.cpf, _cpf_written, ["CPF {v}", "meu CPF é {v}"]),
    "rrn": (gen.rrn, _rrn_written, ["주민등록번호 {v}", "resident registration number {v}"]),
}


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("seed", SEEDS)
def test_a_generated_value_beside_its_word_is_a_national_id(name: str, seed: int) -> None:
    rng = random.Random(f"{name}-{seed}")
    make, written, templates = FORMATS[name]
    value = written(make(rng), rng)
    text = rng.choice(templates).format(v=value)
    assert _found(text) == [(NATIONAL_ID, value)], text


# Checks that catch every change of one digit (Verhoeff, mod 11 with weights prime to 11, mod 23); the others
# (mod 10 with even weights, mod 11 read mod 10, mod 26) have their check character changed.
EVERY_DIGIT = frozenset({"aadhaar", "hkid", "hkid2", "nric", "dni", "nie", "cpf"})
UNCHECKED = frozenset({"ssn", "pan", "nino"})


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("seed", SEEDS)
def test_one_digit_changed_is_no_national_id(name: str, seed: int) -> None:
    rng = random.Random(f"{name}-changed-{seed}")
    make, written, templates = FORMATS[name]
    value = make(rng)
    if name in UNCHECKED:
        changed = gen.never_issued(name, value, rng)
    else:
        changed = gen.one_changed(value, rng, check_only=name not in EVERY_DIGIT)
    for template in templates:
        text = template.format(v=written(changed, rng))
        assert _ids(text) == [], text


# Written alone, with no word for them: only the shapes nothing else has.
ALONE: dict[str, tuple[Callable[[random.Random], str], Written, bool]] = {
    "ssn": (gen.ssn, _ssn_written, False),
    "aadhaar": (gen.aadhaar, _in_fours, False),
    "my_number": (gen.my_number, _in_fours, False),
    "pan": (gen.pan, _as_is, False),
    "tw": (gen.taiwan_id, _as_is, False),
    "nric": (gen.nric, _as_is, False),
    "dni": (gen.dni, _as_is, False),
    "nino_compact": (gen.nino, _as_is, False),
    "hkid_unbracketed": (gen.hkid, _as_is, False),
    "cpf_bare": (gen.cpf, _as_is, False),
    "rrn_bare": (gen.rrn, _as_is, False),
    "nino_spaced": (gen.nino, lambda v, r: " ".join((v[:2], v[2:4], v[4:6], v[6:8], v[8])), True),
    "hkid_bracketed": (gen.hkid, lambda v, r: f"{v[:-1]}({v[-1]})", True),
    "cpf_dotted": (gen.cpf, lambda v, r: f"{v[:3]}.{v[3:6]}.{v[6:9]}-{v[9:]}", True),
    "rrn_dashed": (gen.rrn, lambda v, r: f"{v[:6]}-{v[6:]}", True),
    "cf": (gen.codice_fiscale, _as_is, True),
}


@pytest.mark.parametrize("name", sorted(ALONE))
@pytest.mark.parametrize("seed", range(10))
def test_without_its_word_only_an_unmistakable_shape_is_found(name: str, seed: int) -> None:
    rng = random.Random(f"alone-{name}-{seed}")
    make, written, found = ALONE[name]
    value = written(make(rng), rng)
    text = f"please check {value} for me"
    assert _ids(text) == ([value] if found else []), text


def test_aadhaar_and_korean_resident_numbers_are_national_ids_not_phones() -> None:
    rng = random.Random(5)
    for _ in range(30):
        aadhaar = _in_fours(gen.aadhaar(rng), rng)
        assert _found(f"my Aadhaar number is {aadhaar}") == [(NATIONAL_ID, aadhaar)]
        rrn = _rrn_written(gen.rrn(rng), rng)
        assert _found(f"주민등록번호 {rrn}") == [(NATIONAL_ID, rrn)]
    aadhaar = _in_fours(gen.aadhaar(rng), rng)
    text = f"Aadhaar: {aadhaar}, phone +91 98765 43210"
    assert _found(text) == [(NATIONAL_ID, aadhaar), (PHONE, "+91 98765 43210")]


def test_a_record_label_makes_the_number_that_records() -> None:
    assert _ids("order ID A123456789") == []
    assert _ids("order 900101-1234568 shipped") == []
    assert _ids("Ticket: S1234567D") == []
    assert _ids("SSN check failed, error 078-05-1120") == []


def test_the_word_must_be_in_the_same_sentence() -> None:
    assert _ids("I forgot my SSN. Order 078-05-1120 arrived.") == []
    assert _ids("Aadhaar verified!\nCall 2345 6789 0124") == []


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("078-05-1120", "07*-**-**20"),
        ("QQ 12 34 56 C", "QQ ** ** *6 C"),
        ("A123456(3)", "A1****6(3)"),
        ("RSSMRA85T10A562S", "RS************2S"),
        ("123.456.789-09", "12*.***.***-09"),
    ],
)
def test_mask_keeps_two_characters_each_end_and_the_separators(value: str, masked: str) -> None:
    assert mask(NATIONAL_ID, value) == masked


# --- look-alikes ------------------------------------------------------------------------------------------


def _look_alikes(rng: random.Random) -> list[str]:
    digits = "0123456789"
    hexdigits = "0123456789abcdef"

    def run(n: int) -> str:
        return "".join(rng.choice(digits) for _ in range(n))

    phone_regions = ["US", "GB", "IN", "JP", "KR", "BR", "ES", "IT", "HK", "SG", "TW", "CN", "DE"]
    region = rng.choice(phone_regions)
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    national = str(example.national_number)
    number = phonenumbers.parse(national[:3] + run(len(national) - 3), region)
    phone = phonenumbers.format_number(number, rng.choice(list(phonenumbers.PhoneNumberFormat.__dict__.values())[:3]))
    year, month, day = rng.randrange(1990, 2030), rng.randrange(1, 13), rng.randrange(1, 29)
    return [
        f"order {run(9)} is stuck",
        f"Order No. {run(12)} was cancelled",
        f"order {run(3)}-{run(2)}-{run(4)} pending",
        f"my order {run(6)}-{run(7)} has not arrived",
        f"UID{run(8)}",
        f"UID {run(9)}",
        f"user id {run(11)}",
        f"I paid {run(3)}.{run(3)}.{run(3)},{run(2)} IDR",
        f"the total was {run(3)} {run(3)} {run(3)}",
        f"withdrawal {run(12)} failed",
        f"on {year}-{month:02d}-{day:02d} at {run(2)}:{run(2)}",
        f"{day:02d}-{month:02d}-{year} {run(4)}",
        f"call me on {phone}",
        f"my number is {run(12)}",
        f"my number is {run(4)} {run(4)} {run(4)}",
        f"error 0x{''.join(rng.choice(hexdigits) for _ in range(rng.choice([8, 16, 40])))}",
        f"txid {''.join(rng.choice(hexdigits) for _ in range(64))}",
        f"hash {''.join(rng.choice(hexdigits + 'ABCDEF') for _ in range(16))}",
        f"send to 0x{''.join(rng.choice(hexdigits) for _ in range(40))}",
        f"code {''.join(rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ') for _ in range(rng.randrange(1, 3)))}{run(8)}",
        f"ref {''.join(rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ') for _ in range(5))}{run(4)}X",
        f"tracking {run(8)}{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}",
        f"{run(13)} ms",
        f"build {run(2)}.{run(2)}.{run(4)}",
    ]


@pytest.mark.parametrize("seed", range(60))
def test_generated_look_alikes_are_no_national_ids(seed: int) -> None:
    rng = random.Random(f"look-alike-{seed}")
    for text in _look_alikes(rng):
        assert _ids(text) == [], text


def test_look_alikes_from_the_brief_are_no_national_ids() -> None:
    for text in [
        "UID17000000",
        "UID 17000000",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        "TN9hBqg5m4Pbr2ZqPSG6RyMwThf8aaAaAT",
        "price 123.456.789 per unit",
        "my number is +44 7911 123456",
        "My order 20240512-88317 was filled",
    ]:
        assert _ids(text) == [], text


# --- stored text --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_national_id_is_recorded_and_masked_on_staff_screens() -> None:
    from supportrecords.scanning import text_masked, text_scan

    text = "Hi, my SSN is 078-05-1120 and my HKID is A123456(3)."
    scanned = text_scan(text)
    assert scanned.text == text  # personal data stays in the (encrypted) stored text
    assert [f[0] for f in scanned.findings] == [NATIONAL_ID, NATIONAL_ID]
    assert text_masked(scanned.text, scanned.findings) == "Hi, my SSN is 07*-**-**20 and my HKID is A1****6(3)."


@pytest.mark.parametrize(
    "template",
    [
        "here is my ssn\n{ssn_dashed}",
        "SSN is {ssn_dotted}",
        "SS# {ssn}",
        "my social is {ssn_spaced}",
        "CPF {cpf_spaced}",
    ],
)
def test_the_attackers_second_round_of_id_layouts(template: str) -> None:
    """Each of these was stored unmasked (no finding, or a phone): dots and spaces between groups, "SS#", "my
    social", the label on the line before."""
    rng = random.Random(template)
    for _ in range(30):
        ssn, cpf = gen.ssn(rng), gen.cpf(rng)
        text = template.format(
            ssn=ssn,
            ssn_dashed=f"{ssn[:3]}-{ssn[3:5]}-{ssn[5:]}",
            ssn_dotted=f"{ssn[:3]}.{ssn[3:5]}.{ssn[5:]}",
            ssn_spaced=f"{ssn[:3]} {ssn[3:5]} {ssn[5:]}",
            cpf_spaced=f"{cpf[:3]} {cpf[3:6]} {cpf[6:9]} {cpf[9:]}",
        )
        assert "national_id" in [f.kind for f in detect(text)], text


@pytest.mark.parametrize("text", ["order number\n600-96-0775", "social media campaign 2024 budget 545.67.3033"])
def test_a_label_of_another_record_on_the_line_before_names_no_ssn(text: str) -> None:
    assert "national_id" not in [f.kind for f in detect(text)]
