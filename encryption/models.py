from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone


class DataKey(models.Model):
    """A 256-bit data key of one data subject, stored only wrapped by a key-encryption key (KEK).

    Destroying it (wrapped_key set to NULL) makes every ciphertext under it unreadable, wherever a copy lives.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kek_id = models.CharField(max_length=32, db_index=True)
    wrapped_key = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    rotated_at = models.DateTimeField(null=True, blank=True, editable=False)
    destroyed_at = models.DateTimeField(null=True, blank=True, editable=False)
    destroy_reason = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(wrapped_key__isnull=True, destroyed_at__isnull=False)
                    | models.Q(wrapped_key__isnull=False, destroyed_at__isnull=True)
                ),
                name="datakey_destroyed_iff_no_wrapped_key",
            )
        ]

    def __str__(self) -> str:
        state = "destroyed" if self.destroyed_at else f"wrapped by {self.kek_id}"
        return f"data key {self.pk} ({state})"

    @property
    def is_destroyed(self) -> bool:
        return self.destroyed_at is not None
