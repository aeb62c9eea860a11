"""Model fields whose values are stored encrypted under the row's data key.

`body = EncryptedTextField(key_field="data_key")` stores the ciphertext in the column `body` (attribute
`body_ciphertext`) and exposes `instance.body` as plaintext: reading decrypts (once per loaded value), writing
encrypts at once with the key named by `key_field`, which must therefore be set first. Querysets, `values()`,
bulk inserts and updates see only ciphertext bytes.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from encryption.envelope import value_decrypt, value_encrypt
from encryption.exceptions import MissingDataKey

_PLAINTEXT_CACHE = "_custos_plaintext"


class _EncryptedAttribute(property):
    """The plaintext face of an encrypted field (a property, so that Model(**kwargs) accepts it)."""

    def __init__(self, field: EncryptedFieldMixin) -> None:
        self.field = field
        super().__init__(self._get, self._set, doc=f"plaintext of {field.name}")

    def _get(self, instance: models.Model) -> Any:
        field = self.field
        blob = getattr(instance, field.attname)
        if blob is None:
            return None
        cache: dict[str, tuple[bytes, Any]] = instance.__dict__.setdefault(_PLAINTEXT_CACHE, {})
        cached = cache.get(field.name)
        if cached is not None and cached[0] is blob:
            return cached[1]
        plaintext = value_decrypt(data_key_id=field.data_key_id_of(instance), context=field.context, blob=bytes(blob))
        value = field.decode(plaintext)
        cache[field.name] = (blob, value)
        return value

    def _set(self, instance: models.Model, value: Any) -> None:
        field = self.field
        cache: dict[str, tuple[bytes, Any]] = instance.__dict__.setdefault(_PLAINTEXT_CACHE, {})
        if value is None:
            setattr(instance, field.attname, None)
            cache.pop(field.name, None)
            return
        blob = value_encrypt(
            data_key_id=field.data_key_id_of(instance), context=field.context, plaintext=field.encode(value)
        )
        setattr(instance, field.attname, blob)
        cache[field.name] = (blob, value)


class EncryptedFieldMixin(models.BinaryField):  # type: ignore[type-arg]  # django-stubs generics differ per field
    def __init__(self, *args: Any, key_field: str = "data_key", context: str | None = None, **kwargs: Any) -> None:
        self.key_field = key_field
        # A stored string: the associated data every ciphertext of this field is bound to. Left unset it is
        # `<app_label>.<model>.<field>`; a model that moves to another app pins its old value here.
        self.pinned_context = context
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["key_field"] = self.key_field
        if self.pinned_context is not None:
            kwargs["context"] = self.pinned_context
        return name, path, args, kwargs

    def get_attname(self) -> str:
        return f"{self.name}_ciphertext"

    def get_attname_column(self) -> tuple[str, str]:
        attname = self.get_attname()
        return attname, self.db_column or self.name

    def contribute_to_class(self, cls: type[models.Model], name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        if not cls._meta.abstract:
            setattr(cls, name, _EncryptedAttribute(self))

    @property
    def context(self) -> str:
        if self.pinned_context is not None:
            return self.pinned_context
        return f"{self.model._meta.label_lower}.{self.name}"

    def data_key_id_of(self, instance: models.Model) -> int:
        key_field = instance._meta.get_field(self.key_field)
        data_key_id = getattr(instance, getattr(key_field, "attname", self.key_field))
        if data_key_id is None:
            raise MissingDataKey(f"{self.context}: set {self.key_field} before an encrypted value")
        return int(data_key_id)

    def encode(self, value: Any) -> bytes:
        raise NotImplementedError

    def decode(self, plaintext: bytes) -> Any:
        raise NotImplementedError


class EncryptedTextField(EncryptedFieldMixin):
    def encode(self, value: Any) -> bytes:
        if not isinstance(value, str):
            raise TypeError(f"{self.context} takes text, not {type(value).__name__}")
        return value.encode("utf-8")

    def decode(self, plaintext: bytes) -> str:
        return plaintext.decode("utf-8")


class EncryptedJSONField(EncryptedFieldMixin):
    def encode(self, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def decode(self, plaintext: bytes) -> Any:
        return json.loads(plaintext)
