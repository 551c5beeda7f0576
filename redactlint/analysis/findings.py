"""What the checker reports: a ``Finding`` with its exact span and fix kind.

Spans are 1-based lines and 1-based columns counted in characters (not the UTF-8
bytes ``ast`` counts), end exclusive, so renderers and the codemod agree on them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class FixKind(str, enum.Enum):
    """How the codemod repairs a finding; the checker decides, the codemod applies."""

    WRAP_UNSAFE = "wrap-unsafe"  # value -> unsafe(value)
    WRAP_HASHED = "wrap-hashed"  # value -> hashed(value)
    MARK = "mark"  # value of unknown kind -> mark(value): text marked, other kinds kept
    WRAP_SAFE = "wrap-safe"  # a literal a redacting boundary would drop -> safe("...")
    WRAP_REDACTED = "wrap-redacted"  # a payload for a sink that does not redact -> redacted()
    REDACT_FORMAT = "redact-format"  # f-string, %, .format or + -> redact.format(...)
    SAFE_CALL = "safe-call"  # SafeStr(x) -> safe(x)
    ESCAPE_MARKERS = "escape-markers"  # marker characters in a literal -> \\u escapes
    # log.info(f"user {email}") -> log.info("user %s", email); log.info(msg) -> ("%s", msg)
    LOG_TEMPLATE = "log-template"


@dataclass(frozen=True, order=True)
class Span:
    """Where a finding is: start and end (exclusive), 1-based, in characters."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class TextEdit:
    """One replacement in a file's text: ``span`` (empty for an insertion) becomes
    ``text``. What a finding's fix changes, for renderers that carry fixes (SARIF)."""

    span: Span
    text: str


@dataclass(frozen=True)
class Finding:
    """One problem at one place, with the rule that found it."""

    path: str  # as given to the checker (relative paths stay relative)
    span: Span
    code: str
    message: str
    fix: FixKind | None = None
    # The lines of the statement the finding belongs to: a suppression comment on
    # any of them applies.
    statement: tuple[int, int] = (0, 0)
    # Keyword arguments (name, source text) the fix's call passes besides the value:
    # ``redacted(data, schema=...)`` at a sink declared with a ``schema``.
    fix_with: tuple[tuple[str, str], ...] = ()

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple[str, Span, str]:
        return (self.path, self.span, self.code)
