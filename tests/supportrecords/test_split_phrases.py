"""A recovery phrase spread over the conversation: begun in the ticket's subject and ended in the first message,
or typed a word (or a few words) per message. The new message and every earlier part are stored redacted."""

from __future__ import annotations

import random

import pytest
from mnemonic import Mnemonic

from audit.models import AuditEvent
from supportrecords.models import Message, Ticket
from supportrecords.redaction import redact
from supportrecords.scanning import split_secrets_redact
from tests.supportrecords.test_api import batch, msg

WORDS = Mnemonic("english").to_mnemonic(bytes(range(60, 76))).split()
ZH_WORDS = Mnemonic("chinese_simplified").to_mnemonic(bytes(range(60, 76))).split()


def _ticket(api, subject: str, external_id: str = "t-2"):
    response = api.post(
        "/api/tickets/",
        {
            "external_id": external_id,
            "customer_external_id": "u-1",
            "category": "deposit-withdrawal",
            "channel": "email",
            "subject": subject,
        },
        format="json",
    )
    assert response.status_code == 201
    return Ticket.objects.get(external_id=external_id)


def _body(external_id: str) -> str:
    return Message.objects.get(external_id=external_id).body


def test_a_phrase_begun_in_the_subject_and_ended_in_the_first_message(api, api_customer):
    ticket = _ticket(api, "wallet words " + " ".join(WORDS[:6]))
    assert ticket.subject == "wallet words " + " ".join(WORDS[:6])  # half a phrase alone is not one
    response = api.post("/api/messages/", msg("m-1", body=" ".join(WORDS[6:]) + " thanks", ticket="t-2"), format="json")
    assert response.json()["secret_exposed_tickets"]
    assert _body("m-1") == "[REDACTED:seed_phrase] thanks"
    ticket.refresh_from_db()
    assert ticket.subject == "wallet words [REDACTED:seed_phrase]"
    assert [f[0] for f in ticket.findings] == ["seed_phrase"]
    event = AuditEvent.objects.get(action="ticket.split_secret_redact")
    assert event.target_id == str(ticket.pk) and WORDS[0] not in str(event.details)


def test_a_subject_is_only_joined_to_the_first_customer_message(api, api_customer):
    ticket = _ticket(api, "wallet words " + " ".join(WORDS[:6]))
    api.post("/api/messages/", msg("m-1", body="Hello, my deposit is missing", ticket="t-2"), format="json")
    api.post("/api/messages/", msg("m-2", body=" ".join(WORDS[6:]), ticket="t-2"), format="json")
    ticket.refresh_from_db()
    assert ticket.subject == "wallet words " + " ".join(WORDS[:6])
    assert _body("m-2") == " ".join(WORDS[6:])


@pytest.mark.parametrize("agent_between", [False, True])
def test_a_phrase_typed_one_word_per_message_is_redacted_in_every_message(api, api_ticket, agent_between):
    for i, word in enumerate(WORDS):
        api.post("/api/messages/", msg(f"m-{i}", body=word), format="json")
        if agent_between:
            api.post("/api/messages/", msg(f"a-{i}", body="next?", author_kind="agent"), format="json")
    assert [_body(f"m-{i}") for i in range(len(WORDS))] == ["[REDACTED:seed_phrase]"] * len(WORDS)
    assert Ticket.objects.get(external_id="t-1").secret_exposed
    if agent_between:
        assert _body("a-0") == "next?"


@pytest.mark.parametrize(
    "numbering", ["{n}. {w}", "{n}) {w}", "#{n} {w}", "{n}: {w}", "第{n}个：{w}", "word {n}: {w}", "Word {n} = {w}"]
)
def test_a_phrase_typed_one_numbered_word_per_message_is_redacted_in_every_message(api, api_ticket, numbering):
    bodies = [numbering.format(n=i + 1, w=word) for i, word in enumerate(WORDS)]
    for i, body in enumerate(bodies):
        api.post("/api/messages/", msg(f"m-{i}", body=body), format="json")
    stored = [_body(f"m-{i}") for i in range(len(WORDS))]
    assert not [body for word, body in zip(WORDS, stored, strict=True) if word in body], stored
    assert Ticket.objects.get(external_id="t-1").secret_exposed


@pytest.mark.parametrize("language", ["korean", "russian", "japanese"])
def test_a_phrase_in_another_script_typed_one_word_per_message(api, api_ticket, language):
    # Found from outside: Korean and Russian phrases typed a word per message were all stored (12 of 12 words).
    words = Mnemonic(language).to_mnemonic(bytes(range(16))).replace("\u3000", " ").split()
    for i, word in enumerate(words):
        api.post("/api/messages/", msg(f"m-{i}", body=word), format="json")
    assert [_body(f"m-{i}") for i in range(len(words))] == ["[REDACTED:seed_phrase]"] * len(words)


