"""The red teams' findings of 2026-12-07's third session, through the API as an integration sends messages: what
is stored, and whether the ticket is flagged as exposed."""

from __future__ import annotations

import hashlib

import pytest
from mnemonic import Mnemonic

from supportrecords.models import Message
from tests.supportrecords.test_api import batch, msg

WORDS = Mnemonic("english").to_mnemonic(bytes(range(90, 122))).split()  # 24 words


def _body(external_id: str) -> str:
    return Message.objects.get(external_id=external_id).body


def test_a_bare_hash_answering_the_agents_txid_question_is_stored_as_a_transaction(api, api_ticket):
    digest = hashlib.sha256(b"withdrawal 77").hexdigest()
    api.post(
        "/api/messages/",
        msg("m-1", body="Could you please send me the TxID of the withdrawal?", author_kind="agent"),
        format="json",
    )
    assert Message.objects.get(external_id="m-1").context_flags == "t"
    response = api.post("/api/messages/", msg("m-2", body=f"here: {digest}"), format="json")
    assert response.status_code == 201
    assert response.json()["secret_exposed_tickets"] == []
    assert _body("m-2") == f"here: {digest}"
    assert [f[0] for f in Message.objects.get(external_id="m-2").findings] == ["tx_hash"]
    # The same answer called a key is a key, whatever the question.
    response = api.post(
        "/api/messages/", msg("m-3", body=f"oh no I pasted my private key {digest[::-1]}"), format="json"
    )
    assert response.json()["secret_exposed_tickets"]
    assert _body("m-3") == "oh no I pasted my private key [REDACTED:private_key]"


def test_the_question_counts_in_a_batch_too(api, api_ticket):
    digest = hashlib.sha256(b"deposit 12").hexdigest()
    response = batch(
        api,
        [
            msg("b-1", body="客服：请提供交易哈希（TxID）。", author_kind="agent"),
            msg("b-2", body=digest),
        ],
    )
    assert response.status_code == 200, response.content
    assert response.json()["secret_exposed_tickets"] == []
    assert _body("b-2") == digest


def test_without_a_question_a_bare_hash_stays_redacted(api, api_ticket):
    digest = hashlib.sha256(b"no question").hexdigest()
    response = api.post("/api/messages/", msg("m-1", body=f"here: {digest}"), format="json")
    assert response.json()["secret_exposed_tickets"]
    assert _body("m-1") == "here: [REDACTED:private_key]"


@pytest.mark.parametrize(
    ("first", "second", "rest"),
    [
        (
            "my phrase is " + " ".join(f"{i + 1}.{w}" for i, w in enumerate(WORDS[:20])),
            "sorry sent too early " + " ".join(f"{i + 21}.{w}" for i, w in enumerate(WORDS[20:])) + "\nthanks",
            WORDS[20:],
        ),
        (
            "my phrase is " + " ".join(WORDS[:19]),
            "sorry sent too early " + " , ".join(WORDS[19:]) + "\nthanks",
            WORDS[19:],
        ),
        (
            # (the red team's case: "rest" and "reunion" are words of other lists too, which stopped the run of
            # English words at "mango")
            "seed brand claw timber lottery casual code charge original nation follow tomato hip card essay fade "
            "barely exotic group impose",
            "rest: reunion humble mango poem rhythm thats all",
            ["reunion", "humble", "mango", "poem", "rhythm"],
        ),
    ],
    ids=["numbered rest after a few words", "rest after a few wordlist words", "rest of one list after a label"],
)
def test_the_rest_of_a_phrase_in_the_next_message(api, api_ticket, first: str, second: str, rest: list[str]):
    api.post("/api/messages/", msg("m-1", body=first), format="json")
    assert "[REDACTED:seed_phrase]" in _body("m-1")
    response = api.post("/api/messages/", msg("m-2", body=second), format="json")
    assert response.status_code == 201
    stored = _body("m-2")
    assert "[REDACTED:seed_phrase]" in stored
    for word in rest:
        assert f" {word} " not in f" {stored.replace(',', ' ').replace('.', ' ')} ", (word, stored)
