"""Found from outside (a red team's ordinary crypto-exchange support messages, without personal data): phones,
cards and passports flagged in them, and the real ones beside each fix that must still be found.

- Phone words matched inside other words ("cancelled" holds "cell", "Stellar" "tel"), and "call" counted where a
  program calls an API ("when I call POST /api/v3/order at 1688099937823").
- Labels of an exchange's records not read: 流水, "ID de retiro", "Transaction No.", "Convert", "Transfer", P2P,
  camelCase JSON keys ending in "Id" ("ordId", "clOrdId"); a Luhn-valid id with no issued card prefix ("640...")
  read as a card though no card word was near.
- The columns of a table joined into one phone number ("01:25:26  1609256038": the seconds, two spaces, an id).
- Passports: a coin on its network ("TRC20 USDT"), a hex error code ("error 5050bfde"), an error or ticket
  number ("Error 5667072", "Ticket T-17494646"). An agent asking for a passport's photo still asks for its number
  too: a bare number after it is a passport (a customer may type it instead).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from supportrecords.redaction import detect
from supportrecords.redaction.findings import BANK_CARD, PASSPORT, PHONE
from tests.supportrecords.redaction.cards import luhn_complete

_WRONG = frozenset({PHONE, BANK_CARD, PASSPORT})


def _found(text: str, *, home: str | None = None, previous: Sequence[str] = ()) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in detect(text, home=home, previous=previous)]


def _wrong(text: str, *, home: str | None = None, previous: Sequence[str] = ()) -> list[tuple[str, str]]:
    return [(kind, value) for kind, value in _found(text, home=home, previous=previous) if kind in _WRONG]


_UPLOAD = "Hello, to complete verification please upload the photo page of your passport."
_UPLOAD_ZH = "您好，请上传护照首页照片以完成认证。"
_ASKED = "What is your passport number?"


# --- the red team's messages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "home", "previous"),
    [
        # 1. phone words inside other words, "call" of an API
        ("Cancelled: 66417152 SHIB returned to spot.", "US", ()),
        ("Order cancelled at block 20903664, please refund.", "US", ()),
        (
            'Getting this error from the API: {"code":-2015,"msg":"Invalid Sign"} when I call POST /api/v3/order '
            "at 1688099937823",
            "DE",
            (),
        ),
        (
            "My portfolio: Solana 235,818; Injective 1087.2032; Sui 32930; Dogecoin 23792; Litecoin 400,251; "
            "Stellar 89,567; Aptos 2512.5605; Polygon 2134.2; Arbitrum 3450.48",
            "KR",
            (),
        ),
        # 2. labels of an exchange's records
        ("流水：13220664426，金额704,328，2023/3/8，一直显示处理中", "TR", ()),
        ("Mi retiro de 32772 SOL sigue pendiente, ID de retiro 13720856922. ¿Qué pasa?", "TR", ()),
        ("Transaction No.：8157302597888081791，金额1845.11，2023年8月6日，一直显示处理中", "TR", ()),
        ('Response: {"code":"10001","data":[{"ordId":"640636326879959884","clOrdId":"bot529419"}]}', "CN", ()),
        (
            "以下记录有问题：\n- Convert 2676165016 | 142.25 USDT | Feb 3, 2023\n- Transfer 795513136530481140 | "
            "21318 FDUSD | 6.09.2025\n- Convert 4299290419534035709 | 262,683 OP | Aug 7, 2025",
            "RU",
            (),
        ),
        # 3. a table row
        ("2023-09-01 01:25:26  1609256038  MATIC/USDT  BUY  8453", "US", ()),
        # 4. passports
        (
            "I already did that yesterday. Can you check my deposit instead? 911,121 USDT via TRC20 USDT, sent at "
            "23:05:56.",
            "KR",
            (_UPLOAD,),
        ),
        ("I did it already, the screen shows error 5050bfde", "CN", (_UPLOAD_ZH,)),
        ("Passport check stuck at 40% for 7 days now. Error 5667072.", "BR", ()),
        ("Mein Reisepass wurde abgelehnt, bitte prüfen. Ticket T-17494646", "US", ()),
    ],
)
def test_an_ordinary_support_message_holds_no_phone_card_or_passport(
    text: str, home: str, previous: tuple[str, ...]
) -> None:
    assert _wrong(text, home=home, previous=previous) == []


@pytest.mark.parametrize(
    "text",
    [
        "I already did that. 911,121 USDT via TRC20 USDT, sent at 23:05:56.",
        "I did it already, the screen shows error 5050bfde",
        "the app says error 5667072",
    ],
)
def test_a_coin_network_or_error_code_is_no_passport_even_after_the_number_was_asked(text: str) -> None:
    assert _wrong(text, previous=[_ASKED]) == []


# --- 1. phone words are whole words; "call" of a person ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("call me on 07911127116", "07911127116"),
        ("please call 07911127116", "07911127116"),
        ("give me a call at 07911127116 tomorrow", "07911127116"),
        ("Tel 07911127116", "07911127116"),
        ("tel: 07911127116", "07911127116"),
        ("my cell is 07911127116", "07911127116"),
        ("Cell: 07911127116", "07911127116"),
        ("cellphone 07911127116", "07911127116"),
        ("mobile 07911127116", "07911127116"),
        ('{"mobileNo":"07911127116"}', "07911127116"),
        ("at 10:30:15 call me on 07911 127116", "07911 127116"),
        ("please call me on 020 7946 0958", "020 7946 0958"),
    ],
)
def test_a_phone_after_a_phone_word_is_still_found(text: str, number: str) -> None:
    assert _found(text, home="GB") == [(PHONE, number)]


def test_a_dotted_number_after_a_phone_word_is_still_read_in_the_customers_region() -> None:
    assert _found("Tel 2512.5605", home="KR") == [(PHONE, "2512.5605")]
    assert _found("Stellar 2512.5605", home="KR") == []


# --- 2. labels and card prefixes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "length"),
    [("4", 16), ("51", 16), ("2221", 16), ("34", 15), ("6011", 16), ("65", 16), ("62", 19), ("3530", 16)],
)
def test_a_card_with_an_issued_prefix_is_found_without_a_card_word(prefix: str, length: int) -> None:
    card = luhn_complete(prefix, length, random.Random(prefix))  # noqa: S311 - test data
    assert _found(f"{card} was charged twice yesterday") == [(BANK_CARD, card)]


@pytest.mark.parametrize("prefix", ["640", "61", "66", "69", "56"])
@pytest.mark.parametrize("said", ["卡号 {v}", "my card {v} was charged", "Karte {v}", "tarjeta {v}", "carte {v}"])
def test_a_number_without_an_issued_prefix_is_a_card_where_the_text_says_so(prefix: str, said: str) -> None:
    card = luhn_complete(prefix, 16, random.Random(prefix))  # noqa: S311 - test data
    assert _found(said.format(v=card)) == [(BANK_CARD, card)]
    assert _wrong(f"{card} is still pending") == []


def test_a_card_or_phone_key_in_json_is_no_id_label() -> None:
    card = luhn_complete("4", 16, random.Random(7))  # noqa: S311 - test data
    assert _found(f'{{"cardNo":"{card}"}}') == [(BANK_CARD, card)]
    assert _found('{"phoneNo":"07911127116"}', home="GB") == [(PHONE, "07911127116")]


# --- 3. columns of a table ------------------------------------------------------------------------------------


def test_numbers_one_space_apart_still_join_into_a_phone() -> None:
    assert _found("电话 138 1234 5678") == [(PHONE, "138 1234 5678")]
    assert _found("call me 020 7946 0958") == [(PHONE, "020 7946 0958")]


# --- 4. passports ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "value"),
    [("E12345678", "E12345678"), ("It's C2M6LM6V0", "C2M6LM6V0"), ("CMLH 63NZF", "CMLH 63NZF")],
)
def test_a_passport_answering_the_question_is_still_found(answer: str, value: str) -> None:
    assert _found(answer, previous=[_ASKED]) == [(PASSPORT, value)]
    asked_both = "Please upload a photo of your passport and type its number here."
    assert _found(answer, previous=[asked_both]) == [(PASSPORT, value)]


def test_a_passport_named_in_the_text_is_still_found_after_a_photo_request() -> None:
    assert _found("my passport number is E12345678", previous=[_UPLOAD]) == [(PASSPORT, "E12345678")]


@pytest.mark.parametrize("request_", [_UPLOAD, _UPLOAD_ZH])
def test_a_passport_typed_instead_of_its_photo_is_found(request_: str) -> None:
    assert _found("E12345678", previous=[request_]) == [(PASSPORT, "E12345678")]


# --- generated: random ids and timestamps in the labels above --------------------------------------------------

_HOMES = ["US", "GB", "DE", "TR", "CN", "KR", "BR", "RU", "JP", "IN", "SG", "FR"]
_COINS = ["SHIB", "SOL", "USDT", "BNB", "TRX", "DOGE", "OP", "ARB"]
_NETWORKS = ["TRC20", "ERC20", "BEP20", "ERC-20", "SPL"]
_JSON_KEYS = ["ordId", "billId", "posId", "algoId", "clOrdId", "orderId", "tradeId", "tranId", "orderNo"]
_PHONE_TEMPLATES = [
    "Cancelled: {n} {coin} returned to spot.",
    "Order cancelled at block {n}, please refund.",
    "Excellent, cancelled {n} at last",
    'Getting this error from the API: {{"code":-2015,"msg":"Invalid Sign"}} when I call POST /api/v3/order at {ms}',
    "each API call to /sapi/v1/capital/withdraw/apply at {ms} returns 500",
    "My portfolio: Stellar {amount}; Aptos {amount}; Hotel {amount}; Polygon {amount}",
    "流水：{id}，金额{amount}，2023/3/8，一直显示处理中",
    "流水号 {id} 一直显示处理中",
    "Mi retiro de {small} SOL sigue pendiente, ID de retiro {id}. ¿Qué pasa?",
    "Meu saque {id} ainda está pendente",
    "Transaction No.：{id}，金额{amount}，2023年8月6日，一直显示处理中",
    "Transaction No. {id} still processing",
    'Response: {{"code":"10001","data":[{{"{key}":"{id}","clOrdId":"bot{small}"}}]}}',
    "以下记录有问题：\n- Convert {id} | {amount} USDT | Feb 3, 2023\n- Transfer {id} | {amount} FDUSD | 6.09.2025",
    "P2P order {id} still not released",
    "P2P {id}: seller did not release",
    "{date} {time}  {n}  MATIC/USDT  BUY  {small}",
    "{date} {time} {n} MATIC/USDT BUY {small}",
]
_PASSPORT_TEMPLATES = [
    ("I already did that yesterday. Can you check my deposit instead? {amount} USDT via {network} USDT.", None),
    ("I did it already, the screen shows error {hex}", None),
    ("Passport check stuck at {small}% for 7 days now. Error {id7}.", ""),
    ("Mein Reisepass wurde abgelehnt, bitte prüfen. Ticket T-{id7}", ""),
    ("护照认证失败，错误 {id7}", ""),
    ("护照审核中，工单 {id7}", ""),
    ("passport rejected again, ref {id7}", ""),
    ("done. now the app says ERROR {id7}", None),
]


def _id(rng: random.Random) -> str:
    """An exchange's id: random digits, a mobile's shape, a Luhn-valid number with a card's prefix or none."""
    shape = rng.randrange(4)
    if shape == 0:
        return str(rng.randint(10**6, 10**19 - 1))
    if shape == 1:
        return f"1{rng.choice('3456789')}{rng.randint(0, 10**9 - 1):09d}"
    prefix = rng.choice(["4", "51", "62", "640", "61", "81", "79"])
    return luhn_complete(prefix, rng.choice([16, 18, 19]), rng)


