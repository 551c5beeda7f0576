"""Mark single values: ``safe``, ``unsafe``, ``hashed`` and ``join``.

The outermost wrapper wins: ``safe(unsafe("x"))`` is ``x`` and
``unsafe(safe("x"))`` is ``‹x›``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar, overload

from .builder import Builder, mark_lines
from .markers import HASH, START, escape_markers, strip_markers
from .safetypes import is_oversized_int, oversized_int_text
from .strings import RedactableStr, SafeStr

_Plain = TypeVar("_Plain", int, float, complex, None)


@overload
def safe(value: _Plain) -> _Plain: ...
@overload
def safe(value: str) -> SafeStr: ...
@overload
def safe(value: object) -> SafeStr | int | float | complex | None: ...
def safe(value: object) -> object:
    """Declare ``value`` reviewed as non-sensitive.

    Text becomes a ``SafeStr`` with its markers escaped; a ``RedactableStr``
    becomes the ``SafeStr`` of its stripped text; numbers, bools and ``None`` are
    returned unchanged; any other object becomes the ``SafeStr`` of ``str(value)``.
    Every ``safe()`` of a non-constant is a place that can leak: the checker asks
    for a justification comment and ``redactlint audit`` lists them.
    """
    if type(value) is SafeStr:
        return value
    if isinstance(value, RedactableStr):
        return SafeStr(strip_markers(value))
    if value is None or isinstance(value, (int, float, complex)):
        return value
    return SafeStr(value)


def unsafe(value: object) -> RedactableStr:
    """Mark the whole text of ``value`` as unsafe (``‹value›``).

    Marker characters inside are escaped (a ``RedactableStr`` is re-escaped
    whole); spans break around newlines; ``unsafe("")`` is ``""``.
    """
    return RedactableStr(mark_lines(escape_markers(_text(value))))


def _text(value: object) -> str:
    """``str(value)``, but an int too long for ``str()`` in hex rather than an error."""
    return oversized_int_text(value) if is_oversized_int(value) else str(value)


def hashed(value: object) -> RedactableStr:
    """Mark ``value`` as a hash span ``‹†value›``.

    Redaction turns it into ``‹×›``, or with hashing on into a short digest that
    lets equal values be correlated without revealing them.
    """
    return RedactableStr(mark_lines(escape_markers(_text(value)), START + HASH))


def join(separator: str, items: Iterable[object]) -> RedactableStr:
    """Join ``items``, each embedded as a ``format`` argument would be.

    The separator is trusted like a template: a plain ``str`` has its markers
    escaped, a ``RedactableStr`` keeps its spans (spliced, never shown).
    """
    builder = Builder()
    marked = isinstance(separator, RedactableStr)
    escaped = "" if marked else escape_markers(str(separator))
    for index, item in enumerate(items):
        if index:
            if marked:
                builder.redactable(separator)
            else:
                builder._write_safe(escaped)
        builder.print(item)
    return builder.build()
