"""Found from outside (a red team's ordinary support messages, no secret in them): transaction ids, hashes and
request ids taken for private keys.

- A label right before the string ("txid: ", "The last txid was ", "交易ID ", "Хэш транзакции: ", "blockHash ",
  "signature=") decides, whatever key words the rest of the message holds ("How do I reveal ...", a notice that
  names 私钥): a key word in the label's own sentence still makes it a key.
- A Solana transaction (64 bytes in base58, the shape of a Solana secret key) named one is a transaction; unnamed,
  it stays a key (redaction first).
- 32 hex digits are a key only after a key's name in their line, or in the line before ending with a colon
  ("seed: <32 hex>", "私钥：\\n<32 hex>"): "Export request <32 hex>", "Ref: <32 hex>" are ids.
- A Solana address named one ("Wallet address ", "钱包地址：") is no key, though the message talks of private keys.
- "export history", "seed round" are no key words; an export or a reveal names a key only in the key's own line.
- An order id, a nonce, a request's signature, a file's checksum named right before it: no key.
- A Cyrillic sentence read with Latin look-alike letters loses its label, not its hash: the hash is classified as
  the text holds it.
"""

from __future__ import annotations

import random

import pytest

from supportrecords.redaction import detect
from supportrecords.redaction.checksums import b58encode
from supportrecords.redaction.findings import PRIVATE_KEY, TX_HASH

_RNG = random.Random(24)  # noqa: S311 - reproducible test data
HEX = "".join(_RNG.choice("0123456789abcdef") for _ in range(64))
HEX32 = HEX[:32]
SIG = b58encode(_RNG.randbytes(64))
ADDRESS = b58encode(_RNG.randbytes(32))


def _solana_key(seed: int) -> str:
    return b58encode(random.Random(seed).randbytes(64))


def _kinds(text: str) -> list[str]:
    return [f.kind for f in detect(text)]


@pytest.mark.parametrize(
    "text",
    [
        f"How do I reveal the hidden small balances? One of them came from txid {HEX}.",
        f"Can you reset my seed phrase like you reset my password? I cannot find it. The last txid was {HEX}.",
        f"Здравствуйте, мой депозит 1755 BTC не зачислен уже 17 часов. Хэш транзакции: {HEX}",
        f"请勿向任何人透露您的私钥。\n交易哈希：{HEX}",
        f"Deposit stuck at 19/15 confirmations. tx hash = {SIG}",
        f"充值3790.99 USDT一直没到账，交易ID {SIG}",
        f"Withdrawal pending, transaction signature: {SIG}",
        f"When I export the trade history the deposit with TxID {HEX} is not included.",
        f"My deposit is missing. Here is the txid:\n{SIG} Please help.",
        f"Hola, hice un depósito y no aparece. El hash es {SIG}.",
        f"안녕하세요. 입금했는데 아직 반영이 안 됐어요. 거래 해시: {SIG}",
        f"充值一直没到账，链上记录 {SIG}\n请帮忙查一下",
        f"the txid of my deposit is {HEX}",
    ],
)
def test_a_transaction_named_right_before_is_a_hash(text: str) -> None:
    assert _kinds(text) == [TX_HASH]


@pytest.mark.parametrize(
    "text",
    [
        f"blockHash 0x{HEX} blockNumber 19652224 status success but not credited",
        f"the sha512 of the statement: {HEX}{HEX}",
        f"Export request {HEX32} has been pending for 6 hours.",
        f"请勿向任何人透露您的助记词、私钥、密码或验证码。\n\nRef: {HEX32} | 14/01/2025 09:23:40",
        f"The transaction {HEX32} is missing from my history export.",
        f"What is the difference between the private key and the recovery phrase? Wallet address {ADDRESS}.",
        f"你们的客服会不会问我要私钥或者助记词？钱包地址：{ADDRESS}",
        f"I exported the statement and the SHA512 checksum is {HEX}{HEX}, can you confirm it's authentic?",
        f"My order id on the DEX is 0x{HEX}, it was filled but the UI shows open.",
        f"Request headers: OK-ACCESS-SIGN: {HEX} and I get 50113",
        f'The message I was asked to sign: "Welcome! Nonce: {HEX}" is this safe?',
    ],
)
def test_ids_hashes_and_addresses_named_so_are_no_keys(text: str) -> None:
    assert PRIVATE_KEY not in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        f"my private key, txid: {HEX}",  # the label's own sentence says key
        f"my wallet secret txid {SIG}",
        f"here it is {SIG}",  # a Solana secret key, unnamed
        f"seed: {HEX32}",  # BIP39 entropy
        f"私钥：\n{HEX32}",
        f"my private key for the seed round: {ADDRESS}",  # 32 bytes called a key
        f"I exported it from my wallet: {HEX}",
        f"I ran the export tool (checksum OK) and it printed {HEX}",  # a hash named far off, in a key's sentence
        f"the tx of my wallet key is {HEX}",
        f"the key is {HEX}{HEX}",
    ],
)
def test_keys_stay_keys(text: str) -> None:
    assert PRIVATE_KEY in _kinds(text)