def test_numbered_prose_messages_stay(api, api_ticket):
    bodies = ["1. I sent BTC", "2. it did not arrive", "3. please check", "4. thanks"]
    for i, body in enumerate(bodies):
        api.post("/api/messages/", msg(f"m-{i}", body=body), format="json")
    assert [_body(f"m-{i}") for i in range(len(bodies))] == bodies


def test_a_phrase_typed_a_few_words_per_message_in_one_batch(api, api_ticket):
    parts = [WORDS[i : i + 2] for i in range(0, len(WORDS), 2)]
    response = batch(api, [msg(f"m-{i}", body=" ".join(part)) for i, part in enumerate(parts)])
    assert response.status_code == 200
    assert [_body(f"m-{i}") for i in range(len(parts))] == ["[REDACTED:seed_phrase]"] * len(parts)


def test_a_chinese_phrase_typed_one_character_per_message(api, api_ticket):
    for i, word in enumerate(ZH_WORDS):
        api.post("/api/messages/", msg(f"m-{i}", body=word), format="json")
    assert [_body(f"m-{i}") for i in range(len(ZH_WORDS))] == ["[REDACTED:seed_phrase]"] * len(ZH_WORDS)


def test_short_ordinary_answers_over_messages_stay(api, api_ticket):
    answers = ["yes", "ok", "thanks", "no", "sure", "deposit", "yesterday", "bitcoin", "ok", "yes", "thanks", "bye"]
    for i, body in enumerate(answers):
        api.post("/api/messages/", msg(f"m-{i}", body=body), format="json")
    assert [_body(f"m-{i}") for i in range(len(answers))] == answers


def test_generated_phrases_typed_word_by_word_are_never_stored(api, api_ticket):
    rng = random.Random(88_3)  # noqa: S311 - reproducible test data
    for n in range(3):
        language = rng.choice(("english", "spanish", "french", "italian"))
        words = Mnemonic(language).to_mnemonic(rng.randbytes(16)).split()
        ticket = f"t-g{n}"
        _ticket(api, "help", external_id=ticket)
        pos = 0
        sent = []
        while pos < len(words):
            size = rng.choice((1, 1, 2, 3))
            sent.append(f"g{n}-{pos}")
            body = " ".join(words[pos : pos + size])
            api.post("/api/messages/", msg(sent[-1], body=body, ticket=ticket), format="json")
            if rng.random() < 0.3:
                agent = msg(f"g{n}-a{pos}", body="go on", ticket=ticket, author_kind="agent")
                api.post("/api/messages/", agent, format="json")
            pos += size
        stored = " ".join(_body(m) for m in sent)
        assert not [w for w in stored.split() if w in words], (language, stored)


@pytest.mark.parametrize("subject", ["Help", "Help please", "lost access", "wallet recovery help", "Please help"])
def test_a_subject_of_wordlist_words_stays_when_the_first_message_holds_a_whole_phrase(api, api_customer, subject):
    ticket = _ticket(api, subject)
    rng = random.Random(len(subject))  # noqa: S311 - reproducible test data
    for n, language in enumerate(("english", "spanish", "english")):
        words = Mnemonic(language).to_mnemonic(rng.randbytes(16 + 16 * (n % 2))).split()
        api.post("/api/messages/", msg(f"m-{n}", body=" ".join(words) + " thanks", ticket="t-2"), format="json")
        assert _body(f"m-{n}") == "[REDACTED:seed_phrase] thanks"
    ticket.refresh_from_db()
    assert ticket.subject == subject


@pytest.mark.parametrize("subject", ["Help", "Login problem", "lost access", "wallet recovery help"])
@pytest.mark.parametrize("filler", [" um ", " then I wrote ", "\n\n"])
def test_a_subject_stays_when_the_first_message_holds_a_phrase_in_pieces(subject: str, filler: str) -> None:
    """An attacker's finding: a subject ("Help") was redacted with the first message's phrase when that phrase was
    in pieces (halves or more, found checksum-valid together but not whole)."""
    rng = random.Random(len(subject) + len(filler))  # noqa: S311 - reproducible test data
    for size in (16, 32):
        words = Mnemonic("english").to_mnemonic(rng.randbytes(size)).split()
        half = len(words) // 2
        # (After the agent's question: a lead-in of wordlist words, "my seed phrase:", would join the subject's last
        # words into a run of a phrase's length, which the redact-first policy takes whole.)
        body = "ok: " + " ".join(words[:half]) + filler + " ".join(words[half:])
        out = split_secrets_redact([subject, body], turns=[(True, False, False, False, False, True)])
        assert out is None or out[0] == (subject, []), (subject, out)


