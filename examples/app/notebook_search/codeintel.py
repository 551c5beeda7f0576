"""Code intelligence: jump from a symbol to its definition.

This handler shows three things:

- ``CodeLocation.__safe_format__`` decides which parts of a location may be
  read in clear (the language and the line number) and which may not (the
  file path names private code). Such a class is a privacy decision, so it is
  listed with its reason in ``redact-safe-types.txt`` (rule RL203).
- ``redact.format`` builds a log message in which the symbol and the path
  stay marked; the ``RedactingFilter`` on the log handler redacts them.
- The code-intel team has not moved to the typed registry yet: it still calls
  ``legacy_analytics.track(event, properties)``. That function is declared as
  a sink in ``pyproject.toml``, so ``redactlint check`` checks this call
  against the ``codeIntel.goToDefinition`` schema all the same.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from redactlint import redact
from redactlint.redact import unsafe

from .legacy_analytics import track

log = logging.getLogger(__name__)


def language_of(path: str) -> Literal["go", "java", "python", "rust", "typescript", "other"]:
    """The language of a file, from its extension."""
    match PurePosixPath(path).suffix:
        case ".go":
            return "go"
        case ".java":
            return "java"
        case ".py":
            return "python"
        case ".rs":
            return "rust"
        case ".ts":
            return "typescript"
        case _:
            return "other"


@dataclass(frozen=True)
class CodeLocation:
    """A position in a file of a customer's repository."""

    path: str
    line: int

    def __safe_format__(self, printer: redact.Builder) -> None:
        # In clear: the language (one of six names) and the line number.
        # Marked: the path, which names the customer's code.
        printer.safe(language_of(self.path))
        printer.safe(" file ")
        printer.unsafe(self.path)
        printer.printf(" line %d", self.line)


# A precise index, as a language server would build it: symbol -> definition.
PRECISE_INDEX: dict[str, CodeLocation] = {
    "rotate_payroll_token": CodeLocation("payroll/tokens.py", 42),
    "rank": CodeLocation("search/ranking.go", 7),
}

# What search-based navigation finds when the index does not know a symbol.
SEARCH_BASED: dict[str, CodeLocation] = {
    "parse_salary": CodeLocation("payroll/models.py", 118),
}


def go_to_definition(symbol: str, from_path: str) -> CodeLocation | None:
    """Where ``symbol``, used in the file ``from_path``, is defined; records the jump."""
    started = time.perf_counter()
    location = PRECISE_INDEX.get(symbol)
    precise = location is not None
    if location is None:
        location = SEARCH_BASED.get(symbol)
    latency_ms = round((time.perf_counter() - started) * 1000)
    track(
        "codeIntel.goToDefinition",
        {
            "language": language_of(from_path),
            "precise": precise,
            "latency": latency_ms,
            "symbol": unsafe(symbol),
        },
    )
    if location is None:
        log.info(redact.format("no definition of {} found", symbol))
    else:
        how = redact.safe("precise" if precise else "search-based")
        log.info(redact.format("definition of {} ({}): {}", symbol, how, location))
    return location
