"""The finding type, the kinds of finding and their priority when spans overlap."""

from __future__ import annotations

from dataclasses import dataclass

SEED_PHRASE = "seed_phrase"
PRIVATE_KEY = "private_key"
CRYPTO_ADDRESS = "crypto_address"
TX_HASH = "tx_hash"
IBAN = "iban"
BANK_CARD = "bank_card"
CN_ID = "cn_id"
NATIONAL_ID = "national_id"  # a national identity number other than China's resident id
PASSPORT = "passport"
EMAIL = "email"
PHONE = "phone"
ADDRESS = "address"  # a postal address (a UK postcode, with the street line before it)

SECRET_KINDS: frozenset[str] = frozenset({SEED_PHRASE, PRIVATE_KEY})

# Lower number wins an overlap. Secrets first (they must never be hidden behind a lesser kind), then the
# kinds whose validation is strongest (checksums), then the pattern-only personal data.
PRIORITY: dict[str, int] = {
    SEED_PHRASE: 0,
    PRIVATE_KEY: 0,
    CRYPTO_ADDRESS: 1,
    TX_HASH: 2,
    IBAN: 3,
    BANK_CARD: 4,
    CN_ID: 5,
    NATIONAL_ID: 5,
    PASSPORT: 6,
    EMAIL: 7,
    PHONE: 8,
    ADDRESS: 9,
}

ALL_KINDS: frozenset[str] = frozenset(PRIORITY)


@dataclass(frozen=True, slots=True)
class Finding:
    """A detected span, as Python string offsets into the original text."""

    kind: str
    start: int
    end: int
    confidence: float
