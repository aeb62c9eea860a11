from __future__ import annotations

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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from audit import anomaly
from audit.actions import action_label
from audit.models import AccessLock, AnomalyThresholds, AuditEvent, Checkpoint, Incident, TeamWorkingHours
from audit.services import access_of, audit_record, user_access_change_record
from config.pagination import EstimatedCountPaginator

User = get_user_model()


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # shared by several models
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "actor_label", "action_name", "target_type", "target_id", "customer_id", "ip"]
    list_filter = ["action", "target_type"]
    search_fields = ["=actor_label", "=target_id", "=customer_id"]
    date_hierarchy = "at"
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    readonly_fields = [f.name for f in AuditEvent._meta.fields if f.name != "personal"]
    exclude = ["personal"]

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, obj: AuditEvent) -> str:
        return action_label(obj.action)


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "head_hash", "key_id", "location"]


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ["opened_at", "username", "rule", "status", "closed_by"]
    list_filter = ["status", "rule"]
    readonly_fields = ["opened_at", "user_id", "username", "rule", "evidence", "status", "closed_at", "closed_by"]
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
class AccessLockAdmin(ReadOnlyAdmin):
    list_display = ["username", "locked_at", "rule", "incident", "unlocked_at", "unlocked_by"]
    list_filter = ["rule"]
    readonly_fields = [
        "user_id",
        "username",
        "locked_at",
        "rule",
        "incident",
        "unlocked_at",
        "unlocked_by",
        "unlock_reason",
    ]
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
                target_type="auth.group",
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
