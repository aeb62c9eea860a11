from __future__ import annotations

import csv
import io
import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from audit import anomaly, charts, rules, selectors, targets
from audit.actions import action_choices, action_label
from audit.models import AccessLock, AnomalyThresholds, AuditEvent, Checkpoint, Incident, TeamWorkingHours
from audit.services import access_of, audit_record, client_ip, export_record, user_access_change_record
from config.pagination import EstimatedCountPaginator

User = get_user_model()
EXPORT_MAX_ROWS = 100_000


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # shared by several models
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return action_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        return queryset.filter(action=self.value()) if self.value() else queryset


# An event's details (ids, counts, codes; never content) as staff read them.
DETAIL_LABELS = {
    "ticket_id": _("ticket"),
    "request_id": _("privacy request"),
    "incident_id": _("incident"),
    "processor_id": _("processor"),
    "method": _("method"),
    "size": _("size (bytes)"),
    "reason": _("reason"),
    "rule": _("rule"),
    "kind": _("kind"),
    "source": _("source"),
    "count": _("count"),
    "tickets": _("tickets"),
    "field": _("field"),
    "fields": _("fields"),
    "deadline": _("deadline"),
    "status": _("status"),
    "assigned": _("assigned to them"),
    "awaiting_second": _("awaiting a second approval"),
    "needs_second_approval": _("needs a second approval"),
    "tipping_off": _("withheld without trace"),
    "key_id": _("key"),
    "kek_id": _("key-encryption key"),
    "ids": _("ids"),
    "trigger": _("trigger"),
    "from": _("from"),
    "to": _("to"),
    "from_user_id": _("from agent"),
    "to_user_id": _("to agent"),
    "from_team_id": _("from team"),
    "to_team_id": _("to team"),
    "step": _("step"),
    "rules": _("rules"),
    "rows": _("rows"),
    "recipients": _("recipients"),
    "rate_limit": _("rate limit"),
    "processors": _("processors"),
    "origin": _("origin"),
    "lock_id": _("lock"),
    "limit": _("limit"),
    "kinds": _("kinds"),
    "integration": _("integration"),
    "findings": _("findings"),
    "filters": _("filters"),
    "ends_at": _("ends"),
    "endpoint": _("endpoint"),
    "chunks": _("chunks"),
    "category": _("category"),
    "attempted": _("attempted"),
    "active": _("active"),
    "customer_id": _("customer"),
    "user_id": _("user"),
}
DETAIL_VALUES = {
    ("method", "totp"): _("authenticator app"),
    ("method", "backup"): _("backup code"),
}


def details_label(details: Any) -> str:
    """`{"method": "totp", "ticket_id": 3}` as "method: authenticator app · ticket: #3" in the active language."""
    if not isinstance(details, dict) or not details:
        return "—"
    parts = []
    for key, value in details.items():
        label = str(DETAIL_LABELS.get(key, str(key).replace("_", " ")))
        if isinstance(value, str) and (key, value) in DETAIL_VALUES:  # (a list is no key: unhashable)
            shown = str(DETAIL_VALUES[(key, value)])
        elif key == "rule" and isinstance(value, str):
            shown = rules.rule_label(value)
        elif key.endswith("_id") and isinstance(value, int | str) and str(value).isdigit():
            shown = f"#{value}"
        elif isinstance(value, bool):
            shown = gettext("yes") if value else gettext("no")
        elif isinstance(value, list | dict):
            shown = json.dumps(value, ensure_ascii=False)
        else:
            shown = str(value)
        parts.append(gettext("%(label)s: %(value)s") % {"label": label, "value": shown})
    return " · ".join(parts)


class TargetTypeFilter(admin.SimpleListFilter):
    title = _("target type")
    parameter_name = "target_type"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return targets.target_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        return queryset.filter(target_type=self.value()) if self.value() else queryset


class RuleFilter(admin.SimpleListFilter):
    title = _("rule")
    parameter_name = "rule"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return rules.rule_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(rule=self.value()) if self.value() else queryset


