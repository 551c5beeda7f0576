"""Assemble redactable text piece by piece, with CockroachDB's span tidying.

The ``Builder`` is the printer behind ``format``, ``sprintf``, ``join`` and the
``__safe_format__`` protocol. Its rules:

- safe text is written with its marker characters escaped;
- unsafe text is escaped and put between markers; a run of line boundaries (any
  that ``str.splitlines`` knows: ``\\n``, ``\\r``, VT, FF, U+001C-1E, U+0085,
  U+2028/9) closes the span and reopens it after, so each line redacts on its own
  however stored text is later split; an empty unsafe value writes nothing;
  nothing is trimmed;
- an unsafe write that directly follows a closed unsafe span extends it
  (``‹a›`` then ``b`` gives ``‹ab›``), except after or into a hash span;
- redactable text is spliced verbatim.
"""

from __future__ import annotations

from typing import Any

from .markers import END, HASH, LINE_BREAK_RUNS, START, escape_markers
from .safetypes import (
    REDACTABLE,
    SAFE,
    SELF_FORMATTING,
    is_oversized_int,
    kind_of,
    oversized_int_text,
)
from .strings import RedactableStr


def mark_lines(escaped: str, opener: str = START) -> str:
    """Mark already-escaped text, breaking spans around runs of line boundaries.

    Every line boundary is unprintable, so printable text (nearly all values)
    skips the split.
    """
    if escaped.isprintable():
        return opener + escaped + END if escaped else ""
    out = []
    for index, piece in enumerate(LINE_BREAK_RUNS.split(escaped)):
        if index % 2:
            out.append(piece)
        elif piece:
            out.append(opener + piece + END)
    return "".join(out)


def ends_with_open_span(text: str) -> bool:
    """True when ``text`` ends by closing a non-hash span that a write may extend.

    The final ``›`` closes a span only if some ``‹`` follows the previous ``›``
    (spans pair each ``‹`` with the next ``›``); a stray ``›`` must never be
    reopened, or the text before it would become unmarked.
    """
    if not text.endswith(END):
        return False
    last = len(text) - 1
    previous_end = text.rfind(END, 0, last)
    opener = text.find(START, previous_end + 1, last)
    return opener >= 0 and text[opener + 1 : opener + 2] != HASH


class Builder:
    """Accumulates safe, unsafe, hashed and redactable pieces into one text.

    Objects that know which of their parts are safe implement
    ``__safe_format__(self, printer)`` and write through this interface.
    """

    __slots__ = ("_extendable", "_parts")

    def __init__(self, parts: list[str] | None = None, extendable: bool = False) -> None:
        self._parts: list[str] = [] if parts is None else parts
        # True when the last part ends with a closed unsafe span that the next
        # unsafe write may extend instead of opening a new span.
        self._extendable = extendable

    # -- writing -------------------------------------------------------------

    def safe(self, value: object) -> None:
        """Write ``value`` as safe text (markers escaped), whatever its type."""
        self._write_safe(escape_markers(str(value)))

    def unsafe(self, value: object) -> None:
        """Write ``value`` as unsafe text: escaped and marked."""
        self._write_unsafe(str(value))

    def hashed(self, value: object) -> None:
        """Write ``value`` as a hash span ``‹†value›``."""
        marked = mark_lines(escape_markers(str(value)), START + HASH)
        if marked:
            self._parts.append(marked)
            self._extendable = False

    def redactable(self, text: str) -> None:
        """Splice already-marked text verbatim."""
        if text:
            self._parts.append(str(text))
            self._extendable = ends_with_open_span(text)

    def print(self, value: object) -> None:
        """Write ``value`` the way ``format`` embeds an argument."""
        self.embed(value, str)

    def printf(self, template: str, *args: object) -> None:
        """Write ``template % args`` with each argument embedded by its kind."""
        from .printf import write_printf

        write_printf(self, template, args)

    def format(self, template: str, /, *args: object, **kwargs: object) -> None:
        """Write ``template.format(*args, **kwargs)`` with arguments embedded by kind."""
        from .formatting import write_format

        write_format(self, template, args, kwargs)

    def build(self) -> RedactableStr:
        """Return the text written so far."""
        return RedactableStr("".join(self._parts))

    def __str__(self) -> str:
        return "".join(self._parts)

    # -- embedding -----------------------------------------------------------

    def embed(self, value: object, render: Any) -> None:
        """Embed one argument; ``render`` turns a plain value into text.

        Safe values are rendered and written safe, redactable text is spliced
        (its spec and conversion ignored: they would break the markers),
        self-formatting objects write themselves, anything else is marked.
        """
        if is_oversized_int(value):  # str() would raise: export it, marked
            self._write_unsafe(oversized_int_text(value))
            return
        kind = kind_of(value)
        if kind == SAFE:
            self._write_safe(escape_markers(render(value)))
        elif kind == REDACTABLE:
            self.redactable(value)  # type: ignore[arg-type]
        elif kind == SELF_FORMATTING:
            value.__safe_format__(self)  # type: ignore[attr-defined]
        else:
            self._write_unsafe(render(value))

    def _write_safe(self, escaped: str) -> None:
        if escaped:
            self._parts.append(escaped)
            self._extendable = False

    def _write_unsafe(self, text: str) -> None:
        self._extendable = append_unsafe(self._parts, self._extendable, text)


def append_unsafe(parts: list[str], extendable: bool, text: str) -> bool:
    """Append ``text`` marked unsafe to ``parts``; return the new extendable state.

    This is the hot path of every formatting call, hence the ASCII shortcut:
    marker characters are not ASCII, so ASCII text needs no escaping.
    """
    if not text:
        return extendable
    if not text.isascii():
        text = escape_markers(text)
    if not text.isprintable():
        marked = mark_lines(text)
        if not marked:
            return extendable
        if extendable and marked[0] == START:
            parts[-1] = parts[-1][:-1]
            marked = marked[1:]
        parts.append(marked)
        return marked[-1] == END
    if extendable:
        parts[-1] = parts[-1][:-1]
        parts.append(text + END)
    else:
        parts.append(START + text + END)
    return True
