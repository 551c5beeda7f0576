"""The search command: find notebooks whose cells match a query.

The query is what the user typed. It can name people, code and secrets, so it
reaches the event only as ``unsafe(query)`` and leaves the machine as a
redaction marker. The pattern type is one of the three values the schema
reviewed as safe; the result count and the duration are numbers, safe as they
are. When the search is scoped to a repository, the repository is hashed.
"""

from __future__ import annotations

import re
import time
from typing import Literal

from redactlint.redact import hashed, unsafe

from .notebooks import NOTEBOOKS, Notebook
from .telemetry.events import SearchSubmitted


def search(
    query: str,
    pattern_type: Literal["literal", "regexp", "structural"] = "literal",
    repo: str | None = None,
) -> list[Notebook]:
    """The notebooks matching ``query``, optionally only those of ``repo``; records the search."""
    started = time.perf_counter()
    results = [
        notebook
        for notebook in NOTEBOOKS
        if (repo is None or notebook.repo == repo)
        and any(_matches(cell, query, pattern_type) for cell in notebook.cells)
    ]
    duration_ms = (time.perf_counter() - started) * 1000
    SearchSubmitted(
        query=unsafe(query),
        pattern_type=pattern_type,
        result_count=len(results),
        duration_ms=round(duration_ms, 3),
        repo=hashed(repo) if repo is not None else None,
    ).record()
    return results


def _matches(text: str, query: str, pattern_type: str) -> bool:
    if pattern_type == "regexp":
        try:
            return re.search(query, text) is not None
        except re.error:
            return False
    if pattern_type == "structural":  # a toy: code shape, whitespace ignored
        return "".join(query.split()) in "".join(text.split())
    return query.casefold() in text.casefold()
