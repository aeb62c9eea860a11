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
    assert "t" in (Message.objects.get(external_id="m-1").context_flags or "")  # ("i" too: a TxID is an id)
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


@pytest.mark.parametrize("tail_bytes", [100, 1_000, 100_000])
def test_a_named_key_followed_by_hex_in_a_file_is_redacted_not_quarantined(api, api_ticket, tail_bytes: int):
    # Found by the attacker: the redacted text read again found the hex after "private key: [REDACTED...]" as the
    # rest of the key, so the file was quarantined with the key in it (releasable to agents by an officer).
    from django.core.files.uploadedfile import SimpleUploadedFile

    from supportrecords.models import Attachment
    from supportrecords.services import attachment_content

    key = hashlib.sha256(b"attachment key").hexdigest()
    content = f"private key: {key}\n{hashlib.sha512(b'x').hexdigest() * (tail_bytes // 64)}".encode()
    api.post("/api/messages/", msg("m-1", body="see the file"), format="json")
    response = api.post(
        "/api/attachments/",
        {"external_id": "a-1", "message_external_id": "m-1", "file": SimpleUploadedFile("r2.txt", content)},
        format="multipart",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["text_redacted"] is True and body["quarantined"] is False
    stored = attachment_content(attachment=Attachment.objects.get(external_id="a-1"))
    assert key.encode() not in stored and stored.startswith(b"private key: [REDACTED:private_key]")


ZH = Mnemonic("chinese_simplified").to_mnemonic(bytes(range(40, 56))).split()


@pytest.mark.parametrize(
    "reply", ["Any update?", "Please hurry, this is a lot of money for me.", "有进展了吗？", "好的，谢谢。"]
)
def test_a_reply_after_a_redacted_phrase_is_not_taken_for_its_rest(api, api_ticket, reply: str):
    # Found through the API by a red team: the words that open the customer's next message ("Any update", 好的)
    # were redacted as the rest of the phrase.
    twelve = Mnemonic("english").to_mnemonic(bytes(range(7, 23)))
    api.post("/api/messages/", msg("m-1", body=f"my recovery phrase: {twelve}"), format="json")
    assert _body("m-1") == "my recovery phrase: [REDACTED:seed_phrase]"
    api.post("/api/messages/", msg("m-2", body=reply), format="json")
    assert _body("m-2") == reply


def test_the_rest_of_a_chinese_phrase_after_words_of_ones_own(api, api_ticket):
    api.post("/api/messages/", msg("m-1", body="我的助记词 " + " ".join(ZH[:11])), format="json")
    assert "[REDACTED:seed_phrase]" in _body("m-1") and ZH[3] not in _body("m-1")
    api.post("/api/messages/", msg("m-2", body="接着是 " + ZH[11]), format="json")
    assert _body("m-2") == "接着是 [REDACTED:seed_phrase]"


def test_an_earlier_sentence_is_not_cut_when_the_next_message_holds_a_phrase(api, api_ticket):
    # The red team's case: "never arrived" and the label "phrase" made 15 words with the 12 of the next message,
    # a length of a phrase (the checksum of those 15 words, "arrived" read by its first four letters, held by
    # chance); the earlier message lost its last words.
    first = "The withdrawal TxID was " + hashlib.sha256(b"t4").hexdigest() + " and it never arrived."
    phrase = "payment tray custom jaguar wish reduce saddle acoustic magic coil add gloom"
    api.post("/api/messages/", msg("m-1", body=first), format="json")
    api.post(
        "/api/messages/",
        msg("m-2", body=f"I used my recovery phrase: {phrase} and after importing the balance was 0. Please check."),
        format="json",
    )
    assert _body("m-1") == first
    assert _body("m-2") == (
        "I used my recovery phrase: [REDACTED:seed_phrase] and after importing the balance was 0. Please check."
    )
