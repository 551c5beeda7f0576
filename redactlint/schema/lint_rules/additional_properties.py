"""RS005 open-payload: ``additionalProperties`` is not false.

## What it does
Reports an event schema whose ``additionalProperties`` is anything but ``false``.

## Why is this bad?
Every field that leaves the customer must be declared and reviewed. An open
payload lets a call site attach undeclared data that no sensitivity covers.

## Example
```json
"additionalProperties": true
```

## Use instead
```json
"additionalProperties": false
```
and declare each field under ``properties``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import EventSchema
from .base import LintContext, LintFinding, each_event, rule

CODE = "RS005"


def check_event(event: EventSchema, context: LintContext) -> Iterator[LintFinding]:
    """Report a payload open to undeclared properties (JSON Schema's default is open)."""
    value = event.raw.get("additionalProperties", True)
    if value is not False:
        message = (
            f"additionalProperties is {_json(value)}; set it to false so that only "
            "declared, reviewed fields can be sent"
        )
        yield LintFinding(CODE, event.path, "/additionalProperties", message)


def _json(value: object) -> str:
    return "true" if value is True else repr(value)


RULE = rule(CODE, "open-payload", each_event(check_event), __doc__)