class RuleNameMixin:
    @admin.display(description=_("rule"), ordering="rule")
    def rule_name(self, obj: Incident | AccessLock) -> str:
        return rules.rule_label(obj.rule)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The auditor's views: events filtered by actor, customer, action and time; who accessed a customer's data;
    per-staff activity; charts; CSV export (itself audited). Ids, labels and counts only, never content."""

    list_display = ["seq", "at", "actor_link", "action_name", "target_type_name", "target_id", "customer_link", "ip"]
    list_filter = [ActionFilter, TargetTypeFilter]
    search_fields = ["=actor_label", "=target_id", "=customer_id"]
    search_help_text = _("Exact staff user name, target id or customer id.")
    date_hierarchy = "at"
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    # Codes read as words on the event page: the action and the target type by their labels.
    readonly_fields = [
        {"action": "action_name", "target_type": "target_type_name", "details": "details_text"}.get(f.name, f.name)
        for f in AuditEvent._meta.fields
        if f.name != "personal"
    ]
    exclude = ["personal", "action", "target_type", "details"]  # shown by their labels
    change_list_template = "admin/audit/auditevent/change_list.html"

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        return lookup in {"actor_id", "customer_id"} or super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, obj: AuditEvent) -> str:
        return action_label(obj.action)

    @admin.display(description=_("details"))
    def details_text(self, obj: AuditEvent) -> str:
        return details_label(obj.details)

    @admin.display(description=_("target type"), ordering="target_type")
    def target_type_name(self, obj: AuditEvent) -> str:
        return targets.target_label(obj.target_type)

    @admin.display(description=_("actor"), ordering="actor_label")
    def actor_link(self, obj: AuditEvent) -> SafeString:
        if obj.actor_id is None:  # Celery, the public pages, the API: stored as "system", shown in the reader's words
            return format_html("{}", gettext("system") if obj.actor_label in ("", "system") else obj.actor_label)
        url = reverse("admin:audit_auditevent_staff", args=[obj.actor_id])
        return format_html('<a href="{}">{}</a>', url, obj.actor_label)

    @admin.display(description=_("customer"), ordering="customer_id")
    def customer_link(self, obj: AuditEvent) -> SafeString | str:
        if obj.customer_id is None:
            return "—"
        url = reverse("admin:audit_auditevent_customer", args=[obj.customer_id])
        return format_html('<a href="{}">#{}</a>', url, obj.customer_id)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("customer/<int:customer_id>/", view(self.customer_access_view), name="audit_auditevent_customer"),
            path("staff/<int:actor_id>/", view(self.staff_activity_view), name="audit_auditevent_staff"),
            path("charts/", view(self.charts_view), name="audit_auditevent_charts"),
            path("export.csv", view(self.export_view), name="audit_auditevent_export"),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}

    def customer_access_view(self, request: HttpRequest, customer_id: int) -> HttpResponse:
        context = self._context(
            request,
            gettext("Who accessed customer #%(id)s") % {"id": customer_id},
            customer_id=customer_id,
            summary=selectors.customer_access_summary(customer_id=customer_id),
            events=[(e, action_label(e.action)) for e in selectors.customer_access_list(customer_id=customer_id)[:500]],
        )
        return TemplateResponse(request, "admin/audit/auditevent/customer_access.html", context)

    def staff_activity_view(self, request: HttpRequest, actor_id: int) -> HttpResponse:
        activity = selectors.staff_activity(actor_id=actor_id)
        label = next((e.actor_label for e in activity["recent"]), f"#{actor_id}")
        context = self._context(
            request,
            gettext("Activity of %(user)s (last 30 days)") % {"user": label},
            actor_id=actor_id,
            per_action=[(action_label(r["action"]), r["n"]) for r in activity["per_action"]],
            per_day=activity["per_day"],
            recent=[(e, action_label(e.action)) for e in activity["recent"]],
            incidents=activity["incidents"],
            locked=AccessLock.objects.filter(user_id=actor_id, unlocked_at__isnull=True).first(),
        )
        return TemplateResponse(request, "admin/audit/auditevent/staff_activity.html", context)

    def charts_view(self, request: HttpRequest) -> HttpResponse:
        days, series = selectors.events_per_day_by_action()
        labels = {name: action_label(name) for name in series} | {"other": gettext("other actions")}
        incident_days, incident_counts = selectors.incidents_per_day()
        context = self._context(
            request,
            gettext("Audit trail charts (last 30 days)"),
            events_chart=charts.stacked_days(
                days=days,
                series=series,
                labels=labels,
                title=gettext("Events per day by action"),
                empty=gettext("No events in this period."),
            ),
            reads_chart=charts.horizontal_bars(
                rows=selectors.reads_per_agent(),
                title=gettext("Reads of customer content per staff member"),
                empty=gettext("No reads of customer content in this period."),
            ),
            incidents_chart=charts.stacked_days(
                days=incident_days,
                series={"incidents": incident_counts},
                labels={"incidents": gettext("incidents")},
                title=gettext("Incidents per day"),
                empty=gettext("No incidents in this period."),
            ),
        )
        return TemplateResponse(request, "admin/audit/auditevent/charts.html", context)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        queryset = changelist.get_queryset(request).order_by("seq", "id")[:EXPORT_MAX_ROWS]
        rows = list(
            queryset.values_list(
                "seq",
                "at",
                "actor_id",
                "actor_label",
                "action",
                "target_type",
                "target_id",
                "customer_id",
                "ip",
                "details",
                "hash",
            )
        )
        export_record(actor=request.user, rows=len(rows), filters=sorted(request.GET), ip=client_ip(request))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [
                "seq",
                "time",
                "actor id",
                "actor",
                "action",
                "action label",
                "target type",
                "target id",
                "customer id",
                "ip",
                "details",
                "hash",
            ]
        )
        for seq, at, actor_id, actor, action, ttype, tid, customer, ip, details, digest in rows:
            writer.writerow(
                [
                    seq,
                    at.isoformat(),
                    actor_id,
                    _csv_safe(actor),
                    action,
                    action_label(action),
                    ttype,
                    _csv_safe(tid),
                    customer,
                    ip,
                    json.dumps(details, sort_keys=True),
                    digest,
                ]
            )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-events.csv"'
        return response


def _csv_safe(value: object) -> str:
    """Neutralise spreadsheet formulas in free-text cells (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "head_hash", "key_id", "location"]


