"""Errors of retention and deletion; messages carry ids only, never customer content.

The role errors are defined once, in `supportrecords.exceptions`, and re-exported here."""

from supportrecords.exceptions import NotComplianceOfficer as NotComplianceOfficer
from supportrecords.exceptions import NotPrivacyOfficer as NotPrivacyOfficer
from supportrecords.exceptions import RoleRequired as RoleRequired


class DeletionError(Exception):
    """Base class of the retention and deletion errors."""


class LegalHoldScopeNotFound(DeletionError):
    """The customer or ticket to hold does not exist (any more)."""


class LegalHoldAlreadyReleased(DeletionError):
    """The legal hold was released already."""


class PurgeAlreadyRunning(DeletionError):
    """Another purge run holds the run lock or is still unfinished."""


class LedgerError(DeletionError):
    """The deletion ledger could not be written or read."""
