"""The optional mapping file of ``redactlint migrate``: what the schemas do not say.

The schemas map most legacy calls on their own: an event is found by its name
or its ``x-event.legacy-name``, a key by its property name or the property's
``x-legacy-name``. A mapping file (TOML or JSON, told apart by the suffix)
covers the rest::

    # Arguments of the legacy calls that the registry form has no place for
    # (a user id...). An integer drops the positional argument at that 0-based
    # position, a string the keyword argument of that name. Without this, such
    # calls are listed and left as they are.
    drop-arguments = [0]

    [events."Search Submitted"]         # the legacy event name, as written at the calls
    event = "search.submitted"          # its schema; optional when the schema names it
    keys = { q = "query", results = "resultCount" }   # legacy key = schema property

The same as JSON: ``{"drop-arguments": [0], "events": {"Search Submitted":
{"event": "search.submitted", "keys": {"q": "query"}}}}``. Every event and
property named must exist in the schemas; anything else is a usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..analysis.registry import EventInfo, Registry
from ..errors import UsageError
from ..schema.model import FieldSchema

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_TOP_KEYS = {"drop-arguments", "events"}
_EVENT_KEYS = {"event", "keys"}


@dataclass(frozen=True)
class EventMapping:
    """How one legacy event name maps: to which schema, and its keys to which properties."""

    event: str | None = None
    keys: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MigrationMapping:
    """The whole mapping file (empty when there is none)."""

    events: Mapping[str, EventMapping] = field(default_factory=dict)
    drop_arguments: frozenset[int | str] = frozenset()

    def event_for(self, legacy: str, registry: Registry) -> EventInfo | None:
        """The schema event a legacy event name maps to, if any."""
        mapped = self.events.get(legacy)
        if mapped is not None and mapped.event is not None:
            return registry.events.get(mapped.event)
        return registry.event(legacy)

    def field_for(self, legacy: str, key: str, info: EventInfo) -> FieldSchema | None:
        """The field a legacy key maps to: the mapping file first, then the schema."""
        mapped = self.events.get(legacy)
        if mapped is not None and key in mapped.keys:
            return info.schema.get_field(mapped.keys[key])
        return info.by_key.get(key)

    def drops(self, position: int | None, keyword: str | None) -> bool:
        """True when the argument at ``position`` (or called ``keyword``) is to be dropped."""
        if keyword is not None:
            return keyword in self.drop_arguments
        return position is not None and position in self.drop_arguments


def load_mapping(path: Path, registry: Registry) -> MigrationMapping:
    """Read and check a mapping file against the schemas; raises :class:`UsageError`."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read the mapping file: {error.strerror or error}", path) from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            document: Any = tomllib.loads(data.decode("utf-8"))
        elif suffix == ".json":
            document = json.loads(data.decode("utf-8"))
        else:
            raise UsageError("a mapping file must end in .toml or .json", path)
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"cannot parse the mapping file: {error}", path) from None
    return parse_mapping(document, registry, str(path))


def parse_mapping(document: Any, registry: Registry, where: str) -> MigrationMapping:
    """Check a parsed mapping document; see the module docstring for its shape."""
    if not isinstance(document, Mapping):
        raise UsageError("the mapping must be a table (an object)", where)
    unknown = sorted(set(document) - _TOP_KEYS)
    if unknown:
        raise UsageError(f"unknown key {unknown[0]!r} (known: drop-arguments, events)", where)
    drops = document.get("drop-arguments", [])
    if not isinstance(drops, list) or not all(
        (isinstance(item, int) and not isinstance(item, bool) and item >= 0)
        or (isinstance(item, str) and item.isidentifier())
        for item in drops
    ):
        raise UsageError(
            "'drop-arguments' must list 0-based positions and keyword names, such as [0, "
            '"user_id"]',
            where,
        )
    events = document.get("events", {})
    if not isinstance(events, Mapping):
        raise UsageError("'events' must be a table of legacy event names", where)
    parsed = {
        legacy: _event(legacy, entry, registry, f"{where} events.{legacy!r}")
        for legacy, entry in events.items()
    }
    return MigrationMapping(parsed, frozenset(drops))


def _event(legacy: str, entry: object, registry: Registry, where: str) -> EventMapping:
    if not isinstance(entry, Mapping):
        raise UsageError("each event must be a table with 'event' and/or 'keys'", where)
    unknown = sorted(set(entry) - _EVENT_KEYS)
    if unknown:
        raise UsageError(f"unknown key {unknown[0]!r} (known: event, keys)", where)
    event = entry.get("event")
    if event is not None and not isinstance(event, str):
        raise UsageError("'event' must be an event name such as 'search.submitted'", where)
    info = registry.events.get(event) if event is not None else registry.event(legacy)
    if info is None:
        if event is not None:
            raise UsageError(f"no schema defines event {event!r}", where)
        raise UsageError(
            "no schema records this legacy name (x-event.legacy-name); give 'event'", where
        )
    keys = entry.get("keys", {})
    if not isinstance(keys, Mapping) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in keys.items()
    ):
        raise UsageError("'keys' must map legacy keys to property names", where)
    for key, name in keys.items():
        if info.schema.get_field(name) is None:
            known = ", ".join(f.name for f in info.schema.fields) or "none"
            raise UsageError(
                f"key {key!r}: event {info.name} has no property {name!r} (it has: {known})",
                where,
            )
    return EventMapping(event, dict(keys))
