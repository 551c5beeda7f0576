"""Check an event's values against its JSON Schema (``Recorder(validate=True)``).

What is validated is the event as the product wrote it (markers removed, plain
text included), not the exported payload: redaction legitimately breaks
patterns (``‹×›``) and ``drop`` removes required fields. An invalid event is a
programming error, raised like a wrong argument would be; messages name the
property and the failed keyword, never the value, which may be sensitive.
``jsonschema`` is imported here, on first use, so production code that does not
validate never loads it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..redact import RedactableStr

if TYPE_CHECKING:
    from .event import Event

# Keywords whose messages name properties only, never a value.
_NAMES_ONLY = frozenset({"required", "additionalProperties", "dependentRequired"})

Check = Callable[[Mapping[str, Any]], list[str]]


class EventValidationError(ValueError):
    """An event's values break its schema."""


def plain_properties(event: Event) -> dict[str, Any]:
    """The event's set fields as JSON values, keyed by schema property name.

    Marked text has its markers removed.
    """
    properties: dict[str, Any] = {}
    for info in type(event).META.fields:
        value = getattr(event, info.attribute, None)
        if value is not None:
            properties[info.name] = _plain(value)
    return properties


def _plain(value: object) -> object:
    if isinstance(value, RedactableStr):
        return value.strip_markers()
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def compile_check(schema: Mapping[str, Any]) -> Check:
    """A function listing the problems of an instance against ``schema``."""
    import jsonschema

    validator_class = jsonschema.validators.validator_for(
        schema, default=jsonschema.Draft202012Validator
    )
    validator = validator_class(schema)

    def check(instance: Mapping[str, Any]) -> list[str]:
        problems = []
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.path)):
            where = "/".join(str(part) for part in error.absolute_path) or "(event)"
            if error.validator in _NAMES_ONLY:
                problems.append(f"{where}: {error.message}")
            else:
                problems.append(f"{where}: fails {error.validator!r} of the schema")
        return problems

    return check


def validate_event(event: Event, check: Check) -> None:
    """Raise :class:`EventValidationError` when ``event`` breaks its schema."""
    problems = check(plain_properties(event))
    if problems:
        name = type(event).META.name
        raise EventValidationError(f"event {name!r} breaks its schema: " + "; ".join(problems))