def test_only_the_labels_own_sentence_is_read_for_key_words() -> None:
    # "secret." ends the sentence before the label: what follows it is named a transaction.
    assert _kinds(f"Is my wallet secret safe? txid {SIG}") == [TX_HASH]


_LABELS = ("txid: ", "TxID ", "tx hash = ", "transaction hash: ", "Transaction ID ", "交易ID：", "交易哈希 ", "хэш: ")
_PROSE = (
    "How do I reveal my small balances?",
    "Never share your private key or seed phrase with anyone.",
    "请勿向任何人透露您的助记词、私钥。",
    "I exported my history.",
    "",
)


def test_generated_labelled_transactions_are_hashes() -> None:
    rng = random.Random(2024)  # noqa: S311 - reproducible test data
    wrong = []
    for _ in range(300):
        value = (
            "".join(rng.choice("0123456789abcdef") for _ in range(64))
            if rng.random() < 0.5
            else b58encode(rng.randbytes(64))
        )
        text = f"{rng.choice(_PROSE)} Deposit not arrived. {rng.choice(_LABELS)}{value}".strip()
        if _kinds(text) != [TX_HASH]:
            wrong.append(text)
    assert wrong == []


# Second round from outside: the names a value gets in JSON, in a table's header, in the line above it, and in
# sha256sum's output.
@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (f'{{"r": "0x{HEX}", "s": "0x{HEX[::-1]}", "v": "0x25"}}', []),  # an ECDSA signature's parts
        (f'{{"blockHash": "0x{HEX}"}}', []),
        (f'{{"txHash": "0x{HEX}"}}', [TX_HASH]),
        (f'{{"signature": "{SIG}"}}', []),
        (f'{{"privateKey": "0x{HEX}"}}', [PRIVATE_KEY]),
        (f'{{"secretKey": "{SIG}"}}', [PRIVATE_KEY]),
        (f"Date,Asset,TxID\n2024-11-02,SOL,{SIG}\n2024-11-03,SOL,{_solana_key(3)}", [TX_HASH, TX_HASH]),
        (f"name\tprivate key\nmain\t{HEX}", [PRIVATE_KEY]),
        (f"sha256sum electrum.dmg\n{HEX}  electrum.dmg", []),
        (f"Signature\n{SIG}", []),
        (f"I only sent 20 USDT, hash below\n0x{HEX}", [TX_HASH]),
        (f"my private key\n{HEX}", [PRIVATE_KEY]),
    ],
)
def test_what_json_tables_and_lines_above_name_a_value(text: str, kinds: list[str]) -> None:
    assert [k for k in _kinds(text) if k in (PRIVATE_KEY, TX_HASH)] == kinds


@pytest.mark.parametrize("size", [4, 6, 8])
def test_a_solana_key_in_groups_is_redacted_whole(size: int) -> None:
    key = _solana_key(size)
    written = " ".join(key[i : i + size] for i in range(0, len(key), size))
    assert [(f.kind, f.start, f.end) for f in detect(f"here: {written}")] == [(PRIVATE_KEY, 6, 6 + len(written))]


def test_a_solana_key_cut_over_two_lines_is_redacted_whole() -> None:
    key = _solana_key(1)
    text = f"my key: {key[:40]}\n{key[40:]}"
    assert [(f.kind, f.start, f.end) for f in detect(text)] == [(PRIVATE_KEY, 8, len(text))]


def test_a_solana_signature_in_groups_named_a_transaction_is_no_key() -> None:
    sig = _solana_key(2)
    assert PRIVATE_KEY not in _kinds("TxID: " + " ".join(sig[i : i + 4] for i in range(0, len(sig), 4)))


def test_words_in_groups_are_no_solana_key() -> None:
    text = " ".join(["then", "they", "said", "that", "this", "card", "will", "come", "back", "next", "week"] * 2)
    assert detect(text) == []


def test_an_id_a_word_and_an_address_over_lines_are_no_solana_key() -> None:
    # 32 hex digits, "Destination" and a 44-character address make 87 characters: no key cut over lines.
    text = (
        "My withdrawal of 83.27 BONK has been pending for 90 minutes.\nwithdrawal id 1676e466f19988ca9758d6b2686c2862"
        "\nDestination 4edrqYrnVUwj2JjKLzxPmGYQN2myUuB7U6Wx7ytpd184\nPlease speed this up."
    )
    assert PRIVATE_KEY not in _kinds(text)


def test_a_long_table_of_transactions_is_read_by_its_header() -> None:
    rng = random.Random(7)  # noqa: S311 - reproducible test data
    rows = ["Date,Asset,TxID"] + [f"2024-11-02,SOL,{rng.randbytes(32).hex()}" for _ in range(300)]
    assert {f.kind for f in detect("Export below\n\n" + "\n".join(rows))} == {TX_HASH}


def test_a_long_run_of_one_letter_scans_quickly() -> None:
    import time

    started = time.process_time()
    detect("A" * 100_000)
    assert time.process_time() - started < 1.0  # was 6 s: the grouped-key anchor tried from every letter
