"""Errors of the support-records services; messages never carry customer content."""

from django.core.exceptions import PermissionDenied


class SupportRecordsError(Exception):
    """Base class of the support-records errors."""


class RoleRequired(SupportRecordsError):
    """The acting user lacks the role this step needs (checked through `supportrecords.roles`)."""


class NotPrivacyOfficer(RoleRequired):
    """Only a privacy officer may do this: change retention policies, review privacy requests."""


class NotComplianceOfficer(RoleRequired):
    """Only a compliance officer may do this: legal holds, second approvals, tipping-off withholdings."""


class CustomerAlreadyExists(SupportRecordsError):
    """A customer with this exchange account id exists already."""


class AccountRegisteredUnderAnotherId(SupportRecordsError):
    """The integration registered this exchange account already, under another external id of its own."""


class ExternalIdNamesAnotherAccount(SupportRecordsError):
    """The integration's external id names a customer of another exchange account (its grant was revoked)."""


class AttachmentTooLarge(SupportRecordsError):
    """An upload is larger than CUSTOS_ATTACHMENT_MAX_BYTES."""


class AttachmentCorrupted(SupportRecordsError):
    """A stored attachment's ciphertext does not match its recorded digest."""


class IngestRejected(SupportRecordsError):
    """Ingested items refer to records that do not exist; `errors` maps item index to field errors."""

    def __init__(self, errors: dict[int, dict[str, str]]) -> None:
        super().__init__(f"{len(errors)} item(s) rejected")
        self.errors = errors


class UnknownReference(SupportRecordsError):
    """An ingested record refers by external id to a record that does not exist."""

    def __init__(self, field: str) -> None:
        super().__init__(f"unknown {field}")
        self.field = field


class AttachmentQuarantined(SupportRecordsError, PermissionDenied):
    """The file could not be scanned and waits for a compliance officer's release."""
