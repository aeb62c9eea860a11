"""Shapes of the ingestion API: parsing and field validation only; the services decide the rest."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import serializers

from supportrecords.api.errors import value_free_messages
from supportrecords.external_ids import external_id_validate
from supportrecords.ingest import MAX_BATCH, MAX_BATCH_CHARACTERS, MAX_EXTERNAL_ID
from supportrecords.models import AuthorKind, Channel, DataCategory, Jurisdiction, Team, TicketStatus
from supportrecords.services import MAX_BODY_LENGTH, MAX_NAME_LENGTH, MAX_SUBJECT_LENGTH, account_id_refusal

# Control characters, zero-width and bidirectional formatting characters, line/paragraph separators, surrogates.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def _external_id_validate(value: str) -> None:
    try:
        external_id_validate(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.message_dict["external_id"]) from None


def _account_id_validate(value: str) -> None:
    refusal = account_id_refusal(value)
    if refusal is not None:
        raise serializers.ValidationError(refusal)


class StrictCharField(serializers.CharField):
    """A string; an integer is read as its digits (helpdesks number their records), any other JSON value is
    refused. DRF's CharField would store a number as written by Python: 1e999999 as "inf", 0.1 as "0.1"."""

    default_error_messages = {"invalid": "Expected a string (an integer is read as its digits)."}

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, float):
            self.fail("invalid")
        return super().to_internal_value(data)


class ExternalIdField(StrictCharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_EXTERNAL_ID)
        super().__init__(validators=[_external_id_validate], **kwargs)


_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")


class SlugField(serializers.SlugRelatedField[Any]):
    """A related object by its slug; a value that cannot be a slug (NUL, other scripts, too long, not a string)
    is refused before the database is asked (PostgreSQL refuses a NUL in a query with an error)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        if _SLUG.fullmatch(data):
            try:
                return super().to_internal_value(data)
            except serializers.ValidationError:
                pass
        # The slugs that exist, never the value sent (a newcomer had to guess "general-enquiry").
        queryset = self.get_queryset()
        slugs: list[str] = []
        if queryset is not None:
            slugs = list(queryset.order_by(self.slug_field).values_list(self.slug_field, flat=True)[:50])
        raise serializers.ValidationError(f"No such {self.slug_field}: expected one of {', '.join(slugs)}.")


class TeamField(serializers.SlugRelatedField[Any]):
    """A team by its name ("Europe", "Greater China"); an unknown one is answered with the teams there are."""

    _NAME = re.compile(r"[\w .'&-]{1,100}")

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        if self._NAME.fullmatch(data):
            try:
                return super().to_internal_value(data)
            except serializers.ValidationError:
                pass
        names = list(Team.objects.order_by("name").values_list("name", flat=True)[:50])
        raise serializers.ValidationError(f"No such team: expected one of {', '.join(names) or '(none yet)'}.")


class TextField(StrictCharField):
    """Customer text kept exactly as sent (no trimming); NUL and lone surrogates are refused by DRF."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)


