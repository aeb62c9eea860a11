"""The seeded storage-limitation bases name each jurisdiction's law (a Hong Kong customer was cited the GDPR)."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.utils import translation

from deletion.models import RetentionPolicy, legal_basis_label

rename = importlib.import_module("deletion.migrations.0011_legal_bases_of_every_jurisdiction")


def test_seeded_bases_name_the_gdpr_the_pipl_and_the_pdpo(db):
    general = RetentionPolicy.objects.get(category__slug="general-enquiry", jurisdiction="")
    assert all(law in general.legal_basis for law in ("GDPR", "PIPL", "PDPO"))
    with translation.override("zh-hans"):
        label = legal_basis_label(general.legal_basis)
    assert "个人信息保护法" in label and "私隐" in label and "storage" not in label


def test_the_migration_renames_the_old_seeded_bases_only_and_keeps_their_history(db):
    general = RetentionPolicy.objects.get(category__slug="general-enquiry", jurisdiction="")
    incident = RetentionPolicy.objects.get(category__slug="security-incident", jurisdiction="")
    RetentionPolicy.objects.filter(pk=general.pk).update(legal_basis="GDPR Art. 5(1)(e) storage limitation")
    RetentionPolicy.objects.filter(pk=incident.pk).update(legal_basis="our own basis, typed by the officer")
    before = general.history.count()
    rename.forwards(apps, None)
    general.refresh_from_db()
    incident.refresh_from_db()
    assert general.legal_basis == rename.RENAMED["GDPR Art. 5(1)(e) storage limitation"]
    assert incident.legal_basis == "our own basis, typed by the officer"
    assert general.history.count() == before + 1
    assert general.history.first().history_change_reason == "legal basis names every jurisdiction's law"
    rename.backwards(apps, None)
    general.refresh_from_db()
    assert general.legal_basis == "GDPR Art. 5(1)(e) storage limitation"


def test_certificates_issued_before_keep_their_translated_basis(db):
    with translation.override("zh-hans"):
        assert legal_basis_label("GDPR Art. 5(1)(e) storage limitation") == "GDPR 第 5(1)(e) 条：存储限制"