def test_a_phrase_begun_in_a_subject_of_a_phrase_length_is_cut_in_both():
    words = Mnemonic("english").to_mnemonic(bytes(range(32))).split()
    out = split_secrets_redact([" ".join(words[:2]), " ".join(words[2:])])
    assert out is not None and out[0][0] == "[REDACTED:seed_phrase]" and out[1][0] == "[REDACTED:seed_phrase]"


def test_texts_scanned_again_never_nest_markers():
    rng = random.Random(12)  # noqa: S311 - reproducible test data
    for _ in range(20):
        words = Mnemonic("english").to_mnemonic(rng.randbytes(32)).split()
        stored = redact("my phrase is " + " ".join(words[:12]))
        assert stored == "my phrase is [REDACTED:seed_phrase]"
        out = split_secrets_redact([stored, " ".join(words[12:])])
        assert out is not None
        assert out[0][0] == stored and out[1][0] == "[REDACTED:seed_phrase]"
        assert redact(out[1][0] + " " + stored) == out[1][0] + " " + stored


def test_halves_in_two_messages_with_prose_before_the_second_are_both_redacted():
    # Found from outside (a red team's generated chats): with the second half after "hi team and the rest: ",
    # the joined texts held two halves, each in one text, that neither text's own scan found; the split
    # search then raised (max() of no other texts) instead of redacting them.
    rng = random.Random(3)  # noqa: S311 - reproducible test data
    for _ in range(40):
        words = Mnemonic(rng.choice(["english", "french"])).to_mnemonic(rng.randbytes(16)).split()
        first, second = "first half: " + " ".join(words[:6]), "hi team and the rest: " + " ".join(words[6:])
        out = split_secrets_redact([first, second])
        assert out is not None
        assert all("[REDACTED:seed_phrase]" in text and markers for text, markers in out)
        # Of the words after the lead-in, none is left (a word of the first half may be: see the note).
        assert not set(words[6:]) & set(out[1][0].split(": ", 1)[-1].split())


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Found from outside: the second half kept in clear once the first was redacted on its own ...
        ("here is the key 9f2c4e6a8b0d1f3e5a7c9b2d4f6e8a0c", "1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f"),
        ("here is the key 9f2c4e6a8b0d1f3e5a7c9b2d4f6e8a0c", "and the rest: 1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f thanks"),
        # ... or both halves, the second started with "... "
        ("here is the key 9f2c4e6a8b0d1f3e5a7c9b2d4f6", "... e8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f"),
        ("9f2c4e6a8b0d1f3e5a7c9b2d4f6e8a0c", "... 1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f"),
        # ... or a key's first 58 digits after its name, the last 6 (no digit among them) in the next message
        ("wallet key 9f2c4e6a8b0d1f3e5a7c9b2d4f6e8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d", "then e8a0cf"),
    ],
)
def test_a_key_in_two_messages_is_redacted_in_both(api, api_ticket, first, second):
    for i, body in enumerate((first, second)):
        api.post("/api/messages/", msg(f"m-{i}", body=body), format="json")
    stored = [_body("m-0"), _body("m-1")]
    assert not any(
        piece in text
        for piece in ("9f2c4e6a8b0d1f3e", "1e3b5d7f9a2c4e6b", "e8a0c1e3b5d7f9a2", "e8a0cf")
        for text in stored
    )
    assert all("[REDACTED:private_key]" in text for text in stored), stored


def test_a_message_after_a_redacted_key_keeps_its_words(api, api_ticket):
    api.post("/api/messages/", msg("m-0", body="here is the key 9f2c4e6a8b0d1f3e5a7c9b2d4f6e8a0c"), format="json")
    api.post("/api/messages/", msg("m-1", body="thanks for your help, order 2024 is fine"), format="json")
    assert _body("m-1") == "thanks for your help, order 2024 is fine"


