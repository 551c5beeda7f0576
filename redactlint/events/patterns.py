"""Find ``x-safe-if`` patterns that can backtrack catastrophically.

Python's regex engine backtracks: a quantified group that contains another
variable quantifier (``(a+)+``, ``(a*)*``, ``(\\w+\\s?)*``), or whose
alternatives can match the same text (``(a|a)*``, ``(a|a?)+``), tries
exponentially many ways to split a non-matching value; 27 characters took
seconds per event. The check walks the parsed pattern (``re._parser``, the
stdlib's own parser), never its text, so escapes and classes cannot fool it.
It is deliberately conservative: a repeated group holding any variable
quantifier is refused, even where the engine would cope.

Schema lint (RS008) reports such patterns; export refuses to match them and
redacts the value instead, so a schema that skipped lint still fails closed.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Sequence
from typing import Any

# The stdlib's own regex parser; untyped, and renamed in Python 3.11.
_NEW = sys.version_info >= (3, 11)
_parse: Any = importlib.import_module("re._parser" if _NEW else "sre_parse")
_sre: Any = importlib.import_module("re._constants" if _NEW else "sre_constants")

_REPEATS = frozenset(
    op
    for op in (
        _sre.MAX_REPEAT,
        _sre.MIN_REPEAT,
        getattr(_sre, "POSSESSIVE_REPEAT", None),
    )
    if op is not None
)
_ANY_CHAR = (0, sys.maxunicode)
Ranges = frozenset[tuple[int, int]]
_EVERYTHING: Ranges = frozenset({_ANY_CHAR})


def backtracking_problem(regex: str) -> str | None:
    """Why ``regex`` may backtrack catastrophically, or None when it cannot.

    Raises ``re.error`` when ``regex`` is not a valid pattern.
    """
    parsed = _parse.parse(regex)
    fold = bool(parsed.state.flags & re.IGNORECASE)
    return _walk(parsed.data, repeated=False, fold=fold)


def may_backtrack(regex: str) -> bool:
    """True when ``regex`` may backtrack catastrophically or does not parse (fail closed)."""
    try:
        return backtracking_problem(regex) is not None
    except (re.error, RecursionError, OverflowError):
        return True


def _walk(items: Sequence[tuple[Any, Any]], *, repeated: bool, fold: bool) -> str | None:
    """The first problem in ``items``; ``repeated`` when they sit in a group that repeats."""
    for op, av in items:
        problem: str | None = None
        if op in _REPEATS:
            low, high, body = av
            if repeated and low != high:
                return "a quantifier inside a repeated group (nested quantifiers, like (a+)+)"
            problem = _walk(body, repeated=repeated or high > 1, fold=fold)
        elif op is _sre.SUBPATTERN:
            problem = _walk(av[-1], repeated=repeated, fold=fold)
        elif op is _sre.BRANCH:
            alternatives = av[1]
            if repeated and _overlap(alternatives, fold):
                return (
                    "alternatives that can match the same text inside a repeated group "
                    "(like (a|a)*)"
                )
            for alternative in alternatives:
                problem = problem or _walk(alternative, repeated=repeated, fold=fold)
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            problem = _walk(av[1], repeated=repeated, fold=fold)
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            problem = _walk(av, repeated=repeated, fold=fold)
        elif op is _sre.GROUPREF_EXISTS:
            for branch in av[1:]:
                if branch is not None:
                    problem = problem or _walk(branch, repeated=repeated, fold=fold)
        if problem is not None:
            return problem
    return None


def _overlap(alternatives: Sequence[Sequence[tuple[Any, Any]]], fold: bool) -> bool:
    """True when two alternatives may start with the same character (or match nothing)."""
    seen: set[tuple[int, int]] = set()
    for alternative in alternatives:
        first, empty = _first(alternative, fold)
        if empty:
            return True  # may match empty text: it overlaps whatever follows
        if any(a[0] <= b[1] and b[0] <= a[1] for a in first for b in seen):
            return True
        seen.update(first)
    return False


def _first(items: Sequence[tuple[Any, Any]], fold: bool) -> tuple[set[tuple[int, int]], bool]:
    """The characters ``items`` may start with, and whether they may match empty text."""
    found: set[tuple[int, int]] = set()
    for op, av in items:
        if op is _sre.AT:
            continue  # zero-width
        if op is _sre.LITERAL:
            cases = {chr(av).lower(), chr(av).upper()} if fold else {chr(av)}
            return found | {(ord(c), ord(c)) for c in cases if len(c) == 1}, False
        if op is _sre.IN:
            return found | (set(_EVERYTHING) if fold else _class_ranges(av)), False
        if op is _sre.SUBPATTERN:
            inner, empty = _first(av[-1], fold)
        elif op is _sre.BRANCH:
            inner, empty = set(), False
            for alternative in av[1]:
                chars, may_be_empty = _first(alternative, fold)
                inner |= chars
                empty = empty or may_be_empty
        elif op in _REPEATS:
            inner, empty = _first(av[2], fold)
            empty = empty or av[0] == 0
        else:
            return found | set(_EVERYTHING), False  # any character, a category, a reference...
        found |= inner
        if not empty:
            return found, False
    return found, True


def _class_ranges(members: Sequence[tuple[Any, Any]]) -> set[tuple[int, int]]:
    ranges: set[tuple[int, int]] = set()
    for op, av in members:
        if op is _sre.LITERAL:
            ranges.add((av, av))
        elif op is _sre.RANGE:
            ranges.add((av[0], av[1]))
        else:
            return set(_EVERYTHING)  # a negation or a category: assume anything
    return ranges
