from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management import call_command

from supportrecords import roles
from supportrecords.models import Customer, Message, Ticket
from supportrecords.selectors import ticket_list_visible_to


def test_setup_demo_creates_one_account_per_role_and_conversations(db, capsys, monkeypatch):
    monkeypatch.setenv("CUSTOS_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("setup_demo", "--customers", "6")
    out = capsys.readouterr().out
    assert "demo-password-for-tests" in out
    users = get_user_model().objects
    for role in roles.ALL_ROLES:
        assert users.filter(groups__name=role).exists(), role
    assert Customer.objects.count() == 6
    assert Ticket.objects.exists() and Message.objects.exists()
    alice = users.get(username="agent.alice")
    assert set(ticket_list_visible_to(user=alice)) == set(Ticket.objects.filter(assigned_agent=alice))
    assert users.get(username="admin").check_password("demo-password-for-tests")


def test_seed_demo_writes_english_and_chinese_conversations(db):
    call_command("seed_demo", "--customers", "30", "--seed", "3")
    bodies = [m.body for m in Message.objects.all()]
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in body) for body in bodies)
    assert any(body.isascii() for body in bodies)