def test_the_rest_of_a_phrase_after_a_few_words_of_prose_is_redacted():
    # Found from outside: the last words of a 15-word phrase, sent after "oops, sent too early.", were stored.
    first = redact("here is my phrase: envelope reopen innocent limb february situate gap asthma dust grit kick")
    out = split_secrets_redact([first, "oops, sent too early.  jewel donor force grain"])
    assert out is not None and not {"jewel", "donor", "force", "grain"} & set(out[1][0].split())
    # A thank-you after a redacted phrase keeps its words.
    assert split_secrets_redact([first, "thanks for the help, I will wait for news"]) is None


def test_a_chinese_phrase_begun_in_the_subject_and_ended_after_a_lead_in():
    out = split_secrets_redact(["次 提 购 辅 升 汇", "the other words 疾 凡 金 鸡 缸 长"])
    assert out is not None
    assert out[0][0] == "[REDACTED:seed_phrase]" and out[1][0] == "the other words [REDACTED:seed_phrase]"


def test_a_chinese_sentence_after_a_redacted_phrase_keeps_its_words():
    # Found from outside: "恢复钱包时显示" at the start of the next message was taken for the phrase's rest.
    first = "我的助记词是：[REDACTED:seed_phrase]"
    assert split_secrets_redact([first, "恢复钱包时显示“该功能暂未开放敬请期待”，怎么办？"]) is None
    out = split_secrets_redact([first, "纺典差竞 谢谢"])
    assert out is not None and out[1][0] == "[REDACTED:seed_phrase] 谢谢"


def test_a_word_left_after_a_redacted_phrase_is_cut_with_the_rest():
    # A checksum window may leave a word of the phrase after the marker; with the rest in the next message, both go.
    out = split_secrets_redact(["my words [REDACTED:seed_phrase] ribbon", "wolf thanks"])
    assert out is not None
    assert out[0][0] == "my words [REDACTED:seed_phrase][REDACTED:seed_phrase]"
    assert out[1][0] == "[REDACTED:seed_phrase] thanks"


def test_a_key_in_three_messages_with_a_word_before_each_piece(api, api_ticket):
    # Found from outside: a key in 3-4 pieces over messages ("then ...", "and ...") leaked a piece 37 times in 42.
    key = "82c826be25ebc2d9e26048ae54af7c3e3c03073632b506b5f7229ac99ee3543b"
    bodies = [f"0x{key[:29]}", f"then {key[29:37]}", f"and {key[37:]}"]
    for i, body in enumerate(bodies):
        api.post("/api/messages/", msg(f"m-{i}", body=body), format="json")
    stored = [_body(f"m-{i}") for i in range(3)]
    assert not any(piece in text for piece in (key[:29], key[29:37], key[37:]) for text in stored), stored


def test_a_message_whose_first_half_continues_a_redacted_phrase_keeps_its_own_second_half_redacted(api, api_ticket):
    # Found from outside: after a message that ended with a redacted phrase, a Chinese phrase in two halves with a
    # line of prose between lost only its first half (taken as the rest of the previous phrase); the message was
    # scanned again without it, and the second half alone was no phrase.
    english = Mnemonic("english").to_mnemonic(bytes(range(16)))
    chinese = Mnemonic("chinese_simplified").to_mnemonic(bytes(range(32, 48))).split()
    api.post("/api/messages/", msg("m-1", body="https://wallet.example/restore?words=" + english), format="json")
    body = " ".join(chinese[:6]) + "\n（卡片背面）\n" + " ".join(chinese[6:])
    api.post("/api/messages/", msg("m-2", body=body), format="json")
    stored = _body("m-2")
    assert not any(word in stored for word in chinese)
    assert "（卡片背面）" in stored


@pytest.mark.parametrize(
    ("lead", "size", "agent_between"),
    [
        ("my private key part 1: ", 16, True),
        ("the key starts 0x", 16, False),
        ("private key coming in pieces: ", 8, False),
        ("private key coming in pieces: ", 8, True),
    ],
)
def test_a_key_sent_a_few_hex_digits_per_message_is_redacted_in_every_message(
    api, api_ticket, lead, size, agent_between
):
    # Found from outside: a key in four pieces with the agent's "ok" between, or in eight pieces, was stored whole.
    key = "82c826be25ebc2d9e26048ae54af7c3e3c03073632b506b5f7229ac99ee3543b"
    pieces = [key[i : i + size] for i in range(0, 64, size)]
    leads = ["", "then ", "and "] if size == 16 else [""]  # eight pieces: as the attacker sent them, bare
    bodies = [lead + pieces[0]] + [word + piece for word, piece in zip(leads * 8, pieces[1:], strict=False)]
    for i, body in enumerate(bodies):
        api.post("/api/messages/", msg(f"m-{i}", body=body), format="json")
        if agent_between:
            api.post("/api/messages/", msg(f"a-{i}", body="ok", author_kind="agent"), format="json")
    stored = [_body(f"m-{i}") for i in range(len(bodies))]
    assert not any(piece in text for piece in pieces for text in stored), stored
    if agent_between:
        assert _body("a-0") == "ok"


