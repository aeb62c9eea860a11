"""The registry of audit target labels: the kind of record an event is about (`AuditEvent.target_type`).

Labels are stored in every event and covered by the hash chain, so each is a frozen string, written out here once:
never derived from a model's `_meta.label_lower`, which changes when a model moves to another app (privacy
requests keep `deletion.privacyrequest` wherever their model lives). `audit_record` refuses a label not listed.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# audit
AUDIT_CHAIN = "audit.chain"
AUDIT_EVENT = "audit.auditevent"
INCIDENT = "audit.incident"
ANOMALY_THRESHOLDS = "audit.anomalythresholds"
# Django's auth
USER = "auth.user"
GROUP = "auth.group"
# encryption
DATA_KEY = "encryption.datakey"
# support records
CUSTOMER = "supportrecords.customer"
TICKET = "supportrecords.ticket"
MESSAGE = "supportrecords.message"
ATTACHMENT = "supportrecords.attachment"
INTEGRATION = "supportrecords.integration"
INTEGRATION_GRANT = "supportrecords.integrationcustomergrant"
# deletion
RETENTION_POLICY = "deletion.retentionpolicy"
LEGAL_HOLD = "deletion.legalhold"
PURGE_RUN = "deletion.purgerun"
PURGE_BATCH = "deletion.batch"  # a batch deleted outside a run (an erasure): its id is the batch's uid
LEDGER = "deletion.ledger"
# privacy requests (labels of their first home, the deletion app; kept when the models move)
PRIVACY_REQUEST = "deletion.privacyrequest"
PROCESSOR = "deletion.processor"
PROCESSOR_NOTIFICATION = "deletion.processornotification"
ACCESS_EXPORT = "deletion.accessexport"

TARGETS = frozenset(
    {
        AUDIT_CHAIN,
        AUDIT_EVENT,
        INCIDENT,
        ANOMALY_THRESHOLDS,
        USER,
        GROUP,
        DATA_KEY,
        CUSTOMER,
        TICKET,
        MESSAGE,
        ATTACHMENT,
        INTEGRATION,
        INTEGRATION_GRANT,
        RETENTION_POLICY,
        LEGAL_HOLD,
        PURGE_RUN,
        PURGE_BATCH,
        LEDGER,
        PRIVACY_REQUEST,
        PROCESSOR,
        PROCESSOR_NOTIFICATION,
        ACCESS_EXPORT,
    }
)

# What staff read for each label (the audit trail's target column, filter and event page).
LABELS = {
    AUDIT_CHAIN: _("audit chain"),
    AUDIT_EVENT: _("audit event"),
    INCIDENT: _("incident"),
    ANOMALY_THRESHOLDS: _("anomaly thresholds"),
    USER: _("staff user"),
    GROUP: _("role"),
    DATA_KEY: _("encryption key"),
    CUSTOMER: _("customer"),
    TICKET: _("ticket"),
    MESSAGE: _("message"),
    ATTACHMENT: _("attachment"),
    INTEGRATION: _("integration"),
    INTEGRATION_GRANT: _("integration's customer grant"),
    RETENTION_POLICY: _("retention policy"),
    LEGAL_HOLD: _("legal hold"),
    PURGE_RUN: _("purge run"),
    PURGE_BATCH: _("deletion batch"),
    LEDGER: _("deletion ledger"),
    PRIVACY_REQUEST: _("privacy request"),
    PROCESSOR: _("processor"),
    PROCESSOR_NOTIFICATION: _("processor notification"),
    ACCESS_EXPORT: _("access export"),
}


def target_label(name: str) -> str:
    """The human label of a target type (in the active language); an unknown one is shown as itself."""
    label = LABELS.get(name)
    return str(label) if label is not None else name


def target_choices() -> list[tuple[str, str]]:
    return sorted(((name, str(label)) for name, label in LABELS.items()), key=lambda c: c[1])
