"""Checksums the detectors validate with: base58check, bech32/bech32m, Keccak-256, Luhn, mod-97, ISO 7064."""

from __future__ import annotations

import hashlib
import operator

# --- base58check (Bitcoin's encoding for legacy addresses, WIF keys and BIP32 extended keys) ----------------

B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {char: i for i, char in enumerate(B58_ALPHABET)}


# Each ASCII byte to its base58 digit, or 255 outside the alphabet.
_B58_DIGITS = bytes(_B58_INDEX.get(chr(byte), 255) for byte in range(256))
_B58_POW5 = 58**5


def b58decode(value: str) -> bytes | None:
    """Decode base58, or return None when a character is outside the alphabet."""
    if not value.isascii():
        return None
    digits = value.encode("ascii").translate(_B58_DIGITS)
    if b"\xff" in digits:
        return None
    # Five digits at a time into a small int, so that the big number is multiplied a fifth as often.
    head = len(digits) % 5
    number = 0
    for digit in digits[:head]:
        number = number * 58 + digit
    for i in range(head, len(digits), 5):
        a, b, c, d, e = digits[i : i + 5]
        number = number * _B58_POW5 + (((a * 58 + b) * 58 + c) * 58 + d) * 58 + e
    leading_zeros = len(value) - len(value.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\x00" * leading_zeros + body


def b58encode(data: bytes) -> str:
    """Encode bytes as base58."""
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, digit = divmod(number, 58)
        out.append(B58_ALPHABET[digit])
    leading_zeros = len(data) - len(data.lstrip(b"\x00"))
    return "1" * leading_zeros + "".join(reversed(out))


def _double_sha256(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def b58check_decode(value: str) -> bytes | None:
    """Return the payload of a base58check string, or None when the 4-byte checksum does not match."""
    raw = b58decode(value)
    if raw is None or len(raw) < 5:
        return None
    payload, checksum = raw[:-4], raw[-4:]
    return payload if _double_sha256(payload)[:4] == checksum else None


def b58check_encode(payload: bytes) -> str:
    """Encode a payload with its base58check checksum."""
    return b58encode(payload + _double_sha256(payload)[:4])


# --- bech32 / bech32m: BIP-173 (segwit v0) and BIP-350 (v1+ use the bech32m constant) -----------------------

BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {char: i for i, char in enumerate(BECH32_CHARSET)}
BECH32_CONST = 1
BECH32M_CONST = 0x2BC830A3
_BECH32_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _bech32_polymod(values: list[int]) -> int:
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            if (top >> i) & 1:
                chk ^= _BECH32_GEN[i]
    return chk


def _bech32_hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def bech32_decode(value: str) -> tuple[str, list[int], int] | None:
    """Split a bech32/bech32m string into (hrp, data without checksum, checksum constant), or None."""
    if len(value) > 90 or any(ord(c) < 33 or ord(c) > 126 for c in value):
        return None
    if value.lower() != value and value.upper() != value:
        return None  # BIP-173: mixed case is invalid
    value = value.lower()
    pos = value.rfind("1")
    if pos < 1 or pos + 7 > len(value):
        return None
    hrp = value[:pos]
    data: list[int] = []
    for char in value[pos + 1 :]:
        digit = _BECH32_INDEX.get(char)
        if digit is None:
            return None
        data.append(digit)
    const = _bech32_polymod(_bech32_hrp_expand(hrp) + data)
    if const not in (BECH32_CONST, BECH32M_CONST):
        return None
    return hrp, data[:-6], const


def bech32_encode(hrp: str, data: list[int], const: int) -> str:
    """Encode 5-bit data with a bech32 (const=1) or bech32m checksum."""
    values = _bech32_hrp_expand(hrp) + data
    polymod = _bech32_polymod(values + [0] * 6) ^ const
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32_CHARSET[d] for d in data + checksum)


def convertbits(data: list[int] | bytes, *, frombits: int, tobits: int, pad: bool) -> list[int] | None:
    """Regroup bits (BIP-173 reference); None on invalid padding when pad is False."""
    acc = 0
    bits = 0
    out: list[int] = []
    maxv = (1 << tobits) - 1
    for value in data:
        acc = (acc << frombits) | value
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if pad:
        if bits:
            out.append((acc << (tobits - bits)) & maxv)
    elif bits >= frombits or ((acc << (tobits - bits)) & maxv):
        return None
    return out


def segwit_decode(value: str, *, hrps: frozenset[str]) -> tuple[int, bytes] | None:
    """Decode a segwit address under BIP-350 rules, returning (witness version, program) or None."""
    decoded = bech32_decode(value)
    if decoded is None:
        return None
    hrp, data, const = decoded
    if hrp not in hrps or not data or data[0] > 16:
        return None
    program = convertbits(data[1:], frombits=5, tobits=8, pad=False)
    if program is None or not 2 <= len(program) <= 40:
        return None
    version = data[0]
    if version == 0 and len(program) not in (20, 32):
        return None
    if (version == 0) != (const == BECH32_CONST):
        return None  # v0 must use bech32, v1+ must use bech32m
    return version, bytes(program)


def segwit_encode(hrp: str, *, version: int, program: bytes) -> str:
    """Encode a segwit address (bech32 for v0, bech32m for v1+)."""
    data = [version] + (convertbits(program, frombits=8, tobits=5, pad=True) or [])
    return bech32_encode(hrp, data, BECH32_CONST if version == 0 else BECH32M_CONST)


# --- Keccak-256 (the pre-standard SHA-3 that Ethereum uses; hashlib.sha3_256 pads differently) --------------

_MASK64 = (1 << 64) - 1
_ROTATIONS = (
    (0, 36, 3, 41, 18),
    (1, 44, 10, 45, 2),
    (62, 6, 43, 15, 61),
    (28, 55, 25, 21, 56),
    (27, 20, 39, 8, 14),
)


def _round_constants() -> tuple[int, ...]:
    # The LFSR of the Keccak reference (x^8 + x^6 + x^5 + x^4 + 1), rather than 24 magic numbers.
    constants = []
    lfsr = 1
    for _ in range(24):
        constant = 0
        for j in range(7):
            if lfsr & 1:
                constant |= 1 << ((1 << j) - 1)
            lfsr = ((lfsr << 1) ^ 0x71) & 0xFF if lfsr & 0x80 else lfsr << 1
        constants.append(constant)
    return tuple(constants)


_ROUND_CONSTANTS = _round_constants()


# The round function, unrolled over 25 local variables (lane x + 5*y is a<x+5y>): nearly twice as fast as the
# loops over lists it replaces. Generated from the index tables of the reference: rho-pi moves lane x + 5y to
# y + 5((2x + 3y) mod 5), rotated by _ROTATIONS[x][y]; chi combines each lane with the next two of its row.
def _keccak_f(state: list[int]) -> list[int]:
    """Keccak-f[1600] on 25 lanes."""
    a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12 = state[:13]
    a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23, a24 = state[13:]
    mask = _MASK64
    for constant in _ROUND_CONSTANTS:
        # theta
        c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20
        c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21
        c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22
        c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23
        c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24
        d0 = c4 ^ (((c1 << 1) | (c1 >> 63)) & mask)
        d1 = c0 ^ (((c2 << 1) | (c2 >> 63)) & mask)
        d2 = c1 ^ (((c3 << 1) | (c3 >> 63)) & mask)
        d3 = c2 ^ (((c4 << 1) | (c4 >> 63)) & mask)
        d4 = c3 ^ (((c0 << 1) | (c0 >> 63)) & mask)
        a0 ^= d0
        a1 ^= d1
        a2 ^= d2
        a3 ^= d3
        a4 ^= d4
        a5 ^= d0
        a6 ^= d1
        a7 ^= d2
        a8 ^= d3
        a9 ^= d4
        a10 ^= d0
        a11 ^= d1
        a12 ^= d2
        a13 ^= d3
        a14 ^= d4
        a15 ^= d0
        a16 ^= d1
        a17 ^= d2
        a18 ^= d3
        a19 ^= d4
        a20 ^= d0
        a21 ^= d1
        a22 ^= d2
        a23 ^= d3
        a24 ^= d4
        # rho and pi
        b0 = a0
        b16 = ((a5 << 36) | (a5 >> 28)) & mask
        b7 = ((a10 << 3) | (a10 >> 61)) & mask
        b23 = ((a15 << 41) | (a15 >> 23)) & mask
        b14 = ((a20 << 18) | (a20 >> 46)) & mask
        b10 = ((a1 << 1) | (a1 >> 63)) & mask
        b1 = ((a6 << 44) | (a6 >> 20)) & mask
        b17 = ((a11 << 10) | (a11 >> 54)) & mask
        b8 = ((a16 << 45) | (a16 >> 19)) & mask
        b24 = ((a21 << 2) | (a21 >> 62)) & mask
        b20 = ((a2 << 62) | (a2 >> 2)) & mask
        b11 = ((a7 << 6) | (a7 >> 58)) & mask
        b2 = ((a12 << 43) | (a12 >> 21)) & mask
        b18 = ((a17 << 15) | (a17 >> 49)) & mask
        b9 = ((a22 << 61) | (a22 >> 3)) & mask
        b5 = ((a3 << 28) | (a3 >> 36)) & mask
        b21 = ((a8 << 55) | (a8 >> 9)) & mask
        b12 = ((a13 << 25) | (a13 >> 39)) & mask
        b3 = ((a18 << 21) | (a18 >> 43)) & mask
        b19 = ((a23 << 56) | (a23 >> 8)) & mask
        b15 = ((a4 << 27) | (a4 >> 37)) & mask
        b6 = ((a9 << 20) | (a9 >> 44)) & mask
        b22 = ((a14 << 39) | (a14 >> 25)) & mask
        b13 = ((a19 << 8) | (a19 >> 56)) & mask
        b4 = ((a24 << 14) | (a24 >> 50)) & mask
        # chi, then iota
        a0 = b0 ^ (~b1 & b2)
        a1 = b1 ^ (~b2 & b3)
        a2 = b2 ^ (~b3 & b4)
        a3 = b3 ^ (~b4 & b0)
        a4 = b4 ^ (~b0 & b1)
        a5 = b5 ^ (~b6 & b7)
        a6 = b6 ^ (~b7 & b8)
        a7 = b7 ^ (~b8 & b9)
        a8 = b8 ^ (~b9 & b5)
        a9 = b9 ^ (~b5 & b6)
        a10 = b10 ^ (~b11 & b12)
        a11 = b11 ^ (~b12 & b13)
        a12 = b12 ^ (~b13 & b14)
        a13 = b13 ^ (~b14 & b10)
        a14 = b14 ^ (~b10 & b11)
        a15 = b15 ^ (~b16 & b17)
        a16 = b16 ^ (~b17 & b18)
        a17 = b17 ^ (~b18 & b19)
        a18 = b18 ^ (~b19 & b15)
        a19 = b19 ^ (~b15 & b16)
        a20 = b20 ^ (~b21 & b22)
        a21 = b21 ^ (~b22 & b23)
        a22 = b22 ^ (~b23 & b24)
        a23 = b23 ^ (~b24 & b20)
        a24 = b24 ^ (~b20 & b21)
        a0 ^= constant
    lanes = [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12]
    return lanes + [a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23, a24]


def keccak256_python(data: bytes) -> bytes:
    """Keccak-256 with the original 0x01 padding (as Ethereum uses), in pure Python (the fallback)."""
    rate = 136
    padded = bytearray(data)
    padded.append(0x01)
    padded.extend(b"\x00" * (-len(padded) % rate))
    padded[-1] |= 0x80
    state = [0] * 25
    for offset in range(0, len(padded), rate):
        block = padded[offset : offset + rate]
        for i in range(rate // 8):
            state[i] ^= int.from_bytes(block[8 * i : 8 * i + 8], "little")
        state = _keccak_f(state)
    return b"".join(lane.to_bytes(8, "little") for lane in state[:4])


try:
    from Crypto.Hash import keccak as _c_keccak  # nosec B413  # pycryptodome (maintained), not the old pyCrypto
except ImportError:  # pragma: no cover - pycryptodome is a pinned dependency; the pure Python still works
    _c_keccak = None  # type: ignore[assignment]


def keccak256(data: bytes) -> bytes:
    """Keccak-256 with the original 0x01 padding (as Ethereum uses): pycryptodome's C, about 100 times faster
    than keccak256_python (which stays as the fallback and is tested against it)."""
    if _c_keccak is None:  # pragma: no cover
        return keccak256_python(data)
    return bytes(_c_keccak.new(digest_bits=256, data=data).digest())


def eip55_checksum(hex_address: str) -> str:
    """Return the EIP-55 mixed-case form of 40 hex digits (without 0x)."""
    lower = hex_address.lower()
    digest = keccak256(lower.encode("ascii")).hex()
    return "".join(c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c for i, c in enumerate(lower))


# --- decimal check digits -----------------------------------------------------------------------------------


# Each ASCII digit byte to its value, and to the Luhn value of twice it (2 * d, minus 9 when above 9).
_DIGIT_VALUE = bytes(range(256)).translate(bytes((b - 48) % 256 for b in range(256)))
_LUHN_DOUBLED = bytes(range(256)).translate(
    bytes((2 * (b - 48) - 9 if b - 48 > 4 else 2 * (b - 48)) % 256 for b in range(256))
)


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10) check over a string of digits."""
    if digits.isascii() and digits.isdigit():
        # Every other digit from the right, summed in C (bytes.translate, then sum of the bytes).
        raw = digits.encode("ascii")
        return (sum(raw[::-1][::2].translate(_DIGIT_VALUE)) + sum(raw[::-1][1::2].translate(_LUHN_DOUBLED))) % 10 == 0
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if i % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iban_mod97_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check of an upper-case IBAN without spaces."""
    rearranged = iban[4:] + iban[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in rearranged))
    except ValueError:
        return False
    return number % 97 == 1


_ISO7064_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))


def iso7064_mod11_2(digits17: str) -> str:
    """Check character of a Chinese resident ID (GB 11643, ISO 7064 MOD 11-2)."""
    total = sum(map(operator.mul, map(int, digits17), _ISO7064_WEIGHTS))
    return "10X98765432"[total % 11]
