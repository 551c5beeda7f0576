"""RS009 missing-governance: an event lacks an ``x-event`` key the project requires.

## What it does
Reports an event whose ``x-event`` has no value for one of the keys listed in
``require-event-keys`` under ``[tool.redactlint]`` (``purpose``, ``retention``,
``destination``, ``data-category`` or ``expires``). With no such list, it reports
nothing: these keys are optional unless a project asks for them.

## Why is this bad?
A privacy reviewer signs off on why data is collected, how long it is kept, where
it goes and what kind of data it is. A project that requires these facts wants
every new event to state them in its schema, where the data catalog shows them,
rather than in a review thread nobody finds again.

## Example
With ``require-event-keys = ["purpose", "retention"]``:
```json
"x-event": {"feature": "search", "action": "submitted", "version": 1,
            "owner": "search-team", "description": "A user ran a search."}
```

## Use instead
```json
"x-event": {"feature": "search", "action": "submitted", "version": 1,
            "owner": "search-team", "description": "A user ran a search.",
            "purpose": "Measure which search modes people use.",
            "retention": "90 days"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import EventSchema
from .base import LintContext, LintFinding, each_event, rule

CODE = "RS009"

# The x-event keys a project may require, and what each tells the reviewer.
REQUIRABLE_KEYS: dict[str, str] = {
    "purpose": "say why the event is collected",
    "retention": "say how long its data is kept",
    "destination": "name where its data goes once exported",
    "data-category": "give the data category your records of processing use",
    "expires": "give the date collection stops (YYYY-MM-DD)",
}


def event_key(event: EventSchema, key: str) -> str | None:
    """The value of the ``x-event`` key ``key`` as loaded, None when absent."""
    if key == "expires":
        return event.expires.isoformat() if event.expires is not None else None
    value: str | None = getattr(event, key.replace("-", "_"))
    return value


def check_event(event: EventSchema, context: LintContext) -> Iterator[LintFinding]:
    """Report each required key the event does not give, in the configured order."""
    for key in context.required_event_keys:
        value = event_key(event, key)
        if value is None or not value.strip():
            message = (
                f"x-event has no {key!r}, which require-event-keys in [tool.redactlint] "
                f"asks of every event; {REQUIRABLE_KEYS.get(key, 'give it a value')}"
            )
            yield LintFinding(CODE, event.path, "/x-event", message)


RULE = rule(CODE, "missing-governance", each_event(check_event), __doc__)
