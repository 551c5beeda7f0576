"""Compare two sets of event schemas, and say which changes let more data leave.

A privacy reviewer reads the diff, not the schemas: every added or removed
event and field is listed, and each change that widens what can leave the
customer (in clear or hashed) is marked as an exposure. When a change cannot be
proven to narrow what leaves (a regex edit, say), it counts as an exposure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .model import EventSchema, FieldSchema, Sensitivity

# How much of a value leaves the customer, least first.
_EXPOSURE_RANK: dict[Sensitivity, int] = {"sensitive": 0, "hashed": 1, "safe": 2}


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new schemas."""

    kind: str  # event-added, field-removed, sensitivity-changed, enum-changed...
    event: str
    field: str | None
    detail: str
    exposure: bool  # True when more data can leave the customer than before


@dataclass(frozen=True)
class SchemaDiff:
    """Every change, sorted by event, field and kind."""

    changes: tuple[Change, ...]

    @property
    def exposures(self) -> tuple[Change, ...]:
        """The changes that let more data leave."""
        return tuple(change for change in self.changes if change.exposure)


def diff_schemas(old: Iterable[EventSchema], new: Iterable[EventSchema]) -> SchemaDiff:
    """The changes that turn ``old`` into ``new``."""
    before = {event.name: event for event in old}
    after = {event.name: event for event in new}
    changes: list[Change] = []
    for name in sorted(before.keys() | after.keys()):
        if name not in after:
            changes.append(Change("event-removed", name, None, "event removed", False))
        elif name not in before:
            changes.append(_event_added(after[name]))
        else:
            changes.extend(_event_changes(before[name], after[name]))
    return SchemaDiff(tuple(sorted(changes, key=lambda c: (c.event, c.field or "", c.kind))))


def leaves(field: FieldSchema) -> str | None:
    """How the field's values leave the customer, or None when they never do in clear.

    Numbers and booleans leave in clear by policy: a new one is more data leaving, as
    the catalog shows it, unless an integer declares itself sensitive or hashed.
    """
    if not field.is_text:
        if field.sensitivity == "sensitive":
            return None
        if field.sensitivity == "hashed":
            return "hashed"
        return "in clear by policy"
    if field.sensitivity == "sensitive":
        return "in clear when matching x-safe-if" if field.safe_if is not None else None
    if field.sensitivity is None:
        return "undeclared"
    return "in clear" if field.sensitivity == "safe" else "hashed"


def _event_added(event: EventSchema) -> Change:
    exposed = [f"{f.name} ({how})" for f in event.fields if (how := leaves(f)) is not None]
    detail = "new event" + (f"; sends {', '.join(exposed)}" if exposed else "")
    return Change("event-added", event.name, None, detail, bool(exposed))


def _event_changes(old: EventSchema, new: EventSchema) -> Iterator[Change]:
    before = {field.name: field for field in old.fields}
    after = {field.name: field for field in new.fields}
    for name in sorted(before.keys() | after.keys()):
        if name not in after:
            yield Change("field-removed", new.name, name, "field removed", False)
        elif name not in before:
            yield _field_added(new.name, after[name])
        else:
            yield from _field_changes(new.name, before[name], after[name])


def _field_added(event: str, field: FieldSchema) -> Change:
    how = leaves(field)
    detail = f"new {_type(field)} field" + (f", sent {how}" if how is not None else "")
    return Change("field-added", event, field.name, detail, how is not None)


def _field_changes(event: str, old: FieldSchema, new: FieldSchema) -> Iterator[Change]:
    def change(kind: str, detail: str, exposure: bool) -> Change:
        return Change(kind, event, new.name, detail, exposure)

    if _type(old) != _type(new):
        detail = f"type {_type(old)} -> {_type(new)}"
        yield change("type-changed", detail, leaves(new) is not None)
    if old.sensitivity != new.sensitivity:
        yield change("sensitivity-changed", *_sensitivity_change(old, new))
    if old.required != new.required:
        yield change("required-changed", "now required" if new.required else "now optional", False)
    if not new.is_text:
        return
    in_clear = new.sensitivity == "safe"
    some_in_clear = in_clear or new.safe_if is not None
    enum_change = _enum_change(old.enum, new.enum)
    if enum_change is not None:
        detail, widened = enum_change
        yield change("enum-changed", detail, widened and some_in_clear)
    if old.pattern != new.pattern:
        detail, widened = _regex_change("pattern", old.pattern, new.pattern)
        yield change("pattern-changed", detail, widened and some_in_clear)
    if old.safe_if != new.safe_if:
        detail, widened = _regex_change("x-safe-if", old.safe_if, new.safe_if)
        # x-safe-if lets values out of a sensitive field, and bounds a safe one.
        exposure = new.safe_if is not None if not in_clear else widened
        yield change("safe-if-changed", detail, exposure)


def _sensitivity_change(old: FieldSchema, new: FieldSchema) -> tuple[str, bool]:
    if new.sensitivity is None:
        return f"x-sensitivity removed (was {old.sensitivity})", True
    if old.sensitivity is None:
        return f"x-sensitivity {new.sensitivity} declared", new.sensitivity == "safe"
    more = _EXPOSURE_RANK[new.sensitivity] > _EXPOSURE_RANK[old.sensitivity]
    return f"sensitivity {old.sensitivity} -> {new.sensitivity}", more


def _enum_change(
    old: tuple[str, ...] | None, new: tuple[str, ...] | None
) -> tuple[str, bool] | None:
    """A description, and whether more values are allowed; None when the values are the same."""
    if old == new:
        return None
    if new is None:
        return "enum removed: any value allowed", True
    if old is None:
        return f"enum added: {_values(new)}", False
    added = [value for value in new if value not in old]
    removed = [value for value in old if value not in new]
    if not added and not removed:
        return None
    parts = ([f"adds {_values(added)}"] if added else []) + (
        [f"removes {_values(removed)}"] if removed else []
    )
    return "enum " + "; ".join(parts), bool(added)


def _regex_change(keyword: str, old: str | None, new: str | None) -> tuple[str, bool]:
    """A description, and whether the change may allow more values (any edit may)."""
    if new is None:
        return f"{keyword} removed (was {old!r})", True
    if old is None:
        return f"{keyword} added: {new!r}", False
    return f"{keyword} {old!r} -> {new!r}", True


def _type(field: FieldSchema) -> str:
    return f"array of {field.item_type}" if field.type == "array" else field.type


def _values(values: Iterable[str]) -> str:
    return ", ".join(repr(value) for value in values)
