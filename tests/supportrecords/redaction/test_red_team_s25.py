"""Findings of the red teams of 2026-12-07's third session (seeded generators of their own, which never read our
tests), each turned into a test that fails on the code before it (b786ac3)."""

from __future__ import annotations

import hashlib
import random
import re

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import Conversation, detect
from supportrecords.redaction.checksums import b58encode
from supportrecords.redaction.engine import _resolve

EN = Mnemonic("english")
ZH = Mnemonic("chinese_simplified")


def _phrase(language: Mnemonic, rng: random.Random, words: int = 12) -> list[str]:
    return language.to_mnemonic(rng.randbytes(words * 4 // 3)).split()


def _secret_spans(text: str, previous: list[str] | None = None) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in detect(text, previous=previous or []) if f.kind in ("seed_phrase", "private_key")]


def _left_in_clear(text: str, piece: str, spans: list[tuple[int, int]]) -> bool:
    at = text.index(piece)
    return any(not any(s <= i < e for s, e in spans) for i in range(at, at + len(piece)))


def _kinds(text: str, previous: list[str] | None = None) -> list[str]:
    return [f.kind for f in detect(text, previous=previous or [])]


# --- a phrase and a key side by side: neither hides the other ---------------------------------------------------


@pytest.mark.parametrize("seed", range(40))
def test_a_key_right_after_a_phrase_is_redacted_too(seed: int) -> None:
    # The phrase's span took "ace" of "ace3640c88..." (a wordlist word), and the key, overlapping it, was dropped
    # whole: 64 hex digits in clear.
    rng = random.Random(seed)
    phrase = " ".join(_phrase(EN, rng, 24))
    key = rng.choice(["ace", "add", "bad", "cab", "0xab", "fade", "dec", ""]) + rng.randbytes(32).hex()[:61]
    key = key[: 66 if key.startswith("0x") else 64]
    text = f"Tx hash pending. My seed {phrase}. key {key}. Please refund me."
    spans = _secret_spans(text)
    assert not _left_in_clear(text, key, spans)
    assert not _left_in_clear(text, phrase, spans)
    assert "private_key" in _kinds(text)


def test_overlapping_secrets_of_two_kinds_both_stay_redacted() -> None:
    kept = _resolve([("seed_phrase", 0, 100, 1.0), ("private_key", 90, 160, 0.9), ("email", 150, 170, 0.9)])
    assert kept == [("seed_phrase", 0, 100, 1.0), ("private_key", 100, 160, 0.9)]
    # A lesser kind overlapping a secret is still dropped, as before.
    assert _resolve([("private_key", 0, 64, 0.9), ("phone", 10, 20, 0.9)]) == [("private_key", 0, 64, 0.9)]


# --- an earlier turn asked for the transaction's hash -----------------------------------------------------------

ASKS = [
    "Agent: Could you please send me the TxID of the withdrawal?",
    "客服：请提供交易哈希（TxID）。",
    "Please never share your seed phrase or private key. We only need the transaction hash.",
    "¿Puede enviarnos el ID de transacción?",
]


@pytest.mark.parametrize("ask", ASKS)
@pytest.mark.parametrize("seed", range(3))
def test_a_bare_hash_answering_a_txid_question_is_a_transaction(ask: str, seed: int) -> None:
    rng = random.Random(seed)
    digest = rng.randbytes(32).hex()
    signature = b58encode(rng.randbytes(64))
    for answer in (f"here: {digest}", f"0x{digest}", digest.upper(), f"这个 {digest}\n14961.92 DOGE", signature):
        assert _kinds(answer, [ask]) == ["tx_hash"], answer
        assert _kinds(answer) == ["private_key"], answer  # without the question: redaction first


@pytest.mark.parametrize("ask", ASKS)
def test_a_key_named_as_one_after_a_txid_question_stays_a_key(ask: str) -> None:
    digest = hashlib.sha256(ask.encode()).hexdigest()
    assert _kinds(f"my private key is {digest}", [ask]) == ["private_key"]
    assert _kinds(f"私钥 {digest}", [ask]) == ["private_key"]


@pytest.mark.parametrize(
    "ask",
    [
        "Please send the TxID and your private key to verify the withdrawal",
        "请提供交易哈希和私钥",
        "Send your private key and the tx hash so we can recover the funds",
    ],
)
def test_a_question_for_the_txid_and_a_key_leaves_a_bare_answer_a_key(ask: str) -> None:
    # A scammer's question: what answers it may be the key; redaction first.
    digest = hashlib.sha256(ask.encode()).hexdigest()
    assert _kinds(digest, [ask]) == ["private_key"]


def test_the_question_is_read_from_the_conversations_turn_flags() -> None:
    conversation = Conversation.of_turns([(False, False, True)])
    digest = "5" * 3 + hashlib.sha256(b"x").hexdigest()[3:]
    assert [f.kind for f in detect(digest, conversation=conversation)] == ["tx_hash"]
    # Flags stored before the third one existed (two) still read.
    assert Conversation.of_turns([(True, False)]) == Conversation(seed=True)


# --- what names a hash or an address ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "ID de transacción ",
        "Hash de la transacción: ",
        "トランザクションID: ",
        "İşlem hash'i ",
        "hash da transação: ",
        "Mã giao dịch: ",
        "done, the transfer is ",
    ],
)
def test_transaction_labels_in_more_languages(label: str) -> None:
    digest = hashlib.sha256(label.encode()).hexdigest()
    assert _kinds(label + digest) == ["tx_hash"]


