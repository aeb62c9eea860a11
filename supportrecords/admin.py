"""Staff admin for support records: thin classes over the selectors (who sees what) and services (writes)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from audit import targets
from audit.anomaly import access_is_locked
from audit.services import client_ip
from audit.types import Actor
from config.errors import AdminNotFoundMixin
from config.pagination import EstimatedCountPaginator
from encryption.exceptions import EncryptionError, KeyDestroyed
from staffauth.views import reauth_required
from supportrecords import ingest, roles, selectors, services
from supportrecords.exposure import security_contacts
from supportrecords.markers import markers_as_badges
from supportrecords.masking import MASKERS
from supportrecords.models import (
    Attachment,
    Customer,
    DataCategory,
    Integration,
    IntegrationCustomerGrant,
    Message,
    ReplyTemplate,
    RiskFlag,
    Team,
    Ticket,
)
from supportrecords.redaction import SECRET_KINDS
from supportrecords.risk import RULE_LABELS, RULES
from supportrecords.scanning import text_masked

ERASED = _("[erased]")
UNREADABLE = _("[unreadable]")

# Personal data leaves only through audited services, and is deleted only by the purge engine.
admin.site.disable_action("delete_selected")

_REQUEST_USER: ContextVar[Any] = ContextVar("custos_admin_request_user", default=None)


def _plain(obj: Any, field: str) -> str | None:
    """The plaintext of an encrypted field, or None when the key is destroyed."""
    try:
        value: str | None = getattr(obj, field)
    except KeyDestroyed:
        return None
    return value


def _masked(obj: Any, field: str) -> str:
    try:
        value = getattr(obj, field)
    except KeyDestroyed:
        return str(ERASED)
    except EncryptionError:
        return str(UNREADABLE)
    return MASKERS[field](value) if value else "—"


def _restricted_badge(ticket: Ticket) -> SafeString | str:
    if not ticket.restricted:
        return ""
    return format_html(
        '<span class="custos-badge-restricted" title="{}" style="background:#7a1c1c;color:#fff;'
        'border-radius:3px;padding:1px 6px;font-size:11px;white-space:nowrap">{}</span>',
        gettext("Kept only where the law requires us: read by compliance, changed by nobody"),
        gettext("Restricted"),
    )


@admin.register(DataCategory)
class DataCategoryAdmin(admin.ModelAdmin[DataCategory]):
    list_display = ["name", "slug", "sensitivity"]
    list_filter = ["sensitivity"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request: HttpRequest, obj: DataCategory | None = None) -> bool:
        return False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["team_name"]
    filter_horizontal = ["agents"]
    readonly_fields = ["supervisors"]

    @admin.display(description=_("name"), ordering="name")
    def team_name(self, obj: Team) -> str:
        return str(obj)

    def save_model(self, request: HttpRequest, obj: Team, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.team_create(name=obj.name)
        obj.pk, obj.supervisors = created.pk, created.supervisors
        obj._state.adding = False


@admin.register(Customer)
class CustomerAdmin(AdminNotFoundMixin, admin.ModelAdmin[Customer]):
    list_display = ["id", "masked_account_id", "masked_email", "jurisdiction", "created_at", "relationship_ended_at"]
    list_filter = ["jurisdiction"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    ordering = ["-id"]
    fields = readonly_fields = (
        "reveal_account_id",
        "reveal_email",
        "reveal_name",
        "reveal_phone",
        "jurisdiction",
        "created_at",
        "relationship_ended_at",
        "tickets",
    )
    search_help_text = _("Exact email address or exchange account id.")
    search_fields = ["=id"]  # replaced by blind-index lookups in get_search_results

    def get_queryset(self, request: HttpRequest) -> QuerySet[Customer]:
        # Ordered here too: the autocomplete lookups (legal-hold form) page through this queryset.
        return selectors.customer_list_visible_to(user=request.user).order_by(*self.get_ordering(request))

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Customer], search_term: str
    ) -> tuple[QuerySet[Customer], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        if "@" in term:
            kind, results = "email", queryset & selectors.customer_find_by_email(email=term)
        else:
            found = selectors.customer_get_by_account_id(exchange_account_id=term)
            if found is None and term.isdigit():
                kind, results = "id", queryset.filter(pk=int(term))
            else:
                kind, results = "account_id", (queryset.filter(pk=found.pk) if found else queryset.none())
        services.search_record(user=request.user, target="customer", kind=kind, ip=client_ip(request))
        return results, False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Customer | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Customer | None = None) -> bool:
        return False

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Customer | None:
        customer = super().get_object(request, object_id, from_field)
        if customer is not None:
            # Read by the display methods below, which see only the object: whether this user may reveal.
            customer._custos_can_reveal = selectors.customer_personal_data_is_visible_to(  # type: ignore[attr-defined]  # per-request flag
                user=request.user, customer=customer
            )
            customer._custos_tickets = list(  # type: ignore[attr-defined]  # per-request list
                selectors.ticket_list_visible_to(user=request.user)
                .filter(customer_id=customer.pk)
                .select_related("category")
                .order_by("-opened_at", "-id")[:100]
            )
        return customer

    def _reveal_button(self, obj: Customer, field: str) -> SafeString:
        masked = _masked(obj, field)
        if masked in (str(ERASED), str(UNREADABLE), "—") or not getattr(obj, "_custos_can_reveal", False):
            return format_html("{}", masked)
        url = reverse("admin:supportrecords_customer_reveal", args=[obj.pk, field])
        label = getattr(Customer._meta.get_field(field), "verbose_name", field)
        return format_html(
            '{} <button type="submit" class="button" formaction="{}" formmethod="post" aria-label="{}">{}</button>',
            masked,
            url,
            gettext("Reveal %(field)s (recorded in the audit trail)") % {"field": label},
            gettext("Reveal"),
        )

    @admin.display(description=_("exchange account id"))
    def masked_account_id(self, obj: Customer) -> SafeString | str:
        return _masked(obj, "exchange_account_id")

    @admin.display(description=_("email"))
    def masked_email(self, obj: Customer) -> SafeString | str:
        return _masked(obj, "email")

    @admin.display(description=_("exchange account id"))
    def reveal_account_id(self, obj: Customer) -> SafeString:
        return self._reveal_button(obj, "exchange_account_id")

    @admin.display(description=_("email"))
    def reveal_email(self, obj: Customer) -> SafeString:
        return self._reveal_button(obj, "email")

    @admin.display(description=_("name"))
    def reveal_name(self, obj: Customer) -> SafeString:
        return self._reveal_button(obj, "name")

    @admin.display(description=_("phone"))
    def reveal_phone(self, obj: Customer) -> SafeString:
        return self._reveal_button(obj, "phone")

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "GET":
            customer = self.get_object(request, object_id)
            if customer is not None:
                services.customer_record_open(user=request.user, customer=customer, ip=client_ip(request))
            else:
                services.locked_access_refuse(
                    user=request.user,
                    action="customer.view",
                    target_type=targets.CUSTOMER,
                    target_id=object_id,
                    ip=client_ip(request),
                )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("tickets you may open"))
    def tickets(self, obj: Customer) -> SafeString:
        rows = getattr(obj, "_custos_tickets", [])
        if not rows:
            return format_html("{}", gettext("None that your role lets you open."))
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> · {} · {} · {} {}</li>',
            (
                (
                    reverse("admin:supportrecords_ticket_change", args=[t.pk]),
                    gettext("ticket #%(id)s") % {"id": t.pk},
                    str(t.category),
                    t.get_status_display(),
                    date_format(t.opened_at, "SHORT_DATE_FORMAT"),
                    _restricted_badge(t),
                )
                for t in rows
            ),
        )
        return format_html('<ul style="margin:0;padding-left:1em">{}</ul>', items)

    def get_urls(self) -> list[URLPattern]:
        reveal = path(
            "<int:pk>/reveal/<str:field>/",
            self.admin_site.admin_view(reauth_required(self.reveal_view)),
            name="supportrecords_customer_reveal",
        )
        return [reveal, *super().get_urls()]

    def reveal_view(self, request: HttpRequest, pk: int, field: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:supportrecords_customer_change", args=[pk]))
        customer = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            value = services.customer_field_reveal(
                user=request.user, customer=customer, field=field, ip=client_ip(request)
            )
        except ValidationError as exc:
            raise PermissionDenied from exc
        except KeyDestroyed:
            value = str(ERASED)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": customer,
            "field_label": getattr(Customer._meta.get_field(field), "verbose_name", field),
            "value": value,
            "title": gettext("Revealed personal data"),
        }
        return TemplateResponse(request, "admin/supportrecords/customer/reveal.html", context)


class TicketForm(forms.ModelForm[Ticket]):
    reply = forms.CharField(
        label=_("Reply to the customer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=services.MAX_BODY_LENGTH,
    )

    class Meta:
        model = Ticket
        fields = ["status", "assigned_agent", "team"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "assigned_agent" in self.fields:
            agents = get_user_model().objects.filter(groups__name=roles.AGENT, is_active=True)
            team = getattr(self.instance, "team", None) if self.instance.pk else None
            if self.is_bound and "team" in self.fields:
                chosen = str(self.data.get("team") or "")  # the team chosen with the agent, in the same save
                team = Team.objects.filter(pk=chosen).first() if chosen.isdigit() else None
            if team is not None:
                # A team's ticket goes to one of its agents: the others are not offered (a newcomer picked one and
                # was told only after saving). The agent assigned now stays listed, whatever their team.
                current = self.instance.assigned_agent_id
                agents = agents.filter(Q(pk__in=team.agents.values("pk")) | Q(pk=current)).distinct()
            self.fields["assigned_agent"].queryset = agents  # type: ignore[attr-defined]  # ModelChoiceField

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agent = data.get("assigned_agent")
        team = data["team"] if "team" in data else getattr(self.instance, "team", None)
        if agent is not None and team is not None and not team.agents.filter(pk=agent.pk).exists():
            self.add_error("assigned_agent", _("This agent is not in the ticket's team."))
        return data


class RiskRuleFilter(admin.SimpleListFilter):
    title = _("risk indicator")
    parameter_name = "risk_rule"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(rule, str(RULE_LABELS.get(rule, rule.replace("_", " ")))) for rule in RULES]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in RULES:
            return queryset.filter(risk_flag_rows__rule=self.value())
        return queryset


class RiskFlagRuleFilter(RiskRuleFilter):
    parameter_name = "rule"

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(rule=self.value()) if self.value() in RULES else queryset


def _exposure_follow_up(ticket: Ticket) -> str:
    """Say what really happened after an exposure: the security contacts are emailed only when configured."""
    posted = gettext("The customer posted a recovery phrase or private key: it was redacted before storage.")
    if ticket.security_alerted_at is not None:
        told = gettext("The security contacts were emailed on %(date)s.") % {
            "date": date_format(timezone.localtime(ticket.security_alerted_at), "DATETIME_FORMAT")
        }
    elif not security_contacts():
        told = gettext(
            "The exposure is recorded in the audit trail; no security contact is configured "
            "(CUSTOS_SECURITY_CONTACTS), so nobody was emailed: tell your security team yourself."
        )
    else:
        told = gettext("The security contacts are being emailed.")
    return f"{posted} {told} {gettext('Treat the wallet as compromised.')}"


@admin.register(Ticket)
class TicketAdmin(AdminNotFoundMixin, admin.ModelAdmin[Ticket]):
    form = TicketForm
    list_display = ["id", "customer_id", "category", "channel", "status", "opened_at", "assigned_agent", "team"]
    list_filter = ["status", "channel", "category", "secret_exposed", RiskRuleFilter]
    list_select_related = ["category", "assigned_agent", "team"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    ordering = ["-opened_at", "-id"]
    search_fields = ["=id", "=customer__id"]
    readonly_fields = [
        "customer_link",
        "category",
        "channel",
        "opened_at",
        "closed_at",
        "subject_text",
        "conversation",
        "secret_exposure",
        "risk_indicators",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Ticket]:
        # Ordered here too: the autocomplete lookups (legal-hold form) page through this queryset.
        return selectors.ticket_list_visible_to(user=request.user).order_by(*self.get_ordering(request))

    def get_list_display(self, request: HttpRequest) -> list[str]:  # type: ignore[override]  # flat list
        subject = "subject_line" if roles.reads_content(request.user) else "restricted_badge"
        return ["id", subject, "customer_link", "category", "status", "opened_at", "assigned_agent", "team"]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.method == "GET" and access_is_locked(user=request.user):
            # A locked account's list is empty: say why (a newcomer saw "0 tickets" and no reason).
            messages.warning(
                request,
                _(
                    "Your access to customer content is locked after an unusual pattern of reads, so no ticket is "
                    "listed. A compliance officer or an administrator can unlock it under Access locks."
                ),
            )
        response = super().changelist_view(request, extra_context)
        # The list shows subjects (customer content) to the roles that read content: one event per page shown. A
        # search is recorded by get_search_results instead (by its kind), so a page is never recorded twice.
        changelist = getattr(response, "context_data", None) or {}
        shown = changelist.get("cl")
        if (
            request.method == "GET"
            and shown is not None
            and not shown.query
            and roles.reads_content(request.user)
            and len(shown.result_list)
        ):
            services.ticket_list_view_record(
                user=request.user, ticket_ids=[t.pk for t in shown.result_list], ip=client_ip(request)
            )
        return response

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Ticket], search_term: str
    ) -> tuple[QuerySet[Ticket], bool]:
        if search_term.strip():
            services.search_record(user=request.user, target="ticket", kind="id", ip=client_ip(request))
        return super().get_search_results(request, queryset, search_term)

    def get_fields(self, request: HttpRequest, obj: Ticket | None = None) -> list[str]:  # type: ignore[override]  # flat list
        content = roles.reads_content(request.user)
        fields = ["restricted_badge"] if obj is not None and obj.restricted else []
        fields += ["customer_link", "category", "channel", "opened_at", "closed_at"]
        fields += ["subject_text", "status"] if content else ["status"]
        fields += ["secret_exposure", "risk_indicators"]
        if roles.is_supervisor(request.user):
            fields += ["assigned_agent", "team"]
        if content:
            fields.append("conversation")
        # The reply box is a form field: only for those who may change this ticket (never a restricted one).
        if obj is not None and self.has_change_permission(request, obj):
            fields.append("reply")
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Ticket | None = None) -> list[str]:
        readonly = [*self.readonly_fields, "restricted_badge"]
        if obj is None or not self.has_change_permission(request, obj):
            readonly += ["status", "assigned_agent", "team"]
        return readonly

    def get_form(self, request: HttpRequest, obj: Ticket | None = None, change: bool = False, **kwargs: Any) -> Any:
        kwargs["fields"] = [f for f in self.get_fields(request, obj) if f in ("status", "assigned_agent", "team")]
        return super().get_form(request, obj, change, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Ticket | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Ticket | None = None) -> bool:
        if obj is None:
            return super().has_view_permission(request)
        return selectors.ticket_is_visible_to(user=request.user, ticket=obj)

    def has_change_permission(self, request: HttpRequest, obj: Ticket | None = None) -> bool:
        user = request.user
        if obj is None:
            return roles.works_tickets(user)
        return selectors.ticket_is_changeable_by(user=user, ticket=obj)

    @admin.display(description=_("restricted"))
    def restricted_badge(self, obj: Ticket) -> SafeString | str:
        return _restricted_badge(obj)

    @admin.display(description=_("subject"))
    def subject_line(self, obj: Ticket) -> SafeString:
        return format_html("{} {}", _restricted_badge(obj), self.subject_text(obj))

    @admin.display(description=_("secret exposed"))
    def secret_exposure(self, obj: Ticket) -> SafeString | str:
        if not obj.secret_exposed:
            return gettext("No: no recovery phrase or private key was posted in this ticket.")
        return format_html(
            '<span class="custos-badge-secret" style="background:#b10e1e;color:#fff;border-radius:3px;'
            'padding:1px 6px">{}</span> {}',
            gettext("Yes"),
            _exposure_follow_up(obj),
        )

    @admin.display(description=_("customer"))
    def customer_link(self, obj: Ticket) -> SafeString:
        url = reverse("admin:supportrecords_customer_change", args=[obj.customer_id])
        return format_html('<a href="{}">{}</a>', url, gettext("customer #%(id)s") % {"id": obj.customer_id})

    @admin.display(description=_("subject"))
    def subject_text(self, obj: Ticket) -> str:
        value = _plain(obj, "subject")
        return str(ERASED) if value is None else markers_as_badges(value)

    @admin.display(description=_("risk indicators"))
    def risk_indicators(self, obj: Ticket) -> SafeString:
        if not obj.risk_flags:
            return format_html("{}", "—")
        rows = obj.risk_flag_rows.order_by("flagged_at", "id")
        items = format_html_join(
            "",
            "<li><strong>{}</strong>{}{}</li>",
            (
                (RULE_LABELS.get(row.rule, row.rule), pgettext("label suffix", ": "), _plain(row, "evidence") or ERASED)
                for row in rows
            ),
        )
        return format_html('<ul style="margin: 0; padding-left: 1em">{}</ul>', items)

    @admin.display(description=_("conversation"))
    def conversation(self, obj: Ticket) -> SafeString:
        rows = []
        for message in selectors.ticket_messages(ticket=obj):
            body = _plain(message, "body")
            pii = [f for f in message.findings if f[0] not in SECRET_KINDS]
            reveal: SafeString | str = ""
            if body is not None and pii:
                # Personal data in bodies is masked; revealing one message's body is audited.
                body = text_masked(body, message.findings, jurisdiction=obj.customer.jurisdiction)
                reveal = format_html(
                    '<button type="submit" class="button" formaction="{}" formmethod="post">{}</button>',
                    reverse("admin:supportrecords_message_reveal", args=[message.pk]),
                    gettext("Reveal (recorded in the audit trail)"),
                )
            files = format_html_join(
                " ",
                "{}",
                (
                    (self._attachment_link(request_user=_REQUEST_USER.get(), attachment=a),)
                    for a in message.attachments.all()
                ),
            )
            rows.append(
                (
                    date_format(message.created_at, "DATETIME_FORMAT"),
                    message.get_author_kind_display(),
                    ERASED if body is None else markers_as_badges(body),
                    format_html("{} {}", files, reveal),
                )
            )
        if not rows:
            return format_html("<p>{}</p>", gettext("No messages."))
        items = format_html_join(
            "",
            '<li class="custos-message"><strong>{} · {}</strong>'
            '<div style="white-space: pre-wrap">{}</div><div>{}</div></li>',
            rows,
        )
        return format_html('<ol class="custos-conversation" style="list-style: none; padding: 0">{}</ol>', items)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method != "GET":
            return super().change_view(request, object_id, form_url, extra_context)
        # The page is rendered inside the transaction of its audit event: a page that fails to render showed
        # nobody any content, and leaves no "content viewed" event behind.
        with transaction.atomic():
            ticket = self.get_object(request, object_id)
            try:
                if ticket is not None and selectors.ticket_content_is_visible_to(user=request.user, ticket=ticket):
                    services.ticket_content_open(user=request.user, ticket=ticket, ip=client_ip(request))
                elif ticket is None:
                    services.locked_access_refuse(
                        user=request.user,
                        action="ticket.view_content",
                        target_type=targets.TICKET,
                        target_id=object_id,
                        ip=client_ip(request),
                    )
            except PermissionDenied as exc:
                refused: PermissionDenied | None = exc  # committed (the lock, the refusal event), then raised
            else:
                refused = None
                # The conversation field (which gets only the ticket) shows a release button to compliance
                # officers: it reads who asks while the page renders.
                token = _REQUEST_USER.set(request.user)
                try:
                    response = super().change_view(request, object_id, form_url, extra_context)
                    if isinstance(response, TemplateResponse):
                        response.render()
                finally:
                    _REQUEST_USER.reset(token)
        if refused is not None:
            raise refused
        return response

    def save_model(self, request: HttpRequest, obj: Ticket, form: Any, change: bool) -> None:
        data, ip, user = form.cleaned_data, client_ip(request), request.user
        if "team" in form.changed_data:  # the team first: an agent is assigned within the ticket's team
            services.ticket_set_team(ticket=obj, team=data["team"], actor=user, ip=ip)
        if "assigned_agent" in form.changed_data:
            services.ticket_assign(ticket=obj, agent=data["assigned_agent"], actor=user, ip=ip)
        if "status" in form.changed_data:
            services.ticket_set_status(ticket=obj, status=data["status"], actor=user, ip=ip)
        if data.get("reply", "").strip():
            services.agent_reply(ticket=obj, agent=user, body=data["reply"], ip=ip)
            request._custos_replied = True  # type: ignore[attr-defined]  # one banner: see message_user
            messages.success(request, gettext("Your reply was added to the conversation."))

    def message_user(
        self,
        request: HttpRequest,
        message: Any,
        level: int | str = messages.INFO,
        extra_tags: str = "",
        fail_silently: bool = False,
    ) -> None:
        # After a reply, "Your reply was added" says it all: no second "changed successfully" banner.
        if getattr(request, "_custos_replied", False):
            return
        super().message_user(request, message, level, extra_tags, fail_silently)

    def get_urls(self) -> list[URLPattern]:
        download = path(
            "attachment/<int:pk>/download/",
            self.admin_site.admin_view(reauth_required(self.attachment_download_view)),
            name="supportrecords_attachment_download",
        )
        reveal = path(
            "message/<int:pk>/reveal/",
            self.admin_site.admin_view(reauth_required(self.message_reveal_view)),
            name="supportrecords_message_reveal",
        )
        release = path(
            "attachment/<int:pk>/release/",
            self.admin_site.admin_view(self.attachment_release_view),
            name="supportrecords_attachment_release",
        )
        return [download, release, reveal, *super().get_urls()]

    def message_reveal_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        message = get_object_or_404(Message.objects.select_related("ticket"), pk=pk)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:supportrecords_ticket_change", args=[message.ticket_id]))
        try:
            value = services.message_body_reveal(user=request.user, message=message, ip=client_ip(request))
        except KeyDestroyed:
            value = str(ERASED)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": message.ticket,
            "message": message,
            "value": value,
            "title": gettext("Revealed message"),
        }
        return TemplateResponse(request, "supportrecords/admin/message_reveal.html", context)

    @staticmethod
    def _attachment_link(*, request_user: Actor, attachment: Attachment) -> SafeString:
        name = _plain(attachment, "filename") or ERASED
        if not attachment.quarantined:
            return format_html(
                '<a href="{}">{}</a>', reverse("admin:supportrecords_attachment_download", args=[attachment.pk]), name
            )
        label = gettext("quarantined: not scanned")
        if request_user is None or not roles.user_releases_quarantine(request_user):
            return format_html("{} <em>({})</em>", name, label)
        return format_html(
            '<a href="{}">{}</a> <em>({})</em> <button type="submit" class="button" formaction="{}" '
            'formmethod="post">{}</button>',
            reverse("admin:supportrecords_attachment_download", args=[attachment.pk]),
            name,
            label,
            reverse("admin:supportrecords_attachment_release", args=[attachment.pk]),
            gettext("Release to agents (recorded in the audit trail)"),
        )

    def attachment_release_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        attachment = get_object_or_404(Attachment.objects.select_related("message__ticket"), pk=pk)
        ticket_url = reverse("admin:supportrecords_ticket_change", args=[attachment.message.ticket_id])
        if request.method == "POST":
            services.attachment_release(user=request.user, attachment=attachment, ip=client_ip(request))
            messages.success(request, gettext("The attachment was released to agents."))
        return HttpResponseRedirect(ticket_url)

    def attachment_download_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        attachment = get_object_or_404(Attachment.objects.select_related("message__ticket"), pk=pk)
        try:
            content = services.attachment_download(user=request.user, attachment=attachment, ip=client_ip(request))
        except KeyDestroyed:
            return HttpResponse(str(ERASED), status=410, content_type="text/plain; charset=utf-8")
        response = HttpResponse(content, content_type=attachment.content_type)
        filename = _plain(attachment, "filename") or "attachment"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename, safe='')}"
        response["X-Content-Type-Options"] = "nosniff"
        return response


@admin.register(RiskFlag)
class RiskFlagAdmin(AdminNotFoundMixin, admin.ModelAdmin[RiskFlag]):
    """Risk indicators, filterable by rule and day; the changelist shows the counts per day and rule."""

    list_display = ["flagged_at", "rule_name", "ticket_link", "evidence_text"]
    # The detail page shows what the list shows, in words: not the rule's code nor the data key the evidence is
    # encrypted under (a newcomer's walk, 2026-12-07).
    fields = ["flagged_at", "rule_name", "ticket_link", "evidence_text"]
    readonly_fields = ["flagged_at", "rule_name", "ticket_link", "evidence_text"]
    list_filter = [RiskFlagRuleFilter]
    date_hierarchy = "flagged_at"
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    change_list_template = "supportrecords/admin/riskflag_change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[RiskFlag]:
        visible = selectors.ticket_list_visible_to(user=request.user)
        return RiskFlag.objects.filter(ticket__in=visible.values("pk"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: RiskFlag | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: RiskFlag | None = None) -> bool:
        return False

    @admin.display(description=_("risk indicator"), ordering="rule")
    def rule_name(self, obj: RiskFlag) -> str:
        return str(RULE_LABELS.get(obj.rule, obj.rule))

    @admin.display(description=_("evidence"))
    def evidence_text(self, obj: RiskFlag) -> str:
        value = _plain(obj, "evidence")
        return str(ERASED) if value is None else value

    @admin.display(description=_("ticket"))
    def ticket_link(self, obj: RiskFlag) -> SafeString:
        url = reverse("admin:supportrecords_ticket_change", args=[obj.ticket_id])
        return format_html('<a href="{}">#{}</a>', url, obj.ticket_id)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        counts = [
            {**row, "rule_label": str(RULE_LABELS.get(row["rule"], row["rule"]))}
            for row in selectors.risk_flag_counts_per_day(queryset=self.get_queryset(request), days=30)
        ]
        return super().changelist_view(request, {**(extra_context or {}), "per_day": counts, "rules": RULES})


class IntegrationForm(forms.ModelForm[Integration]):
    class Meta:
        model = Integration
        fields = ["name", "rate_limit", "active"]


@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin[Integration]):
    """Integrations of the ingestion API; a token is shown once, when created or rotated."""

    form = IntegrationForm
    list_display = ["name", "rate_limit", "active", "created_at"]
    actions = ["rotate_token"]

    def has_delete_permission(self, request: HttpRequest, obj: Integration | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Integration, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created, token = ingest.integration_create(name=obj.name, rate_limit=obj.rate_limit, actor=request.user)
        obj.pk, obj.token_sha256, obj.created_at = created.pk, created.token_sha256, created.created_at
        obj._state.adding = False
        messages.warning(
            request,
            gettext("Token of %(name)s (copy it now; it is not shown again): %(token)s")
            % {"name": created.name, "token": token},
        )

    @admin.action(description=_("Rotate the token (the old one stops working)"))
    def rotate_token(self, request: HttpRequest, queryset: QuerySet[Integration]) -> None:
        for integration in queryset:
            token = ingest.integration_token_rotate(integration=integration, actor=request.user)
            messages.warning(
                request,
                gettext("New token of %(name)s (copy it now; it is not shown again): %(token)s")
                % {"name": integration.name, "token": token},
            )


@admin.register(IntegrationCustomerGrant)
class IntegrationCustomerGrantAdmin(admin.ModelAdmin[IntegrationCustomerGrant]):
    """Which customers each integration may reference (supervisors and superusers; grants and revocations audited)."""

    list_display = ["integration", "customer", "external_id", "origin", "granted_by", "created_at"]
    list_filter = ["integration", "origin"]
    raw_id_fields = ["customer"]
    fields = ("integration", "customer", "external_id", "origin", "granted_by", "created_at")

    def get_readonly_fields(self, request: HttpRequest, obj: IntegrationCustomerGrant | None = None) -> list[str]:
        if obj is None:
            return ["origin", "granted_by", "created_at"]
        return ["integration", "customer", "external_id", "origin", "granted_by", "created_at"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return roles.is_supervisor(request.user)

    def has_view_permission(self, request: HttpRequest, obj: IntegrationCustomerGrant | None = None) -> bool:
        return roles.is_supervisor(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return roles.is_supervisor(request.user)

    def has_change_permission(self, request: HttpRequest, obj: IntegrationCustomerGrant | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: IntegrationCustomerGrant | None = None) -> bool:
        return roles.is_supervisor(request.user)

    def save_model(self, request: HttpRequest, obj: IntegrationCustomerGrant, form: Any, change: bool) -> None:
        grant = ingest.integration_customer_grant(
            integration=obj.integration,
            customer=obj.customer,
            external_id=obj.external_id,
            actor=request.user,
            ip=client_ip(request),
        )
        obj.pk, obj.origin, obj.granted_by, obj.created_at = grant.pk, grant.origin, grant.granted_by, grant.created_at
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: IntegrationCustomerGrant) -> None:
        ingest.integration_customer_revoke(grant=obj, actor=request.user, ip=client_ip(request))


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin[ReplyTemplate]):
    """The automatic replies staff edit (English and Simplified Chinese)."""

    list_display = ["slug", "subject_en", "updated_at"]
    readonly_fields = ["slug", "updated_at"]
    fields = ["slug", "subject_en", "body_en", "subject_zh", "body_zh", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ReplyTemplate | None = None) -> bool:
        return False
