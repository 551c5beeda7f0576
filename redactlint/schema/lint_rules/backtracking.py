"""RS008 backtracking-safe-if: an ``x-safe-if`` pattern can backtrack catastrophically.

## What it does
Reports an ``x-safe-if`` whose parsed pattern repeats a group that holds another
variable quantifier (``(a+)+``, ``(a*)*``, ``(\\w+\\s?)*``, ``(.*a){12}``) or whose
alternatives can start with the same character or match nothing (``(a|a)*``,
``(a|a?)+``). The pattern is parsed with the standard library's own regex parser
and walked, so escapes and character classes are read as the engine reads them.
The check is conservative: a repeated group holding any variable quantifier is
reported even where the engine would cope.

## Why is this bad?
``x-safe-if`` runs on every recorded value. Python's regex engine backtracks, and
such a pattern tries exponentially many ways to split a value that does not
match: one took 2.9 s per ``record()`` on 27 characters. At runtime export
refuses to match such a pattern and redacts the value instead, so the field
would never be exported as safe.

## Example
```json
"page": {"type": "string", "x-sensitivity": "sensitive", "x-safe-if": "^([a-z]+-?)+$"}
```

## Use instead
```json
"page": {"type": "string", "x-sensitivity": "sensitive", "x-safe-if": "^[a-z][a-z-]{0,63}$"}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...events.patterns import backtracking_problem
from ..model import EventSchema
from .base import LintContext, LintFinding, each_event, rule

CODE = "RS008"


def check_event(event: EventSchema, context: LintContext) -> Iterator[LintFinding]:
    """Report each ``x-safe-if`` that may backtrack catastrophically."""
    for field in event.fields:
        if field.safe_if is None:
            continue
        try:
            problem = backtracking_problem(field.safe_if)
        except (re.error, RecursionError, OverflowError) as error:
            problem = f"a pattern that cannot be parsed ({error})"
        if problem is not None:
            message = (
                f"x-safe-if {field.safe_if!r} of property {field.name!r} can backtrack "
                f"catastrophically: {problem}; export would redact every value. Use one "
                "quantifier over a character class with a bounded length instead"
            )
            yield LintFinding(CODE, event.path, f"{field.pointer}/x-safe-if", message)


RULE = rule(CODE, "backtracking-safe-if", each_event(check_event), __doc__)
