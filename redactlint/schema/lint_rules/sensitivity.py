"""RS003 missing-sensitivity: a string property declares no ``x-sensitivity``.

## What it does
Reports every string property, and every array of strings, without
``x-sensitivity`` (``safe``, ``sensitive`` or ``hashed``).

## Why is this bad?
Strings are unsafe unless marked. Without a declaration nobody has decided
whether the value may leave the customer, and the generated class cannot type
the field as safe or redactable.

## Example
```json
"query": {"type": "string"}
```

## Use instead
```json
"query": {"type": "string", "x-sensitivity": "sensitive"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import EventSchema
from .base import LintContext, LintFinding, each_event, rule

CODE = "RS003"


def check_event(event: EventSchema, context: LintContext) -> Iterator[LintFinding]:
    """Report text fields without a sensitivity."""
    for field in event.fields:
        if field.is_text and field.sensitivity is None:
            kind = "string" if field.type == "string" else "array of strings"
            message = (
                f"{kind} property {field.name!r} declares no x-sensitivity; "
                "declare safe, sensitive or hashed"
            )
            yield LintFinding(CODE, event.path, field.pointer, message)


RULE = rule(CODE, "missing-sensitivity", each_event(check_event), __doc__)
