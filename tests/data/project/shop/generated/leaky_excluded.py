"""Excluded by the configuration: never checked, even when named explicitly."""

from __future__ import annotations

from ..analytics import track


def searched(query: str) -> None:
    track(
        "search.submitted",
        {"query": query, "patternType": "regexp", "resultCount": 0, "durationMs": 0.5},
    )
