"""Errors of retention and deletion; messages carry ids only, never customer content."""


class DeletionError(Exception):
    """Base class of the retention and deletion errors."""


class LegalHoldScopeNotFound(DeletionError):
    """The customer or ticket to hold does not exist (any more)."""


class LegalHoldAlreadyReleased(DeletionError):
    """The legal hold was released already."""


class NotComplianceOfficer(DeletionError):
    """Only a compliance officer places and releases legal holds."""


class NotPrivacyOfficer(DeletionError):
    """Only a privacy officer changes retention policies."""


class PurgeAlreadyRunning(DeletionError):
    """Another purge run holds the run lock or is still unfinished."""


class LedgerError(DeletionError):
    """The deletion ledger could not be written or read."""
