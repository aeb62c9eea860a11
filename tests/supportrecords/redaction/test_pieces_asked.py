"""A piece of a phrase given in answer to an earlier turn that asks for the phrase or some of its words ("Please
send the first 6 words of your recovery phrase" / "ok: food pause home attitude volume capable"), generated; an
earlier turn that warns against giving the phrase makes no answer a piece."""

from __future__ import annotations

import random

import pytest
from mnemonic import Mnemonic

from supportrecords import risk
from supportrecords.redaction import Conversation, detect, turn_context
from supportrecords.redaction.partial import words_asked_in
from supportrecords.selectors import flags_context, turn_flags
from tests.supportrecords.redaction.coverage import pieces_redacted

LANGUAGES = ["english", "spanish", "french", "italian", "portuguese", "czech"]

ASKS = [
    "Please send me the first 6 words of your recovery phrase so we can verify the wallet.",
    "To confirm ownership, tell me the last six words of your seed phrase.",
    "Can you type the remaining words?",
    "What are the first 6 words?",
    "Please provide your seed phrase to unlock the account.",
    "We need your recovery words to restore access.",
    "请告诉我助记词的前六个词。",
    "请提供您的助记词以便验证。",
    "为了核实，请发送后6个单词。",
]
WARNINGS = [
    "Please never share your seed phrase with anyone, including us.",
    "We will never ask for your recovery phrase. Do not send it here.",
    "Nobody from support will ask you to enter your mnemonic words.",
    "请不要向任何人提供您的助记词。",
    "切勿发送私钥或助记词。",
]
LEADS = ["", "ok: ", "sure, here: ", "Here they are\n", "fine - ", "好的：", "ok\n\n"]
SEPARATORS = [" ", ", ", "\n", " - ", "  "]


def _piece(rng: random.Random) -> tuple[str, list[str]]:
    language = rng.choice(LANGUAGES)
    words = Mnemonic(language).to_mnemonic(bytes(rng.getrandbits(8) for _ in range(16))).split()
    count = rng.randint(6, 8)
    start = rng.choice([0, len(words) - count])
    return language, words[start : start + count]


def _answer(rng: random.Random) -> tuple[str, list[str]]:
    _, words = _piece(rng)
    text = rng.choice(LEADS) + rng.choice(SEPARATORS).join(words)
    return text, words


@pytest.mark.parametrize("seed", range(8))
def test_a_piece_answering_a_request_for_words_is_redacted(seed: int) -> None:
    rng = random.Random(seed)
    missed = []
    for _ in range(60):
        ask = rng.choice(ASKS)
        text, words = _answer(rng)
        if not pieces_redacted(text, words, previous=[ask]):
            missed.append((ask, text))
    assert missed == []


@pytest.mark.parametrize("seed", range(4))
def test_after_a_warning_or_no_question_an_answer_is_not_taken_for_a_piece(seed: int) -> None:
    """Six wordlist words in a reply to a warning (every ticket's agent gives one) are not a piece: without words
    about phrases in the reply itself, the reply is prose that happens to use list words."""
    rng = random.Random(100 + seed)
    for _ in range(40):
        text, _words = _answer(rng)
        text = text.replace("好的：", "ok: ")
        assert not [f for f in detect(text, previous=[rng.choice(WARNINGS)]) if f.kind == "seed_phrase"], text
        assert not [f for f in detect(text) if f.kind == "seed_phrase"], text


def test_the_request_is_read_from_the_last_two_turns_only() -> None:
    ask, text = ASKS[0], "ok: food pause home attitude volume capable"
    assert [f.kind for f in detect(text, previous=[ask])] == ["seed_phrase"]
    assert [f.kind for f in detect(text, previous=[ask, "thanks, one moment"])] == ["seed_phrase"]
    assert not detect(text, previous=[ask, "thanks", "one moment please"])


def test_prose_answers_are_not_pieces() -> None:
    ask = ASKS[0]
    for reply in (
        "I will not send them, you are not real support",
        "why do you need that? this looks like a scam to me",
        "my account number is on the card, please check again later",
        "no",
    ):
        assert not [f for f in detect(reply, previous=[ask]) if f.kind == "seed_phrase"], reply


@pytest.mark.parametrize("ask", ASKS)
def test_every_request_is_one_and_raises_the_risk_flag(ask: str) -> None:
    assert words_asked_in(ask)
    assert turn_context(ask)[5]
    assert [m.rule for m in risk.risk_assess(ask, exchange_domains=["exchange.example"])] == [
        risk.RECOVERY_PHRASE_REQUEST
    ]


@pytest.mark.parametrize("warning", WARNINGS)
def test_a_warning_is_no_request(warning: str) -> None:
    assert not words_asked_in(warning)
    assert risk.RECOVERY_PHRASE_REQUEST not in [
        m.rule for m in risk.risk_assess(warning, exchange_domains=["exchange.example"])
    ]


def test_the_request_is_stored_in_the_turn_flags() -> None:
    flags = turn_flags(ASKS[0])
    assert "w" in flags and len(flags) <= 8
    assert flags_context(flags)[5]
    assert Conversation.of_turns([flags_context(flags)]).words_asked
    # Flags stored before the sixth one existed (five) still read.
    assert not Conversation.of_turns([(True, False, False, False, False)]).words_asked
    assert "w" not in turn_flags(WARNINGS[0])


@pytest.mark.parametrize(
    "ask",
    [
        "Could you share the words from your seed so we can verify?",
        "Can you type the words you remember?",
        "Thanks. Now the last 6 please.",
        "please type the rest",
        "OK, and the remaining words?",
    ],
)
def test_the_attackers_other_wordings_of_the_request(ask: str) -> None:
    """The attacker's second round: each of these was no request, and the six words after it were stored."""
    assert words_asked_in(ask)
    text = "ok: food pause home attitude volume capable"
    assert [f.kind for f in detect(text, previous=[ask])] == ["seed_phrase"]


@pytest.mark.parametrize(
    "statement",
    [
        "Thanks for waiting, the last 6 transactions are fine.",
        "Please rest assured, we are checking.",
        "Never type the words of your seed anywhere.",
        "Please send the rest of the documents.",
    ],
)
def test_statements_near_those_wordings_are_no_request(statement: str) -> None:
    assert not words_asked_in(statement)
