"""Ingestion endpoints for integrations: parse, call one service, render. Idempotent by external id."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.services import client_ip
from supportrecords import ingest
from supportrecords.api import serializers as s
from supportrecords.api.authentication import IntegrationTokenAuthentication
from supportrecords.api.parsers import LengthRequired, LimitedJSONParser, RequestTooLarge, chunked, content_length
from supportrecords.api.permissions import IsIntegration
from supportrecords.api.throttling import IntegrationRateThrottle, reject_audit_due
from supportrecords.exceptions import (
    AccountRegisteredUnderAnotherId,
    AttachmentTooLarge,
    CustomerAlreadyExists,
    ExternalIdNamesAnotherAccount,
    IngestRejected,
    UnknownReference,
)
from supportrecords.models import Integration

ERRORS = {400: OpenApiResponse(description="Field errors"), 401: None, 411: None, 413: None, 429: None}


class RegisteredUnderAnotherId(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = {
        "exchange_account_id": [
            "This integration registered this account already, under another external id: send that one."
        ]
    }
    default_code = "registered_under_another_id"


class ExternalIdTaken(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = {"external_id": ["This external id names a customer of another account: send a new one."]}
    default_code = "external_id_taken"


def _django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {key: list(messages) for key, messages in exc.message_dict.items()}
    return {"non_field_errors": list(exc.messages)}


class IngestView(APIView):
    authentication_classes = [IntegrationTokenAuthentication]
    permission_classes = [IsIntegration]
    throttle_classes = [IntegrationRateThrottle]
    parser_classes = [LimitedJSONParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if chunked(request):
            # Django reads a body without Content-Length as empty (and some servers pass the chunks undecoded):
            # refused rather than silently ignored.
            raise LengthRequired()
        super().initial(request, *args, **kwargs)
        # DRF copies the principal onto the Django request, where django-simple-history expects a User.
        request._request.user = AnonymousUser()
        if request.content_type.startswith("application/json"):
            self._read_json_body(request)

    @staticmethod
    def _read_json_body(request: Request) -> None:
        """Read a JSON body up to CUSTOS_API_MAX_REQUEST_BYTES (413 beyond, as documented), not Django's 2.5 MiB
        form limit, which DRF would apply by reading `request.body`."""
        limit = int(settings.CUSTOS_API_MAX_REQUEST_BYTES)
        django_request = request._request
        if content_length({"request": django_request}) > limit:
            raise RequestTooLarge(f"A request body has at most {limit} bytes.")
        if getattr(django_request, "_read_started", False):
            return
        raw = django_request.read(limit + 1)
        if len(raw) > limit:
            raise RequestTooLarge(f"A request body has at most {limit} bytes.")
        django_request._body = raw
        django_request._stream = io.BytesIO(raw)

    def integration(self, request: Request) -> Integration:
        integration = request.auth
        assert isinstance(integration, Integration)  # noqa: S101  # IsIntegration has run
        return integration

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400:
            try:
                integration = request.auth if isinstance(request.auth, Integration) else None
                actor = request.user if integration is not None else None
            except APIException:
                integration, actor = None, None
            if integration is None and not reject_audit_due(ip=client_ip(request)):
                return response  # unauthenticated refusals: one audit row per IP per window, not one per request
            ingest.api_call_reject_record(
                integration=integration,
                actor=actor,
                endpoint=request.path,
                status=response.status_code,
                ip=client_ip(request),
            )
        return response


def _created(created: bool) -> int:
    return status.HTTP_201_CREATED if created else status.HTTP_200_OK


class CustomerIngestView(IngestView):
    @extend_schema(
        request=s.CustomerInSerializer,
        responses={201: s.IngestedSerializer, 200: s.IngestedSerializer, 409: None, **ERRORS},
        summary="Create a customer (or return the one with this external id)",
    )
    def post(self, request: Request) -> Response:
        data = s.CustomerInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        integration = self.integration(request)
        try:
            grant, created = ingest.integration_customer_ingest(
                integration=integration, actor=request.user, ip=client_ip(request), **data.validated_data
            )
        except DjangoValidationError as exc:
            raise ValidationError(_django_errors(exc)) from None
        except CustomerAlreadyExists:
            raise ValidationError({"exchange_account_id": ["A customer with this account id exists."]}) from None
        except AccountRegisteredUnderAnotherId:
            raise RegisteredUnderAnotherId() from None
        except ExternalIdNamesAnotherAccount:
            raise ExternalIdTaken() from None
        # The grant's id: an integration never learns a customer's internal id (nor that another system knows them).
        body = {"id": grant.pk, "external_id": data.validated_data["external_id"], "created": created}
        return Response(body, status=_created(created))


class TicketIngestView(IngestView):
    @extend_schema(
        request=s.TicketInSerializer,
        responses={201: s.TicketOutSerializer, 200: s.TicketOutSerializer, **ERRORS},
        summary="Create a ticket (the subject is redacted) or return the one with this external id",
    )
    def post(self, request: Request) -> Response:
        data = s.TicketInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        integration = self.integration(request)
        customer = ingest.integration_customer_get(
            integration=integration, external_id=values.pop("customer_external_id")
        )
        if customer is None:
            raise ValidationError({"customer_external_id": ["No customer with this external id."]})
        try:
            ticket, created = ingest.ticket_ingest(
                source=integration.source, customer=customer, actor=request.user, ip=client_ip(request), **values
            )
        except DjangoValidationError as exc:
            raise ValidationError(_django_errors(exc)) from None
        body = {
            "id": ticket.pk,
            "external_id": values["external_id"],
            "created": created,
            "secret_exposed": ticket.secret_exposed,
        }
        return Response(body, status=_created(created))


def _batch(request: Request, integration: Integration, items: list[dict[str, Any]]) -> ingest.BatchResult:
    try:
        return ingest.messages_ingest(
            source=integration.source,
            items=[ingest.MessageIn(**item) for item in items],
            integration=integration,
            actor=request.user,
            ip=client_ip(request),
        )
    except IngestRejected as exc:
        # The same shape as DRF's own per-item errors: {"messages": {"<index>": {"field": [...]}}}.
        errors = {str(i): {k: [v] for k, v in fields.items()} for i, fields in exc.errors.items()}
        raise ValidationError({"messages": errors}) from None
    except DjangoValidationError as exc:
        raise ValidationError(_django_errors(exc)) from None


def _batch_body(result: ingest.BatchResult) -> dict[str, Any]:
    # The external ids as the caller sent them: the stored ones are keyed hashes.
    by_pk: dict[int, str] = {t.pk: external_id for external_id, t in result.tickets.items()}
    reaction = result.reaction
    return {
        "created": result.created,
        "existing": result.existing,
        "results": [{"id": r.pk, "external_id": r.external_id, "created": r.created} for r in result.results],
        "secret_exposed_tickets": [
            by_pk[pk] for pk in (reaction.exposed_ticket_ids if reaction else []) if pk in by_pk
        ],
        "auto_replies": [
            {"ticket_external_id": by_pk[pk], "message_id": message.pk, "body": message.body}
            for pk, message in (reaction.auto_replies.items() if reaction else [])
            if pk in by_pk
        ],
    }


class MessageIngestView(IngestView):
    @extend_schema(
        request=s.MessageInSerializer,
        responses={201: s.BatchOutSerializer, 200: s.BatchOutSerializer, **ERRORS},
        summary="Add one message to a ticket (redacted, encrypted); a retry with the same external id adds nothing",
    )
    def post(self, request: Request) -> Response:
        data = s.MessageInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = _batch(request, self.integration(request), [dict(data.validated_data)])
        except ValidationError as exc:
            detail: Any = exc.detail
            if isinstance(detail, dict) and isinstance(detail.get("messages"), dict):
                detail = detail["messages"].get("0", detail)
            raise ValidationError(detail) from None
        return Response(_batch_body(result), status=_created(result.created > 0))


class MessageBatchIngestView(IngestView):
    @extend_schema(
        request=s.MessageBatchInSerializer,
        responses={200: s.BatchOutSerializer, **ERRORS},
        summary="Add up to 500 messages in one transaction: all are stored, or none (400 lists each item's errors)",
    )
    def post(self, request: Request) -> Response:
        data = s.MessageBatchInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        items = [dict(item) for item in data.validated_data["messages"]]
        result = _batch(request, self.integration(request), items)
        return Response(_batch_body(result), status=status.HTTP_200_OK)


class AttachmentIngestView(IngestView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": s.AttachmentInSerializer},
        responses={201: s.AttachmentOutSerializer, 200: s.AttachmentOutSerializer, **ERRORS},
        summary="Attach a file to a message; its text (plain text, PDF) is scanned and secrets never stored",
    )
    def post(self, request: Request) -> Response:
        limit = int(settings.CUSTOS_ATTACHMENT_MAX_BYTES)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit + 64 * 1024:  # the file plus the multipart envelope
            raise RequestTooLarge(f"A file has at most {limit} bytes.")
        data = s.AttachmentInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        if upload.size is not None and upload.size > limit:
            raise RequestTooLarge(f"A file has at most {limit} bytes.")
        integration = self.integration(request)
        try:
            attachment, created = ingest.attachment_ingest(
                source=integration.source,
                external_id=data.validated_data["external_id"],
                message_external_id=data.validated_data["message_external_id"],
                filename=upload.name or "attachment",
                content=upload.read(),
                content_type=upload.content_type or "application/octet-stream",
                actor=request.user,
                ip=client_ip(request),
                integration=integration,
            )
        except UnknownReference as exc:
            raise ValidationError({exc.field: ["No message with this external id."]}) from None
        except AttachmentTooLarge:
            raise RequestTooLarge(f"A file has at most {limit} bytes.") from None
        body = {
            "id": attachment.pk,
            "external_id": data.validated_data["external_id"],
            "created": created,
            "scanned": attachment.detector_version is not None,
            "text_redacted": attachment.text_redacted,
            "quarantined": attachment.quarantined,
        }
        return Response(body, status=_created(created))
