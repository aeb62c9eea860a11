"""Private keys (WIF, BIP32 extended keys, raw hex by context), and the long tokens that share their shape."""

from __future__ import annotations

import re

from .addresses import is_base58_address, is_eth_address, is_segwit_address
from .checksums import b58check_decode, b58decode
from .findings import CRYPTO_ADDRESS, PRIVATE_KEY, TX_HASH
from .shadow import Shadow

SECP256K1_P = 2**256 - 2**32 - 977
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

# BIP32 / SLIP-132 version bytes: xprv/xpub and the BIP49/BIP84 (y/z, Y/Z multisig) and testnet variants.
EXTENDED_PRIVATE = frozenset(
    bytes.fromhex(v)
    for v in (
        "0488ade4",
        "049d7878",
        "04b2430c",
        "0295b005",
        "02aa7a99",
        "04358394",
        "044a4e28",
        "045f18bc",
        "024285b5",
        "02575048",
    )
)
EXTENDED_PUBLIC = frozenset(
    bytes.fromhex(v)
    for v in (
        "0488b21e",
        "049d7cb2",
        "04b24746",
        "0295b43e",
        "02aa7ed3",
        "043587cf",
        "044a5262",
        "045f1cf6",
        "024289ef",
        "02575483",
    )
)

# Candidates: any long run of ASCII letters and digits (or a short one that starts like a segwit address).
# Explicit ASCII lookarounds (not \b) so that a key glued to Chinese text ("私钥abc...") is still found; the
# first character is a plain class (the lookbehind comes second) so that the engine can skip ahead fast.
LONG_TOKEN = re.compile(
    r"[0-9A-Za-z](?<![0-9A-Za-z][0-9A-Za-z])"
    r"(?:[0-9A-Za-z]{24,}|(?<=[bBtT])(?i:c|b|crt)1[0-9A-Za-z]{8,23})(?![0-9A-Za-z])"
)
# LONG_TOKEN matches whole runs of ASCII letters and digits: those of 25 or more characters (the first
# alternative takes any such run), and the shorter ones that are entirely "bc1"/"tb1"/"bcrt1" + 8-23 characters.
# Found here without testing a class at every letter: the long runs as 25 "a" in Shadow.alnum, the short ones
# from their "1" (a literal the regex engine skips to) on Shadow.ascii.
_RUN_OF_25 = b"a" * 25
_SHORT_SEGWIT = re.compile(
    rb"1(?:(?<=(?<![0-9A-Za-z])[bBtT][cCbB]1)|(?<=(?<![0-9A-Za-z])[bBtT][cC][rR][tT]1))"
    rb"[0-9A-Za-z]{8,23}(?![0-9A-Za-z])"
)
_HEX_RE = re.compile(r"(?:0[xX])?([0-9a-fA-F]+)")

# What a 64-hex string is, from the nearest keyword before it (or, failing that, just after it).
_CONTEXT_KEY = r"private\s*key|priv\s*key|secret\s*key|privkey|(?<![a-z])(?:wif|seed)(?![a-z])|私钥|私鑰|密钥|秘钥|种子"
_CONTEXT_TX = (
    r"(?<![a-z])(?:tx|hash)(?![a-z])|txid|tx\s*id|txhash|tx\s*hash|transaction|交易|哈希|区块|區塊|/tx/|explorer|"
    r"etherscan|tronscan|bscscan|blockchair|mempool|solscan|转账记录|链上"
)
_CONTEXT_NONE = r"sha-?256|sha256sum|checksum|digest|(?<![a-z])md5(?![a-z])|校验|commit|提交|file\s*hash|文件哈希"
# Matched against a lower-cased window: IGNORECASE alternations are slow.
_CONTEXT = re.compile(f"(?P<key>{_CONTEXT_KEY})|(?P<none>{_CONTEXT_NONE})|(?P<tx>{_CONTEXT_TX})")
_CONTEXT_BEFORE = 80
_CONTEXT_AFTER = 40


def _extended_key_kind(payload: bytes) -> str | None:
    """private_key / crypto_address (xpub) for a well-formed 78-byte BIP32 serialisation, else None."""
    if len(payload) != 78:
        return None
    version, depth, fingerprint, index, key = (
        payload[:4],
        payload[4],
        payload[5:9],
        payload[9:13],
        payload[45:],
    )
    if depth == 0 and (fingerprint != b"\x00" * 4 or index != b"\x00" * 4):
        return None
    if version in EXTENDED_PRIVATE:
        return PRIVATE_KEY if key[0] == 0 and 0 < int.from_bytes(key[1:], "big") < SECP256K1_N else None
    if version in EXTENDED_PUBLIC:
        return CRYPTO_ADDRESS if key[0] in (2, 3) and _on_curve(int.from_bytes(key[1:], "big")) else None
    return None


