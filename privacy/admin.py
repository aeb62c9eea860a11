"""Staff review of privacy requests: the queue by deadline, the scope before anything runs, and the decisions
(approve, second approval, reject, extend, cancel, rectify). Thin: every button calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from audit import targets
from audit.services import audit_record, client_ip
from config.errors import AdminNotFoundMixin
from deletion.models import legal_basis_label
from encryption.exceptions import EncryptionError
from privacy import access, certificates, exceptions, processors, selectors, services
from privacy.exceptions import PrivacyRequestError, RoleRequired
from privacy.models import (
    FINAL_STATUSES,
    NotificationStatus,
    PrivacyRequest,
    PrivacyRequestEvent,
    PrivacyRequestKind,
    PrivacyRequestStatus,
    Processor,
    ProcessorNotification,
)
from supportrecords import roles
from supportrecords.admin import CustomerAdmin
from supportrecords.masking import mask_account_id, mask_email
from supportrecords.models import Customer, Jurisdiction, Ticket


def _plain(obj: PrivacyRequest, field: str) -> str:
    try:
        return str(getattr(obj, field) or "")
    except EncryptionError:
        return ""


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]  # generic over the inline model
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return roles.reviews_privacy_requests(request.user)


# The words for what an event's details count or name; a detail without a label is not shown.
EVENT_DETAIL_LABELS = {
    "deadline": _("deadline"),
    "tickets": _("tickets"),
    "messages": _("messages"),
    "attachments": _("attachments"),
    "customer": _("customer deleted"),
    "field": _("field"),
    "ticket_id": _("ticket"),
    "processors": _("processors"),
    "processor_id": _("processor"),
}


class EventInline(ReadOnlyInline):
    model = PrivacyRequestEvent
    fields = readonly_fields = ("at", "kind", "actor", "details_text")
    verbose_name_plural = _("timeline")

    @admin.display(description=_("details"))
    def details_text(self, obj: PrivacyRequestEvent) -> str:
        parts = []
        for key, value in (obj.details or {}).items():
            label = EVENT_DETAIL_LABELS.get(key)
            if label is None or value in (None, "", [], {}):
                continue
            if key == "deadline" and isinstance(value, str):
                value = certificates.iso_date_label(value)
            elif key == "ticket_id":
                value = f"#{value}"
            elif isinstance(value, bool):
                value = gettext("yes") if value else gettext("no")
            parts.append(gettext("%(label)s: %(value)s") % {"label": label, "value": value})
        return " · ".join(parts) or "—"


class NotificationInline(ReadOnlyInline):
    model = ProcessorNotification
    fields = readonly_fields = ("processor", "kind", "status", "attempts", "last_error", "accepted_at", "confirmed_at")
    verbose_name_plural = _("processors (Art. 19)")


class RectifyForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Customer field"),
        choices=[
            (f, {"name": _("name"), "phone": _("phone"), "email": _("email")}.get(f, f))
            for f in services.RECTIFIABLE_FIELDS
        ],
    )
    value = forms.CharField(label=_("Correct value"), max_length=200)


class TicketTextForm(forms.Form):
    ticket_id = forms.IntegerField(label=_("Ticket id"), min_value=1)
    text = forms.CharField(label=_("Text"), max_length=services.MAX_TEXT_LENGTH, widget=forms.Textarea)


class JurisdictionFilter(admin.SimpleListFilter):
    """Jurisdictions by their names (a request stores the code of the customer's jurisdiction)."""

    title = _("jurisdiction")
    parameter_name = "jurisdiction"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(code), str(label)) for code, label in Jurisdiction.choices]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(jurisdiction=self.value()) if self.value() else queryset


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(AdminNotFoundMixin, SimpleHistoryAdmin):  # history of the metadata (personal fields excluded)
    list_display = ["id", "kind", "status", "jurisdiction_label", "submitted_at", "deadline_display", "flags"]
    list_filter = ["status", "kind", JurisdictionFilter]
    ordering = ["deadline_at", "submitted_at", "id"]
    search_fields = ["=id", "=customer_id"]
    inlines = [EventInline, NotificationInline]
    change_form_template = "admin/privacy/privacyrequest/change_form.html"
    fields = readonly_fields = (
        "kind",
        "status",
        "where_it_stands",
        "language",
        "customer_link",
        "jurisdiction_label",
        "masked_contact",
        "rectification_text",
        "submitted_at",
        "verified_at",
        "deadline_at",
        "original_deadline_at",
        "extended_at",
        "extended_by",
        "approved_by",
        "approved_at",
        "second_approval",
        "decided_by",
        "started_at",
        "progress_at",
        "stuck_since",
        "attempts",
        "completed_at",
        "certificate_link",
        "minimised_at",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[PrivacyRequest]:
        if not roles.reviews_privacy_requests(request.user):
            return PrivacyRequest.objects.none()
        queryset: QuerySet[PrivacyRequest] = super().get_queryset(request)
        return queryset

    def has_module_permission(self, request: HttpRequest) -> bool:
        return roles.reviews_privacy_requests(request.user)

    def has_view_permission(self, request: HttpRequest, obj: PrivacyRequest | None = None) -> bool:
        return roles.reviews_privacy_requests(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PrivacyRequest | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PrivacyRequest | None = None) -> bool:
        return False

    @admin.display(description=_("deadline"), ordering="deadline_at")
    def deadline_display(self, obj: PrivacyRequest) -> SafeString | str:
        if obj.deadline_at is None:
            return "—"
        text = date_format(obj.deadline_at, "DATE_FORMAT")
        if obj.is_overdue:
            return format_html(
                '<strong class="custos-overdue" style="color:#b10e1e">{} ({})</strong>', text, gettext("overdue")
            )
        if obj.status not in FINAL_STATUSES and (obj.deadline_at - timezone.now()).days < 3:
            return format_html('<strong style="color:#a15c00">{}</strong>', text)
        return text

    @admin.display(description=_("where it stands"))
    def where_it_stands(self, obj: PrivacyRequest) -> str:
        """The request's state in one line, worded for that state: a finished request says when it finished."""
        return selectors.privacy_request_state_line(request=obj)

    @admin.display(description=_("second approval"))
    def second_approval(self, obj: PrivacyRequest) -> str:
        """One truthful line: given (by whom, when), needed now, needed once approved, or not needed."""
        if obj.second_approved_by_id is not None:
            when = date_format(obj.second_approved_at, "DATETIME_FORMAT") if obj.second_approved_at else ""
            return gettext("Given by %(user)s, %(date)s") % {"user": obj.second_approved_by, "date": when}
        if obj.status in FINAL_STATUSES:
            return gettext("Not given: the request was closed without it.") if obj.needs_second_approval else "—"
        needed = gettext("a compliance officer other than the first approver must give it")
        if obj.needs_second_approval:
            return gettext("Needed: %(who)s.") % {"who": needed}
        if obj.status == PrivacyRequestStatus.PENDING_REVIEW and obj.customer_id is not None:
            now = timezone.now()
            if obj.kind == PrivacyRequestKind.ERASURE:
                later = selectors.privacy_request_scope(request=obj, now=now).touches_restricted
            elif obj.kind == PrivacyRequestKind.ACCESS:
                later = selectors.access_needs_compliance_decision(customer_id=obj.customer_id, now=now)
            else:
                later = False
            if later:
                return gettext("Needed after the first approval: %(who)s.") % {"who": needed}
        return gettext("Not needed.")

    @admin.display(description=_("jurisdiction"), ordering="jurisdiction")
    def jurisdiction_label(self, obj: PrivacyRequest) -> str:
        return (
            str(Jurisdiction(obj.jurisdiction).label) if obj.jurisdiction in Jurisdiction.values else obj.jurisdiction
        )

    @admin.display(description=_("flags"))
    def flags(self, obj: PrivacyRequest) -> str:
        parts = []
        if obj.stuck_since:
            parts.append(gettext("stuck"))
        if obj.needs_second_approval and obj.second_approved_by_id is None:
            parts.append(gettext("four eyes"))
        return ", ".join(parts)

    @admin.display(description=_("customer"))
    def customer_link(self, obj: PrivacyRequest) -> SafeString:
        url = reverse("admin:supportrecords_customer_change", args=[obj.customer_id])
        return format_html('<a href="{}">{}</a>', url, gettext("customer #%(id)s") % {"id": obj.customer_id})

    @admin.display(description=_("contact"))
    def masked_contact(self, obj: PrivacyRequest) -> str:
        if obj.contact_forgotten_at:
            return gettext("[deleted]")
        return f"{mask_account_id(_plain(obj, 'exchange_account_id'))} · {mask_email(_plain(obj, 'email'))}"

    @admin.display(description=_("correction asked for"))
    def rectification_text(self, obj: PrivacyRequest) -> SafeString | str:
        if obj.kind != PrivacyRequestKind.RECTIFICATION or obj.contact_forgotten_at:
            return "—"
        return format_html(
            "<p><strong>{}</strong></p><p style='white-space:pre-wrap'>{}</p><p><strong>{}</strong></p>"
            "<p style='white-space:pre-wrap'>{}</p>",
            gettext("What is wrong"),
            _plain(obj, "rectification_wrong"),
            gettext("What it should be"),
            _plain(obj, "rectification_correct"),
        )

    @admin.display(description=_("certificate"))
    def certificate_link(self, obj: PrivacyRequest) -> SafeString | str:
        if not obj.certificate:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("privacy:certificate", args=[obj.uid]), gettext("view"))

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method != "GET":
            posted: HttpResponse = super().change_view(request, object_id, form_url, extra_context)
            return posted
        # Rendered inside the audit event's transaction: a page that fails to render leaves no "viewed" event.
        with transaction.atomic():
            response = self._review_view(request, object_id, form_url, extra_context)
            if isinstance(response, TemplateResponse):
                response.render()
        return response

    def _review_view(
        self, request: HttpRequest, object_id: str, form_url: str, extra_context: dict[str, Any] | None
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if obj is not None:
            if obj.kind in (PrivacyRequestKind.ERASURE, PrivacyRequestKind.RECTIFICATION):
                context["scope"] = scope = selectors.privacy_request_scope(request=obj)
                context["retained_plans"] = [
                    {
                        "ticket_id": p.ticket_id,
                        "category_label": p.category_label,
                        "legal_basis": legal_basis_label(p.legal_basis),
                        "until": p.until,
                        "retention_days": p.retention_days,
                    }
                    for p in scope.plans
                    if p.action == "retain"
                ]
            if obj.kind == PrivacyRequestKind.ACCESS and obj.customer_id is not None:
                context["export_preview"] = access.access_export_preview(request=obj)
                context["earlier_erasures"] = selectors.erasures_completed(customer_id=obj.customer_id, before=obj)
            context["user_roles"] = roles.user_roles(request.user)
            context["actions"] = self._actions_for(request, obj)
            context["reject_form"] = context["extend_form"] = None
            context["rectify_form"] = RectifyForm()
            context["ticket_form"] = TicketTextForm()
            audit_record(
                actor=request.user,
                action="privacy_request.view",
                target_type=targets.PRIVACY_REQUEST,
                target_id=obj.pk,
                customer_id=obj.customer_id,
                ip=client_ip(request),
            )
        response: HttpResponse = super().change_view(request, object_id, form_url, context)
        return response

    def _actions_for(self, request: HttpRequest, obj: PrivacyRequest) -> list[str]:
        user, status = request.user, obj.status
        is_officer = roles.is_privacy_officer(user)
        actions: list[str] = []
        if is_officer and status == PrivacyRequestStatus.PENDING_REVIEW:
            actions += ["approve", "reject"]
        if status == PrivacyRequestStatus.AWAITING_SECOND_APPROVAL:
            if roles.gives_compliance_decision(user) and user.pk != obj.approved_by_id:
                actions.append("approve_second")
            if is_officer or roles.gives_compliance_decision(user):
                actions.append("reject")
        if (
            is_officer
            and obj.extended_at is None
            and status
            in (
                PrivacyRequestStatus.PENDING_REVIEW,
                PrivacyRequestStatus.AWAITING_SECOND_APPROVAL,
                PrivacyRequestStatus.APPROVED,
                PrivacyRequestStatus.EXECUTING,
            )
        ):
            actions.append("extend")
        if is_officer and status in (
            PrivacyRequestStatus.UNVERIFIED,
            PrivacyRequestStatus.PENDING_REVIEW,
            PrivacyRequestStatus.AWAITING_SECOND_APPROVAL,
        ):
            actions.append("cancel")
        if (
            is_officer
            and obj.kind == PrivacyRequestKind.RECTIFICATION
            and status in (PrivacyRequestStatus.APPROVED, PrivacyRequestStatus.EXECUTING)
        ):
            actions += ["rectify", "rectify_subject", "statement", "complete"]
        if (
            roles.reviews_privacy_requests(user)
            and obj.kind == PrivacyRequestKind.ACCESS
            and status in (PrivacyRequestStatus.PENDING_REVIEW, PrivacyRequestStatus.AWAITING_SECOND_APPROVAL)
        ):
            actions.append("withhold")
        if is_officer and obj.notifications.filter(status=NotificationStatus.FAILED).exists():
            actions.append("retry_processors")
        return actions

    def get_urls(self) -> list[URLPattern]:
        names = [
            "approve",
            "approve_second",
            "reject",
            "extend",
            "cancel",
            "rectify",
            "rectify_subject",
            "statement",
            "complete",
            "retry_processors",
            "withhold",
        ]
        extra = [
            path(
                f"<int:pk>/{name.replace('_', '-')}/",
                self.admin_site.admin_view(self._decision_view(name)),
                name=f"privacy_privacyrequest_{name}",
            )
            for name in names
        ]
        return [*extra, *super().get_urls()]

    def _decision_view(self, name: str) -> Callable[[HttpRequest, int], HttpResponse]:
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            back = HttpResponseRedirect(reverse("admin:privacy_privacyrequest_change", args=[pk]))
            if request.method != "POST":
                return back
            if not roles.reviews_privacy_requests(request.user):
                raise PermissionDenied
            obj = get_object_or_404(PrivacyRequest, pk=pk)
            try:
                self._decide(request, obj, name)
            except (PrivacyRequestError, RoleRequired) as exc:
                messages.error(request, _error_text(exc))
            except ValidationError as exc:
                messages.error(request, "; ".join(str(m) for m in exc.messages))
            except (Processor.DoesNotExist, LookupError):
                messages.error(request, gettext("That ticket is not one of this customer's."))
            return back

        return view

    def _decide(self, request: HttpRequest, obj: PrivacyRequest, name: str) -> None:
        user, ip, post = request.user, client_ip(request), request.POST
        if name == "approve":
            done = services.privacy_request_approve(request_id=obj.pk, actor=user, ip=ip)
            if done.status == PrivacyRequestStatus.AWAITING_SECOND_APPROVAL and done.kind == PrivacyRequestKind.ACCESS:
                messages.warning(
                    request,
                    gettext(
                        "Approved. The export holds AML or suspicious-activity material: a compliance officer "
                        "decides what is withheld and gives the second approval."
                    ),
                )
            elif done.status == PrivacyRequestStatus.AWAITING_SECOND_APPROVAL:
                messages.warning(
                    request,
                    gettext(
                        "Approved. This erasure touches a restricted category: a compliance officer "
                        "must give the second approval."
                    ),
                )
            else:
                messages.success(request, gettext("Approved; execution is queued."))
        elif name == "approve_second":
            services.privacy_request_approve_second(request_id=obj.pk, actor=user, ip=ip)
            messages.success(request, gettext("Second approval given; execution is queued."))
        elif name == "reject":
            services.privacy_request_reject(request_id=obj.pk, actor=user, reason=post.get("reason", ""), ip=ip)
            messages.success(request, gettext("Rejected; the customer is told why."))
        elif name == "extend":
            services.privacy_request_extend(request_id=obj.pk, actor=user, reason=post.get("reason", ""), ip=ip)
            messages.success(request, gettext("Deadline extended; the customer is told why."))
        elif name == "cancel":
            services.privacy_request_cancel(request_id=obj.pk, actor=user, ip=ip)
            messages.success(request, gettext("Cancelled."))
        elif name == "rectify":
            services.privacy_request_rectify_customer(
                request_id=obj.pk, actor=user, field=post.get("field", ""), value=post.get("value", ""), ip=ip
            )
            messages.success(request, gettext("Corrected; the previous value is kept in the history."))
        elif name in ("rectify_subject", "statement"):
            try:
                ticket_id = int(post.get("ticket_id", ""))
            except ValueError:
                raise ValidationError(gettext("Enter a ticket id.")) from None
            try:
                if name == "statement":
                    services.privacy_request_add_statement(
                        request_id=obj.pk, actor=user, ticket_id=ticket_id, text=post.get("text", ""), ip=ip
                    )
                    messages.success(request, gettext("Supplementary statement added."))
                else:
                    services.privacy_request_rectify_ticket_subject(
                        request_id=obj.pk, actor=user, ticket_id=ticket_id, value=post.get("text", ""), ip=ip
                    )
                    messages.success(request, gettext("Ticket subject corrected."))
            except Ticket.DoesNotExist:
                raise LookupError from None
        elif name == "complete":
            services.privacy_request_rectification_complete(request_id=obj.pk, actor=user, ip=ip)
            messages.success(request, gettext("Rectification completed."))
        elif name == "withhold":
            try:
                ticket_id = int(post.get("ticket_id", ""))
            except ValueError:
                raise ValidationError(gettext("Enter a ticket id.")) from None
            try:
                access.access_export_item_withhold(
                    request_id=obj.pk,
                    actor=user,
                    ticket_id=ticket_id,
                    reason=post.get("reason", ""),
                    tipping_off=post.get("tipping_off") == "on",
                    ip=ip,
                )
            except Ticket.DoesNotExist:
                raise LookupError from None
            messages.success(request, gettext("Withheld from the export; recorded in the audit trail."))
        elif name == "retry_processors":
            for notification_id in obj.notifications.filter(status=NotificationStatus.FAILED).values_list(
                "pk", flat=True
            ):
                processors.processor_notification_retry(notification_id=notification_id, actor=user)
            messages.success(request, gettext("Failed notifications queued again."))


def _error_text(exc: Exception) -> str:
    texts: dict[type[Exception], str] = {
        exceptions.InvalidTransition: gettext("The request is no longer in a status that allows this (done already?)."),
        exceptions.NotPrivacyOfficer: gettext("Only a privacy officer can do this."),
        exceptions.NotComplianceOfficer: gettext("Only a compliance officer can give the second approval."),
        exceptions.SameApprover: gettext("Four eyes: the second approval must come from another person."),
        exceptions.ReasonRequired: gettext("Give a reason: the customer is told."),
        exceptions.ExtensionNotAllowed: gettext(
            "The deadline can be extended once, within the first period, where the law allows it."
        ),
        exceptions.CustomerErased: gettext(
            "This customer's records were erased by a completed erasure request: nothing is left to correct. "
            "Complete the request: the customer is told it is done."
        ),
        exceptions.RecordMustStayUnaltered: gettext(
            "This record must stay unaltered (legal obligation): add a supplementary statement instead."
        ),
    }
    return texts.get(type(exc), gettext("This could not be done."))


class ProcessorForm(forms.ModelForm[Processor]):
    endpoint = forms.URLField(label=_("endpoint"), max_length=500, assume_scheme="https")
    new_secret = forms.CharField(
        label=_("Shared secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Write-only. Leave empty to keep the current secret."),
    )

    class Meta:
        model = Processor
        fields = ["name", "endpoint", "active"]

    def clean_endpoint(self) -> str:
        endpoint: str = self.cleaned_data["endpoint"]
        if not processors.processor_endpoint_allowed(endpoint):
            raise forms.ValidationError(processors.ENDPOINT_NOT_HTTPS, code="not_https")
        return endpoint

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None and not data.get("new_secret"):
            self.add_error("new_secret", _("A new processor needs a shared secret."))
        return data


@admin.register(Processor)
class ProcessorAdmin(AdminNotFoundMixin, SimpleHistoryAdmin):  # history views (the secret is excluded)
    form = ProcessorForm
    list_display = ["name", "endpoint", "active", "created_at"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return roles.is_privacy_officer(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Processor | None = None) -> bool:
        return roles.is_privacy_officer(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return roles.is_privacy_officer(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Processor | None = None) -> bool:
        return roles.is_privacy_officer(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Processor | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Processor, form: Any, change: bool) -> None:
        secret = form.cleaned_data.get("new_secret") or ""
        if not change:
            created = processors.processor_create(
                name=obj.name, endpoint=obj.endpoint, secret=secret, actor=request.user
            )
            obj.pk, obj.data_key_id = created.pk, created.data_key_id
            obj._state.adding = False
            return
        processors.processor_update(
            processor=obj, name=obj.name, endpoint=obj.endpoint, active=obj.active, actor=request.user
        )
        if secret:
            processors.processor_secret_set(processor=obj, secret=secret, actor=request.user)


class CustomerWithRequestsAdmin(CustomerAdmin):
    """The customer page, with the customer's privacy requests for those who review them (privacy requests live
    in this app, which depends on supportrecords, never the other way round)."""

    readonly_fields = (*CustomerAdmin.readonly_fields, "privacy_requests")  # type: ignore[assignment]  # one more

    def get_fields(self, request: HttpRequest, obj: Customer | None = None) -> Any:
        fields = list(super().get_fields(request, obj))
        return [*fields, "privacy_requests"] if roles.reviews_privacy_requests(request.user) else fields

    @admin.display(description=_("privacy requests"))
    def privacy_requests(self, obj: Customer) -> SafeString | str:
        rows = PrivacyRequest.objects.filter(customer_id=obj.pk).order_by("-submitted_at", "-id")[:50]
        if not rows:
            return gettext("None.")
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> · {} · {} · {}</li>',
            (
                (
                    reverse("admin:privacy_privacyrequest_change", args=[r.pk]),
                    str(r),
                    r.get_kind_display(),
                    r.get_status_display(),
                    date_format(r.submitted_at, "SHORT_DATE_FORMAT"),
                )
                for r in rows
            ),
        )
        return format_html('<ul style="margin:0;padding-left:1em">{}</ul>', items)


admin.site.unregister(Customer)
admin.site.register(Customer, CustomerWithRequestsAdmin)
