"""Digests for hash spans: correlate equal values without revealing them.

The digest is 8 hex characters of HMAC-SHA256 keyed by the salt, or of plain
SHA-256 without one, computed over the span's escaped text encoded as UTF-8.
"""

from __future__ import annotations

import hashlib
import hmac

DIGEST_LENGTH = 8


def salt_bytes(salt: bytes | str | None) -> bytes | None:
    """Normalise a salt given as ``bytes`` or a UTF-8 ``str``; empty means none."""
    if salt is None:
        return None
    if isinstance(salt, str):
        salt = salt.encode("utf-8")
    elif not isinstance(salt, (bytes, bytearray, memoryview)):
        raise TypeError(f"salt must be bytes or str, not {type(salt).__name__}")
    return bytes(salt) or None


def digest(text: str, salt: bytes | None) -> str:
    """Return the short digest of ``text`` (already escaped span content)."""
    data = text.encode("utf-8", "surrogatepass")
    if salt:
        full = hmac.new(salt, data, hashlib.sha256).hexdigest()
    else:
        full = hashlib.sha256(data).hexdigest()
    return full[:DIGEST_LENGTH]
