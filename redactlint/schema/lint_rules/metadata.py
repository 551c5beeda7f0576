"""RS002 missing-metadata: an event has no owner, description or version.

## What it does
Reports an ``x-event`` without a non-empty ``owner`` or ``description``, or
without a ``version``.

## Why is this bad?
A privacy reviewer needs someone to ask and a statement of purpose to judge
whether the data is needed at all; consumers need the version to tell
incompatible payloads apart.

## Example
```json
"x-event": {"feature": "search", "action": "submitted"}
```

## Use instead
```json
"x-event": {
  "feature": "search", "action": "submitted", "version": 1,
  "owner": "search-team", "description": "A user ran a search."
}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import EventSchema
from .base import LintContext, LintFinding, each_event, rule

CODE = "RS002"


def check_event(event: EventSchema, context: LintContext) -> Iterator[LintFinding]:
    """Report each missing piece of metadata on its own."""
    if event.version < 1:
        message = "x-event has no version; start at 1 and raise it when the payload changes"
        yield LintFinding(CODE, event.path, "/x-event", message)
    if not event.owner.strip():
        message = "x-event has no owner; name the team that answers for this event"
        yield LintFinding(CODE, event.path, "/x-event", message)
    if not event.description.strip():
        message = "x-event has no description; say what the event records and why"
        yield LintFinding(CODE, event.path, "/x-event", message)


RULE = rule(CODE, "missing-metadata", each_event(check_event), __doc__)
