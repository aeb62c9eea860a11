"""Second-factor devices in the admin (superusers only: staffauth.admin_site.SUPERUSER_APPS): who has enrolled,
when each was last used; deleting one makes its owner enrol again (a lost phone). No secret is ever shown: the
keys are encrypted and the backup codes hashed (staffauth.models). django-otp's own device pages, which can show
a key and its QR code, are removed: their tables are empty since migration 0002."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice  # type: ignore[import-untyped]  # ships no type information
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]  # ships no type information

from audit import targets
from audit.services import audit_record, client_ip
from staffauth.models import HashedStaticDevice, SealedTOTPDevice

for _plain in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_plain):
        admin.site.unregister(_plain)


class _ConfirmedFilter(admin.BooleanFieldListFilter):
    """django-otp's field names carry no Chinese: the filter's title is ours."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = _("confirmed")


class _DeviceAdmin(admin.ModelAdmin[Any]):
    list_display = ("owner", "device_name", "is_confirmed", "created", "last_used")
    list_filter = (("confirmed", _ConfirmedFilter),)
    search_fields = ("user__username",)
    list_select_related = ("user",)
    fields = ("owner", "device_name", "is_confirmed", "created", "last_used", "failed_codes")
    readonly_fields = fields

    @admin.display(description=_("staff member"), ordering="user__username")
    def owner(self, obj: Any) -> str:
        return str(obj.user)

    @admin.display(description=_("device name"))
    def device_name(self, obj: Any) -> str:
        return str(obj.name)

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed")
    def is_confirmed(self, obj: Any) -> bool:
        return bool(obj.confirmed)

    @admin.display(description=_("enrolled"), ordering="created_at")
    def created(self, obj: Any) -> Any:
        return obj.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, obj: Any) -> Any:
        return obj.last_used_at

    @admin.display(description=_("wrong codes in a row"))
    def failed_codes(self, obj: Any) -> int:
        return int(obj.throttling_failure_count)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # enrolment is the owner's, through the second-factor pages

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # Filters on the listed fields only: "?key=..." on an encrypted column was a 500.
        return lookup.split("__", 1)[0] in ("confirmed", "user")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            _device_delete_audit(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                _device_delete_audit(request, obj)
            super().delete_queryset(request, queryset)


def _device_delete_audit(request: HttpRequest, device: Any) -> None:
    audit_record(
        actor=request.user,
        action="auth.otp_device_delete",
        target_type=targets.USER,
        target_id=device.user_id,
        ip=client_ip(request),
        details={"device": type(device).__name__, "name": device.name},
    )


@admin.register(SealedTOTPDevice)
class SealedTOTPDeviceAdmin(_DeviceAdmin):
    pass


@admin.register(HashedStaticDevice)
class HashedStaticDeviceAdmin(_DeviceAdmin):
    pass
