"""Mark strings as safe or redactable; every string is unsafe unless marked.

Marker-compatible with CockroachDB's ``redact`` library::

    >>> from redactlint import redact
    >>> text = redact.sprintf("user searched %s", "secret query")
    >>> text
    'user searched ‹secret query›'
    >>> text.redact()
    'user searched ‹×›'
    >>> text.strip_markers()
    'user searched secret query'

This package imports the standard library only.
"""

from __future__ import annotations

from .boundary import boundary, mark, redacted
from .builder import Builder
from .formatting import format
from .hashing import UNKEYED, Salt, installation_key
from .markers import END, ESCAPE, HASH, REDACTED, START, escape_markers
from .marking import hashed, join, safe, unsafe
from .printf import sprintf
from .safetypes import register_safe_type, safe_type, unregister_safe_type
from .strings import RedactableStr, SafeStr

__all__ = [
    "END",
    "ESCAPE",
    "HASH",
    "REDACTED",
    "START",
    "UNKEYED",
    "Builder",
    "RedactableStr",
    "SafeStr",
    "Salt",
    "boundary",
    "escape_markers",
    "format",
    "hashed",
    "installation_key",
    "join",
    "mark",
    "redacted",
    "register_safe_type",
    "safe",
    "safe_type",
    "sprintf",
    "unregister_safe_type",
    "unsafe",
]
