"""RS001 event-name: an event's feature or action is not a camelCase identifier.

## What it does
Checks that ``x-event.feature`` and ``x-event.action`` are camelCase identifiers
(a lowercase letter, then letters) and that the full name ``feature.action`` is at
most 64 characters, so it matches ``^[a-z][a-zA-Z-.]+$``.

## Why is this bad?
The name is the event's identity in the registry, in generated class names and
in every analytics pipeline downstream. Names that mix styles or run long are
mistyped at call sites and split one event's data across several spellings.

## Example
```json
"x-event": {"feature": "Search", "action": "query_submitted"}
```

## Use instead
```json
"x-event": {"feature": "search", "action": "submitted"}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import EventSchema
from .base import LintContext, LintFinding, each_event, rule

CODE = "RS001"
MAX_NAME_LENGTH = 64
_IDENTIFIER = re.compile(r"[a-z][a-zA-Z]*")


def check_event(event: EventSchema, context: LintContext) -> Iterator[LintFinding]:
    """Report a feature or action that is not camelCase, and an over-long name."""
    for part, value in (("feature", event.feature), ("action", event.action)):
        if not _IDENTIFIER.fullmatch(value):
            message = (
                f"{part} {value!r} is not a camelCase identifier "
                "(a lowercase letter, then letters only)"
            )
            yield LintFinding(CODE, event.path, f"/x-event/{part}", message)
    if len(event.name) > MAX_NAME_LENGTH:
        message = (
            f"event name {event.name!r} is {len(event.name)} characters; "
            f"the limit is {MAX_NAME_LENGTH}"
        )
        yield LintFinding(CODE, event.path, "/x-event", message)


RULE = rule(CODE, "event-name", each_event(check_event), __doc__)
