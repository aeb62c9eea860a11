"""Rebuild the labelled chat corpus, deterministically.

Run: python tests/supportrecords/redaction/chat_corpus/build.py
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3]))
sys.path.insert(0, str(HERE))

import phonenumbers  # noqa: E402
from chat_lines import CHINESE, ENGLISH  # type: ignore[import-not-found]  # noqa: E402 - a script beside it
from mnemonic import Mnemonic  # noqa: E402

from supportrecords.redaction.checksums import (  # noqa: E402
    b58check_encode,
    eip55_checksum,
    iso7064_mod11_2,
    luhn_valid,
    segwit_encode,
)
from tests.supportrecords.redaction import national_id_values  # noqa: E402

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

rng = random.Random(20240512)  # noqa: S311 - test data, not cryptography


def rand_bytes(n: int) -> bytes:
    return bytes(rng.randrange(256) for _ in range(n))


def rand_key() -> bytes:
    while True:
        key = rand_bytes(32)
        if 0 < int.from_bytes(key, "big") < SECP256K1_N:
            return key


# --- values -------------------------------------------------------------------------------------------------


def mnemonic_words(lang: str, words: int = 12) -> list[str]:
    return Mnemonic(lang).to_mnemonic(rand_bytes(words * 4 // 3)).split(" ")


def misspell(word: str) -> str:
    i = rng.randrange(1, len(word))
    letters = "abcdefghijklmnopqrstuvwxyz".replace(word[i], "")
    return word[:i] + rng.choice(letters) + word[i + 1 :]


def seed_en() -> str:
    words = mnemonic_words("english", rng.choice([12, 12, 12, 24, 18]))
    style = rng.randrange(11)
    if style == 0:
        return " ".join(f"{i}. {w}" for i, w in enumerate(words, 1))
    if style == 1:
        return " ".join(f"{i}) {w}" for i, w in enumerate(words, 1))
    if style == 2:
        return " ".join(f"#{i} {w}" for i, w in enumerate(words, 1))
    if style == 3:
        return ", ".join(words)
    if style == 4:
        return "\n".join(words)
    if style == 5:
        return " ".join(w.capitalize() for w in words)
    if style == 6:
        i = rng.randrange(len(words))
        words[i] = misspell(words[i])
        return " ".join(words)
    if style == 7:
        return " ".join(w[:4] for w in words)
    if style == 8:
        del words[rng.randrange(len(words))]
        return " ".join(words)
    if style == 9:
        words[rng.randrange(len(words))] = rng.choice(["bitcoin", "xyz", "qwerty", "metamask", "ok"])
        return " ".join(words)
    return " ".join(w.upper() for w in words) if rng.random() < 0.3 else " ".join(words)


def seed_zh() -> str:
    lang = rng.choice(["chinese_simplified", "chinese_simplified", "chinese_traditional"])
    words = mnemonic_words(lang, rng.choice([12, 12, 24]))
    style = rng.randrange(5)
    if style == 0:
        return " ".join(words)
    if style == 1:
        return "，".join(words)
    if style == 2:
        return "、".join(words)
    if style == 3:
        return " ".join(f"{i}.{w}" for i, w in enumerate(words, 1))
    return "".join(words)  # contiguous: only flagged next to a context word or alone on a line


def seed_other() -> str:
    lang = rng.choice(["japanese", "spanish", "french", "italian", "korean", "portuguese", "czech"])
    words = mnemonic_words(lang, 12)
    return ("\u3000" if lang == "japanese" else " ").join(words)


def hex_key() -> str:
    value = rand_key().hex()
    return rng.choice(["", "0x"]) + (value.upper() if rng.random() < 0.2 else value)


def wif() -> str:
    prefix = rng.choice([b"\x80", b"\x80", b"\xef"])
    suffix = rng.choice([b"", b"\x01"])
    return b58check_encode(prefix + rand_key() + suffix)


EXTENDED_PRV = {"xprv": "0488ade4", "yprv": "049d7878", "zprv": "04b2430c", "tprv": "04358394"}
EXTENDED_PUB = {"xpub": "0488b21e", "zpub": "04b24746"}


def extended_prv() -> str:
    version = bytes.fromhex(rng.choice(list(EXTENDED_PRV.values())))
    depth = rng.choice([0, 3])
    fingerprint = rand_bytes(4) if depth else b"\x00" * 4
    index = rand_bytes(4) if depth else b"\x00" * 4
    return b58check_encode(version + bytes([depth]) + fingerprint + index + rand_bytes(32) + b"\x00" + rand_key())


def extended_pub() -> str:
    # 02 || x with x = generator's x coordinate (a valid point) keeps this simple without EC maths.
    gx = bytes.fromhex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")
    version = bytes.fromhex(rng.choice(list(EXTENDED_PUB.values())))
    return b58check_encode(version + bytes([3]) + rand_bytes(8) + rand_bytes(32) + b"\x02" + gx)


def seed_hex() -> str:
    return rand_bytes(64).hex()


def btc_address() -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return b58check_encode(b"\x00" + rand_bytes(20))
    if kind == 1:
        return b58check_encode(b"\x05" + rand_bytes(20))
    if kind == 2:
        return segwit_encode("bc", version=0, program=rand_bytes(20))
    if kind == 3:
        return segwit_encode("bc", version=0, program=rand_bytes(32))
    if kind == 4:
        return segwit_encode("bc", version=1, program=rand_bytes(32))
    return segwit_encode("tb", version=0, program=rand_bytes(20))


def eth_address() -> str:
    raw = rand_bytes(20).hex()
    return "0x" + (eip55_checksum(raw) if rng.random() < 0.7 else raw)


def tron_address() -> str:
    return b58check_encode(b"\x41" + rand_bytes(20))


def address() -> str:
    return rng.choice([btc_address, btc_address, eth_address, eth_address, tron_address, extended_pub])()


def tx_hash() -> str:
    value = rand_bytes(32).hex()
    return "0x" + value if rng.random() < 0.3 else value


FIRST = [
    "john",
    "mary",
    "li.wei",
    "zhang_san",
    "alex",
    "maria.garcia",
    "wang88",
    "chen.jing",
    "sam",
    "olivia",
]
DOMAINS = ["gmail.com", "qq.com", "163.com", "outlook.com", "yahoo.co.uk", "proton.me", "example-corp.de"]


def email() -> str:
    return f"{rng.choice(FIRST)}{rng.choice(['', str(rng.randrange(100))])}@{rng.choice(DOMAINS)}"


def phone() -> str:
    region = rng.choice(["CN", "CN", "CN", "US", "GB", "DE", "TR", "HK", "SG", "FR"])
    while True:
        example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        assert example is not None
        national = str(example.national_number)
        digits = national[:3] + "".join(str(rng.randrange(10)) for _ in national[3:])
        number = phonenumbers.parse(digits, region)
        if phonenumbers.is_valid_number(number):
            break
    fmt = rng.choice(
        [phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.E164]
        + [phonenumbers.PhoneNumberFormat.NATIONAL] * 2
    )
    if region == "CN" and rng.random() < 0.5:
        return digits  # Chinese mobiles are mostly written as 11 bare digits
    return phonenumbers.format_number(number, fmt)


REGIONS = ["110101", "310104", "440305", "330106", "510107", "420111", "320102", "370202"]


def cn_id() -> str:
    year = rng.randrange(1950, 2005)
    month = rng.randrange(1, 13)
    day = rng.randrange(1, 29)
    body = f"{rng.choice(REGIONS)}{year:04d}{month:02d}{day:02d}{rng.randrange(1000):03d}"
    return body + iso7064_mod11_2(body)


def luhn_complete(prefix: str, length: int) -> str:
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    for last in "0123456789":
        if luhn_valid(body + last):
            return body + last
    raise AssertionError("unreachable")


def bank_card() -> str:
    prefix, length = rng.choice([("4", 16), ("51", 16), ("55", 16), ("62", 16), ("62", 19), ("37", 15), ("6011", 16)])
    number = luhn_complete(prefix + "".join(str(rng.randrange(10)) for _ in range(4 - len(prefix))), length)
    style = rng.randrange(3)
    if style == 0 or length != 16:
        return number
    sep = " " if style == 1 else "-"
    return sep.join(number[i : i + 4] for i in range(0, 16, 4))


IBAN_FORMATS = {"DE": (18, "n"), "GB": (18, "4a14n"), "FR": (23, "n"), "NL": (14, "4a10n"), "ES": (20, "n")}


def iban() -> str:
    country = rng.choice(list(IBAN_FORMATS))
    length, shape = IBAN_FORMATS[country]
    if shape == "n":
        bban = "".join(str(rng.randrange(10)) for _ in range(length))
    else:
        bban = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))
        bban += "".join(str(rng.randrange(10)) for _ in range(length - 4))
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    value = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    if rng.random() < 0.5:
        value = " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return value.lower() if rng.random() < 0.1 else value


DIGITS = "0123456789"
GERMAN_PASSPORT = (
    "CFGHJK",
    DIGITS,
    DIGITS,
    "CFGHJKLMNPRTVWXYZ",
    DIGITS,
    DIGITS,
    "CFGHJKLMNPRTVWXYZ",
    DIGITS,
    DIGITS,
)


def passport() -> str:
    style = rng.randrange(3)
    if style == 0:
        return rng.choice("EG") + "".join(str(rng.randrange(10)) for _ in range(8))  # China: E/G + 8 digits
    if style == 1:
        return "".join(str(rng.randrange(10)) for _ in range(9))  # US, UK: 9 digits
    return "".join(rng.choice(chars) for chars in GERMAN_PASSPORT)  # Germany, e.g. C01X00T47


# Values added later come from their own generator, so that the rows generated before them stay as they were.
extra_rng = random.Random(8_8304)  # noqa: S311 - test data, not cryptography
SPELT_ATS = [" at ", " (at) ", "[at]", " [at] ", "(at)", "艾特"]
SPELT_DOTS = [" dot ", " (dot) ", "[dot]", " [dot] ", "(dot)", "点"]
STREETS = ["Baker Street", "High Street", "Station Road", "Church Lane", "Victoria Avenue", "Kings Road"]
TOWNS = ["London", "Manchester", "Leeds", "Bristol", "Cambridge", "Glasgow"]
POSTCODES = ["NW1 6XE", "SW1A 2AA", "EC1A 1BB", "M1 1AE", "LS1 4AP", "BS1 5TR", "CB2 1TN", "G2 8DL", "E14 5AB"]


def spelt_email() -> str:
    local = extra_rng.choice(FIRST)
    domain = extra_rng.choice(DOMAINS)
    dot = extra_rng.choice(SPELT_DOTS)
    return local + extra_rng.choice(SPELT_ATS) + dot.join(domain.split("."))


def uk_address() -> str:
    postcode = extra_rng.choice(POSTCODES)
    if extra_rng.random() < 0.2:
        return postcode
    number = f"{extra_rng.randrange(1, 300)}{extra_rng.choice(['', '', 'B'])}"
    return f"{number} {extra_rng.choice(STREETS)}, {extra_rng.choice(TOWNS)} {postcode}"


# National ids came later still: their own generator, so that the rows before them stay as they were.
id_rng = random.Random(2_9029)  # noqa: S311 - test data, not cryptography


def _spaced_nino(value: str) -> str:
    return " ".join((value[:2], value[2:4], value[4:6], value[6:8], value[8]))


def ssn() -> str:
    value = national_id_values.ssn(id_rng)
    return id_rng.choice([f"{value[:3]}-{value[3:5]}-{value[5:]}", value])


def nino() -> str:
    value = national_id_values.nino(id_rng)
    return id_rng.choice([value, _spaced_nino(value)])


def national_id_written() -> str:
    """A national id in a shape that says what it is, whatever the words around it."""
    shapes: list[tuple[Callable[[random.Random], str], Callable[[str], str]]] = [
        (national_id_values.hkid, lambda v: f"{v[:-1]}({v[-1]})"),
        (national_id_values.codice_fiscale, lambda v: v),
        (national_id_values.cpf, lambda v: f"{v[:3]}.{v[3:6]}.{v[6:9]}-{v[9:]}"),
        (national_id_values.rrn, lambda v: f"{v[:6]}-{v[6:]}"),
        (national_id_values.nino, _spaced_nino),
    ]
    make, written = id_rng.choice(shapes)
    return written(make(id_rng))


def taiwan_id() -> str:
    return national_id_values.taiwan_id(id_rng)


def aadhaar() -> str:
    value = national_id_values.aadhaar(id_rng)
    return f"{value[:4]} {value[4:8]} {value[8:]}"


# --- sentences ----------------------------------------------------------------------------------------------

Template = tuple[str, Callable[[], str], list[str]]

EN_TEMPLATES: list[Template] = [
    (
        "seed_phrase",
        seed_en,
        [
            "my seed phrase is {v}",
            "Here are my recovery words: {v}",
            "{v}",
            "I wrote this down when I made the wallet:\n{v}",
            "is this the right format? {v} please help",
            "wallet words {v}",
            "Seed: {v}",
        ],
    ),
    ("seed_phrase", seed_other, ["my recovery phrase (not english): {v}", "{v}"]),
    (
        "private_key",
        hex_key,
        [
            "my private key is {v}",
            "Private key: {v}",
            "here is the key {v} can you import it?",
            "{v}",
            "I exported this from MetaMask: {v}",
        ],
    ),
    ("private_key", wif, ["WIF key {v}", "my old paper wallet key is {v}", "{v}"]),
    ("private_key", extended_prv, ["account xprv: {v}", "{v}", "the wallet shows this extended key {v}"]),
    ("private_key", seed_hex, ["BIP39 seed: {v}", "my wallet seed hex is {v}"]),
    (
        "crypto_address",
        address,
        [
            "Please send it to {v}",
            "my deposit address is {v}",
            "I withdrew to {v} but nothing arrived",
            "address: {v}",
            "is {v} a valid address?",
        ],
    ),
    (
        "tx_hash",
        tx_hash,
        [
            "txid: {v}",
            "Here is the transaction hash {v}",
            "the tx hash is {v}, please check",
            "https://etherscan.io/tx/{v}",
            "Transaction {v} has 2 confirmations",
            "TXID {v}",
        ],
    ),
    ("email", email, ["My email is {v}", "please reply to {v}", "I registered with {v} but cannot log in"]),
    ("phone", phone, ["My phone number is {v}", "call me on {v}", "I changed my mobile to {v}", "tel: {v}"]),
    ("cn_id", cn_id, ["My Chinese ID number is {v}", "ID card: {v}"]),
    ("bank_card", bank_card, ["my card number is {v}", "I paid with card {v}", "card {v} was declined"]),
    ("iban", iban, ["my IBAN is {v}", "please refund to {v}", "IBAN: {v}"]),
    ("passport", passport, ["my passport number is {v}", "Passport No. {v}", "passport: {v}"]),
]

ZH_TEMPLATES: list[Template] = [
    (
        "seed_phrase",
        seed_zh,
        ["我的助记词是：{v}", "助记词：{v}", "{v}", "这是我的助记词\n{v}\n请帮我恢复钱包"],
    ),
    ("seed_phrase", seed_en, ["我的助记词是 {v}", "英文助记词：{v}，请帮我看看"]),
    ("private_key", hex_key, ["我的私钥是{v}", "私钥：{v}", "这是我的钱包私钥 {v} 能帮我导入吗"]),
    ("private_key", wif, ["私钥 {v}"]),
    ("private_key", extended_prv, ["扩展私钥：{v}"]),
    ("crypto_address", address, ["我的充值地址是{v}", "请转到这个地址：{v}", "提现地址 {v} 对吗？"]),
    ("tx_hash", tx_hash, ["交易哈希：{v}", "交易ID {v}", "哈希值是{v}，请帮忙查一下", "这笔交易的TXID：{v}"]),
    ("email", email, ["我的邮箱是{v}", "请发到 {v}", "注册邮箱：{v}"]),
    ("phone", phone, ["我的手机号是{v}", "电话：{v}", "请打{v}联系我", "手机 {v}"]),
    ("cn_id", cn_id, ["我的身份证号是{v}", "身份证：{v}"]),
    ("bank_card", bank_card, ["我的银行卡号是{v}", "卡号：{v}", "用尾号的卡 {v} 付的款"]),
    ("iban", iban, ["我的IBAN是{v}", "收款账号（IBAN）：{v}"]),
    ("passport", passport, ["我的护照号码是{v}", "护照：{v}"]),
]

EN_EXTRA_TEMPLATES: list[Template] = [
    ("email", spelt_email, ["my email is {v}", "write to {v} please", "contact: {v}"]),
    ("address", uk_address, ["my address is {v}", "Please post the card to {v}", "I moved to {v} last month"]),
]
EN_ID_TEMPLATES: list[Template] = [
    ("national_id", ssn, ["my SSN is {v}", "Social Security number: {v}", "SSN {v} for the tax form"]),
    ("national_id", nino, ["my national insurance number is {v}", "NINO: {v}"]),
    ("national_id", aadhaar, ["my Aadhaar number is {v}", "Aadhaar: {v}"]),
    ("national_id", national_id_written, ["my ID number is {v}", "ID for the KYC check: {v}", "here it is {v}"]),
]
ZH_ID_TEMPLATES: list[Template] = [
    ("national_id", national_id_written, ["我的证件号码是{v}", "身份证件：{v}", "证件 {v}"]),
    ("national_id", taiwan_id, ["我的身分證字號是{v}", "身分證：{v}"]),
]
ZH_EXTRA_TEMPLATES: list[Template] = [
    ("email", spelt_email, ["我的邮箱是{v}", "请发到{v}谢谢"]),
    ("address", uk_address, ["我在英国的地址是{v}", "请寄到 {v}"]),
]

# Lines that look dangerous but are not: each is expected to yield no finding at all.
HARD_NEGATIVES_EN = [
    "Order id 6212345678901234567 is stuck",  # Luhn-valid, card-shaped, but an order number
    "order number 4539148803436467 was cancelled",
    "Your trade id is 5425233430109903, keep it",
    "I received 13812345678 sats in total",
    "The amount was 15,912,345,678 IDR",
    "timestamp 1715512345678 in the logs",
    "2024-05-12T14:32:05Z is when it happened",
    "commit 3a1f5e2b9c4d7e8f0a1b2c3d4e5f6a7b8c9d0e1f fixes it",
    "git commit 9c6d4f1e2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d fixed the bug",
    "The installer sha256 checksum is 5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef",
    "request 7c9e6679-7425-40de-944b-e07fc1f90ae7 failed",
    "price went from 61,230.50 to 62,118.75 in 3 minutes",
    "I have 0.12345678 BTC and 1234.5678 ETH",
    "the address is on the second line of the form",
    "please check that you have the right address, then try again",
    "can you check again? they sent the wrong amount to that address today",
    "you can also use the same account for the next order",
    "I can not find the right button, where is the withdraw option",
    "please tell me what you need and when you will be back online",
    "my old phone broke, so I bought a new one yesterday",
    "thank you so much, have a good day and see you soon",
    "version 10.4.15 build 2024051201",
    "ticket 20240512000123 updated",
    "invoice INV-2024-000981 total 1,499.00 EUR",
    "ref 0012 3456 7890",
    "room 1203, building 5, 88 Century Avenue",
    "call ended at 14:05, duration 00:12:31",
    "UID 100234567",
    "rate 7.2345 CNY per USD on 12/05/2024",
    "use code 846213 to confirm",
]

HARD_NEGATIVES_ZH = [
    "订单号6212345678901234567一直卡住",
    "单号4539148803436467已取消",
    "成交编号5425233430109903请保存",
    "一共收到13812345678聪",
    "金额是15912345678印尼盾",
    "日志里的时间戳是1715512345678",
    "提交3a1f5e2b9c4d7e8f0a1b2c3d4e5f6a7b8c9d0e1f修复了这个问题",
    "安装包的SHA256校验值是5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef",
    "价格三分钟内从61,230.50涨到62,118.75",
    "我有0.12345678个BTC和1234.5678个ETH",
    "工单20240512000123已更新",
    "发票号INV-2024-000981合计1,499.00欧元",
    "验证码846213，请勿告诉他人",
    "请问助记词丢了怎么办，钱包里还有很多币",
    "客服说不要把助记词告诉任何人，我记住了",
    "我的钱包是用十二个单词的助记词创建的",
    "我想问一下这个地址是不是你们平台的",
    "房间号1203，5号楼",
    "通话时长00:12:31",
    "汇率是7.2345",
]


def labelled(kind: str, template: str, value: str) -> dict[str, object]:
    start = template.index("{v}")
    text = template.replace("{v}", value)
    return {"text": text, "spans": [[kind, start, start + len(value)]]}


def build(
    lang: str,
    lines: list[str],
    negatives: list[str],
    templates: list[Template],
    per_kind: int,
    extra: Sequence[Template] = (),
    ids: Sequence[Template] = (),
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    rows += [{"text": line, "spans": []} for line in lines]
    rows += [{"text": line, "spans": [], "note": "hard negative"} for line in negatives]
    for kind, make, texts in templates:
        for _ in range(per_kind):
            rows.append(labelled(kind, rng.choice(texts), make()))
    for kind, make, texts in extra:
        for _ in range(per_kind):
            rows.append(labelled(kind, extra_rng.choice(texts), make()))
    for kind, make, texts in ids:
        for _ in range(per_kind):
            rows.append(labelled(kind, id_rng.choice(texts), make()))
    for i, row in enumerate(rows):
        row["id"] = f"{lang}-{i:04d}"
        row["lang"] = lang
    return rows


def main() -> None:
    for lang, lines, negatives, templates, extra, ids in (
        ("en", ENGLISH, HARD_NEGATIVES_EN, EN_TEMPLATES, EN_EXTRA_TEMPLATES, EN_ID_TEMPLATES),
        ("zh", CHINESE, HARD_NEGATIVES_ZH, ZH_TEMPLATES, ZH_EXTRA_TEMPLATES, ZH_ID_TEMPLATES),
    ):
        rows = build(lang, lines, negatives, templates, per_kind=12, extra=extra, ids=ids)
        with (HERE / f"{lang}.jsonl").open("w", encoding="utf-8") as out:
            for row in rows:
                keyed = {"id": row["id"], "lang": row["lang"], "text": row["text"], "spans": row["spans"]}
                if "note" in row:
                    keyed["note"] = row["note"]
                out.write(json.dumps(keyed, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