@admin.register(Incident)
class IncidentAdmin(RuleNameMixin, ReadOnlyAdmin):
    list_display = ["opened_at", "username", "rule_name", "status", "closed_by"]
    list_filter = ["status", RuleFilter]
    readonly_fields = ["opened_at", "user_id", "username", "rule_name", "evidence", "status", "closed_at", "closed_by"]
    exclude = ["rule"]  # shown by its label
    actions = ["close_incidents"]

    @admin.action(description=_("Close the selected incidents"), permissions=["close"])
    def close_incidents(self, request: HttpRequest, queryset: QuerySet[Incident]) -> None:
        for incident in queryset:
            anomaly.incident_close(incident=incident, actor=request.user)

    def has_close_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("audit.change_incident"))


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("Reason for unlocking"), widget=forms.Textarea, max_length=2000)


@admin.register(AccessLock)
class AccessLockAdmin(RuleNameMixin, ReadOnlyAdmin):
    list_display = ["username", "locked_at", "rule_name", "incident", "unlocked_at", "unlocked_by"]
    list_filter = [RuleFilter]
    readonly_fields = [
        "user_id",
        "username",
        "locked_at",
        "rule_name",
        "incident",
        "unlocked_at",
        "unlocked_by",
        "unlock_reason",
    ]
    exclude = ["rule"]  # shown by its label
    change_form_template = "admin/audit/accesslock/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        unlock = path("<int:pk>/unlock/", self.admin_site.admin_view(self.unlock_view), name="audit_accesslock_unlock")
        return [unlock, *super().get_urls()]

    def unlock_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        lock = get_object_or_404(AccessLock, pk=pk)
        if not request.user.has_perm("audit.unlock_accesslock"):
            raise PermissionDenied
        form = UnlockForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                anomaly.access_unlock(lock=lock, actor=request.user, reason=form.cleaned_data["reason"])
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or gettext("You may not unlock this account."))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, gettext("The account was unlocked."))
                return HttpResponseRedirect(reverse("admin:audit_accesslock_change", args=[lock.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": lock,
            "form": form,
            "title": gettext("Unlock %(user)s") % {"user": lock.username},
        }
        return TemplateResponse(request, "admin/audit/accesslock/unlock.html", context)


class ThresholdsAdminMixin:
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        anomaly.thresholds_save(thresholds=obj, actor=request.user, changed=list(form.changed_data))


@admin.register(AnomalyThresholds)
class AnomalyThresholdsAdmin(ThresholdsAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "customers_per_hour_floor",
        "baseline_multiplier",
        "unassigned_reads_per_hour",
        "reveals_per_hour",
        "exports_per_hour",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not AnomalyThresholds.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TeamWorkingHours)
class TeamWorkingHoursAdmin(ThresholdsAdminMixin, SimpleHistoryAdmin):
    list_display = ["team_name", "team_id", "time_zone", "start_hour", "end_hour", "weekdays"]


class AuditedUserAdmin(UserAdmin):  # type: ignore[type-arg]  # django.contrib's admin
    """Django's user admin, recording every change of roles, permissions and staff/superuser/active flags."""

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        before = access_of(int(object_id) if object_id and object_id.isdigit() else None)
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if response.status_code == 302:
            target = int(object_id) if object_id and object_id.isdigit() else None
            if target is None:
                target = User.objects.order_by("-pk").values_list("pk", flat=True).first()
            user_access_change_record(actor=request.user, user_id=target, before=before, after=access_of(target))
        return response


class AuditedGroupAdmin(GroupAdmin):
    """Django's group (role) admin, recording every change of a role's permissions."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        before = set(form.instance.permissions.values_list("content_type__app_label", "codename")) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.permissions.values_list("content_type__app_label", "codename"))
        if before != after:
            audit_record(
                actor=request.user,
                action="user.permissions_change",
                target_type=targets.GROUP,
                target_id=form.instance.pk,
                details={
                    "role": form.instance.name,
                    "added": sorted(f"{a}.{c}" for a, c in after - before),
                    "removed": sorted(f"{a}.{c}" for a, c in before - after),
                },
            )


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, AuditedGroupAdmin)
