"""The marker characters, escaping, and the one scan that finds spans.

Unsafe data sits between ``START`` and ``END``; a span whose text begins with
``HASH`` may be replaced by a digest instead of ``REDACTED``. Any of the three
characters found in data becomes ``ESCAPE`` so that data can never open, close
or retag a span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

START = "\u2039"  # ‹
END = "\u203a"  # ›
HASH = "\u2020"  # †
ESCAPE = "?"
REDACTED = START + "\u00d7" + END  # ‹×›

# Every line boundary ``str.splitlines`` knows. Spans break around them so that
# each line of stored text redacts on its own however it is later split (a
# reader with universal newlines splits at a lone ``\r`` too).
LINE_BREAKS: Final = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
LINE_BREAK_RUNS: Final = re.compile("([" + LINE_BREAKS + "]+)")

# A span: a ``‹`` matched to the next ``›``, or, with no later ``›``, running to
# the end of the text (a truncated text must never show its tail). Once a ``‹``
# is found the pattern cannot fail, so the engine never backtracks and never
# retries: one left-to-right pass, linear in the text (``‹[^›]*›`` alone fails
# at every unclosed ``‹`` after scanning to the end, which is quadratic).
SPANS: Final = re.compile(START + "[^" + END + "]*" + END + "?")

# The kinds of piece ``split_spans`` yields.
TEXT: Final = 0  # outside any span
SPAN: Final = 1  # ``‹…›``, markers included
OPEN_SPAN: Final = 2  # a ``‹`` never closed, to the end of the text


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


def split_spans(text: str) -> Iterator[tuple[int, str]]:
    """Split marked text into ``(kind, piece)``: text outside spans, spans, an open span.

    The same scan as ``RedactableStr.redact`` (``SPANS``), so a marked template
    and its redaction agree on where every span starts and ends.
    """
    position = 0
    for match in SPANS.finditer(text):
        start, end = match.span()
        if start > position:
            yield TEXT, text[position:start]
        span = match.group()
        yield (SPAN if span.endswith(END) else OPEN_SPAN), span
        position = end
    if position < len(text):
        yield TEXT, text[position:]