def _on_curve(x: int) -> bool:
    """Whether x is the x-coordinate of a secp256k1 point (y^2 = x^3 + 7 has a root mod p)."""
    if x >= SECP256K1_P:
        return False
    rhs = (pow(x, 3, SECP256K1_P) + 7) % SECP256K1_P
    return rhs == 0 or pow(rhs, (SECP256K1_P - 1) // 2, SECP256K1_P) == 1


def _is_wif(payload: bytes) -> bool:
    if payload[0] not in (0x80, 0xEF):
        return False
    if len(payload) == 34 and payload[33] == 0x01:
        payload = payload[:33]  # compressed-public-key flag
    return len(payload) == 33 and 0 < int.from_bytes(payload[1:], "big") < SECP256K1_N


def _hex_context(text: str, start: int, end: int) -> str | None:
    """Kind of a 64-hex string from nearby words: key, tx or none ("sha256 checksum", "commit")."""
    kinds = [m.lastgroup for m in _CONTEXT.finditer(text[max(0, start - _CONTEXT_BEFORE) : start].lower())]
    if not kinds:
        kinds = [m.lastgroup for m in _CONTEXT.finditer(text[end : end + _CONTEXT_AFTER].lower())]
    # A key word anywhere nearby wins: calling a key a hash would leave a secret in clear text.
    if "key" in kinds:
        return "key"
    return kinds[-1] if kinds else None


def classify_token(text: str, start: int, end: int) -> tuple[str, float] | None:
    """Kind and confidence of the long alphanumeric token text[start:end], or None."""
    token = text[start:end]
    hex_match = _HEX_RE.fullmatch(token)
    if hex_match is not None:
        digits = hex_match.group(1)
        if len(digits) == 40 and token[:2] in ("0x", "0X"):
            return (CRYPTO_ADDRESS, 1.0) if is_eth_address(token) else None
        if len(digits) == 64:
            # A key and a transaction hash look the same; without a telling word, assume the worse.
            context = _hex_context(text, start, end)
            if context == "tx":
                return TX_HASH, 0.8
            if context == "none":
                return None
            return PRIVATE_KEY, 0.9 if context == "key" else 0.7
        if len(digits) == 128:
            return PRIVATE_KEY, 0.8  # a 64-byte BIP39 seed (or an ed25519 keypair)
        if len(digits) == 32 and _hex_context(text, start, end) == "key":
            return PRIVATE_KEY, 0.6  # BIP39 entropy given as "seed: <32 hex>"
    lowered = token.lower()
    if lowered.startswith(("bc1", "tb1", "bcrt1")):
        return (CRYPTO_ADDRESS, 1.0) if is_segwit_address(token) else None
    if is_base58_address(token):
        return CRYPTO_ADDRESS, 1.0
    if len(token) in (51, 52) or 107 <= len(token) <= 113:
        payload = b58check_decode(token)
        if payload is None:
            return None
        if len(payload) in (33, 34) and _is_wif(payload):
            return PRIVATE_KEY, 1.0
        kind = _extended_key_kind(payload)
        return (kind, 1.0) if kind else None
    if len(token) in (87, 88):
        raw = b58decode(token)
        if raw is not None and len(raw) == 64:
            return PRIVATE_KEY, 0.6  # a Solana-style 64-byte secret key in base58 (no checksum to check)
    return None


def long_token_spans(text: str, shadow: Shadow | None = None) -> list[tuple[int, int]]:
    """The spans of LONG_TOKEN.finditer(text), in order."""
    if shadow is None:
        shadow = Shadow.of(text)
    alnum = shadow.alnum
    spans = []
    start = alnum.find(_RUN_OF_25)
    while start != -1:  # the first 25 "a" after a space start a run
        end = alnum.find(b" ", start + 25)
        end = len(alnum) if end == -1 else end
        spans.append((start, end))
        start = alnum.find(_RUN_OF_25, end)
    raw = shadow.ascii
    short = []
    for m in _SHORT_SEGWIT.finditer(raw):
        start = m.start() - (4 if raw[m.start() - 1] in b"tT" else 2)
        if m.end() - start < 25:  # a longer run is among the long ones already
            short.append((start, m.end()))
    return sorted(spans + short) if short else spans


def find_long_tokens(text: str, shadow: Shadow | None = None) -> list[tuple[str, int, int, float]]:
    """Keys, addresses and transaction hashes among the long alphanumeric tokens of normalised text."""
    out = []
    for start, end in long_token_spans(text, shadow):
        result = classify_token(text, start, end)
        if result is not None:
            out.append((result[0], start, end, result[1]))
    return out