def _generated(seed: int, count: int) -> list[tuple[str, str, tuple[str, ...]]]:
    """count ordinary messages as (text, home, previous turns)."""
    rng = random.Random(seed)  # noqa: S311 - test data
    cases: list[tuple[str, str, tuple[str, ...]]] = []
    for _ in range(count):
        values = {
            "id": _id(rng),
            "id7": str(rng.randint(10**6, 10**9 - 1)),
            "n": str(rng.randint(10**6, 10**10 - 1)),
            "ms": str(rng.randint(1_500_000_000_000, 1_760_000_000_000)),
            "amount": f"{rng.randint(1, 99999)}.{rng.randint(1, 9999)}",
            "small": str(rng.randint(1, 99)),
            "coin": rng.choice(_COINS),
            "network": rng.choice(_NETWORKS),
            "key": rng.choice(_JSON_KEYS),
            "hex": "".join(rng.choice("0123456789abcdef") for _ in range(8)),
            "date": f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "time": f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
        }
        home = rng.choice(_HOMES)
        if rng.random() < 0.6:
            cases.append((rng.choice(_PHONE_TEMPLATES).format(**values), home, ()))
            continue
        template, previous = rng.choice(_PASSPORT_TEMPLATES)
        if previous is None:
            previous = rng.choice([_UPLOAD, _UPLOAD_ZH, _ASKED])
        cases.append((template.format(**values), home, (previous,) if previous else ()))
    return cases


@pytest.mark.parametrize("seed", range(4))
def test_generated_ids_in_labelled_messages_hold_no_phone_card_or_passport(seed: int) -> None:
    flagged = [
        (text, wrong)
        for text, home, previous in _generated(seed, 100)
        if (wrong := _wrong(text, home=home, previous=previous))
    ]
    assert flagged == [], flagged[:5]
