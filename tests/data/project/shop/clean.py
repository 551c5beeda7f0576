"""Every string that reaches an event is marked: no findings."""

from __future__ import annotations

from redactlint.redact import unsafe

from .analytics import track
from .telemetry.events import SearchSubmitted


def searched(query: str, results: int) -> None:
    SearchSubmitted(
        query=unsafe(query), pattern_type="literal", result_count=results, duration_ms=1.5
    ).record()


def searched_legacy(query: str) -> None:
    track(
        "search.submitted",
        {"query": unsafe(query), "patternType": "regexp", "resultCount": 0, "durationMs": 0.5},
    )
