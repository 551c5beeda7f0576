"""RS007 confusable-names: two event names differ only by case or separators.

## What it does
Reports an event whose name equals another's once case and the separators
``.``, ``-`` and ``_`` are ignored, such as ``search.submitted`` and
``search.Submitted`` or ``searchSub.mitted``.

## Why is this bad?
Analytics pipelines often fold case or separators, so the two events' data
merge there, while call sites pick one spelling or the other by accident.

## Example
Two files: ``codeIntel.goToDefinition.json`` and ``codeintel.gotoDefinition.json``.

## Use instead
One event, with one spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..model import EventSchema
from .base import LintContext, LintFinding, rule

CODE = "RS007"
_SEPARATORS = re.compile(r"[-_.]")


def folded(name: str) -> str:
    """``name`` without case or separators."""
    return _SEPARATORS.sub("", name.lower())


def check(schemas: Sequence[EventSchema], context: LintContext) -> Iterator[LintFinding]:
    """Report every event after the first (by name) in a group of confusable names."""
    first: dict[str, EventSchema] = {}
    for event in sorted(schemas, key=lambda event: event.name):
        key = folded(event.name)
        if key not in first:
            first[key] = event
            continue
        other = first[key]
        message = (
            f"event {event.name!r} differs from {other.name!r} ({other.path.name}) "
            "only by case or separators; use one name"
        )
        yield LintFinding(CODE, event.path, "/x-event", message)


RULE = rule(CODE, "confusable-names", check, __doc__)
