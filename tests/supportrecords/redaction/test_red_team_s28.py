"""Found by the red team of 2026-12-07's sixth session, each turned into generated cases."""

from __future__ import annotations

import random
import secrets

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import detect
from tests.supportrecords.redaction.cards import luhn_complete
from tests.supportrecords.redaction.coverage import pieces_redacted

ENGLISH = Mnemonic("english")


def _words(rng: random.Random, count: int = 12) -> list[str]:
    return ENGLISH.to_mnemonic(rng.randbytes(count * 4 // 3)).split()


@pytest.mark.parametrize("seed", range(40))
def test_a_piece_of_a_phrase_given_as_such_is_redacted(seed):
    rng = random.Random(seed)
    piece = _words(rng)[: rng.randint(6, 10)]
    lead = rng.choice(
        [
            f"I only remember the first {len(piece)} words: ",
            "the last words of my seed phrase are ",
            "recovery phrase, the part I have: ",
            "these are the other words ",
        ]
    )
    text = lead + " ".join(piece) + rng.choice(["", ", the rest is lost", ". Can you restore it?"])
    assert pieces_redacted(text, piece)


@pytest.mark.parametrize(
    "text",
    [
        "I lost my seed phrase. Will you list this token soon?",
        "my seed phrase is safe, please tell me how to change the email on my account",
        "the first words of the message were about the fee",
        "the last 3 words of your recovery phrase are never asked by us: please help yourself to the guide",
    ],
)
def test_prose_beside_words_about_phrases_is_no_piece(text):
    assert not [f for f in detect(text) if f.kind == "seed_phrase"]


@pytest.mark.parametrize("seed", range(20))
def test_a_key_wrapped_by_a_mail_client_as_quoted_printable_is_redacted(seed):
    rng = random.Random(seed)
    key = secrets.token_hex(32) if seed % 2 else rng.randbytes(32).hex()
    cut = rng.randint(20, 50)
    text = f"here is the key\n{key[:cut]}=\n{key[cut:]}" + rng.choice(["", "\n\nthanks", "=\n"])
    assert pieces_redacted(text, [key[:cut], key[cut:]], kind="private_key")


@pytest.mark.parametrize("seed", range(30))
def test_a_named_card_iban_or_id_broken_over_a_line_is_found(seed):
    rng = random.Random(seed)
    card = luhn_complete(rng.choice(["4539", "5500", "6222"]), 16, rng)
    grouped = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    cut = rng.choice([5, 10, 15])
    text = f"{rng.choice(['card number', 'my card', '卡号'])} {grouped[: cut - 1]}\n{grouped[cut:]}"
    cards = [f for f in detect(text) if f.kind == "bank_card"]
    assert cards and cards[0].start <= text.index(grouped[:4]) and cards[0].end == len(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("IBAN GB93 HBUK\n2079 9958 9737 89", "iban"),
        ("我的身份证是330106199\n60612566X", "cn_id"),
        ("card number 4539 1488 0343\n6467", "bank_card"),
    ],
)
def test_found_from_outside_numbers_broken_over_a_line(text, kind):
    found = [f for f in detect(text) if f.kind == kind]
    assert found and found[0].end == len(text)


def test_numbers_on_separate_lines_with_no_name_stay_apart():
    text = "order 4539 1488\n0343 6467 arrived"
    assert not [f for f in detect(text) if f.kind == "bank_card"]


def test_word_numbers_joined_by_dashes_are_no_date():
    text = "the index numbers of my 12 words: 1054-1539-1332-1313-1640-25-633-1281-212-1935-1860-224"
    assert pieces_redacted(text, ["1054", "224"])
    assert not detect("my seed phrase was written on 2024-01-05 10:22:33 2024-01-05 10:22:35 2024-01-06 09:00:01")


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("call/text 9314 5237", "SG"),
        ("call or whatsapp 9123 4567 after 6", "HK"),
        ("text/call me: 8123 4567", "SG"),
    ],
)
def test_a_number_after_call_or_text_is_a_phone(text, home):
    assert [f.kind for f in detect(text, home=home)] == ["phone"]


def test_call_or_text_without_a_number_finds_nothing():
    assert not detect("please call or text support, ticket 12345678 is open", home="SG")


@pytest.mark.parametrize("seed", range(40))
def test_a_chinese_phrase_in_counted_parts_glued_to_the_sentence_is_redacted(seed):
    rng = random.Random(seed)
    language = rng.choice(["chinese_simplified", "chinese_traditional"])
    words = Mnemonic(language).to_mnemonic(rng.randbytes(16)).split()
    cut = rng.choice([4, 6, 8])
    leads = ["助记词前{n}个是", "我的助记词，前{n}个字是", "钱包备份前{n}个词是"]
    lead = rng.choice(leads).format(n=rng.choice([cut, "几"]))
    second = rng.choice(["，后面是", "，后{m}个是", "，剩下的是", "。最后{m}个是"]).format(m=12 - cut)
    text = lead + "".join(words[:cut]) + second + "".join(words[cut:]) + rng.choice(["", "，谢谢", "。"])
    assert pieces_redacted(text, words)


