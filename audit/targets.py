"""The registry of audit target labels: the kind of record an event is about (`AuditEvent.target_type`).

Labels are stored in every event and covered by the hash chain, so each is a frozen string, written out here once:
never derived from a model's `_meta.label_lower`, which changes when a model moves to another app (privacy
requests keep `deletion.privacyrequest` wherever their model lives). `audit_record` refuses a label not listed.
"""

from __future__ import annotations

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
