"""Move django-otp's plain devices to the sealed ones: each authenticator's key is encrypted under a new data key,
each unused backup code replaced by its keyed hash; the plain rows are deleted. Staff keep signing in with the
same app and the same backup codes."""

from __future__ import annotations

from typing import Any

from django.db import migrations

TOTP_KEY_CONTEXT = "staffauth.sealedtotpdevice.key"  # pinned: staffauth.models.TOTP_KEY_CONTEXT when written
BACKUP_CODE_NAMESPACE = "staffauth.backup_code"

_DEVICE_FIELDS = ("user_id", "name", "confirmed", "throttling_failure_timestamp", "throttling_failure_count")
_TIMESTAMPS = ("created_at", "last_used_at")


def _common(device: Any) -> dict[str, Any]:
    return {field: getattr(device, field) for field in (*_DEVICE_FIELDS, *_TIMESTAMPS)}


def forwards(apps: Any, schema_editor: Any) -> None:
    from encryption.blind_index import blind_index
    from encryption.envelope import value_encrypt
    from encryption.services import data_key_create

    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    SealedTOTPDevice = apps.get_model("staffauth", "SealedTOTPDevice")
    HashedStaticDevice = apps.get_model("staffauth", "HashedStaticDevice")
    HashedStaticCode = apps.get_model("staffauth", "HashedStaticCode")
    for old in TOTPDevice.objects.all().iterator():
        data_key = data_key_create()
        SealedTOTPDevice.objects.create(
            **_common(old),
            data_key_id=data_key.pk,
            key_ciphertext=value_encrypt(
                data_key_id=data_key.pk, context=TOTP_KEY_CONTEXT, plaintext=old.key.encode("utf-8")
            ),
            step=old.step,
            t0=old.t0,
            digits=old.digits,
            tolerance=old.tolerance,
            drift=old.drift,
            last_t=old.last_t,
        )
    TOTPDevice.objects.all().delete()
    for old in StaticDevice.objects.all().iterator():
        new = HashedStaticDevice.objects.create(**_common(old))
        HashedStaticCode.objects.bulk_create(
            HashedStaticCode(
                device=new,
                digest=blind_index(namespace=BACKUP_CODE_NAMESPACE, normalised=token.token.strip().lower()),
            )
            for token in old.token_set.all()
        )
    StaticDevice.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("staffauth", "0001_sealed_devices"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
        ("encryption", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
