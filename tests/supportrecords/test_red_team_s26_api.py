"""The red teams' findings of 2026-12-07's fourth session, through the API as an integration sends messages."""

from __future__ import annotations

import pytest

from supportrecords.models import Message
from tests.supportrecords.test_api import msg


def _findings(external_id: str) -> list[str]:
    return [f[0] for f in Message.objects.get(external_id=external_id).findings]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("What's the best number to reach you?", "it's 07911123456"),
        ("Can I have a callback number please?", "sure, 07911123456 thanks"),
        ("请留下您的手机号码", "07911123456"),
    ],
)
def test_a_phone_number_answering_the_agents_question_is_found(api, api_ticket, question: str, answer: str):
    # A national number without a label was found only as a whole message; the agent's question was not read.
    api.post("/api/messages/", msg("m-1", body=question, author_kind="agent"), format="json")
    assert "h" in (Message.objects.get(external_id="m-1").context_flags or "")
    response = api.post("/api/messages/", msg("m-2", body=answer), format="json")
    assert response.status_code == 201
    assert _findings("m-2") == ["phone"]


def test_a_number_long_after_the_question_is_not_taken_for_a_phone(api, api_ticket):
    api.post("/api/messages/", msg("m-1", body="What's your phone number?", author_kind="agent"), format="json")
    api.post("/api/messages/", msg("m-2", body="one moment"), format="json")
    api.post("/api/messages/", msg("m-3", body="ok"), format="json")
    api.post("/api/messages/", msg("m-4", body="it's 07911123456"), format="json")
    assert _findings("m-4") == []
    api.post("/api/messages/", msg("m-5", body="and your phone number?", author_kind="agent"), format="json")
    api.post("/api/messages/", msg("m-6", body="I withdrew 25000000 yesterday"), format="json")
    assert _findings("m-6") == []