class InSerializer(serializers.Serializer[Any]):
    """A request's shape: its fields' error messages never quote the value sent (supportrecords.api.errors)."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        for field in fields.values():
            field.error_messages.update(value_free_messages(field))
        return fields


class CustomerInSerializer(InSerializer):
    external_id = ExternalIdField()
    # Cleaned by the service (supportrecords.normalise): invisible characters do not count against its 64.
    exchange_account_id = StrictCharField(max_length=256, validators=[_account_id_validate])
    email = serializers.EmailField(max_length=254)
    name = StrictCharField(max_length=MAX_NAME_LENGTH, required=False, allow_blank=True, default="")
    phone = StrictCharField(max_length=40, required=False, allow_blank=True, default="")
    jurisdiction = serializers.ChoiceField(choices=Jurisdiction.choices)


EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # before any exchange, or any helpdesk export of one
CLOCK_SKEW = timedelta(days=1)


class RecordTimeField(serializers.DateTimeField):
    """When a record was made: from 2000 to a day from now. A conversation's order is its messages' times: a time in
    year 1 or 9999 would put a message before or after every other."""

    default_error_messages = {
        **serializers.DateTimeField.default_error_messages,
        "implausible": "Expected a time from 2000-01-01 to a day from now (UTC).",
    }

    def to_internal_value(self, value: Any) -> datetime:
        when = super().to_internal_value(value)
        if when < EARLIEST or when > timezone.now() + CLOCK_SKEW:
            self.fail("implausible")
        return when


class TicketInSerializer(InSerializer):
    external_id = ExternalIdField()
    customer_external_id = ExternalIdField()
    category = SlugField(slug_field="slug", queryset=DataCategory.objects.all())
    channel = serializers.ChoiceField(choices=Channel.choices)
    subject = TextField(max_length=MAX_SUBJECT_LENGTH, allow_blank=True)
    status = serializers.ChoiceField(choices=TicketStatus.choices, required=False, default=TicketStatus.OPEN)
    opened_at = RecordTimeField(required=False, allow_null=True, default=None)
    closed_at = RecordTimeField(required=False, allow_null=True, default=None)
    # The team whose queue the ticket lands in (its supervisors see it and assign it); without one, only compliance
    # officers and superusers see the ticket until someone moves it to a team.
    team = TeamField(slug_field="name", queryset=Team.objects.all(), required=False, allow_null=True, default=None)


class MessageInSerializer(InSerializer):
    external_id = ExternalIdField()
    ticket_external_id = ExternalIdField()
    author_kind = serializers.ChoiceField(choices=[AuthorKind.CUSTOMER, AuthorKind.AGENT, AuthorKind.SYSTEM])
    body = TextField(max_length=MAX_BODY_LENGTH)
    created_at = RecordTimeField(required=False, allow_null=True, default=None)


class MessageBatchInSerializer(InSerializer):
    messages = MessageInSerializer(many=True, allow_empty=False, max_length=MAX_BATCH)  # type: ignore[call-arg]  # ListSerializer kwarg the stubs omit

    def validate_messages(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Refuse an external id sent twice in one batch, naming the repeat's position (never the id)."""
        first: dict[str, int] = {}
        errors: dict[str, dict[str, list[str]]] = {}
        for index, item in enumerate(items):
            earlier = first.setdefault(item["external_id"], index)
            if earlier != index:
                errors[str(index)] = {"external_id": [f"Item {index} repeats the external id of item {earlier}."]}
        if errors:
            raise serializers.ValidationError(errors)
        total = sum(len(item["body"]) for item in items)
        if total > MAX_BATCH_CHARACTERS:
            # Each body is scanned in the request: a batch of many long hostile bodies (100 kB of hex groups is
            # half a second) would hold a web worker past its timeout.
            limit = f"{MAX_BATCH_CHARACTERS:,}"
            raise serializers.ValidationError(
                [f"A batch holds at most {limit} characters of message bodies: send it in smaller batches."]
            )
        return items


class AttachmentInSerializer(InSerializer):
    external_id = ExternalIdField()
    message_external_id = ExternalIdField()
    file = serializers.FileField(allow_empty_file=True, use_url=False)


class IngestedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    created = serializers.BooleanField(help_text="False when the external id was ingested before (a retry).")


class TicketOutSerializer(IngestedSerializer):
    secret_exposed = serializers.BooleanField()


class AutoReplySerializer(serializers.Serializer[Any]):
    ticket_external_id = serializers.CharField()
    message_id = serializers.IntegerField()
    body = serializers.CharField(help_text="Post this to the customer in the helpdesk as well.")


class BatchOutSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    existing = serializers.IntegerField()
    results = IngestedSerializer(many=True)
    secret_exposed_tickets = serializers.ListField(child=serializers.CharField())
    auto_replies = AutoReplySerializer(many=True)


class AttachmentOutSerializer(IngestedSerializer):
    scanned = serializers.BooleanField(help_text="Whether text could be extracted and scanned.")
    text_redacted = serializers.BooleanField(help_text="The file held a secret; its redacted text was stored.")
    quarantined = serializers.BooleanField(
        help_text="The file could not be scanned: stored encrypted, not downloadable by agents until released."
    )
