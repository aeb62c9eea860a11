"""Admin for retention: thin classes over deletion.services (writes) and deletion.selectors (reads)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from audit.services import client_ip
from config.errors import AdminNotFoundMixin
from deletion import selectors, services
from deletion.exceptions import DeletionError, RoleRequired
from deletion.models import AnonymisedTicket, FileDeletion, LegalHold, LegalHoldKind, PurgeRun, RetentionPolicy
from supportrecords.models import Customer, RiskFlag, Ticket


class _ReadOnlyAdmin(AdminNotFoundMixin, admin.ModelAdmin):  # type: ignore[type-arg]  # shared by several models
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RetentionPolicyForm(forms.ModelForm[RetentionPolicy]):
    change_reason = forms.CharField(
        label=_("Why does this change?"), max_length=100, help_text=_("Kept in the policy's history.")
    )

    class Meta:
        model = RetentionPolicy
        fields = ["category", "jurisdiction", "retention_days", "clock", "action", "is_active", "legal_basis"]


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(AdminNotFoundMixin, SimpleHistoryAdmin):
    form = RetentionPolicyForm
    list_display = ["category", "jurisdiction", "retention_days", "clock", "action", "is_active"]
    list_filter = ["action", "clock", "jurisdiction", "is_active"]
    list_select_related = ["category"]

    def has_delete_permission(self, request: HttpRequest, obj: RetentionPolicy | None = None) -> bool:
        return False  # deactivate instead: the history of a policy is proof

    def save_model(self, request: HttpRequest, obj: RetentionPolicy, form: Any, change: bool) -> None:
        try:
            services.retention_policy_save(policy=obj, actor=request.user, reason=form.cleaned_data["change_reason"])
        except (DeletionError, RoleRequired) as exc:
            raise PermissionDenied(str(exc)) from exc


class LegalHoldForm(forms.ModelForm[LegalHold]):
    # Lookups with autocomplete (by customer number, exact email or account id; by ticket number), posted as the
    # plain ids the hold stores. The widgets borrow an existing foreign key to the model looked up.
    customer_id = forms.ModelChoiceField(
        queryset=Customer.objects.all(),
        required=False,
        label=_("Customer"),
        widget=AutocompleteSelect(Ticket._meta.get_field("customer"), admin.site),
        help_text=_(
            "Type the customer's number, exact email address or exchange account id. Leave empty for a ticket."
        ),
        error_messages={"invalid_choice": _("There is no such customer.")},
    )
    ticket_id = forms.ModelChoiceField(
        queryset=Ticket.objects.all(),
        required=False,
        label=_("Ticket"),
        widget=AutocompleteSelect(RiskFlag._meta.get_field("ticket"), admin.site),
        help_text=_("Type the ticket's number. Leave empty for a customer."),
        error_messages={"invalid_choice": _("There is no such ticket.")},
    )

    class Meta:
        model = LegalHold
        fields = ["customer_id", "ticket_id", "kind", "reason", "ends_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The kinds read as labels in the drop-down ("Litigation"), as in the list, its filter and the hold's page.
        if "kind" in self.fields:  # a placed hold's page shows it read-only
            kind = cast(forms.ChoiceField, self.fields["kind"])
            kind.choices = [("", "---------"), *((value, capfirst(label)) for value, label in LegalHoldKind.choices)]

    def clean_customer_id(self) -> int | None:
        customer = self.cleaned_data.get("customer_id")
        return customer.pk if customer is not None else None

    def clean_ticket_id(self) -> int | None:
        ticket = self.cleaned_data.get("ticket_id")
        return ticket.pk if ticket is not None else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        customer_id, ticket_id = data.get("customer_id"), data.get("ticket_id")
        if (
            (customer_id is None) == (ticket_id is None)
            and not self.has_error("customer_id")
            and not self.has_error("ticket_id")
        ):
            raise forms.ValidationError(_("Enter either a customer or a ticket: a hold covers one of them."))
        ends_at = data.get("ends_at")
        if ends_at is not None and ends_at <= timezone.now():
            self.add_error("ends_at", _("The end date must be in the future."))
        return data

    def _post_clean(self) -> None:
        # With our own errors shown, the database constraints would only repeat them in their raw names.
        if not self.errors:
            super()._post_clean()  # type: ignore[misc]  # BaseModelForm._post_clean, missing from the stubs


class ReleaseForm(forms.Form):
    reason = forms.CharField(label=_("Why is the hold released?"), widget=forms.Textarea(attrs={"rows": 3}))


class LegalHoldStateFilter(admin.SimpleListFilter):
    """Holds by what they do now (in force, released, or past their end date), not "Empty / Not empty"."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("active", _("Active")), ("released", _("Released")), ("ended", _("Ended (past its end date)"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        now = timezone.now()
        if self.value() == "active":
            return queryset.filter(selectors.legal_hold_active_q(now=now))
        if self.value() == "released":
            return queryset.filter(released_at__isnull=False)
        if self.value() == "ended":
            return queryset.filter(released_at__isnull=True, ends_at__lte=now)
        return queryset


class LegalHoldKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(str(value), capfirst(label)) for value, label in LegalHoldKind.choices]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(kind=self.value()) if self.value() in LegalHoldKind.values else queryset


@admin.register(LegalHold)
class LegalHoldAdmin(AdminNotFoundMixin, SimpleHistoryAdmin):
    form = LegalHoldForm
    list_display = ["id", "kind_label", "customer_id", "ticket_id", "placed_by", "placed_at", "ends_at", "state"]
    list_filter = [LegalHoldStateFilter, LegalHoldKindFilter]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj: LegalHold) -> str:
        return capfirst(obj.get_kind_display())

    @admin.display(description=_("state"))
    def state(self, obj: LegalHold) -> str:
        if obj.released_at is not None:
            return gettext("Released on %(date)s") % {"date": date_format(obj.released_at, "DATE_FORMAT")}
        if obj.ends_at is not None and obj.ends_at <= timezone.now():
            return gettext("Ended on %(date)s") % {"date": date_format(obj.ends_at, "DATE_FORMAT")}
        return gettext("Active")

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: LegalHold | None = None,
    ) -> HttpResponse:
        if change:  # a placed hold is read-only (released on its own page): no Save buttons for nothing to save
            context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False)
        response: HttpResponse = super().render_change_form(request, context, add, change, form_url, obj)
        return response

    search_fields = ["=customer_id", "=ticket_id"]

    def get_readonly_fields(self, request: HttpRequest, obj: LegalHold | None = None) -> list[str]:
        if obj is None:
            return []
        return [
            "customer_id",
            "ticket_id",
            "kind_label",
            "state",
            "reason",
            "placed_by",
            "placed_at",
            "ends_at",
            "released_at",
            "released_by",
            "release_reason",
            "release_link",
        ]

    def get_fields(self, request: HttpRequest, obj: LegalHold | None = None) -> list[str]:
        return self.get_readonly_fields(request, obj) if obj is not None else list(LegalHoldForm.Meta.fields)

    def has_delete_permission(self, request: HttpRequest, obj: LegalHold | None = None) -> bool:
        return False

    @admin.display(description=_("release"))
    def release_link(self, obj: LegalHold) -> SafeString | str:
        if obj.released_at is not None:
            return "—"
        url = reverse("admin:deletion_legalhold_release", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, gettext("Release this hold…"))

    def save_model(self, request: HttpRequest, obj: LegalHold, form: Any, change: bool) -> None:
        if change:
            raise PermissionDenied
        data = form.cleaned_data
        try:
            hold = services.legal_hold_place(
                actor=request.user,
                kind=data["kind"],
                reason=data["reason"],
                customer_id=data.get("customer_id"),
                ticket_id=data.get("ticket_id"),
                ends_at=data.get("ends_at"),
                ip=client_ip(request),
            )
        except (DeletionError, RoleRequired, ValidationError) as exc:
            raise PermissionDenied(str(exc)) from exc
        obj.pk = hold.pk
        obj._state.adding = False

    def get_urls(self) -> list[URLPattern]:
        release = path(
            "<int:pk>/release/", self.admin_site.admin_view(self.release_view), name="deletion_legalhold_release"
        )
        return [release, *super().get_urls()]

    def release_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        hold = get_object_or_404(LegalHold, pk=pk)
        if not self.has_change_permission(request, hold):
            raise PermissionDenied
        form = ReleaseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.legal_hold_release(
                    hold_id=hold.pk, actor=request.user, reason=form.cleaned_data["reason"], ip=client_ip(request)
                )
            except DeletionError as exc:
                raise PermissionDenied(str(exc)) from exc
            messages.success(request, gettext("The legal hold was released."))
            return HttpResponseRedirect(reverse("admin:deletion_legalhold_change", args=[hold.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": hold,
            "form": form,
            "title": gettext("Release a legal hold"),
        }
        return TemplateResponse(request, "admin/deletion/legalhold/release.html", context)


PURGE_TRIGGER_LABELS = {
    "beat": _("nightly schedule"),
    "command": _("command (purge_expired)"),
    "bench": _("benchmark"),
}


class PurgeTriggerFilter(admin.SimpleListFilter):
    title = _("trigger")
    parameter_name = "trigger"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(code, str(label)) for code, label in PURGE_TRIGGER_LABELS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(trigger=self.value()) if self.value() else queryset


@admin.register(PurgeRun)
class PurgeRunAdmin(_ReadOnlyAdmin):
    list_display = [
        "id",
        "trigger_name",
        "status",
        "started_at",
        "duration",
        "tickets_deleted",
        "messages_deleted",
        "customers_deleted",
        "held_back",
        "files_failed",
    ]
    list_filter = ["status", PurgeTriggerFilter]
    readonly_fields = [{"trigger": "trigger_name"}.get(f.name, f.name) for f in PurgeRun._meta.fields]
    exclude = ["trigger"]  # shown by its label

    @admin.display(description=_("trigger"), ordering="trigger")
    def trigger_name(self, obj: PurgeRun) -> str:
        return str(PURGE_TRIGGER_LABELS.get(obj.trigger, obj.trigger))

    change_list_template = "admin/deletion/purgerun/change_list.html"

    @admin.display(description=_("duration (s)"))
    def duration(self, obj: PurgeRun) -> str:
        seconds = obj.duration_seconds
        return "—" if seconds is None else f"{seconds:.1f}"

    def get_urls(self) -> list[URLPattern]:
        preview = path("preview/", self.admin_site.admin_view(self.preview_view), name="deletion_purgerun_preview")
        return [preview, *super().get_urls()]

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "preview": selectors.purge_preview(),
            "title": gettext("What the next purge run will delete"),
        }
        return TemplateResponse(request, "admin/deletion/purgerun/preview.html", context)


@admin.register(FileDeletion)
class FileDeletionAdmin(_ReadOnlyAdmin):
    list_display = ["id", "storage_name", "run", "queued_at", "attempts", "next_attempt_at", "last_error"]
    readonly_fields = [f.name for f in FileDeletion._meta.fields]
    actions = ["retry_now"]

    @admin.action(description=_("Retry deleting these files now"))
    def retry_now(self, request: HttpRequest, queryset: Any) -> None:
        report = services.file_deletions_process(storage_names=list(queryset.values_list("storage_name", flat=True)))
        messages.info(request, gettext("%(deleted)s deleted, %(failed)s still failing.") % report.__dict__)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Retrying is always safe (deleting a file twice is a no-op); other bulk actions are disabled site-wide.
        return super().get_actions(request) if self.has_view_permission(request) else {}


@admin.register(AnonymisedTicket)
class AnonymisedTicketAdmin(_ReadOnlyAdmin):
    list_display = ["id", "category", "channel", "jurisdiction", "opened_on", "closed_on", "anonymised_on"]
    list_filter = ["category", "channel", "jurisdiction"]
    readonly_fields = [f.name for f in AnonymisedTicket._meta.fields]
