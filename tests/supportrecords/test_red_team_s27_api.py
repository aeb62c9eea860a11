"""The red teams' findings of 2026-12-07's fifth session, through the API as an integration sends messages."""

from __future__ import annotations

import pytest

from supportrecords.models import Message
from tests.supportrecords.test_api import msg


def _findings(external_id: str) -> list[str]:
    return [f[0] for f in Message.objects.get(external_id=external_id).findings]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Could you share your UID?", "13812345678"),
        ("What's the withdrawal ID?", "17879170841。"),
        ("请提供订单号", "13812345678"),
    ],
)
def test_a_bare_number_answering_a_question_for_an_id_is_no_phone(api, api_ticket, question: str, answer: str):
    # The answer was masked as a phone number (the red team's look-alikes: 30-37% of UID answers).
    api.post("/api/messages/", msg("m-1", body=question, author_kind="agent"), format="json")
    assert "i" in (Message.objects.get(external_id="m-1").context_flags or "")
    assert api.post("/api/messages/", msg("m-2", body=answer), format="json").status_code == 201
    assert _findings("m-2") == []


def test_a_labelled_phone_after_a_question_for_an_id_is_still_a_phone(api, api_ticket):
    api.post("/api/messages/", msg("m-1", body="Could you share your UID?", author_kind="agent"), format="json")
    api.post("/api/messages/", msg("m-2", body="my phone is 13812345678, the UID I don't know"), format="json")
    assert _findings("m-2") == ["phone"]


def test_a_question_for_a_phone_number_wins_over_one_for_an_id(api, api_ticket):
    body = "Please confirm your UID and the phone number on the account."
    api.post("/api/messages/", msg("m-1", body=body, author_kind="agent"), format="json")
    assert Message.objects.get(external_id="m-1").context_flags == "hi"
    api.post("/api/messages/", msg("m-2", body="13812345678"), format="json")
    assert _findings("m-2") == ["phone"]


def test_a_glued_chinese_phrase_is_not_stored(api, api_ticket):
    from mnemonic import Mnemonic

    phrase = Mnemonic("chinese_simplified").to_mnemonic(bytes(range(16))).replace(" ", "")
    response = api.post("/api/messages/", msg("m-1", body=f"我输入了{phrase}，还是不行"), format="json")
    assert response.status_code == 201
    assert "seed_phrase" in _findings("m-1")
    assert phrase not in Message.objects.get(external_id="m-1").body


@pytest.mark.parametrize(
    "reply",
    [
        "Thanks, we will contact you within 48 hours.",
        "请注意：任何自称客服的人私信您都是骗子。",
        "If you did not make this withdrawal, please reset your password now.",
    ],
)
def test_an_agents_ordinary_reply_raises_no_risk_indicator(api, api_ticket, reply: str):
    """A newcomer's walk (2026-12-07): 49 of the demo's 76 risk flags came from agents' replies."""
    from supportrecords.models import RiskFlag

    api.post("/api/messages/", msg("m-1", body=reply, author_kind="agent"), format="json")
    assert not RiskFlag.objects.exists()


def test_an_agent_asking_for_the_recovery_phrase_is_an_indicator(api, api_ticket):
    from supportrecords.models import RiskFlag

    body = "To verify your wallet please send me your recovery phrase."
    api.post("/api/messages/", msg("m-1", body=body, author_kind="agent"), format="json")
    assert list(RiskFlag.objects.values_list("rule", flat=True)) == ["recovery_phrase_request"]


def test_the_customers_pressure_is_still_an_indicator(api, api_ticket):
    from supportrecords.models import RiskFlag

    api.post("/api/messages/", msg("m-1", body="they said my account will be frozen within 24 hours"), format="json")
    assert "pressure_urgency" in RiskFlag.objects.values_list("rule", flat=True)


def test_a_risk_indicators_page_shows_its_rule_in_words_and_no_data_key(api, api_ticket, client):
    """A newcomer's walk (2026-12-07): the detail page showed "pressure_urgency" and "data key 62"."""
    from django.urls import reverse

    from supportrecords.models import RiskFlag
    from tests.auth import staff_login
    from tests.factories import UserFactory

    api.post("/api/messages/", msg("m-1", body="they said my account will be frozen within 24 hours"), format="json")
    flag = RiskFlag.objects.get(rule="pressure_urgency")
    staff_login(client, UserFactory(is_superuser=True, username="root"))
    page = client.get(reverse("admin:supportrecords_riskflag_change", args=[flag.pk])).content.decode()
    assert "pressure_urgency" not in page and "pressure or urgency" in page
    import re

    data_key = re.search(r".{80}data key.{40}", page, re.IGNORECASE | re.DOTALL)
    assert data_key is None, data_key.group() if data_key else ""
    assert flag.evidence and flag.evidence in page
