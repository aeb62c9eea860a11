"""Staff read words, not codes: audit target types and actions on the event page and list, anomaly and risk rule
names, the privacy requests' jurisdiction filter, purge triggers and the rectification form's fields."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from audit import rules, targets
from audit.anomaly import Breach, access_lock
from audit.models import AuditEvent, Incident
from deletion.models import PurgeRun
from privacy.admin import RectifyForm
from supportrecords import roles
from supportrecords.models import DataCategory, RiskFlag
from tests.auth import staff_login
from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db


def _visible(response) -> str:
    """The page's text as a reader sees it: no tags, no attributes (where codes may stay, in links)."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", body))


def test_every_audit_target_and_anomaly_rule_has_a_label_in_both_languages():
    assert set(targets.LABELS) == set(targets.TARGETS)
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for name in targets.TARGETS:
                assert targets.target_label(name) != name
            for rule in rules.RULE_LABELS:
                assert rules.rule_label(rule) != rule
    assert targets.target_label("something.new") == "something.new"


def test_the_audit_trail_shows_action_and_target_type_as_words(client, make_user):
    auditor = make_user(roles.AUDITOR)
    staff_login(client, auditor)  # writes auth.otp-like events of its own; add one we know
    event = AuditEvent.objects.create(
        actor_id=auditor.pk, actor_label="a", action="auth.otp", target_type=targets.USER, target_id=str(auditor.pk)
    )
    listing = _visible(client.get(reverse("admin:audit_auditevent_changelist")))
    assert "auth.user" not in listing and "supportrecords.ticket" not in listing
    assert "staff user" in listing
    page = _visible(client.get(reverse("admin:audit_auditevent_change", args=[event.pk])))
    assert "auth.otp" not in page and "auth.user" not in page, [line for line in page.splitlines() if "auth." in line]
    assert "staff user" in page
    filtered = client.get(reverse("admin:audit_auditevent_changelist"), {"target_type": targets.USER})
    assert {e.target_type for e in filtered.context["cl"].result_list} == {targets.USER}


def test_incidents_locks_and_risk_flags_name_their_rules(client, make_user, settings):
    settings.LANGUAGE_CODE = "en"
    agent = make_user(roles.AGENT)
    access_lock(user=agent, breach=Breach("unassigned_reads", {"reads": 31, "limit": 30}))
    superuser = make_user(None, is_superuser=True, is_staff=True)
    staff_login(client, superuser)
    incident = Incident.objects.get()
    for url in (
        reverse("admin:audit_incident_changelist"),
        reverse("admin:audit_incident_change", args=[incident.pk]),
        reverse("admin:audit_accesslock_changelist"),
        reverse("admin:audit_auditevent_staff", args=[agent.pk]),
    ):
        text = _visible(client.get(url))
        assert "unassigned_reads" not in text and "outside_working_hours" not in text, (
            url,
            [line for line in text.splitlines() if "_reads" in line],
        )
        assert "reads of tickets not assigned to them" in text, url
    ticket = TicketFactory(customer=CustomerFactory())
    flag = RiskFlag(ticket=ticket, rule="phishing_link", data_key_id=ticket.customer.data_key_id)
    flag.evidence = "example"
    flag.save()
    text = _visible(client.get(reverse("admin:supportrecords_riskflag_changelist")))
    assert "phishing_link" not in text and "account_takeover" not in text and "phishing link" in text
    filtered = client.get(reverse("admin:supportrecords_riskflag_changelist"), {"rule": "phishing_link"})
    assert [f.pk for f in filtered.context["cl"].result_list] == [flag.pk]


def test_privacy_requests_filter_by_jurisdiction_name_and_purge_runs_by_trigger_name(client, make_user):
    officer = make_user(roles.PRIVACY_OFFICER)
    staff_login(client, officer)
    text = _visible(client.get(reverse("admin:privacy_privacyrequest_changelist")))
    assert not re.search(r"\b(cn|uk|eu|hk|us_ny)\b", text)
    PurgeRun.objects.create(trigger="beat", reason="retention (beat)")
    text = _visible(client.get(reverse("admin:deletion_purgerun_changelist")))
    assert "nightly schedule" in text and not re.search(r"\bbeat\b", text.replace("retention (beat)", ""))


def test_the_rectification_form_names_customer_fields_in_words():
    with translation.override("zh-hans"):
        field = RectifyForm().fields["field"]
        assert isinstance(field, forms.ChoiceField)
        labels = [str(label) for _code, label in list(field.choices)]  # type: ignore[arg-type]  # a plain list here
    assert "email" not in labels and "phone" not in labels and len(labels) == 3


def test_the_audit_event_page_shows_details_as_words_not_json(client, make_user):
    auditor = make_user(roles.AUDITOR)
    staff_login(client, auditor)
    event = AuditEvent.objects.create(
        actor_id=auditor.pk,
        actor_label="a",
        action="auth.otp",
        target_type=targets.USER,
        target_id=str(auditor.pk),
        details={"method": "totp", "ticket_id": 7, "rule": "reveals", "tipping_off": True},
    )
    page = _visible(client.get(reverse("admin:audit_auditevent_change", args=[event.pk])))
    assert '{"method"' not in page and "totp" not in page
    assert "method: authenticator app" in page and "ticket: #7" in page and "many reveals of personal data" in page
    assert "withheld without trace: yes" in page


def test_the_customer_page_and_labels_read_in_chinese(client, make_user):
    compliance = make_user(roles.COMPLIANCE_OFFICER)
    customer = CustomerFactory()
    TicketFactory(customer=customer, category=DataCategory.objects.get(slug="security-incident"))
    staff_login(client, compliance)
    response = client.get(
        reverse("admin:supportrecords_customer_change", args=[customer.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    text = _visible(response)
    assert "安全事件与账户盗用" in text and "Security incident" not in text
    assert "电话：" in text and "电话:" not in text  # the label suffix is full-width in Chinese


def test_risk_indicators_on_the_ticket_page_take_a_full_width_colon_in_chinese(client, make_user):
    compliance = make_user(roles.COMPLIANCE_OFFICER)
    ticket = TicketFactory(customer=CustomerFactory())
    flag = RiskFlag(ticket=ticket, rule="phishing_link", data_key_id=ticket.customer.data_key_id)
    flag.evidence = "example.test"
    flag.save()
    type(ticket).objects.filter(pk=ticket.pk).update(risk_flags=[{"rule": "phishing_link", "at": "2026-12-05"}])
    staff_login(client, compliance)
    response = client.get(
        reverse("admin:supportrecords_ticket_change", args=[ticket.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    text = _visible(response)
    assert "：example.test" in text and ": example.test" not in text


def test_the_audit_trail_names_the_system_actor_in_the_readers_language_and_marks_none_one_way(client, make_user):
    auditor = make_user(roles.AUDITOR)
    AuditEvent.objects.create(
        actor_id=None, actor_label="system", action="ticket.assign", target_type=targets.TICKET, target_id="1", ip=None
    )
    staff_login(client, auditor)
    response = client.get(reverse("admin:audit_auditevent_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = _visible(response)
    assert "系统" in text and not re.search(r"\bsystem\b", text)
    cells = re.findall(r"<td[^>]*>\s*(-|—)\s*</td>", response.content.decode())
    assert cells and set(cells) == {"—"}
