"""What every schema lint rule shares: the finding it reports and the shape of a rule."""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...declaration import FixSafety, RuleDeclaration, Severity
from ..model import EventSchema


@dataclass(frozen=True)
class LintFinding:
    """One rule broken by one event schema, located by file and JSON pointer."""

    code: str
    path: Path
    pointer: str
    message: str


@dataclass(frozen=True)
class LintContext:
    """What a rule may know besides the schemas; injected so results are reproducible."""

    today: datetime.date
    # The x-event keys the project requires of every event (``require-event-keys``).
    required_event_keys: tuple[str, ...] = ()


Check = Callable[[Sequence[EventSchema], LintContext], Iterator[LintFinding]]
EventCheck = Callable[[EventSchema, LintContext], Iterator[LintFinding]]


@dataclass(frozen=True)
class Rule(RuleDeclaration):
    """A lint rule: what every rule declares (its doc says what it does, why, an
    example and the fix), and the check that finds its findings."""

    check: Check = field(kw_only=True)


def rule(
    code: str,
    name: str,
    check: Check,
    doc: str | None,
    *,
    severity: Severity = "error",
) -> Rule:
    """A :class:`Rule` whose documentation is the defining module's docstring. Schema
    lint rules have no fix: a schema is the product's own reviewed decision."""
    return Rule(
        code,
        name,
        severity,
        "schema",
        FixSafety.NONE,
        inspect.cleandoc(doc or ""),
        check=check,
    )


def each_event(check: EventCheck) -> Check:
    """A set-level check from one that looks at a single event at a time."""

    def check_all(schemas: Sequence[EventSchema], context: LintContext) -> Iterator[LintFinding]:
        for event in schemas:
            yield from check(event, context)

    return check_all
