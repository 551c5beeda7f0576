"""The two marked string types.

Both are ``str`` subclasses so they pass wherever text is expected, and every
ordinary ``str`` operation on them returns a plain ``str``: concatenating or
slicing marked text yields unsafe text again, so mistakes fail closed.
"""

from __future__ import annotations

import re

from .hashing import Salt, digest, hash_key
from .markers import END, HASH, REDACTED, SPANS, START, escape_markers, strip_markers

_HASH_SPAN_PREFIX = START + HASH


class SafeStr(str):
    """Text reviewed as non-sensitive; it never contains a marker character.

    Build one with :func:`redactlint.redact.safe`. Constructing it directly
    still escapes markers, so the invariant holds whatever the caller passes.
    """

    __slots__ = ()

    def __new__(cls, text: object = "") -> SafeStr:
        return super().__new__(cls, escape_markers(str(text)))


class RedactableStr(str):
    """Text whose unsafe parts sit between ``‹`` and ``›`` markers.

    ``RedactableStr(text)`` wraps already-marked text verbatim (for example text
    read back from storage); product code builds it with ``unsafe``, ``hashed``,
    ``format``, ``sprintf`` or ``join``.
    """

    __slots__ = ()

    def redact(self, *, hash: bool = False, salt: Salt = None) -> RedactableStr:
        """Replace every marked span by ``‹×›``, and an unclosed ``‹`` to the end of the text.

        With ``hash=True`` a hash span ``‹†v›`` becomes ``‹d›`` where ``d`` is the
        digest of ``v`` (HMAC-SHA256 keyed by ``salt``, by default the installation
        key; see :mod:`redactlint.redact.hashing`), so equal
        values can be correlated without being revealed.
        """
        if START not in self:
            return self if type(self) is RedactableStr else RedactableStr(self)
        if not hash:
            return RedactableStr(SPANS.sub(REDACTED, self))
        key = hash_key(salt)

        def replace(match: re.Match[str]) -> str:
            span = match.group()
            if span.startswith(_HASH_SPAN_PREFIX) and span.endswith(END):
                return START + digest(span[2:-1], key) + END
            # A span, or a ``‹`` never closed: a truncated value hashed would
            # correlate with nothing, and shown would leak its tail.
            return REDACTED

        return RedactableStr(SPANS.sub(replace, self))

    def strip_markers(self) -> str:
        """Return the text without markers: for local display, never for export."""
        return strip_markers(str(self))
