"""Schema stubs for legacy events: what ``redactlint schema infer`` writes.

The scan of legacy sink calls (``legacy/scanner.py``) reports what it saw at
each call as an :class:`ObservedCall`: the event name as written and, for each
literal property key, what its value is known to be. This module turns those
observations into one stub document per event, in the project's conventions:

- the name becomes ``feature.action`` (``"Search Submitted"`` →
  ``search.submitted``), and the name as written is kept as
  ``x-event.legacy-name`` when it differs, so ``redactlint migrate`` can map
  the calls;
- property keys are camelCased (``result_count`` → ``resultCount``), the key as
  written kept as ``x-legacy-name`` when it differs;
- types come from what the scan knew (literals, annotations, a few builtins);
  a value it could not type is assumed to be a string, the fail-closed choice;
- every string is ``sensitive`` unless all its values are literals, then it is
  ``safe`` with an ``enum`` of them;
- a property present in every call whose mapping could be seen whole (and never
  ``None``) is required;
- ``owner`` and ``description`` are empty, for a person to fill:
  ``redactlint schema lint`` reports them (RS002) until then.

Existing schema files are never overwritten; with ``merge`` a stub's new
properties are added (optional, since existing callers do not pass them) to the
event's existing file, and nothing else in it changes. Documents are rendered
deterministically: sorted keys, two-space indent, a trailing newline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..atomic import atomic_write
from .generate import GenerateError, generate_registry
from .model import EventSchema, FieldSchema
from .naming import attribute_name
from .validate import check_document

ValueKind = Literal["integer", "number", "boolean", "string", "null"]
Action = Literal["create", "merge", "unchanged", "exists"]

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
# A one-word legacy name ("Signup") has no feature: it becomes "legacy.signup".
PLACEHOLDER_FEATURE = "legacy"
_SEGMENT = re.compile(r"[^A-Za-z0-9]+")
_WORD = re.compile(r"[A-Z]+[0-9]*(?![a-z])|[A-Z]?[a-z][a-z0-9]*|[0-9]+")
_CONVENTION = re.compile(r"[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*")


@dataclass(frozen=True)
class ObservedValue:
    """What one value at one call is known to be."""

    kind: ValueKind | None = None  # None: the scan cannot tell
    # For a string whose every possible value is known (a literal, a constant
    # bound to one, a name annotated Literal[...]): those values.
    literals: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ObservedCall:
    """One legacy call with a literal event name."""

    legacy_name: str
    properties: tuple[tuple[str, ObservedValue], ...] = ()
    # False when the call's mapping has entries the scan cannot see (``**extra``)
    # or is not a literal mapping: it then says nothing about which keys are required.
    complete: bool = True
    where: str = ""  # path:line:col, for notes


@dataclass(frozen=True)
class Stub:
    """What infer does for one event."""

    name: str  # feature.action
    legacy_name: str
    path: Path
    action: Action
    document: dict[str, Any] = field(default_factory=dict, compare=False)
    added: tuple[str, ...] = ()  # the properties written (create) or added (merge)
    notes: tuple[str, ...] = ()

    @property
    def writes(self) -> bool:
        return self.action in ("create", "merge")


@dataclass(frozen=True)
class InferResult:
    """The stubs for every observed event, and the events no stub could be made for."""

    stubs: tuple[Stub, ...]
    skipped: tuple[str, ...] = ()


def event_name_for(legacy: str) -> tuple[str, str] | None:
    """``(feature, action)`` for a legacy event name; None when it has no letters or digits.

    The first word group is the feature and the rest the action, both camelCase:
    ``"Search Submitted"`` → ``search.submitted``, ``"codeIntel:goToDefinition"`` →
    ``codeIntel.goToDefinition``, ``"SearchSubmitted"`` → ``search.submitted``. A
    single word is an action of the placeholder feature ``legacy``.
    """
    if _CONVENTION.fullmatch(legacy):
        feature, action = legacy.split(".")
        return feature, action
    segments = [part for part in _SEGMENT.split(legacy) if part]
    if len(segments) == 1:
        segments = _WORD.findall(segments[0])
    if not segments:
        return None
    if segments[0][0].isdigit() or len(segments) == 1:
        segments.insert(0, PLACEHOLDER_FEATURE)
    return _lower_camel([segments[0]]), _lower_camel(segments[1:])


def property_name_for(key: str) -> str | None:
    """The camelCase property for a legacy key (``result_count`` → ``resultCount``).

    None when the key gives no usable name (no letters, or a leading digit).
    """
    name = _lower_camel(_SEGMENT.split(key))
    if not name or not name[0].isalpha():
        return None
    return name


def _lower_camel(segments: Iterable[str]) -> str:
    words: list[str] = [word for segment in segments for word in _WORD.findall(segment)]
    if not words:
        return ""
    return words[0].lower() + "".join(word[:1].upper() + word[1:].lower() for word in words[1:])


def infer_stubs(
    calls: Sequence[ObservedCall],
    directory: Path,
    existing: Sequence[EventSchema] = (),
    *,
    merge: bool = False,
) -> InferResult:
    """The stub for each event observed in ``calls``, to be written in ``directory``.

    ``existing`` are the schemas already in ``directory``: an event found among
    them (by legacy name, or by name) is left alone, or merged into with ``merge``.
    """
    by_legacy: dict[str, list[ObservedCall]] = {}
    for call in calls:
        by_legacy.setdefault(call.legacy_name, []).append(call)
    existing_by_legacy = {e.legacy_name: e for e in existing if e.legacy_name}
    existing_by_name = {e.name: e for e in existing}
    stubs: list[Stub] = []
    skipped: list[str] = []
    claimed: dict[str, str] = {}  # event name -> the legacy name it was made for
    for legacy in sorted(by_legacy):
        observed = by_legacy[legacy]
        current = existing_by_legacy.get(legacy) or existing_by_name.get(legacy)
        if current is None:
            parts = event_name_for(legacy)
            if parts is None:
                skipped.append(f"{_at(observed)}event {legacy!r} gives no usable name; skipped")
                continue
            name = ".".join(parts)
            current = existing_by_name.get(name)
            if current is not None and current.legacy_name not in (None, legacy):
                skipped.append(
                    f"{_at(observed)}event {legacy!r} would be {name}, which already exists "
                    f"for legacy name {current.legacy_name!r}; skipped (map it in a mapping file)"
                )
                continue
        else:
            name = current.name
        if name in claimed:
            skipped.append(
                f"{_at(observed)}events {claimed[name]!r} and {legacy!r} both become "
                f"{name}; only {claimed[name]!r} was inferred"
            )
            continue
        claimed[name] = legacy
        if current is not None:
            stubs.append(_existing(current, legacy, observed, merge))
        else:
            stubs.append(_create(name, legacy, observed, directory))
    return InferResult(tuple(stubs), tuple(skipped))


@dataclass
class _Property:
    key: str  # as written in the legacy calls
    name: str  # the schema property
    schema: dict[str, Any]
    required: bool
    notes: list[str]


def _properties(observed: Sequence[ObservedCall]) -> tuple[list[_Property], list[str]]:
    """One property per usable legacy key, in key order; notes on the keys left out."""
    values: dict[str, list[ObservedValue]] = {}
    for call in observed:
        for key, value in call.properties:
            values.setdefault(key, []).append(value)
    complete = [call for call in observed if call.complete]
    notes: list[str] = []
    result: list[_Property] = []
    names: dict[str, str] = {}  # property or attribute name -> the key that took it
    for key in sorted(values):
        name = property_name_for(key)
        if name is None:
            notes.append(f"key {key!r} gives no usable property name; left out")
            continue
        problem = _unusable(name)
        if problem is not None:
            notes.append(f"key {key!r}: {problem}; left out")
            continue
        taken = names.get(name) or names.get(attribute_name(name))
        if taken is not None:
            notes.append(f"keys {taken!r} and {key!r} both become {name!r}; {key!r} left out")
            continue
        names[name] = names[attribute_name(name)] = key
        schema, type_notes = _property_schema(values[key])
        if name != key:
            schema["x-legacy-name"] = key
        required = bool(complete) and all(
            any(k == key for k, _ in call.properties) for call in complete
        )
        required = required and all(value.kind != "null" for value in values[key])
        result.append(_Property(key, name, schema, required, [f"{name}: {n}" for n in type_notes]))
    return result, notes


def _property_schema(values: Sequence[ObservedValue]) -> tuple[dict[str, Any], list[str]]:
    kinds = {value.kind for value in values if value.kind not in (None, "null")}
    notes: list[str] = []
    if kinds <= {"integer", "number"} and kinds:
        return {"type": "number" if "number" in kinds else "integer"}, notes
    if kinds == {"boolean"}:
        return {"type": "boolean"}, notes
    if not kinds:
        notes.append("type unknown at every call; assumed a sensitive string")
    elif kinds != {"string"}:
        notes.append(f"values of types {', '.join(sorted(kinds))}; assumed a sensitive string")
    texts = [value for value in values if value.kind != "null"]
    if kinds == {"string"} and texts and all(value.literals for value in texts):
        enum = sorted({literal for value in texts for literal in value.literals or ()})
        return {"type": "string", "x-sensitivity": "safe", "enum": enum}, notes
    return {"type": "string", "x-sensitivity": "sensitive"}, notes


def _unusable(name: str) -> str | None:
    """Why the generator would refuse property ``name``, if it would."""
    probe = EventSchema(
        feature="probe",
        action="probe",
        version=1,
        owner="",
        description="",
        fields=(FieldSchema(name=name, type="integer", required=True),),
        path=Path("probe.probe.json"),
    )
    try:
        generate_registry([probe])
    except GenerateError as error:
        return str(error).split(": ", 1)[-1]
    return None


def _create(name: str, legacy: str, observed: Sequence[ObservedCall], directory: Path) -> Stub:
    feature, action = name.split(".", 1)
    properties, notes = _properties(observed)
    meta: dict[str, Any] = {
        "feature": feature,
        "action": action,
        "version": 1,
        "owner": "",
        "description": "",
    }
    if legacy != name:
        meta["legacy-name"] = legacy
    count = len(observed)
    document: dict[str, Any] = {
        "$schema": SCHEMA_URI,
        "$comment": (
            f"Inferred by redactlint schema infer from {count} call{'s' if count != 1 else ''} "
            "of a legacy sink. Fill in owner and description, review every type, "
            "x-sensitivity and enum, then run redactlint generate."
        ),
        "type": "object",
        "x-event": meta,
        "properties": {p.name: p.schema for p in properties},
        "additionalProperties": False,
    }
    required = sorted(p.name for p in properties if p.required)
    if required:
        document["required"] = required
    _check(document, name)
    notes.extend(note for p in properties for note in p.notes)
    return Stub(
        name,
        legacy,
        directory / f"{name}.json",
        "create",
        document,
        tuple(p.name for p in properties),
        tuple(notes),
    )


def _existing(
    current: EventSchema, legacy: str, observed: Sequence[ObservedCall], merge: bool
) -> Stub:
    if not merge:
        return Stub(current.name, legacy, current.path, "exists")
    document = json.loads(json.dumps(current.raw))  # a deep copy, key order kept
    known: dict[str, str] = {}  # property names and legacy names -> property
    for prop in current.fields:
        known[prop.name] = prop.name
        if prop.legacy_name:
            known.setdefault(prop.legacy_name, prop.name)
    candidates, notes = _properties(observed)
    added: list[str] = []
    for candidate in candidates:
        if candidate.key in known:
            continue
        if candidate.name in known or any(
            attribute_name(candidate.name) == attribute_name(f.name) for f in current.fields
        ):
            notes.append(
                f"key {candidate.key!r} looks like existing property {candidate.name!r}, which "
                "records another x-legacy-name; add it by hand or map it in a mapping file"
            )
            continue
        document["properties"][candidate.name] = candidate.schema
        notes.extend(candidate.notes)
        added.append(candidate.name)
    meta = document["x-event"]
    named = legacy != current.name and "legacy-name" not in meta
    if named:  # so that migrate maps the calls
        meta["legacy-name"] = legacy
        notes.append(f"x-event.legacy-name set to {legacy!r}")
    if not added and not named:
        return Stub(current.name, legacy, current.path, "unchanged", notes=tuple(notes))
    names = list(document["properties"])
    before = names[: len(names) - len(added)]
    if added and before == sorted(before):  # keep a sorted file sorted
        document["properties"] = dict(sorted(document["properties"].items()))
    _check(document, current.name)
    return Stub(current.name, legacy, current.path, "merge", document, tuple(added), tuple(notes))


def _at(observed: Sequence[ObservedCall]) -> str:
    where = observed[0].where if observed else ""
    return f"{where}: " if where else ""


def _check(document: dict[str, Any], name: str) -> None:
    """A stub that breaks the meta-schema is a bug here, never a file on disk."""
    problems = check_document(document)
    if problems:
        where, message = problems[0]
        raise AssertionError(f"inferred schema for {name} is invalid at {where}: {message}")


def render(document: dict[str, Any], *, sort_keys: bool = True) -> str:
    """The file text: two-space indent, a trailing newline, keys sorted unless told."""
    text: str = json.dumps(document, indent=2, sort_keys=sort_keys, ensure_ascii=False)
    return text + "\n"


def write_stubs(result: InferResult) -> list[Path]:
    """Write every stub that creates or merges a file; returns the paths written.

    A new file is created exclusively, so an existing one is never overwritten,
    even when it appeared since the scan; a merge replaces its file atomically.
    """
    written = []
    for stub in result.stubs:
        if stub.action == "create":
            stub.path.parent.mkdir(parents=True, exist_ok=True)
            with stub.path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(render(stub.document))
        elif stub.action == "merge":
            atomic_write(stub.path, render(stub.document, sort_keys=False).encode("utf-8"))
        else:
            continue
        written.append(stub.path)
    return written
