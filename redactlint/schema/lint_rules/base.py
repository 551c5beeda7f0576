"""What every schema lint rule shares: the finding it reports and the shape of a rule."""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

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


Check = Callable[[Sequence[EventSchema], LintContext], Iterator[LintFinding]]
EventCheck = Callable[[EventSchema, LintContext], Iterator[LintFinding]]


@dataclass(frozen=True)
class Rule:
    """A lint rule: a stable code, a name, the check, and its documentation."""

    code: str
    name: str
    check: Check
    doc: str  # What it does / Why is this bad? / Example / Use instead

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.splitlines()[0] if self.doc else ""


def rule(code: str, name: str, check: Check, doc: str | None) -> Rule:
    """A :class:`Rule` whose documentation is the defining module's docstring."""
    return Rule(code, name, check, inspect.cleandoc(doc or ""))


def each_event(check: EventCheck) -> Check:
    """A set-level check from one that looks at a single event at a time."""

    def check_all(schemas: Sequence[EventSchema], context: LintContext) -> Iterator[LintFinding]:
        for event in schemas:
            yield from check(event, context)

    return check_all