def test_short_hex_looking_answers_over_messages_stay(api, api_ticket):
    bodies = ["my order id is 1a2b3c", "and the ticket 4d5e6f", "then 7a8b9c", "last 0d1e2f"]
    for i, body in enumerate(bodies):
        api.post("/api/messages/", msg(f"m-{i}", body=body), format="json")
    assert [_body(f"m-{i}") for i in range(len(bodies))] == bodies


def test_the_attackers_ticket_keeps_its_subject_and_loses_the_phrase(api, api_customer):
    """Through the API as the attacker did: subject "Help", the agent asks for the words, the customer gives six, "um",
    six more. The subject was stored as [REDACTED:seed_phrase] (lost), audited as a split secret."""
    ticket = _ticket(api, "Help")
    api.post("/api/messages/", msg("m-1", body="To verify, what are the words?", ticket="t-2", author_kind="agent"))
    phrase = "about able media dignity genre ivory net reform vibrant salute charge shrimp"
    words = phrase.split()
    body = " ".join(words[:6]) + " um " + " ".join(words[6:])
    response = api.post("/api/messages/", msg("m-2", body=body, ticket="t-2"), format="json")
    assert response.status_code == 201 and response.json()["secret_exposed_tickets"]
    assert not [w for w in _body("m-2").split() if w in words]
    ticket.refresh_from_db()
    assert ticket.subject == "Help"


@pytest.mark.parametrize("replies", [1, 5, 8])
def test_halves_with_several_agent_replies_between_are_both_redacted(api, api_customer, replies: int):
    """An attacker's finding: half a phrase, then five agent replies ("please wait", "still checking", ...), then the
    rest: the split search read the ticket's last five messages only, and the second half was stored."""
    _ticket(api, "Wallet")
    words = Mnemonic("english").to_mnemonic(bytes(range(16, 32))).split()
    api.post("/api/messages/", msg("m-0", body="phrase part 1: " + " ".join(words[:6]), ticket="t-2"), format="json")
    for n in range(replies):
        api.post("/api/messages/", msg(f"a-{n}", body="please wait", ticket="t-2", author_kind="agent"), format="json")
    api.post("/api/messages/", msg("m-1", body="part 2: " + " ".join(words[6:]), ticket="t-2"), format="json")
    stored = _body("m-0") + " " + _body("m-1")
    assert not [w for w in stored.split() if w in words], stored


@pytest.mark.parametrize("subject", ["Help", "Question about deposit", "Wallet issue", "access"])
@pytest.mark.parametrize("after", ["", " please help", " thanks"])
def test_a_subject_of_list_words_stays_beside_a_valid_phrase_with_list_words_after_it(subject: str, after: str):
    """An attacker's second round: subject "Help", first message "<12 words> please help" (please and help are
    list words: 15 in a row over the two texts) redacted the subject 200 times in 200. Now the message's own valid
    phrase decides, unless the 15 words together are a valid phrase by chance (one time in 32)."""
    rng = random.Random(len(subject) * 7 + len(after))  # noqa: S311 - reproducible test data
    lost = 0
    for _ in range(40):
        body = Mnemonic("english").to_mnemonic(rng.randbytes(16)) + after
        out = split_secrets_redact([subject, body], subject_first=True)
        if out is not None and out[0][0] != subject:
            lost += 1
    assert lost <= 4, lost


def test_halves_with_the_customers_own_chatter_between_are_both_redacted(api, api_customer):
    """The attacker's second round: "my seed phrase is <6>", then "wait", "hold on", "let me find the paper", "ok
    found it", then the other six: the author's last three messages were read, and the second half was stored."""
    _ticket(api, "Wallet")
    words = Mnemonic("english").to_mnemonic(bytes(range(40, 56))).split()
    bodies = ["my seed phrase is " + " ".join(words[:6]), "wait", "hold on", "let me find the paper", "ok found it"]
    for n, body in enumerate([*bodies, " ".join(words[6:])]):
        api.post("/api/messages/", msg(f"c-{n}", body=body, ticket="t-2"), format="json")
    stored = _body("c-0") + " " + _body("c-5")
    assert not [w for w in stored.split() if w in words], stored
    assert _body("c-1") == "wait" and _body("c-4") == "ok found it"
