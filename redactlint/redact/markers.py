"""The marker characters and escaping, identical to CockroachDB's ``redact``.

Unsafe data sits between ``START`` and ``END``; a span whose text begins with
``HASH`` may be replaced by a digest instead of ``REDACTED``. Any of the three
characters found in data becomes ``ESCAPE`` so that data can never open, close
or retag a span.
"""

from __future__ import annotations

START = "\u2039"  # ‹
END = "\u203a"  # ›
HASH = "\u2020"  # †
ESCAPE = "?"
REDACTED = START + "\u00d7" + END  # ‹×›


def escape_markers(text: str) -> str:
    """Return ``text`` with every marker character replaced by ``?``."""
    if START in text:
        text = text.replace(START, ESCAPE)
    if END in text:
        text = text.replace(END, ESCAPE)
    if HASH in text:
        text = text.replace(HASH, ESCAPE)
    return text


def strip_markers(text: str) -> str:
    """Return ``text`` without any marker character (for local display only)."""
    if START in text:
        text = text.replace(START, "")
    if END in text:
        text = text.replace(END, "")
    if HASH in text:
        text = text.replace(HASH, "")
    return text
