"""Errors of the support-records services; messages never carry customer content."""


class SupportRecordsError(Exception):
    """Base class of the support-records errors."""


class CustomerAlreadyExists(SupportRecordsError):
    """A customer with this exchange account id exists already."""


class AttachmentTooLarge(SupportRecordsError):
    """An upload is larger than CUSTOS_ATTACHMENT_MAX_BYTES."""


class AttachmentCorrupted(SupportRecordsError):
    """A stored attachment's ciphertext does not match its recorded digest."""
