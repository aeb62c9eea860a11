"""Private keys, addresses and transaction hashes: formats, checksums, and what context decides."""

from __future__ import annotations

import pytest

from supportrecords.redaction import detect
from supportrecords.redaction.checksums import b58check_encode, segwit_encode

HEX = "e9873d79c6d87dc0fb6a5778633389f4453213303da61f20bd67fc233aa33262"
KEY = bytes.fromhex(HEX)


def _kinds(text: str) -> list[str]:
    return [f.kind for f in detect(text)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"my private key is {HEX}", "private_key"),
        (f"私钥：{HEX}", "private_key"),
        (f"{HEX}", "private_key"),  # no context: assume the worse
        (f"0x{HEX}", "private_key"),
        (f"txid: {HEX}", "tx_hash"),
        (f"交易哈希：{HEX}", "tx_hash"),
        (f"交易ID {HEX}", "tx_hash"),
        (f"https://etherscan.io/tx/0x{HEX}", "tx_hash"),
        (f"{HEX} is the transaction id", "tx_hash"),
        (f"the transaction failed, so here is my private key: {HEX}", "private_key"),
        (f"here is my private key, the transaction failed: {HEX}", "private_key"),  # a key word nearby wins
        (f"BIP39 seed: {HEX}{HEX}", "private_key"),
        # Transaction words in Chinese, Japanese and Korean (found from outside)
        (f"汇款成功，号码{HEX}", "tx_hash"),
        (f"ハッシュ：{HEX}の件です。", "tx_hash"),
        (f"送金の{HEX}が着金していません", "tx_hash"),
        (f"해시: {HEX} 건 문의드립니다.", "tx_hash"),
        (f"출금 {HEX} 확인 부탁드립니다", "tx_hash"),
        (f"我的私钥是 {HEX} 转账失败", "private_key"),
        # Money on its way, said without naming a transaction (found from outside: every such "deposit not
        # arrived" message flagged its ticket as an exposed key)
        (f"I sent 0.5 BTC yesterday and it still hasn't arrived: {HEX}", "tx_hash"),
        (f"200 USDT not credited after 2 hours {HEX}", "tx_hash"),
        (f"It says 12 confirmations but my balance is 0.\n{HEX}", "tx_hash"),
        (f"{HEX} still pending", "tx_hash"),
        (f"我昨天转出了1.2 ETH，一直没到 {HEX}", "tx_hash"),
        (f"已经发送了，还没收到 {HEX}", "tx_hash"),
        # ... but a key word near still makes it a key, and the weak words reach only the line before
        (f"I sent 0.5 BTC but it hasn't arrived, my private key is {HEX}", "private_key"),
        (f"can you import {HEX} and check why my 1 ETH is pending", "private_key"),
        (f"I sent 1 BTC last week\nok\nanyway here it is\n{HEX}", "private_key"),
        (f"this is my wallet {HEX} please restore", "private_key"),
        (f"presently {HEX}", "private_key"),  # "sent" inside a word is no word
        # A key introduced after money on its way stays a key (a red team's 1,500 generated cases: 735 called
        # transaction hashes, 600 of them by the rule above, before the words that introduce it were read)
        (f"I sent 12 USDT, pending for 3 hours. wallet secret: {HEX}", "private_key"),
        (f"My refund is pending. the 64-character code from my wallet backup:\n{HEX}", "private_key"),
        (f"转出了12个ETH一直没到。\n这是我钱包的秘匙：{HEX}", "private_key"),
        (f"Deposit not credited yet, 12 confirmations. the secret of the sending wallet: {HEX}", "private_key"),
        (f"发送了0.5 USDT，还没到账。 here is the key so you can check the wallet yourself:\n{HEX}", "private_key"),
        (f"I transferred 1 BNB and it never arrived. use this to access the wallet and check: {HEX}", "private_key"),
        (f"发送了12 USDT，还没到账。 钱包的密码(64位)是: {HEX}", "private_key"),
        (f"Here is the wallet I sent it from, you can log in with this: {HEX}", "private_key"),
        (f"mi llave privada: {HEX}", "private_key"),
        (f"ключ от кошелька: {HEX}", "private_key"),
        (f"keystore secret: {HEX}", "private_key"),
        # ... while a transaction named right before it stays one, and "the key issue" introduces no key
        (f"the secret of my success is patience. txid: {HEX}", "tx_hash"),
        (f"I paid 0.5 ETH, still not received.\n\n{HEX}", "tx_hash"),
        (f"{HEX}\nsent 2 hours ago, not arrived", "tx_hash"),
        (f"Envié 0.5 ETH y no ha llegado: {HEX}", "tx_hash"),
        (f"轉出了0.5個ETH一直沒到：{HEX}", "tx_hash"),
        (f"the key issue is my withdrawal {HEX} is late", "tx_hash"),
        # A piece of a key right after its name is a key (the rest may follow in the next message)
        (f"wallet key {HEX[:58]}", "private_key"),
        (f"my private key is 0x{HEX[:29]}", "private_key"),
    ],
)
def test_hex_by_context(text: str, kind: str) -> None:
    assert _kinds(text) == [kind]


