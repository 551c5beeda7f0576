"""Two deliberate mistakes for the tour: ``redactlint check`` reports exactly these.

The product never imports this module. It is here so that the tour has
something to find; every other file of the example checks clean. Each mistake
says what is wrong and how to fix it, and ``redactlint explain CODE`` says more.

The first mistake is also a type error (the field is typed ``RedactableStr``), so
``mypy`` rejects it too. The second is not: the legacy ``track`` accepts any
mapping, which is why it is declared as a sink in ``pyproject.toml``. At runtime
neither leaks, because a plain ``str`` is redacted whole at export; but the
event then carries nothing useful, and the checker finds both before they ship.
"""

from __future__ import annotations

from .legacy_analytics import track
from .telemetry.events import SearchSubmitted


def search_in_scope(scope: str, query: str, result_count: int, duration_ms: float) -> None:
    """Record a search that was scoped to a saved scope."""
    SearchSubmitted(
        # Deliberate mistake for the tour (RL002): the f-string copies the raw query
        # into a plain str, so the scope and the query are no longer marked.
        # Fix: query=redact.format("{}: {}", scope, query).
        query=f"{scope}: {query}",
        pattern_type="literal",
        result_count=result_count,
        duration_ms=duration_ms,
    ).record()


def jump_from_command_palette(symbol: str) -> None:
    """Record a jump to a definition started from the command palette."""
    track(
        "codeIntel.goToDefinition",
        {
            "language": "python",
            "precise": False,
            "latency": 0,
            # Deliberate mistake for the tour (RL001): the symbol is not marked, so
            # nothing says whether it may leave. Fix: "symbol": unsafe(symbol).
            "symbol": symbol,
        },
    )
