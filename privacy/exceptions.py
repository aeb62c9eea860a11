"""Errors of privacy requests; messages carry ids only, never customer content or secrets."""

from __future__ import annotations

# The role errors are defined once (supportrecords.exceptions); services raise them from here too.
from supportrecords.exceptions import NotComplianceOfficer as NotComplianceOfficer
from supportrecords.exceptions import NotPrivacyOfficer as NotPrivacyOfficer
from supportrecords.exceptions import RoleRequired as RoleRequired


class PrivacyRequestError(Exception):
    """Base class of the privacy-request errors."""


class InvalidTransition(PrivacyRequestError):
    """The request is not in a status that allows this step (already done, or closed)."""


class SameApprover(PrivacyRequestError):
    """The second approval must come from another person than the first (four eyes)."""


class ReasonRequired(PrivacyRequestError):
    """Rejections and extensions need a reason, which the customer is told."""


class ExtensionNotAllowed(PrivacyRequestError):
    """The deadline can be extended once, within the first period, where the jurisdiction allows it."""


class TokenInvalid(PrivacyRequestError):
    """A link token is forged, altered or for another purpose."""


class TokenExpired(PrivacyRequestError):
    """A link token was genuine but is past its lifetime."""


class ExportErased(TokenExpired):
    """The export was deleted with the customer's records by a completed erasure."""


class TokenUsed(PrivacyRequestError):
    """A single-use link was used already."""


class RateLimited(PrivacyRequestError):
    """Too many submissions from this address or for this email; try again later."""


class CustomerErased(PrivacyRequestError):
    """The customer's records were erased (a completed erasure): nothing is left to correct."""


class RecordMustStayUnaltered(PrivacyRequestError):
    """The record is kept under a legal obligation (AML): add a supplementary statement instead."""


class ProcessorCallbackInvalid(PrivacyRequestError):
    """A processor callback has a bad signature, a stale timestamp or names no notification of that processor."""