@pytest.mark.parametrize(
    "text",
    [
        f"sha256 checksum of the installer: {HEX}",
        f"git commit {HEX}",
        "commit 3a1f5e2b9c4d7e8f0a1b2c3d4e5f6a7b8c9d0e1f",
        "request 550e8400-e29b-41d4-a716-446655440000",
        HEX[:63],
        HEX + "0",
    ],
)
def test_hex_that_is_neither_key_nor_hash(text: str) -> None:
    assert _kinds(text) == []


def test_wif_keys() -> None:
    for payload in (b"\x80" + KEY, b"\x80" + KEY + b"\x01", b"\xef" + KEY, b"\xef" + KEY + b"\x01"):
        assert _kinds(f"key {b58check_encode(payload)}") == ["private_key"]
    assert _kinds(b58check_encode(b"\x80" + b"\x00" * 32)) == []  # zero is not a key
    wif = b58check_encode(b"\x80" + KEY)
    assert _kinds(wif[:-1] + ("1" if wif[-1] != "1" else "2")) == []  # checksum


def test_extended_keys() -> None:
    body = bytes([0]) + b"\x00" * 8 + bytes(32) + b"\x00" + KEY
    assert _kinds(b58check_encode(bytes.fromhex("0488ade4") + body)) == ["private_key"]  # xprv
    assert _kinds(b58check_encode(bytes.fromhex("04b2430c") + body)) == ["private_key"]  # zprv
    assert _kinds(b58check_encode(bytes.fromhex("04358394") + body)) == ["private_key"]  # tprv
    assert _kinds(b58check_encode(bytes.fromhex("deadbeef") + body)) == []  # unknown version


@pytest.mark.parametrize(
    "address",
    [
        b58check_encode(b"\x00" + bytes(range(20))),
        b58check_encode(b"\x05" + bytes(range(20))),
        b58check_encode(b"\x6f" + bytes(range(20))),
        b58check_encode(b"\x41" + bytes(range(20))),  # TRON
        segwit_encode("bc", version=0, program=bytes(range(20))),
        segwit_encode("bc", version=0, program=bytes(range(32))),
        segwit_encode("bc", version=1, program=bytes(range(32))),
        segwit_encode("tb", version=0, program=bytes(range(20))).upper(),
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
    ],
)
def test_addresses(address: str) -> None:
    assert _kinds(f"我的地址是{address}，请核对") == ["crypto_address"]


@pytest.mark.parametrize(
    "text",
    [
        "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",  # EIP-55 checksum broken
        b58check_encode(b"\x30" + bytes(range(20))),  # not a version we accept
        segwit_encode("bc", version=1, program=bytes(range(20)))[:-1] + "q",
        "bc1" + segwit_encode("bc", version=0, program=bytes(range(20)))[3:].upper(),  # mixed case
    ],
)
def test_invalid_addresses(text: str) -> None:
    assert _kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        f"order {HEX[:36]}",  # no key's name before it
        f"I lost my key.\n{HEX[:36]}",  # the name in another line
        f"my key is 0x{HEX[:40]}",  # an Ethereum address's length
        "my key is 123456789012345678901234567890",  # a number
    ],
)
def test_hex_pieces_that_are_no_key_pieces(text: str) -> None:
    assert "private_key" not in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        f"0x{HEX[:29]}\nthen {HEX[29:37]}\nand {HEX[37:]}",  # three pieces over messages, a word before each
        f"my key: {HEX[:12]} {HEX[12:31]} then {HEX[31:37]} and {HEX[37:]}",
        f"first {HEX[:20]}, second {HEX[20:40]}, third {HEX[40:50]}, last {HEX[50:]}",
    ],
)
def test_a_key_in_three_or_four_pieces_with_words_between(text: str) -> None:
    found = [text[f.start : f.end] for f in detect(text) if f.kind == "private_key"]
    assert "".join(found).removeprefix("0x").replace(" ", "") == HEX


@pytest.mark.parametrize(
    "text",
    [
        "order 123456 then 789012 and 345678 then 901234",  # numbers, no key's length
        "ids a1b2c3d4e5 and f6a7b8c9d0 and 123456",
        f"first {HEX[:20]}, and a long sentence of many more words between them here, {HEX[20:]}",
    ],
)
def test_hex_pieces_far_apart_or_short_are_no_key(text: str) -> None:
    assert "private_key" not in _kinds(text)
