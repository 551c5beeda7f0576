"""Run the schema lint rules over a set of loaded event schemas."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from .lint_rules import SCHEMA_RULES, LintContext, LintFinding, Rule
from .model import EventSchema

__all__ = ["SCHEMA_RULES", "LintFinding", "Rule", "lint"]


def lint(
    schemas: Iterable[EventSchema],
    *,
    today: datetime.date | None = None,
    rules: Sequence[Rule] = SCHEMA_RULES,
    required_event_keys: Sequence[str] = (),
) -> list[LintFinding]:
    """Every finding of ``rules``, sorted by file, pointer and code.

    ``today`` decides which events have expired; it defaults to the local date.
    ``required_event_keys`` are the ``x-event`` keys the project's configuration
    requires of every event (RS009).
    """
    events = tuple(schemas)
    context = LintContext(
        today=today or datetime.date.today(), required_event_keys=tuple(required_event_keys)
    )
    findings = [finding for rule in rules for finding in rule.check(events, context)]
    return sorted(findings, key=lambda f: (str(f.path), f.pointer, f.code, f.message))

