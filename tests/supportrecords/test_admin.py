from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from encryption.services import data_keys_destroy
from supportrecords import roles
from supportrecords.models import Message, Ticket
from supportrecords.services import attachment_create, attachment_release, message_create, ticket_assign
from tests.auth import staff_login
from tests.factories import TicketFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def alice(make_user):
    return make_user(roles.AGENT, username="alice")


@pytest.fixture
def alice_client(client, alice):
    staff_login(client, alice)
    return client


@pytest.fixture
def alices_ticket(alice):
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, agent=alice, actor=None)
    message_create(ticket=ticket, author_kind="customer", body="My withdrawal of 2 BTC is stuck <script>x</script>")
    return ticket


def test_agent_changelist_shows_only_their_tickets(alice_client, alices_ticket):
    other = TicketFactory()
    response = alice_client.get(reverse("admin:supportrecords_ticket_changelist"))
    assert response.status_code == 200
    ids = [t.pk for t in response.context["cl"].result_list]
    assert ids == [alices_ticket.pk]
    assert other.pk not in ids


def test_agent_cannot_open_someone_elses_ticket(alice_client, alices_ticket):
    other = TicketFactory()
    response = alice_client.get(reverse("admin:supportrecords_ticket_change", args=[other.pk]))
    assert response.status_code in (302, 403, 404)
    assert not AuditEvent.objects.filter(action="ticket.view_content", target_id=str(other.pk)).exists()


def test_opening_a_ticket_shows_escaped_content_and_records_an_audit_event(alice_client, alice, alices_ticket):
    response = alice_client.get(reverse("admin:supportrecords_ticket_change", args=[alices_ticket.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "My withdrawal of 2 BTC is stuck" in html
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    event = AuditEvent.objects.get(action="ticket.view_content", target_id=str(alices_ticket.pk))
    assert event.actor_id == alice.pk and event.customer_id == alices_ticket.customer_id
    assert event.ip == "127.0.0.1"
    assert "withdrawal" not in str(event.details)


def test_customer_personal_data_is_masked_for_agents(alice_client, alices_ticket):
    customer = alices_ticket.customer
    response = alice_client.get(reverse("admin:supportrecords_customer_change", args=[customer.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert customer.email not in html and "j***@example.com" in html
    assert "+86 138****5678" in html and "+8613812345678" not in html
    assert "Jane Doe" not in html


def test_reveal_shows_the_value_and_records_an_audit_event(alice_client, alice, alices_ticket):
    customer = alices_ticket.customer
    url = reverse("admin:supportrecords_customer_reveal", args=[customer.pk, "phone"])
    response = alice_client.post(url)
    assert response.status_code == 200
    assert "+8613812345678" in response.content.decode()
    event = AuditEvent.objects.get(action="customer.reveal", customer_id=customer.pk)
    assert event.details == {"field": "phone"} and event.actor_id == alice.pk


def test_reveal_is_post_only_and_refuses_unknown_fields_and_other_customers(alice_client, alices_ticket):
    customer = alices_ticket.customer
    get = alice_client.get(reverse("admin:supportrecords_customer_reveal", args=[customer.pk, "phone"]))
    assert get.status_code == 302
    bad_field = alice_client.post(reverse("admin:supportrecords_customer_reveal", args=[customer.pk, "data_key"]))
    assert bad_field.status_code == 403
    other = TicketFactory().customer
    response = alice_client.post(reverse("admin:supportrecords_customer_reveal", args=[other.pk, "phone"]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="customer.reveal").exists()


def test_agent_reply_from_the_admin_is_encrypted_and_audited(alice_client, alices_ticket):
    url = reverse("admin:supportrecords_ticket_change", args=[alices_ticket.pk])
    response = alice_client.post(url, {"status": "pending", "reply": "We are checking your withdrawal."})
    assert response.status_code == 302, response.content.decode()[:2000]
    reply = Message.objects.filter(ticket=alices_ticket, author_kind="agent").get()
    assert reply.body == "We are checking your withdrawal."
    assert Ticket.objects.get(pk=alices_ticket.pk).status == "pending"
    assert AuditEvent.objects.filter(action="message.create", target_id=str(reply.pk)).exists()


def test_destroyed_key_shows_erased_in_the_admin(alice_client, alices_ticket):
    data_keys_destroy(data_key_ids=[alices_ticket.data_key_id], reason="test")
    html = alice_client.get(reverse("admin:supportrecords_ticket_change", args=[alices_ticket.pk])).content.decode()
    assert "[erased]" in html and "withdrawal" not in html
    customer_url = reverse("admin:supportrecords_customer_change", args=[alices_ticket.customer_id])
    assert "[erased]" in alice_client.get(customer_url).content.decode()


def test_delete_selected_is_not_offered_on_personal_data(client, admin_user, alices_ticket):
    staff_login(client, admin_user)
    admin_client = client
    for name in ("ticket", "customer"):
        response = admin_client.get(reverse(f"admin:supportrecords_{name}_changelist"))
        assert response.status_code == 200
        assert "delete_selected" not in response.content.decode()
    delete_url = reverse("admin:supportrecords_ticket_delete", args=[alices_ticket.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Ticket.objects.filter(pk=alices_ticket.pk).exists()


def test_attachment_download_decrypts_and_is_audited(alice_client, alices_ticket, make_user):
    message = alices_ticket.messages.first()
    attachment = attachment_create(
        message=message, filename="截图.png", content=b"\x89PNG fake", content_type="image/png"
    )
    # An image cannot be scanned: agents download it once a compliance officer has released it (issue 8).
    attachment_release(user=make_user(roles.COMPLIANCE_OFFICER), attachment=attachment)
    response = alice_client.get(reverse("admin:supportrecords_attachment_download", args=[attachment.pk]))
    assert response.status_code == 200 and response.content == b"\x89PNG fake"
    assert "UTF-8''%E6%88%AA%E5%9B%BE.png" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="attachment.download", target_id=str(attachment.pk)).exists()


def test_auditor_reads_the_audit_trail_but_no_ticket(client, make_user, alices_ticket):
    auditor = make_user(roles.AUDITOR)
    staff_login(client, auditor)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:supportrecords_ticket_changelist")).status_code == 403
    assert client.get(reverse("admin:supportrecords_ticket_change", args=[alices_ticket.pk])).status_code in (
        302,
        403,
    )


def test_admin_speaks_simplified_chinese(alice_client, alices_ticket):
    response = alice_client.get(
        reverse("admin:supportrecords_ticket_change", args=[alices_ticket.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    html = response.content.decode()
    assert "对话" in html  # "conversation"
    assert "回复客户" in html  # "Reply to the customer"
