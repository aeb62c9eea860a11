"""What a newcomer stumbled on in the admin: clear errors on the legal-hold form, one banner after a reply,
"View site" that leads somewhere."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse

from deletion.models import LegalHold
from supportrecords import roles
from supportrecords.services import ticket_assign
from tests.auth import staff_login
from tests.factories import TicketFactory


def _add_hold(client, **data):
    payload = {
        "customer_id": "",
        "ticket_id": "",
        "kind": "litigation",
        "reason": "Case 4",
        "ends_at_0": "",
        "ends_at_1": "",
    }
    payload.update(data)
    return client.post(reverse("admin:deletion_legalhold_add"), payload)


def test_the_legal_hold_form_explains_its_errors(client, make_user):
    ticket = TicketFactory()
    staff_login(client, make_user(roles.COMPLIANCE_OFFICER))
    both = _add_hold(client, customer_id=ticket.customer_id, ticket_id=ticket.pk)
    assert both.status_code == 200
    html = both.content.decode()
    assert "Enter either a customer or a ticket" in html and "legal_hold_one_scope" not in html
    missing = _add_hold(client, customer_id=987654)
    assert missing.status_code == 200 and "There is no such customer." in missing.content.decode()
    assert not LegalHold.objects.exists()
    placed = _add_hold(client, ticket_id=ticket.pk)
    assert placed.status_code == 302 and LegalHold.objects.get().ticket_id == ticket.pk


def test_a_reply_shows_one_success_banner(client, make_user):
    agent = make_user(roles.AGENT)
    ticket = TicketFactory()
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    staff_login(client, agent)
    response = client.post(
        reverse("admin:supportrecords_ticket_change", args=[ticket.pk]),
        {"status": ticket.status, "reply": "We are looking into it."},
        follow=True,
    )
    texts = [str(m) for m in get_messages(response.wsgi_request)] or [str(m) for m in response.context["messages"]]
    assert texts == ["Your reply was added to the conversation."]


def test_view_site_leads_to_the_privacy_pages(client, make_user):
    staff_login(client, make_user(roles.AGENT))
    html = client.get(reverse("admin:index")).content.decode()
    assert 'href="/privacy/"' in html
    assert client.get("/privacy/").status_code == 200


def test_the_customer_page_lists_their_requests_for_reviewers_only(client, make_user, settings):
    from privacy.models import PrivacyRequest
    from privacy.services import privacy_request_submit

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "edges"}}
    ticket = TicketFactory()
    outcome = privacy_request_submit(
        kind="access",
        exchange_account_id=ticket.customer.exchange_account_id,
        email=ticket.customer.email,
        language="en",
        ip="203.0.113.9",
    )
    assert outcome.request_id is not None
    request = PrivacyRequest.objects.get(pk=outcome.request_id)
    url = reverse("admin:supportrecords_customer_change", args=[ticket.customer_id])
    staff_login(client, make_user(roles.PRIVACY_OFFICER))
    html = client.get(url).content.decode()
    assert reverse("admin:privacy_privacyrequest_change", args=[request.pk]) in html
    agent = make_user(roles.AGENT)
    ticket_assign(ticket=ticket, agent=agent, actor=None)
    staff_login(client, agent)
    html = client.get(url).content.decode()
    assert reverse("admin:supportrecords_ticket_change", args=[ticket.pk]) in html
    assert reverse("admin:privacy_privacyrequest_change", args=[request.pk]) not in html


def test_the_legal_hold_form_looks_customers_and_tickets_up(client, make_user):
    ticket = TicketFactory()
    staff_login(client, make_user(roles.COMPLIANCE_OFFICER))
    form = client.get(reverse("admin:deletion_legalhold_add")).content.decode()
    assert "admin-autocomplete" in form
    by_account = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "supportrecords", "model_name": "ticket", "field_name": "customer", "term": "UID0"},
    )
    assert by_account.status_code == 200 and by_account.json()["results"] == []
    found = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "supportrecords",
            "model_name": "ticket",
            "field_name": "customer",
            "term": ticket.customer.exchange_account_id,
        },
    ).json()["results"]
    assert found == [{"id": str(ticket.customer_id), "text": f"customer #{ticket.customer_id}"}]
    tickets = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "supportrecords", "model_name": "riskflag", "field_name": "ticket", "term": str(ticket.pk)},
    ).json()["results"]
    assert tickets == [{"id": str(ticket.pk), "text": f"ticket #{ticket.pk}"}]


def test_the_request_timeline_shows_steps_and_details_in_words(client, make_user, settings):
    from privacy.lifecycle import event_record
    from privacy.models import PrivacyRequest
    from privacy.services import privacy_request_submit

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "events"}}
    ticket = TicketFactory()
    outcome = privacy_request_submit(
        kind="erasure",
        exchange_account_id=ticket.customer.exchange_account_id,
        email=ticket.customer.email,
        language="en",
        ip="203.0.113.9",
    )
    assert outcome.request_id is not None
    request = PrivacyRequest.objects.get(pk=outcome.request_id)
    event_record(request=request, kind="erased", details={"tickets": 3, "messages": 12, "attachments": 0})
    staff_login(client, make_user(roles.PRIVACY_OFFICER))
    html = client.get(reverse("admin:privacy_privacyrequest_change", args=[request.pk])).content.decode()
    assert "tickets: 3 · messages: 12 · attachments: 0" in html
    assert "of request #" not in html and "{&quot;tickets&quot;" not in html and '{"tickets"' not in html
