"""RS006 expired-event: an event is past its ``expires`` date.

## What it does
Reports an event whose ``x-event.expires`` date is before today.

## Why is this bad?
An expiry date is a promise to stop collecting data once its question is
answered. Collection that outlives it keeps personal data flowing with no purpose.

## Example
```json
"x-event": {"feature": "search", "action": "submitted", "expires": "2023-06-30"}
```

## Use instead
Delete the schema and its call sites, or, after review, move ``expires`` forward.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import EventSchema
from .base import LintContext, LintFinding, each_event, rule

CODE = "RS006"


def check_event(event: EventSchema, context: LintContext) -> Iterator[LintFinding]:
    """Report an event whose expiry day has passed (it is still valid on that day)."""
    if event.expires is not None and event.expires < context.today:
        message = (
            f"event expired on {event.expires.isoformat()}; delete the schema and its "
            "call sites, or move expires forward after review"
        )
        yield LintFinding(CODE, event.path, "/x-event/expires", message)


RULE = rule(CODE, "expired-event", each_event(check_event), __doc__)
