"""The registry of audit actions: every `action` string an event may carry, with its label and what it means.

Action names are frozen `<noun>.<verb>` strings (stored in events and chained). A new action is added here; a test
fails if code records an action that is not registered. `kind` drives the anomaly rules and the auditor's charts:
`read` opens customer content, `reveal` unmasks personal data, `export` takes content out of Custos.

`disclosable` says whether the data subject may see the event in their access export (the staff accesses to their
records, GDPR Art. 15); it has no default, so every action carries the decision. Not disclosable: whatever would
tip a customer off about an investigation or a compliance review (legal holds, AML and suspicious-activity work,
restricted records, withholdings, second approvals, risk flags), security and anomaly handling, and the deletion
machinery (purges, ledger, keys). An action not registered here is never disclosed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

READ = "read"
REVEAL = "reveal"
EXPORT = "export"
CHANGE = "change"
GOVERNANCE = "governance"
SYSTEM = "system"
SECURITY = "security"


@dataclass(frozen=True)
class Action:
    name: str
    label: Promise
    kind: str
    disclosable: bool


_ACTIONS = [
    # Reads of customer content by staff.
    Action("ticket.view_content", _("Opened a ticket's conversation"), READ, disclosable=True),
    Action("privacy_request.view", _("Opened a privacy request"), READ, disclosable=True),
    Action("customer.view", _("Opened a customer's record"), READ, disclosable=True),
    Action("ticket.search", _("Searched tickets"), READ, disclosable=True),
    Action("ticket.list", _("Listed tickets with their subjects"), READ, disclosable=True),
    Action("customer.search", _("Searched customers"), READ, disclosable=True),
    Action("api.read", _("Read records through the API"), READ, disclosable=True),
    Action("message.reveal", _("Revealed a masked message"), REVEAL, disclosable=True),
    Action("customer.reveal", _("Revealed a customer's personal field"), REVEAL, disclosable=True),
    Action("attachment.download", _("Downloaded an attachment"), EXPORT, disclosable=True),
    Action("privacy_request.export", _("Prepared a customer's access export"), EXPORT, disclosable=True),
    Action(
        "privacy_request.export_withhold",
        _("Withheld an item from a customer's access export"),
        GOVERNANCE,
        disclosable=False,
    ),
    Action("privacy_request.export_download", _("Customer downloaded their access export"), EXPORT, disclosable=True),
    Action("audit.export", _("Exported audit events as CSV"), EXPORT, disclosable=False),
    # Changes to records.
    Action("customer.ingest", _("Customer received from the helpdesk"), CHANGE, disclosable=True),
    Action("customer.grant", _("Gave an integration access to a customer"), GOVERNANCE, disclosable=True),
    Action("customer.revoke", _("Took a customer out of an integration's access"), GOVERNANCE, disclosable=True),
    Action("ticket.ingest", _("Ticket received from the helpdesk"), CHANGE, disclosable=True),
    Action("message.ingest_batch", _("Messages received from the helpdesk"), CHANGE, disclosable=True),
    Action("attachment.ingest", _("Attachment received from the helpdesk"), CHANGE, disclosable=True),
    Action("attachment.rescan", _("Attachment rescanned"), CHANGE, disclosable=True),
    Action("attachment.release", _("Released a quarantined attachment"), GOVERNANCE, disclosable=False),
    Action("records.rescan", _("Records rescanned with new detectors"), CHANGE, disclosable=True),
    Action(
        "message.split_secret_redact",
        _("A secret split over two messages was redacted in the earlier one"),
        CHANGE,
        disclosable=True,
    ),
    Action(
        "ticket.split_secret_redact",
        _("A secret split over the subject and the first message was redacted in the subject"),
        CHANGE,
        disclosable=True,
    ),
    Action("message.create", _("Replied to a customer"), CHANGE, disclosable=True),
    Action("ticket.assign", _("Assigned a ticket"), CHANGE, disclosable=True),
    Action("ticket.set_team", _("Moved a ticket to a team"), CHANGE, disclosable=True),
    Action("ticket.set_status", _("Changed a ticket's status"), CHANGE, disclosable=True),
    Action("ticket.restrict", _("Restricted a ticket kept after erasure"), GOVERNANCE, disclosable=False),
    Action("ticket.secret_exposed", _("A secret was posted and redacted"), SECURITY, disclosable=False),
    Action("ticket.risk_flag", _("Ticket flagged for risk"), SECURITY, disclosable=False),
    Action("ticket.security_alert", _("Security alerted about a ticket"), SECURITY, disclosable=False),
    Action("ticket.exposure_reply_sent", _("Exposure reply sent to the customer"), SECURITY, disclosable=False),
    # Governance: holds, policies, requests, processors, deletion.
    Action("legal_hold.place", _("Placed a legal hold"), GOVERNANCE, disclosable=False),
    Action("legal_hold.release", _("Released a legal hold"), GOVERNANCE, disclosable=False),
    Action("retention_policy.create", _("Created a retention policy"), GOVERNANCE, disclosable=False),
    Action("retention_policy.change", _("Changed a retention policy"), GOVERNANCE, disclosable=False),
    Action("privacy_request.submit", _("Privacy request submitted"), GOVERNANCE, disclosable=True),
    Action(
        "privacy_request.submit_unmatched", _("Privacy request for an unknown address"), GOVERNANCE, disclosable=True
    ),
    Action("privacy_request.verify", _("Privacy request confirmed by the customer"), GOVERNANCE, disclosable=True),
    # Before issue 11's tipping-off fix; new first approvals are recorded as `privacy_request.approve`.
    Action("privacy_request.approve_first", _("First approval of a privacy request"), GOVERNANCE, disclosable=False),
    Action("privacy_request.approve", _("Approved a privacy request"), GOVERNANCE, disclosable=True),
    # A compliance officer's second approval: never disclosed, it would tell the customer of a compliance review.
    Action(
        "privacy_request.approve_second",
        _("Gave the second (compliance) approval of a privacy request"),
        GOVERNANCE,
        disclosable=False,
    ),
    Action(
        "privacy_request.scope_grew",
        _("Erasure held for a second approval: restricted records arrived after approval"),
        GOVERNANCE,
        disclosable=False,
    ),
    Action("privacy_request.reject", _("Rejected a privacy request"), GOVERNANCE, disclosable=True),
    Action("privacy_request.cancel", _("Privacy request cancelled"), GOVERNANCE, disclosable=True),
    Action("privacy_request.extend", _("Privacy request deadline extended"), GOVERNANCE, disclosable=True),
    Action("privacy_request.complete", _("Privacy request completed"), GOVERNANCE, disclosable=True),
    Action("privacy_request.abandon", _("Privacy request abandoned"), GOVERNANCE, disclosable=True),
    Action("privacy_request.stuck", _("Privacy request flagged as stuck"), GOVERNANCE, disclosable=False),
    Action("privacy_request.minimise", _("Closed privacy request minimised"), GOVERNANCE, disclosable=True),
    Action("privacy_request.forget_contact", _("Privacy request contact forgotten"), GOVERNANCE, disclosable=True),
    Action("privacy_request.rectify", _("Customer data rectified"), GOVERNANCE, disclosable=True),
    Action("privacy_request.rectification_complete", _("Rectification completed"), GOVERNANCE, disclosable=True),
    Action("privacy_request.add_statement", _("Supplementary statement added"), GOVERNANCE, disclosable=True),
    Action("privacy_request.certificate", _("Erasure certificate issued"), GOVERNANCE, disclosable=True),
    Action("processor.create", _("Added a processor"), GOVERNANCE, disclosable=False),
    Action("processor.update", _("Changed a processor"), GOVERNANCE, disclosable=False),
    Action("processor.secret_set", _("Set a processor's secret"), GOVERNANCE, disclosable=False),
    Action("processor.notify", _("Notified a processor"), GOVERNANCE, disclosable=True),
    Action("processor.retry", _("Retried a processor notification"), GOVERNANCE, disclosable=True),
    Action("processor.confirm", _("Processor confirmed a deletion"), GOVERNANCE, disclosable=True),
    Action("purge.dispatch", _("Purge started"), GOVERNANCE, disclosable=False),
    Action("purge.batch", _("Purge batch deleted records"), GOVERNANCE, disclosable=False),
    Action("purge.run", _("Purge run finished"), GOVERNANCE, disclosable=False),
    Action("ledger.replay", _("Deletion ledger replayed"), GOVERNANCE, disclosable=False),
    Action("data_key.destroy", _("Destroyed data keys (crypto-shredding)"), GOVERNANCE, disclosable=False),
    Action("data_key.rewrap", _("Rewrapped data keys"), SYSTEM, disclosable=False),
    Action("integration.create", _("Created an API integration"), SECURITY, disclosable=False),
    Action("integration.rotate_token", _("Rotated an API integration's token"), SECURITY, disclosable=False),
    Action("api.reject", _("API call refused"), SECURITY, disclosable=False),
    # Access control and the audit trail itself.
    Action("access.refused", _("Access to customer content refused"), SECURITY, disclosable=False),
    Action("access.locked", _("Account locked from customer content"), SECURITY, disclosable=False),
    Action("access.unlocked", _("Account unlocked"), SECURITY, disclosable=False),
    # Staff sign-in (staffauth): password, second factor, lockout.
    Action("auth.login", _("Signed in"), SECURITY, disclosable=False),
    Action("auth.login_fail", _("Sign-in failed"), SECURITY, disclosable=False),
    Action("auth.logout", _("Signed out"), SECURITY, disclosable=False),
    Action("auth.lockout", _("Sign-in locked after repeated failures"), SECURITY, disclosable=False),
    Action("auth.otp", _("Confirmed sign-in with a one-time code"), SECURITY, disclosable=False),
    Action("auth.otp_fail", _("Wrong one-time code"), SECURITY, disclosable=False),
    Action("auth.reauth", _("Confirmed identity again before a sensitive action"), SECURITY, disclosable=False),
    Action("auth.otp_enrol", _("Enrolled an authenticator app"), SECURITY, disclosable=False),
    Action("auth.otp_enrol_fail", _("Authenticator enrolment failed"), SECURITY, disclosable=False),
    Action("auth.backup_codes", _("Made new backup codes"), SECURITY, disclosable=False),
    Action("auth.otp_device_delete", _("Removed a staff member's two-factor device"), SECURITY, disclosable=False),
    Action("user.permissions_change", _("Changed a user's roles or permissions"), SECURITY, disclosable=False),
    Action("anomaly_thresholds.change", _("Changed the anomaly thresholds"), SECURITY, disclosable=False),
    Action("incident.close", _("Closed an incident"), SECURITY, disclosable=False),
    Action("audit.verify", _("Audit trail verified"), SYSTEM, disclosable=False),
    Action("audit.verify_failed", _("Audit trail verification FAILED"), SECURITY, disclosable=False),
]

ACTIONS: dict[str, Action] = {a.name: a for a in _ACTIONS}
READ_ACTIONS = frozenset(a.name for a in _ACTIONS if a.kind == READ)
REVEAL_ACTIONS = frozenset(a.name for a in _ACTIONS if a.kind == REVEAL)
EXPORT_ACTIONS = frozenset(a.name for a in _ACTIONS if a.kind == EXPORT)
CONTENT_ACTIONS = READ_ACTIONS | REVEAL_ACTIONS | EXPORT_ACTIONS
DISCLOSABLE_ACTIONS = frozenset(a.name for a in _ACTIONS if a.disclosable)


def action_label(name: str) -> str:
    """The human label of an action (in the active language); an unregistered name is shown as itself."""
    action = ACTIONS.get(name)
    return str(action.label) if action else name


def action_choices() -> list[tuple[str, str]]:
    return sorted(((a.name, str(a.label)) for a in _ACTIONS), key=lambda c: c[1])
