"""Errors of the encryption layer. None of their messages carries key material or plaintext."""


class EncryptionError(Exception):
    """Base class of every encryption failure."""


class KeyDestroyed(EncryptionError):
    """The data key was destroyed (crypto-shredded): its ciphertexts can never be read again."""


class CiphertextIntegrityError(EncryptionError):
    """A ciphertext failed authentication: altered, truncated, or bound to another customer or field."""


class KeyUnwrapError(EncryptionError):
    """A wrapped data key could not be unwrapped: wrong or altered key-encryption key."""


class UnknownKek(EncryptionError):
    """A data key names a key-encryption key that is not configured."""


class MissingDataKey(EncryptionError):
    """An encrypted value was set on a record that has no data key yet."""
