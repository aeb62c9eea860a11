"""Done-when of issue 11: a database filled by the code from before the privacy app migrates, and every stored
value still reads back.

The rows are written at the pre-move labels: models of the `deletion` app as migration 0008 left them, ciphertexts
sealed with the literal `deletion.<model>.<field>` contexts (not through today's field code), ContentType rows
labelled `deletion`. Then the database migrates forward and today's `privacy` models read every encrypted value."""

from __future__ import annotations

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_celery_beat.models import PeriodicTask

from config.celery import app as celery_app
from encryption.envelope import value_encrypt
from encryption.services import data_key_create
from privacy import dispatch
from privacy.models import (
    PrivacyRequest,
    PrivacySubmission,
    Processor,
    Rectification,
    SupplementaryStatement,
)
from tests.factories import CustomerFactory, TicketFactory, UserFactory

OLD = ("deletion", "0008_i10_export_withholding")
BEFORE: list[tuple[str, str | None]] = [OLD, ("privacy", None)]
REQUEST_FIELDS = {
    "exchange_account_id": "ACC-7781",
    "email": "li.wei@example.com",
    "rectification_wrong": "my name is spelt 李伟伟",
    "rectification_correct": "李伟",
    "rejection_reason": "not our customer",
    "extension_reason": "complex request",
}


def _sealed(key_id: int, context: str, value: str | dict[str, str]) -> bytes:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, separators=(",", ":"))
    return value_encrypt(data_key_id=key_id, context=context, plaintext=text.encode("utf-8"))


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_migrates_and_every_encrypted_value_reads_back(requires_postgres, reseeded):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(OLD).apps
    assert not any(m._meta.app_label == "privacy" for m in old.get_models())

    staff = UserFactory()
    customer = CustomerFactory()
    ticket = TicketFactory(customer=customer)
    key = data_key_create()
    request = old.get_model("deletion", "PrivacyRequest").objects.create(
        kind="rectification", customer_id=customer.pk, jurisdiction="eu", data_key_id=key.pk,
        **{f"{name}_ciphertext": _sealed(key.pk, f"deletion.privacyrequest.{name}", value)
           for name, value in REQUEST_FIELDS.items()},
    )  # fmt: skip
    processor = old.get_model("deletion", "Processor").objects.create(
        name="crm", endpoint="https://crm.example.com/hook", data_key_id=key.pk,
        secret_ciphertext=_sealed(key.pk, "deletion.processor.secret", "s3cret-signing-key"),
    )  # fmt: skip
    rectification = old.get_model("deletion", "Rectification").objects.create(
        request_id=request.pk, customer_id=customer.pk, data_key_id=key.pk, field="name", applied_by_id=staff.pk,
        previous_value_ciphertext=_sealed(key.pk, "deletion.rectification.previous_value", "李伟伟"),
    )  # fmt: skip
    statement = old.get_model("deletion", "SupplementaryStatement").objects.create(
        request_id=request.pk, ticket_id=ticket.pk, data_key_id=key.pk, added_by_id=staff.pk,
        text_ciphertext=_sealed(key.pk, "deletion.supplementarystatement.text", "the amount was 0.5 BTC"),
    )  # fmt: skip
    submission = old.get_model("deletion", "PrivacySubmission").objects.create(
        data_key_id=key.pk,
        payload_ciphertext=_sealed(key.pk, "deletion.privacysubmission.payload", {"email": "li.wei@example.com"}),
    )
    # The content types as the old code left them, with a permission and an admin log entry pointing at one.
    old_types = {
        model: ContentType.objects.get_or_create(app_label="deletion", model=model)[0].pk
        for model in ("privacyrequest", "processor", "historicalprivacyrequest")
    }
    permission = Permission.objects.get_or_create(
        content_type_id=old_types["privacyrequest"], codename="view_privacyrequest",
        defaults={"name": "Can view privacy request"},
    )[0]  # fmt: skip
    log = LogEntry.objects.create(
        user=staff, content_type_id=old_types["privacyrequest"], object_id=str(request.pk),
        object_repr="privacy request", action_flag=CHANGE,
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)
    ContentType.objects.clear_cache()

    moved = PrivacyRequest.objects.get(pk=request.pk)
    assert {name: getattr(moved, name) for name in REQUEST_FIELDS} == REQUEST_FIELDS
    assert Processor.objects.get(pk=processor.pk).secret == "s3cret-signing-key"
    assert Rectification.objects.get(pk=rectification.pk).previous_value == "李伟伟"
    assert SupplementaryStatement.objects.get(pk=statement.pk).text == "the amount was 0.5 BTC"
    assert PrivacySubmission.objects.get(pk=submission.pk).payload == {"email": "li.wei@example.com"}

    # Relabelled in place: same ids, so permissions and the admin log still point at the privacy models.
    for model, pk in old_types.items():
        assert ContentType.objects.get(app_label="privacy", model=model).pk == pk
    assert not ContentType.objects.filter(app_label="deletion", model__in=old_types).exists()
    assert ContentType.objects.get_for_model(PrivacyRequest).pk == old_types["privacyrequest"]
    assert Permission.objects.get(pk=permission.pk).content_type.app_label == "privacy"
    assert LogEntry.objects.get(pk=log.pk).get_edited_object().pk == request.pk


@pytest.mark.django_db
def test_beat_entries_and_queued_task_names_from_before_the_move_still_resolve():
    celery_app.loader.import_default_modules()  # what a worker does at start
    beat = set(PeriodicTask.objects.filter(task__startswith="deletion.privacy_tasks.").values_list("task", flat=True))
    assert beat == {dispatch.DEADLINES_REMIND, dispatch.MAINTAIN}
    # Names a broker or outbox row may hold from before the move (processor retries wait up to 24 hours).
    queued = [
        "deletion.privacy_tasks.privacy_request_execute_task",
        "deletion.privacy_tasks.privacy_request_email_task",
        "deletion.privacy_tasks.processor_notification_deliver_task",
        "deletion.privacy_tasks.privacy_submission_match_task",
        *beat,
    ]
    for name in queued:
        assert celery_app.tasks[name].name == name
        assert celery_app.tasks[name].__module__ == "privacy.tasks"
