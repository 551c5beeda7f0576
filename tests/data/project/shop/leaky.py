"""Leaks for the integration tests: each call below is a finding."""

from __future__ import annotations

from .analytics import track
from .telemetry.events import SearchSubmitted


def searched(query: str, results: int) -> None:
    SearchSubmitted(
        query=query, pattern_type="literal", result_count=results, duration_ms=1.5
    ).record()


def searched_in_scope(scope: str, query: str) -> None:
    SearchSubmitted(
        query=f"{scope}: {query}", pattern_type="literal", result_count=0, duration_ms=0.0
    ).record()


def searched_legacy(query: str) -> None:
    track(
        "search.submitted",
        {"query": query, "patternType": "regexp", "resultCount": 0, "durationMs": 0.5},
    )


def searched_quietly(query: str) -> None:
    track(
        "search.submitted",
        {"query": query, "patternType": "regexp", "resultCount": 0, "durationMs": 0.5},  # noqa: RL001
    )


def searched_elsewhere(query: str) -> None:
    track("search.clicked", {"query": query})