@pytest.mark.parametrize("seed", range(20))
def test_a_chinese_phrase_in_groups_after_a_glued_list_word_is_redacted(seed):
    words = Mnemonic("chinese_simplified").to_mnemonic(random.Random(seed).randbytes(16)).split()
    groups = " ".join("".join(words[i : i + 3]) for i in range(0, 12, 3))
    assert pieces_redacted(f"钱包的词是这些是{groups}", words)


@pytest.mark.parametrize(
    "text",
    [
        "前三个月是免费的，后面是按月收费的，剩下的是手续费",
        "前两个是身份证照片，后面是银行流水，这些是我全部的材料",
        "分别是充值、提现、转账和理财，前五个是常用功能",
    ],
)
def test_chinese_sentences_with_counted_parts_stay(text):
    assert not [f for f in detect(text) if f.kind == "seed_phrase"]


@pytest.mark.parametrize(
    "template",
    [
        "txid: {key} (sorry, this is my private key actually)",
        "txid {key} is my private key",
        "交易哈希：{key}（不对，这是我的私钥）",
        "Transaction hash: {key}, oops that's the wallet's private key",
    ],
)
def test_a_key_labelled_a_transaction_but_called_a_key_in_its_own_sentence_is_a_key(template):
    # Found from outside: the label right before decided alone, and the key was stored as a transaction's hash.
    key = secrets.token_hex(32)
    text = template.format(key=key)
    assert [f.kind for f in detect(text) if text[f.start : f.end] == key] == ["private_key"]


def test_a_transaction_labelled_so_stays_a_transaction():
    key = secrets.token_hex(32)
    assert [f.kind for f in detect(f"txid: {key}. I never shared my private key")] == ["tx_hash"]


def _indices(seed: int) -> list[str]:
    words = _words(random.Random(seed))
    return [str(ENGLISH.wordlist.index(word) + 1) for word in words]


@pytest.mark.parametrize("seed", range(10))
def test_word_numbers_in_more_layouts_are_redacted(seed):
    ix = _indices(seed)
    texts = [
        "my seed phrase: " + ", ".join(ix[:11]) + " and " + ix[11],
        ", ".join(f"w{k}={v}" for k, v in enumerate(ix, 1)),
        "my seed words: " + "+".join(ix),
        "seed phrase " + " ".join(ix[:6]) + "\nand then\n" + " ".join(ix[6:]),
    ]
    for text in texts:
        assert pieces_redacted(text, ix), text


@pytest.mark.parametrize(
    ("previous", "text"),
    [
        ([], "Deposits were on 2024/01/05, 2024/02/11, 2024/03/07, 2024/04/19 and none arrived"),
        (
            ["Agent: we will never ask for your seed phrase"],
            "the amounts I deposited this month were 450, 1285, 1643, 500, 230, 1800, 1300, 1453, 880, 1700, 1700, 250",
        ),
        (
            [],
            "Reminder: never share your seed phrase. Deposits: 450 1285 1643 500 230 1800 1300 1453 880 1700 16 250",
        ),
    ],
)
def test_numbers_after_a_warning_about_phrases_stay(previous, text):
    # Found from outside: an agent's routine warning made a customer's list of deposits a phrase (redacted, the
    # ticket flagged, the customer told the wallet may be compromised).
    assert not [f for f in detect(text, previous=previous) if f.kind == "seed_phrase"]


@pytest.mark.parametrize(
    "lead",
    ["Only the first six: ", "words 1-6: ", "the last 6: "],
)
def test_a_piece_named_by_its_count_is_redacted(lead):
    piece = _words(random.Random(7))[:6]
    assert pieces_redacted(lead + " ".join(piece), piece)


@pytest.mark.parametrize(
    ("text", "home", "phone"),
    [
        ("M: 80603680", "SG", "80603680"),
        ("T: 2023991523", "US", "2023991523"),
        ("Regards,\nJohn Tan\nM: 8060 3680\nE: john@example.com", "SG", "8060 3680"),
        ("Best,\nChan Tai Man\nT: 9123 4567", "HK", "9123 4567"),
    ],
)
def test_a_number_after_a_signatures_one_letter_label_is_a_phone(text, home, phone):
    assert [text[f.start : f.end] for f in detect(text, home=home) if f.kind == "phone"] == [phone]


@pytest.mark.parametrize("text", ["Item: 80603680", "PM: 80603680 was the time", "Room M: 80603680"])
def test_a_letter_inside_a_word_or_line_is_no_label(text):
    assert not [f for f in detect(text, home="SG") if f.kind == "phone"]