@pytest.mark.parametrize(
    "template",
    [
        "签名 {} 已确认",
        "Firma de la transacción: {}",
        "我已经转了 {}  还没到账",
        "Solana signature: {}",
        "{} is the one I sent",
    ],
)
def test_solana_signatures_named_or_sent_are_no_keys(template: str) -> None:
    signature = b58encode(random.Random(template).randbytes(64))
    assert "private_key" not in _kinds(template.format(signature))
    # Unnamed, the same string stays a key (same shape as a Solana secret key, no checksum): redaction first.
    assert _kinds(signature) == ["private_key"]
    assert _kinds(f"my phantom private key {signature}") == ["private_key"]


@pytest.mark.parametrize("prefix", ["0:", "-1:"])
def test_a_ton_raw_address_is_an_address(prefix: str) -> None:
    digest = hashlib.sha256(prefix.encode()).hexdigest()
    assert _kinds(f"Address: {prefix}{digest}\ncomment 65019297") == ["crypto_address"]
    assert _kinds(f"忘记填写标签了，地址 {prefix}{digest}") == ["crypto_address"]
    assert _kinds(f"my key 10:{digest}") == ["private_key"]  # no workchain


def test_ids_in_a_tables_id_column_are_no_cards_or_phones() -> None:
    table = (
        "交易记录导出：\nDate(UTC),OrderNo,Pair,Side,Price\n"
        "2024-02-18 01:49:16,5204443195214944755,PEPEUSDT,SELL,16776.08\n"
        "2024-10-30 22:02:41,68213142051,ATOMUSDT,SELL,3883.09\n"
        "2024-11-26 14:26:06,4111111111111111,APTUSDT,BUY,11161.71\n"
    )
    assert _kinds(table) == []
    contacts = "Date,Name,Phone,Card\n2024-01-01,Li,13812345678,4111111111111111\n"
    assert _kinds(contacts) == ["phone", "bank_card"]


# --- Chinese phrases: the first or last character glued to the sentence around it ------------------------------


@pytest.mark.parametrize("seed", range(30))
def test_a_chinese_phrase_a_character_a_line_glued_to_the_prose_at_an_edge(seed: int) -> None:
    rng = random.Random(seed)
    words = _phrase(ZH, rng, rng.choice([12, 24]))
    before = rng.choice(["助记词:", "钱包助记词如下", "我的12个词是\n", "备份的词是", "我的恢复短语是："])
    after = rng.choice(["帮帮我", "多谢", "请尽快处理", "怎么办", "。急急急"])
    text = "你好，我的钱包打不开了。" + before + "\n".join(words) + after
    spans = _secret_spans(text)
    at = text.index("\n".join(words))
    assert all(any(s <= at + 2 * i < e for s, e in spans) for i in range(len(words))), text


@pytest.mark.parametrize("seed", range(10))
def test_a_contiguous_chinese_phrase_after_the_backed_up_words(seed: int) -> None:
    rng = random.Random(seed)
    words = "".join(_phrase(ZH, rng))
    text = f"客服你好，账户被冻结了。备份的词是{words}。怎么办"
    assert not _left_in_clear(text, words, _secret_spans(text))


# --- a numbered list read off a photo ---------------------------------------------------------------------------


def _ocr_number(n: int, rng: random.Random) -> str:
    written = str(n)
    if rng.random() < 0.35:
        written = written.replace("1", rng.choice("lI")).replace("0", "O")
    return written + rng.choice([".", ")", "_", " ", ". "])


