"""``# noqa`` is read as flake8 reads it, so check and flake8 hide the same findings."""

from __future__ import annotations

import pytest

from redactlint.analysis.findings import Finding, Span
from redactlint.analysis.noqa import without_noqa


def finding(code: str, line: int = 1) -> Finding:
    return Finding("app.py", Span(line, 1, line, 2), code, "message")


@pytest.mark.parametrize(
    ("comment", "hidden"),
    [
        ("# noqa", True),
        ("# NOQA", True),
        ("# noqa: RL001", True),
        ("# noqa:RL001", True),
        ("# noqa: E501,RL001", True),
        ("# noqa: E501, RL001", True),
        ("# noqa: RL0", True),  # a code prefix, as flake8 matches it
        ("# noqa: RL004", False),
        ("# noqa: E501", False),
        ("# noqa: RL", True),  # no code after the colon: flake8 reads a blanket noqa
        ("# type: ignore", False),
        ("# redactlint: safe -- reason", False),
    ],
)
def test_a_noqa_comment_hides_what_flake8_would(comment: str, hidden: bool) -> None:
    lines = [f"track('search.submitted', {{'q': q}})  {comment}"]
    kept = without_noqa([finding("RL001")], lines)
    assert (kept == []) is hidden


def test_only_the_line_it_is_on() -> None:
    lines = ["track(  # noqa: RL001", "    q,", ")"]
    kept = without_noqa([finding("RL001", 1), finding("RL001", 2)], lines)
    assert [f.line for f in kept] == [2]
