"""Stored strings of the privacy models are frozen (issue 11): ciphertexts stay bound to their old encryption
context, tables keep their names, wherever the models' code lives."""

from __future__ import annotations

import pytest
from django.apps import apps

from audit import targets
from encryption.fields import EncryptedFieldMixin, EncryptedTextField

# model label (lower case) -> its encrypted fields; the contexts and tables written before the privacy app existed.
PRIVACY_ENCRYPTED = {
    "privacyrequest": (
        "exchange_account_id",
        "email",
        "rectification_wrong",
        "rectification_correct",
        "rejection_reason",
        "extension_reason",
    ),
    "processor": ("secret",),
    "rectification": ("previous_value",),
    "supplementarystatement": ("text",),
    "privacysubmission": ("payload",),
}
PRIVACY_TABLES = {
    "privacyrequest",
    "privacyrequestevent",
    "processor",
    "processornotification",
    "accessexport",
    "exportwithholding",
    "rectification",
    "supplementarystatement",
    "privacysubmission",
    "historicalprivacyrequest",
    "historicalprocessor",
}


def _model(name: str):
    found = [m for m in apps.get_models() if m._meta.model_name == name]
    assert len(found) == 1, name
    return found[0]


@pytest.mark.parametrize(("model_name", "fields"), PRIVACY_ENCRYPTED.items())
def test_every_encrypted_privacy_field_keeps_its_old_context(model_name, fields):
    model = _model(model_name)
    encrypted = {f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedFieldMixin)}
    assert encrypted == set(fields)
    for name in fields:
        assert model._meta.get_field(name).context == f"deletion.{model_name}.{name}"


@pytest.mark.parametrize("model_name", sorted(PRIVACY_TABLES))
def test_every_privacy_table_keeps_its_old_name(model_name):
    assert _model(model_name)._meta.db_table == f"deletion_{model_name}"


def test_an_unpinned_field_derives_its_context_from_the_model_label():
    field = apps.get_model("supportrecords", "Message")._meta.get_field("body")
    assert field.context == "supportrecords.message.body"


def test_a_pinned_context_survives_deconstruction():
    field = EncryptedTextField(context="deletion.processor.secret")
    field.set_attributes_from_name("secret")
    _, _, _, kwargs = field.deconstruct()
    assert kwargs["context"] == "deletion.processor.secret"
    assert "context" not in EncryptedTextField().deconstruct()[3]


def test_the_audit_target_labels_of_privacy_records_stay_those_of_before_the_move():
    assert (targets.PRIVACY_REQUEST, targets.PROCESSOR, targets.PROCESSOR_NOTIFICATION, targets.ACCESS_EXPORT) == (
        "deletion.privacyrequest",
        "deletion.processor",
        "deletion.processornotification",
        "deletion.accessexport",
    )
    # Never derived from the model's label, which is now privacy.*.
    assert _model("privacyrequest")._meta.label_lower == "privacy.privacyrequest"