@pytest.mark.parametrize("seed", range(40))
def test_a_numbered_phrase_with_ocr_slips_in_its_numbers(seed: int) -> None:
    rng = random.Random(seed)
    words = _phrase(EN, rng, rng.choice([12, 24]))
    if rng.random() < 0.5:
        words = [w.upper() for w in words]
    items = [_ocr_number(i + 1, rng) + ("" if rng.random() < 0.5 else " ") + w for i, w in enumerate(words)]
    text = "I took photo of my paper, here the text: RECOVERY SHEET\n" + "".join(
        item + rng.choice(["\n", " ", "\n"]) for item in items
    )
    spans = _secret_spans(text)
    for word in words:
        m = re.search(rf"(?<![A-Za-z]){word}(?![A-Za-z])", text)
        assert m is not None and any(s <= m.start() < e for s, e in spans), (word, text)


def test_ordinary_numbered_text_with_letters_like_digits_is_no_phrase() -> None:
    text = (
        "I) Open the app\n2) Tap Assets\n3) Choose Withdraw\n4_ Select USDT\n5) Pick TRC20\n6) Paste the address\n"
        "7) Enter the amount\nI tried all of this twice.\n"
    )
    assert _kinds(text) == []


# --- personal data: the third red team (its own generator of KYC follow-ups, forms and call-back requests) -----


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("여권번호: M35586971", []),
        ("パスポート番号 MZ4283433", []),
        ("旅券番号 TK1234567", []),
        ("Passnummer: C3HCF3W79", []),
        ("M74669016 thanks", ["여권번호를 알려주세요."]),
        ("TR9254212.", ["パスポート番号を教えてください。"]),
    ],
)
def test_passports_named_in_korean_japanese_and_german(text: str, previous: list[str]) -> None:
    assert _kinds(text, previous) == ["passport"]


def test_pass_alone_is_no_passport() -> None:
    assert _kinds("I need to pass KYC 12345678 before Friday") == []


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("тел. 89853436435", "RU"),
        ("iletişim: 02125941551", "TR"),
        ("Tlf. 698113286", "NO"),
        ("GSM: 02122290310", "TR"),
        ("I want a callback: 08037328010", "NG"),
        ("Handy 015112345678", "DE"),
        ("móvil 612345678", "ES"),
        ("携帯 09012345678", "JP"),
        ("연락처 01012345678", "KR"),
        ("Mob: 07700 900123", "GB"),
    ],
)
def test_phone_labels_in_more_languages(text: str, home: str) -> None:
    assert [f.kind for f in detect(text, home=home)] == ["phone"]


def test_a_mobile_app_is_no_phone_label() -> None:
    assert [f.kind for f in detect("the mobile app 0612345678")] == []
    # In the customer's own region a number with its trunk prefix is a phone whatever the words before it (2026-12-07).
    assert [f.kind for f in detect("the mobile app 0612345678", home="NL")] == ["phone"]


@pytest.mark.parametrize("text", ["Mobile: +4917240121633", "tel:+4915184165434", "+4917221093298"])
def test_a_number_after_a_plus_is_a_phone_not_a_card(text: str) -> None:
    assert [f.kind for f in detect(text, home="DE")] == ["phone"]


@pytest.mark.parametrize("text", ["我的身份证是500103196402143128", "6501 0419 9006 2805 53", "5001 0319 6604 0766 13"])
def test_a_resident_id_that_passes_as_a_card_is_an_id_whole(text: str) -> None:
    # The card took 16 characters and the id was dropped: its last two were left unmasked.
    found = detect(text, home="CN")
    assert [f.kind for f in found] == ["cn_id"]
    assert text[found[0].start : found[0].end].replace(" ", "")[-2:] == text.replace(" ", "")[-2:]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("wangfang(@)sina.com", "wangfang(@)sina.com"),
        ("mail me: peter+binance[@]company[.]com[.]cn thanks", "peter+binance[@]company[.]com[.]cn"),
        ("contact hodl4life @ gmx . de.", "hodl4life @ gmx . de"),
    ],
)
def test_e_mails_with_a_bracketed_at_sign_or_spaced_dots(text: str, address: str) -> None:
    found = detect(text)
    assert [(f.kind, text[f.start : f.end]) for f in found] == [("email", address)]


@pytest.mark.parametrize("text", ["meet me at 5 . ok", "version 1 . 2 @ home", "rate (@) 5.2% today"])
def test_spaced_dots_and_signs_alone_are_no_e_mail(text: str) -> None:
    assert _kinds(text) == []
