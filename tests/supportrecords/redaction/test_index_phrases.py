"""Recovery phrases given as their words' numbers in the BIP39 list (metal plates, seed pickers), generated."""

from __future__ import annotations

import random

import pytest
from mnemonic import Mnemonic

from supportrecords.redaction import detect
from supportrecords.redaction.bip39 import checksum_valid
from supportrecords.scanning import split_secrets_redact
from tests.supportrecords.redaction.coverage import pieces_redacted

ENGLISH = Mnemonic("english")


def _positions(rng: random.Random, words: int) -> list[int]:
    phrase = ENGLISH.to_mnemonic(bytes(rng.getrandbits(8) for _ in range(words * 4 // 3)))
    return [ENGLISH.wordlist.index(word) for word in phrase.split()]


def _layout(rng: random.Random, values: list[int], layout: str) -> str:
    if layout == "padded":
        return " ".join(f"{v:04d}" for v in values)
    if layout == "spaces":
        return " ".join(map(str, values))
    if layout == "commas":
        return ", ".join(map(str, values))
    if layout == "lines":
        return "\n".join(map(str, values))
    if layout == "numbered":
        return "\n".join(f"{k}. {v}" for k, v in enumerate(values, 1))
    if layout == "labelled":
        return ", ".join(f"word {k}: {v}" for k, v in enumerate(values, 1))
    if layout == "chinese":
        return "，".join(f"第{k}个 {v}" for k, v in enumerate(values, 1))
    if layout == "grid":
        rows = [values[i : i + 4] for i in range(0, len(values), 4)]
        return "\n".join(" | ".join(f"{v:>4}" for v in row) for row in rows)
    assert layout == "bits"
    return "\n".join(format(v, "011b") for v in values)


LEADS_TOLD = [
    "Here are my seed word numbers: ",
    "my backup plate says\n",
    "I used a seed picker, the numbers are ",
    "我的助记词编号是：",
    "钢板上刻的是 ",
    "recovery phrase (as numbers) ",
]
LEADS_PLAIN = ["", "Not sure if this helps: ", "I copied these: ", "是不是这些？\n"]
LAYOUTS = ["padded", "spaces", "commas", "lines", "numbered", "labelled", "chinese", "grid", "bits"]


def _cases(seed: int, count: int, leads: list[str], layouts: list[str]) -> list[tuple[str, list[str]]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        positions = _positions(rng, rng.choice([12, 15, 18, 21, 24]))
        layout = rng.choice(layouts)
        # Plates count from 1 ("0001" is abandon), code from 0; bits are the position itself.
        values = positions if layout == "bits" or rng.random() < 0.5 else [p + 1 for p in positions]
        body = _layout(rng, values, layout)
        spelt = [format(v, "011b") if layout == "bits" else str(v) for v in values]
        out.append((rng.choice(leads) + body + rng.choice(["", " thanks", "。谢谢", "\nplease help"]), spelt))
    return out


@pytest.mark.parametrize(("text", "spelt"), _cases(2812, 150, LEADS_TOLD, LAYOUTS))
def test_numbers_named_as_a_phrase_are_redacted(text, spelt):
    assert pieces_redacted(text, spelt)


@pytest.mark.parametrize(("text", "spelt"), _cases(2813, 80, LEADS_PLAIN, ["padded", "bits", "labelled", "numbered"]))
def test_numbers_that_read_only_as_a_phrase_need_no_word_about_phrases(text, spelt):
    # Padded to four digits, in 11 bits, labelled "word 1", numbered 1 to 12 beside their values: nothing else is
    # written so.
    assert pieces_redacted(text, spelt)


@pytest.mark.parametrize("seed", range(30))
def test_a_plain_list_of_twelve_numbers_without_words_about_phrases_stays(seed):
    # Found by a red team: prices, deposits, ticket numbers and error codes, twelve of the list's range, were taken
    # for a phrase when their checksum passed by chance (one list in eight).
    rng = random.Random(seed)
    values = [p + 1 for p in _positions(rng, 12)]  # a real phrase's numbers even: without context, no phrase
    numbers = [str(v) for v in values]
    text = rng.choice(
        [
            f"my last 12 deposits were {', '.join(numbers)} USDT",
            f"Prices I bought at: {' '.join(numbers)}",
            f"these are the ticket numbers {' '.join(numbers)}",
            "the error codes were " + ", ".join(numbers),
        ]
    )
    assert not [f for f in detect(text) if f.kind == "seed_phrase"]


def test_the_customers_earlier_turn_about_phrases_is_context_and_an_agents_warning_is_not():
    values = [p + 1 for p in _positions(random.Random(3), 12)]
    text = " ".join(map(str, values))
    assert not [f for f in detect(text) if f.kind == "seed_phrase"]  # a plain list alone: prices, deposits ...
    # An agent's routine warning names phrases in every other ticket: it makes no list of numbers a phrase.
    warned = detect(text, previous=["Agent: never share your recovery phrase, not even as numbers"])
    assert not [f for f in warned if f.kind == "seed_phrase"]
    # The customer's own turn before it does: read with it by the split search, as a phrase's halves are.
    out = split_secrets_redact(["I will send my seed phrase as numbers", text])
    assert out is not None and out[1][0] == "[REDACTED:seed_phrase]"


def test_one_number_copied_wrong_is_redacted_beside_words_about_phrases():
    rng = random.Random(9)
    for _ in range(20):
        values = [p + 1 for p in _positions(rng, 12)]
        values[rng.randrange(12)] = rng.choice([v for v in range(600, 2048) if v not in values])
        if checksum_valid([v - 1 for v in values]) or checksum_valid(values):
            continue
        text = "my seed phrase numbers: " + " ".join(map(str, values))
        assert pieces_redacted(text, [str(v) for v in values])


@pytest.mark.parametrize(
    "text",
    [
        "1 2 3 4 5 6 7 8 9 10 11 12 words of my seed phrase, which one do you need?",
        "my seed phrase has 12 words, I wrote them on 2024-01-05 10:22:33 2024-01-05 10:22:35 2024-01-06 09:00:01",
        "Prices: 100 200 300 400 500 600 700 800 900 1000 1100 1200",
        "Ticket sizes 3 5 8 13 21 34 55 89 144 233 377 12 (seed round)",
        "Order 1234 shipped, order 1235 pending, 1236, 1237",
        "Call me on 0207 946 0958 or 0161 496 0000, ref 1234 5678",
        "Card 6222 0212 3456 7890 123 was declined",
        "IP 10.0.0.12 and 192.168.1.200 both time out, ports 443 8443 80 8080 22 21 25 110 143 993 995 587",
        "Pages 101, 205, 333, 451, 502, 618, 790, 811, 954, 1020, 1144, 1299 of the statement",
        "每月交易量：120 135 150 160 170 180 190 200 210 220 230 240",
    ],
)
def test_numbers_that_are_no_phrase_stay(text):
    assert not [f for f in detect(text) if f.kind == "seed_phrase"]


def test_random_lists_without_context_are_not_taken():
    # Without a word about phrases, only a whole run of exactly a phrase's length (spread over the range, in no
    # order) that passes the checksum is taken: lists of other lengths, or of small numbers, never are.
    rng = random.Random(77)
    lists = [
        "Amounts: " + " ".join(str(rng.randint(1, 2048)) for _ in range(rng.choice([11, 13, 14, 16, 19, 20, 30])))
        for _ in range(400)
    ]
    lists += [" ".join(str(rng.randint(1, 400)) for _ in range(12)) for _ in range(200)]
    assert not [t for t in lists if any(f.kind == "seed_phrase" for f in detect(t))]


def test_hostile_runs_of_numbers_are_bounded():
    text = " ".join(str(i % 2048) for i in range(1, 30_000))
    found = detect(text)  # a long run is read in windows; it must end
    assert isinstance(found, list)
    junk = "1 " * 50_000
    assert not [f for f in detect(junk) if f.kind == "seed_phrase"]
