"""Read a directory of event schemas into checked, frozen records.

Every file is read, parsed and validated even when an earlier one fails, and
all problems are raised together as one :class:`SchemaError`: nothing
downstream ever sees a half-valid schema, and nothing here ends in a traceback.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import EventSchema, FieldSchema
from .problems import SchemaError, SchemaProblem, json_pointer
from .validate import check_document


@dataclass(frozen=True)
class SchemaSource:
    """The bytes of one schema file, wherever they came from (disk, a git revision)."""

    path: Path
    data: bytes


@dataclass(frozen=True)
class SchemaSet:
    """The valid event schemas of one directory, sorted by event name."""

    directory: Path
    events: tuple[EventSchema, ...]

    def __iter__(self) -> Iterator[EventSchema]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    @property
    def names(self) -> tuple[str, ...]:
        """The event names, sorted."""
        return tuple(event.name for event in self.events)

    def get(self, name: str) -> EventSchema | None:
        """The event called ``name`` (``feature.action``), if there is one."""
        for event in self.events:
            if event.name == name:
                return event
        return None


def load_schema_dir(directory: Path | str) -> SchemaSet:
    """Load every ``*.json`` file directly inside ``directory``.

    Raises :class:`SchemaError` listing every problem when any file is
    unreadable, is not JSON, breaks the meta-schema, is misnamed or repeats an
    event name.
    """
    directory = Path(directory)
    if not directory.is_dir():
        reason = "does not exist" if not directory.exists() else "is not a directory"
        raise SchemaError([SchemaProblem(directory, "", f"schema directory {reason}")])
    sources: list[SchemaSource] = []
    problems: list[SchemaProblem] = []
    for path in sorted(directory.glob("*.json")):
        if path.name.startswith("."):
            continue
        try:
            sources.append(SchemaSource(path, path.read_bytes()))
        except OSError as exc:
            problems.append(_unreadable(path, exc))
    return load_schema_sources(directory, sources, problems)


def load_schema_sources(
    directory: Path,
    sources: Iterable[SchemaSource],
    problems: Iterable[SchemaProblem] = (),
) -> SchemaSet:
    """Parse and check ``sources`` as one schema directory; see :func:`load_schema_dir`."""
    found = list(problems)
    events: list[EventSchema] = []
    for source in sources:
        event, source_problems = _load_source(source)
        found.extend(source_problems)
        if event is not None:
            events.append(event)
    found.extend(_duplicate_names(events))
    if found:
        raise SchemaError(found)
    return SchemaSet(directory, tuple(sorted(events, key=lambda event: event.name)))


def load_schema_file(path: Path | str) -> EventSchema:
    """Load one schema file on its own; raises :class:`SchemaError` when it is unusable."""
    path = Path(path)
    try:
        source = SchemaSource(path, path.read_bytes())
    except OSError as exc:
        raise SchemaError([_unreadable(path, exc)]) from exc
    event, problems = _load_source(source)
    if event is None or problems:
        raise SchemaError(problems)
    return event


def _unreadable(path: Path, error: OSError) -> SchemaProblem:
    return SchemaProblem(path, "", f"cannot read file: {error.strerror or error}")


def _load_source(source: SchemaSource) -> tuple[EventSchema | None, list[SchemaProblem]]:
    path = source.path
    try:
        document = _parse_json(source.data)
    except _ParseError as exc:
        return None, [SchemaProblem(path, pointer, message) for pointer, message in exc.problems]
    problems = [SchemaProblem(path, where, message) for where, message in check_document(document)]
    if problems:
        return None, problems
    event = _event_from_document(path, document)
    if not _well_named(event):
        message = f"file name must be {event.name + '.json'!r} for event {event.name!r}"
        problems.append(SchemaProblem(path, "/x-event", message))
    return event, problems  # a misnamed event still takes part in the duplicate check


class _ParseError(Exception):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


def _parse_json(data: bytes) -> Any:
    """The document in ``data``; a duplicate key is an error, as it would hide a declaration."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _ParseError([("", f"not UTF-8 text: byte {exc.start} cannot be decoded")]) from exc
    duplicates: dict[int, list[str]] = {}

    def build_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                duplicates.setdefault(id(result), []).append(key)
            result[key] = value
        return result

    try:
        document = json.loads(text, object_pairs_hook=build_object)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise _ParseError([("", message)]) from exc
    except RecursionError as exc:
        raise _ParseError([("", "invalid JSON: nested too deeply")]) from exc
    except ValueError as exc:  # a number too long to convert
        raise _ParseError([("", f"invalid JSON: {exc}")]) from exc
    if duplicates:
        raise _ParseError(list(_duplicate_keys(document, [], duplicates)))
    return document


def _duplicate_keys(
    node: Any, parts: list[str | int], duplicates: dict[int, list[str]]
) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key in duplicates.get(id(node), []):
            yield json_pointer([*parts, key]), f"duplicate key {key!r}: only the last would count"
        for key, value in node.items():
            yield from _duplicate_keys(value, [*parts, key], duplicates)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _duplicate_keys(value, [*parts, index], duplicates)


def _event_from_document(path: Path, document: dict[str, Any]) -> EventSchema:
    """Records from a document that passed :func:`check_document`."""
    meta = document["x-event"]
    required = set(document.get("required", []))
    fields = tuple(
        _field(name, document["properties"][name], name in required)
        for name in sorted(document["properties"])
    )
    expires = meta.get("expires")
    return EventSchema(
        feature=meta["feature"],
        action=meta["action"],
        version=int(meta.get("version", 0)),  # 0: absent, which the linter reports
        owner=meta.get("owner", ""),
        description=meta.get("description", ""),
        fields=fields,
        path=path,
        expires=datetime.date.fromisoformat(expires) if expires is not None else None,
        legacy_name=meta.get("legacy-name"),
        purpose=meta.get("purpose"),
        retention=meta.get("retention"),
        destination=meta.get("destination"),
        data_category=meta.get("data-category"),
        raw=document,
    )


def _field(name: str, prop: dict[str, Any], required: bool) -> FieldSchema:
    items: dict[str, Any] = prop.get("items", {})
    values = items if prop["type"] == "array" else prop  # arrays constrain their elements
    enum = values.get("enum")
    return FieldSchema(
        name=name,
        type=prop["type"],
        required=required,
        description=prop.get("description", ""),
        sensitivity=prop.get("x-sensitivity"),
        enum=tuple(enum) if enum is not None else None,
        pattern=values.get("pattern"),
        safe_if=prop.get("x-safe-if"),
        item_type=items.get("type"),
        legacy_name=prop.get("x-legacy-name"),
        pointer=json_pointer(["properties", name]),
    )


def _well_named(event: EventSchema) -> bool:
    return event.path.name == f"{event.name}.json"


def _duplicate_names(events: list[EventSchema]) -> Iterator[SchemaProblem]:
    """The second and later definitions of a name; the well-named file counts as first."""
    first: dict[str, EventSchema] = {}
    for event in sorted(events, key=lambda event: (not _well_named(event), str(event.path))):
        if event.name in first:
            other = first[event.name].path.name
            message = f"event {event.name!r} is already defined in {other}"
            yield SchemaProblem(event.path, "/x-event", message)
        else:
            first[event.name] = event
