"""Second-factor devices whose secrets are never stored in clear.

django-otp's own devices keep the authenticator's key as hex and the backup codes as typed, in plain columns: a
database dump or a backup gave an attacker every staff member's second factor (django-otp issue #67 asks for
encryption and is still open). These two behave as django-otp's TOTP and static devices (django_otp.match_token
and the login machinery find them, as every Device subclass) but:
- the authenticator's key is encrypted under a data key of its own (encryption.fields), so key rotation rewraps
  it and a dump holds only ciphertext;
- a backup code is stored as a keyed hash (encryption.blind_index), so a dump gives no code that signs in.
"""

from __future__ import annotations

from binascii import unhexlify
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin  # type: ignore[import-untyped]  # ships no type information
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]  # ships no type information
from django_otp.util import random_hex  # type: ignore[import-untyped]  # ships no type information

from encryption.blind_index import blind_index
from encryption.fields import EncryptedTextField
from encryption.models import DataKey
from encryption.services import data_key_create

TOTP_KEY_CONTEXT = "staffauth.sealedtotpdevice.key"
BACKUP_CODE_NAMESPACE = "staffauth.backup_code"


class SealedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP, RFC 6238) whose key is stored encrypted.

    Verification, drift, replay protection (last_t), throttling and the otpauth:// URL are django-otp's own
    TOTPDevice methods, used as they are: they read the key only through bin_key.
    """

    # Annotated: django-otp's untyped bases hide these from the django-stubs plugin.
    data_key: models.ForeignKey[DataKey, DataKey] = models.ForeignKey(
        DataKey, on_delete=models.PROTECT, related_name="+", editable=False
    )
    key = EncryptedTextField(_("key"), context=TOTP_KEY_CONTEXT, editable=False)
    step: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(default=30)
    t0: models.BigIntegerField[int, int] = models.BigIntegerField(default=0)
    digits: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(
        choices=[(6, 6), (8, 8)], default=6
    )
    tolerance: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(default=1)
    drift: models.SmallIntegerField[int, int] = models.SmallIntegerField(default=0)
    last_t: models.BigIntegerField[int, int] = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    @classmethod
    def create(cls, **fields: Any) -> SealedTOTPDevice:
        """A new device with a random 20-byte key (django-otp's default) under a new data key."""
        with transaction.atomic():
            device = cls(data_key=data_key_create(), **fields)
            device.key = random_hex(20)
            device.save()
        return device

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.key.encode())

    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings


def backup_code_digest(code: str) -> str:
    return blind_index(namespace=BACKUP_CODE_NAMESPACE, normalised=code.strip().lower())


class HashedStaticDevice(TimestampMixin, ThrottlingMixin, Device):
    """A set of single-use backup codes, each stored as a keyed hash (django-otp's StaticDevice stores them as
    typed)."""

    class Meta(Device.Meta):
        verbose_name = _("backup code set")
        verbose_name_plural = _("backup code sets")

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1))

    def verify_token(self, token: Any) -> bool:
        verify_allowed, _reason = self.verify_is_allowed()
        if not verify_allowed:
            return False
        # A single-use code: of two concurrent requests with one code, only the one that deletes it signs in.
        used = self.codes.filter(digest=backup_code_digest(str(token))).delete()[0]
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False


class HashedStaticCode(models.Model):
    device = models.ForeignKey(HashedStaticDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")
