"""Anchoring of regexes: what makes an ``x-safe-if`` or ``pattern`` bound a whole value."""

from __future__ import annotations

import re
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redactlint.schema.anchors import is_anchored


@pytest.mark.parametrize(
    ("pattern", "anchored"),
    [
        ("^abc$", True),
        ("^$", True),
        ("^(a|b)$", True),
        ("^(?:list|view)$", True),
        ("^[|]$", True),
        ("^[]|]$", True),
        ("^[^]|]$", True),
        ("^a\\\\$", True),  # an escaped backslash, then the anchor
        ("^a\\|b$", True),
        ("abc$", False),
        ("^abc", False),
        ("^a|b$", False),
        ("^a$|^b$", False),
        ("^a\\$", False),  # the final "$" is a literal dollar
        ("^(a$", False),
        ("^[a$", False),
        ("", False),
    ],
)
def test_is_anchored(pattern: str, anchored: bool) -> None:
    assert is_anchored(pattern) is anchored


def _compile(pattern: str) -> re.Pattern[str] | None:
    """``pattern`` compiled, or None; generated classes like ``[[`` only warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        try:
            return re.compile(pattern)
        except re.error:
            return None


@settings(max_examples=300, deadline=None)
@given(
    pattern=st.text(alphabet="ab|()[]^$\\*?", max_size=10).filter(lambda p: bool(_compile(p))),
    text=st.text(alphabet="ab|$^", max_size=6),
)
def test_an_anchored_pattern_matches_only_whole_strings(pattern: str, text: str) -> None:
    compiled = _compile(pattern)
    assert compiled is not None
    if is_anchored(pattern):
        assert bool(compiled.search(text)) == bool(compiled.fullmatch(text))
