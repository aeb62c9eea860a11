"""Exceptions of the audit trail."""


class AuditError(Exception):
    """Base class of every audit failure."""


class UnknownCheckpoint(AuditError):
    """No signed checkpoint exists at the requested sequence number."""
