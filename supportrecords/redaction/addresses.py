"""Validators for cryptocurrency addresses: Bitcoin (base58check and segwit), Ethereum (EIP-55), TRON."""

from __future__ import annotations

from .checksums import b58check_decode, eip55_checksum, segwit_decode

SEGWIT_HRPS = frozenset({"bc", "tb", "bcrt"})

# Version byte of a 21-byte base58check payload: Bitcoin P2PKH/P2SH on mainnet and on the test networks
# (testnet, signet and regtest share 0x6f/0xc4), and TRON (0x41, the "T..." addresses).
BASE58_ADDRESS_VERSIONS = frozenset({0x00, 0x05, 0x6F, 0xC4, 0x41})

_HEX = frozenset("0123456789abcdefABCDEF")


def is_base58_address(token: str) -> bool:
    """Bitcoin P2PKH/P2SH (mainnet or test networks) or TRON address with a valid checksum."""
    if not 25 <= len(token) <= 35:
        return False
    payload = b58check_decode(token)
    return payload is not None and len(payload) == 21 and payload[0] in BASE58_ADDRESS_VERSIONS


def is_segwit_address(token: str) -> bool:
    """Bech32/bech32m segwit address valid under BIP-173 and BIP-350."""
    return segwit_decode(token, hrps=SEGWIT_HRPS) is not None


def is_eth_address(token: str) -> bool:
    """0x + 40 hex digits, all one case or with a correct EIP-55 checksum."""
    if len(token) != 42 or token[:2] not in ("0x", "0X") or not _HEX.issuperset(token[2:]):
        return False
    digits = token[2:]
    if digits.lower() == digits or digits.upper() == digits:
        return True  # EIP-55: single-case addresses carry no checksum and are accepted
    return eip55_checksum(digits) == digits
