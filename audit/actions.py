"""The registry of audit actions: every `action` string an event may carry, with its label and what it means.

Action names are frozen `<noun>.<verb>` strings (stored in events and chained). A new action is added here; a test
fails if code records an action that is not registered. `kind` drives the anomaly rules and the auditor's charts:
`read` opens customer content, `reveal` unmasks personal data, `export` takes content out of Custos.
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


_ACTIONS = [
    # Reads of customer content by staff.
    Action("ticket.view_content", _("Opened a ticket's conversation"), READ),
    Action("privacy_request.view", _("Opened a privacy request"), READ),
    Action("customer.view", _("Opened a customer's record"), READ),
    Action("ticket.search", _("Searched tickets"), READ),
    Action("ticket.list", _("Listed tickets with their subjects"), READ),
    Action("customer.search", _("Searched customers"), READ),
    Action("api.read", _("Read records through the API"), READ),
    Action("message.reveal", _("Revealed a masked message"), REVEAL),
    Action("customer.reveal", _("Revealed a customer's personal field"), REVEAL),
    Action("attachment.download", _("Downloaded an attachment"), EXPORT),
    Action("privacy_request.export", _("Prepared a customer's access export"), EXPORT),
    Action("privacy_request.export_withhold", _("Withheld an item from a customer's access export"), GOVERNANCE),
    Action("privacy_request.export_download", _("Customer downloaded their access export"), EXPORT),
    Action("audit.export", _("Exported audit events as CSV"), EXPORT),
    # Changes to records.
    Action("customer.ingest", _("Customer received from the helpdesk"), CHANGE),
    Action("customer.grant", _("Gave an integration access to a customer"), GOVERNANCE),
    Action("customer.revoke", _("Took a customer out of an integration's access"), GOVERNANCE),
    Action("ticket.ingest", _("Ticket received from the helpdesk"), CHANGE),
    Action("message.ingest_batch", _("Messages received from the helpdesk"), CHANGE),
    Action("attachment.ingest", _("Attachment received from the helpdesk"), CHANGE),
    Action("attachment.rescan", _("Attachment rescanned"), CHANGE),
    Action("attachment.release", _("Released a quarantined attachment"), GOVERNANCE),
    Action("records.rescan", _("Records rescanned with new detectors"), CHANGE),
    Action("message.create", _("Replied to a customer"), CHANGE),
    Action("ticket.assign", _("Assigned a ticket"), CHANGE),
    Action("ticket.set_team", _("Moved a ticket to a team"), CHANGE),
    Action("ticket.set_status", _("Changed a ticket's status"), CHANGE),
    Action("ticket.restrict", _("Restricted a ticket kept after erasure"), GOVERNANCE),
    Action("ticket.secret_exposed", _("A secret was posted and redacted"), SECURITY),
    Action("ticket.risk_flag", _("Ticket flagged for risk"), SECURITY),
    Action("ticket.security_alert", _("Security alerted about a ticket"), SECURITY),
    Action("ticket.exposure_reply_sent", _("Exposure reply sent to the customer"), SECURITY),
    # Governance: holds, policies, requests, processors, deletion.
    Action("legal_hold.place", _("Placed a legal hold"), GOVERNANCE),
    Action("legal_hold.release", _("Released a legal hold"), GOVERNANCE),
    Action("retention_policy.create", _("Created a retention policy"), GOVERNANCE),
    Action("retention_policy.change", _("Changed a retention policy"), GOVERNANCE),
    Action("privacy_request.submit", _("Privacy request submitted"), GOVERNANCE),
    Action("privacy_request.submit_unmatched", _("Privacy request for an unknown address"), GOVERNANCE),
    Action("privacy_request.verify", _("Privacy request confirmed by the customer"), GOVERNANCE),
    Action("privacy_request.approve_first", _("First approval of a privacy request"), GOVERNANCE),
    Action("privacy_request.approve", _("Approved a privacy request"), GOVERNANCE),
    Action(
        "privacy_request.scope_grew",
        _("Erasure held for a second approval: restricted records arrived after approval"),
        GOVERNANCE,
    ),
    Action("privacy_request.reject", _("Rejected a privacy request"), GOVERNANCE),
    Action("privacy_request.cancel", _("Privacy request cancelled"), GOVERNANCE),
    Action("privacy_request.extend", _("Privacy request deadline extended"), GOVERNANCE),
    Action("privacy_request.complete", _("Privacy request completed"), GOVERNANCE),
    Action("privacy_request.abandon", _("Privacy request abandoned"), GOVERNANCE),
    Action("privacy_request.stuck", _("Privacy request flagged as stuck"), GOVERNANCE),
    Action("privacy_request.minimise", _("Closed privacy request minimised"), GOVERNANCE),
    Action("privacy_request.forget_contact", _("Privacy request contact forgotten"), GOVERNANCE),
    Action("privacy_request.rectify", _("Customer data rectified"), GOVERNANCE),
    Action("privacy_request.rectification_complete", _("Rectification completed"), GOVERNANCE),
    Action("privacy_request.add_statement", _("Supplementary statement added"), GOVERNANCE),
    Action("privacy_request.certificate", _("Erasure certificate issued"), GOVERNANCE),
    Action("processor.create", _("Added a processor"), GOVERNANCE),
    Action("processor.update", _("Changed a processor"), GOVERNANCE),
    Action("processor.secret_set", _("Set a processor's secret"), GOVERNANCE),
    Action("processor.notify", _("Notified a processor"), GOVERNANCE),
    Action("processor.retry", _("Retried a processor notification"), GOVERNANCE),
    Action("processor.confirm", _("Processor confirmed a deletion"), GOVERNANCE),
    Action("purge.dispatch", _("Purge started"), GOVERNANCE),
    Action("purge.batch", _("Purge batch deleted records"), GOVERNANCE),
    Action("purge.run", _("Purge run finished"), GOVERNANCE),
    Action("ledger.replay", _("Deletion ledger replayed"), GOVERNANCE),
    Action("data_key.destroy", _("Destroyed data keys (crypto-shredding)"), GOVERNANCE),
    Action("data_key.rewrap", _("Rewrapped data keys"), SYSTEM),
    Action("integration.create", _("Created an API integration"), SECURITY),
    Action("integration.rotate_token", _("Rotated an API integration's token"), SECURITY),
    Action("api.reject", _("API call refused"), SECURITY),
    # Access control and the audit trail itself.
    Action("access.refused", _("Access to customer content refused"), SECURITY),
    Action("access.locked", _("Account locked from customer content"), SECURITY),
    Action("access.unlocked", _("Account unlocked"), SECURITY),
    # Staff sign-in (staffauth): password, second factor, lockout.
    Action("auth.login", _("Signed in"), SECURITY),
    Action("auth.login_fail", _("Sign-in failed"), SECURITY),
    Action("auth.logout", _("Signed out"), SECURITY),
    Action("auth.lockout", _("Sign-in locked after repeated failures"), SECURITY),
    Action("auth.otp", _("Confirmed sign-in with a one-time code"), SECURITY),
    Action("auth.otp_fail", _("Wrong one-time code"), SECURITY),
    Action("auth.reauth", _("Confirmed identity again before a sensitive action"), SECURITY),
    Action("auth.otp_enrol", _("Enrolled an authenticator app"), SECURITY),
    Action("auth.otp_enrol_fail", _("Authenticator enrolment failed"), SECURITY),
    Action("user.permissions_change", _("Changed a user's roles or permissions"), SECURITY),
    Action("anomaly_thresholds.change", _("Changed the anomaly thresholds"), SECURITY),
    Action("incident.close", _("Closed an incident"), SECURITY),
    Action("audit.verify", _("Audit trail verified"), SYSTEM),
    Action("audit.verify_failed", _("Audit trail verification FAILED"), SECURITY),
]

ACTIONS: dict[str, Action] = {a.name: a for a in _ACTIONS}
READ_ACTIONS = frozenset(a.name for a in _ACTIONS if a.kind == READ)
REVEAL_ACTIONS = frozenset(a.name for a in _ACTIONS if a.kind == REVEAL)
EXPORT_ACTIONS = frozenset(a.name for a in _ACTIONS if a.kind == EXPORT)
CONTENT_ACTIONS = READ_ACTIONS | REVEAL_ACTIONS | EXPORT_ACTIONS


def action_label(name: str) -> str:
    """The human label of an action (in the active language); an unregistered name is shown as itself."""
    action = ACTIONS.get(name)
    return str(action.label) if action else name


def action_choices() -> list[tuple[str, str]]:
    return sorted(((a.name, str(a.label)) for a in _ACTIONS), key=lambda c: c[1])
