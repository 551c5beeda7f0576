"""Schema diff: every change listed, and exactly the widening ones marked as exposure."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from redactlint.schema.diff import Change, SchemaDiff, diff_schemas
from redactlint.schema.diff_report import render_json, render_markdown
from redactlint.schema.model import EventSchema, FieldSchema


def text(name: str, sensitivity: Any = "sensitive", **kwargs: Any) -> FieldSchema:
    return FieldSchema(name=name, type="string", required=False, sensitivity=sensitivity, **kwargs)


def number(name: str) -> FieldSchema:
    return FieldSchema(name=name, type="integer", required=False)


def event(*fields: FieldSchema, action: str = "submitted") -> EventSchema:
    return EventSchema(
        feature="search",
        action=action,
        version=1,
        owner="search-team",
        description="A search.",
        fields=tuple(fields),
        path=Path(f"search.{action}.json"),
    )


def only_change(old: list[EventSchema], new: list[EventSchema]) -> Change:
    (change,) = diff_schemas(old, new).changes
    return change


def test_identical_sets_have_no_changes() -> None:
    schemas = [event(text("query"), number("count"))]
    assert diff_schemas(schemas, schemas) == SchemaDiff(())


@pytest.mark.parametrize(
    ("fields", "exposure", "detail"),
    [
        ((text("query", "safe"),), True, "new event; sends query (in clear)"),
        ((text("repo", "hashed"),), True, "new event; sends repo (hashed)"),
        ((text("page", safe_if="^a$"),), True, "sends page (in clear when matching x-safe-if)"),
        ((text("query", None),), True, "new event; sends query (undeclared)"),
        ((text("query"), number("count")), True, "new event; sends count (in clear by policy)"),
        ((text("query"),), False, "new event"),
        (
            (FieldSchema("count", "integer", False, sensitivity="sensitive"),),
            False,
            "new event",
        ),
    ],
)
def test_added_event(fields: tuple[FieldSchema, ...], exposure: bool, detail: str) -> None:
    change = only_change([], [event(*fields)])
    assert (change.kind, change.event, change.field) == ("event-added", "search.submitted", None)
    assert change.exposure is exposure
    assert detail in change.detail


def test_removed_event_is_not_exposure() -> None:
    change = only_change([event(text("query", "safe"))], [])
    assert (change.kind, change.exposure) == ("event-removed", False)


@pytest.mark.parametrize(
    ("field", "exposure", "detail"),
    [
        (text("repo", "safe"), True, "new string field, sent in clear"),
        (text("repo", "hashed"), True, "new string field, sent hashed"),
        (text("repo", None), True, "new string field, sent undeclared"),
        (text("repo"), False, "new string field"),
        # A number leaves in clear by policy: more data leaving, as the catalog says.
        (number("count"), True, "new integer field, sent in clear by policy"),
        (
            FieldSchema("count", "integer", False, sensitivity="hashed"),
            True,
            "new integer field, sent hashed",
        ),
        (
            FieldSchema("count", "integer", False, sensitivity="sensitive"),
            False,
            "new integer field",
        ),
        (
            FieldSchema("tags", "array", False, sensitivity="safe", item_type="string"),
            True,
            "new array of string field, sent in clear",
        ),
    ],
)
def test_added_field(field: FieldSchema, exposure: bool, detail: str) -> None:
    change = only_change([event(text("query"))], [event(text("query"), field)])
    assert (change.kind, change.field, change.exposure, change.detail) == (
        "field-added",
        field.name,
        exposure,
        detail,
    )


def test_removed_field_is_not_exposure() -> None:
    change = only_change([event(text("query"), text("repo", "safe"))], [event(text("query"))])
    assert (change.kind, change.field, change.exposure) == ("field-removed", "repo", False)


@pytest.mark.parametrize(
    ("old", "new", "exposure", "detail"),
    [
        ("sensitive", "safe", True, "sensitivity sensitive -> safe"),
        ("sensitive", "hashed", True, "sensitivity sensitive -> hashed"),
        ("hashed", "safe", True, "sensitivity hashed -> safe"),
        ("safe", "sensitive", False, "sensitivity safe -> sensitive"),
        ("hashed", "sensitive", False, "sensitivity hashed -> sensitive"),
        ("sensitive", None, True, "x-sensitivity removed (was sensitive)"),
        (None, "safe", True, "x-sensitivity safe declared"),
        (None, "sensitive", False, "x-sensitivity sensitive declared"),
    ],
)
def test_sensitivity_change(old: Any, new: Any, exposure: bool, detail: str) -> None:
    change = only_change([event(text("query", old))], [event(text("query", new))])
    assert (change.kind, change.exposure, change.detail) == (
        "sensitivity-changed",
        exposure,
        detail,
    )


@pytest.mark.parametrize(
    ("sensitivity", "old", "new", "exposure", "detail"),
    [
        ("safe", ("a",), ("a", "b"), True, "enum adds 'b'"),
        ("safe", ("a", "b"), ("a",), False, "enum removes 'b'"),
        ("safe", ("a", "b"), ("a", "c"), True, "enum adds 'c'; removes 'b'"),
        ("safe", ("a",), None, True, "enum removed: any value allowed"),
        ("safe", None, ("a",), False, "enum added: 'a'"),
        ("sensitive", ("a",), ("a", "b"), False, "enum adds 'b'"),
        ("hashed", ("a",), ("a", "b"), False, "enum adds 'b'"),
    ],
)
def test_enum_change(
    sensitivity: str, old: Any, new: Any, exposure: bool, detail: str
) -> None:
    change = only_change(
        [event(text("kind", sensitivity, enum=old))], [event(text("kind", sensitivity, enum=new))]
    )
    assert (change.kind, change.exposure, change.detail) == ("enum-changed", exposure, detail)


def test_widening_values_of_a_field_with_x_safe_if_is_exposure() -> None:
    old = [event(text("page", safe_if="^[a-z]+$", pattern="^a$"))]
    new = [event(text("page", safe_if="^[a-z]+$", pattern="^(a|b)$"))]
    assert only_change(old, new).exposure


def test_reordered_enum_is_no_change() -> None:
    old = [event(text("kind", "safe", enum=("a", "b")))]
    new = [event(text("kind", "safe", enum=("b", "a")))]
    assert diff_schemas(old, new).changes == ()


@pytest.mark.parametrize(
    ("sensitivity", "old", "new", "exposure"),
    [
        ("safe", "^[0-9]+$", "^[0-9a-z]+$", True),
        ("safe", "^[0-9]+$", None, True),
        ("safe", None, "^[0-9]+$", False),
        ("sensitive", "^[0-9]+$", "^.*$", False),
    ],
)
def test_pattern_change(sensitivity: str, old: Any, new: Any, exposure: bool) -> None:
    change = only_change(
        [event(text("id", sensitivity, pattern=old))], [event(text("id", sensitivity, pattern=new))]
    )
    assert (change.kind, change.exposure) == ("pattern-changed", exposure)


@pytest.mark.parametrize(
    ("sensitivity", "old", "new", "exposure", "detail"),
    [
        ("sensitive", None, "^a$", True, "x-safe-if added: '^a$'"),
        ("sensitive", "^a$", "^(a|b)$", True, "x-safe-if '^a$' -> '^(a|b)$'"),
        ("sensitive", "^a$", None, False, "x-safe-if removed (was '^a$')"),
        ("hashed", None, "^a$", True, "x-safe-if added: '^a$'"),
        ("safe", "^a$", None, True, "x-safe-if removed (was '^a$')"),
        ("safe", None, "^a$", False, "x-safe-if added: '^a$'"),
        ("safe", "^a$", "^b$", True, "x-safe-if '^a$' -> '^b$'"),
    ],
)
def test_safe_if_change(
    sensitivity: str, old: Any, new: Any, exposure: bool, detail: str
) -> None:
    change = only_change(
        [event(text("page", sensitivity, safe_if=old))],
        [event(text("page", sensitivity, safe_if=new))],
    )
    assert (change.kind, change.exposure, change.detail) == ("safe-if-changed", exposure, detail)


@pytest.mark.parametrize(
    ("old", "new", "exposure", "detail"),
    [
        (number("count"), text("count", "safe"), True, "type integer -> string"),
        (number("count"), text("count"), False, "type integer -> string"),
        (
            text("query"),
            FieldSchema("query", "array", False, sensitivity="sensitive", item_type="string"),
            False,
            "type string -> array of string",
        ),
    ],
)
def test_type_change(old: FieldSchema, new: FieldSchema, exposure: bool, detail: str) -> None:
    changes = diff_schemas([event(old)], [event(new)]).changes
    assert (changes[-1].kind, changes[-1].exposure, changes[-1].detail) == (
        "type-changed",
        exposure,
        detail,
    )


def test_required_change_is_not_exposure() -> None:
    required = replace(text("query"), required=True)
    change = only_change([event(text("query"))], [event(required)])
    assert (change.kind, change.detail) == ("required-changed", "now required")
    assert not change.exposure


def test_changes_are_sorted_and_exposures_selected() -> None:
    old = [event(text("query"), text("kind", "safe", enum=("a",))), event(action="viewed")]
    new = [event(text("query", "safe"), text("kind", "safe", enum=("a", "b")), number("count"))]
    diff = diff_schemas(old, new)
    assert [(c.event, c.field, c.kind) for c in diff.changes] == [
        ("search.submitted", "count", "field-added"),
        ("search.submitted", "kind", "enum-changed"),
        ("search.submitted", "query", "sensitivity-changed"),
        ("search.viewed", None, "event-removed"),
    ]
    assert [c.field for c in diff.exposures] == ["count", "kind", "query"]


def test_markdown_lists_exposures_first_and_escapes_cells() -> None:
    old = [event(text("page", safe_if="^a$"), number("count"))]
    new = [event(text("page", safe_if="^(a|b)$"))]
    markdown = render_markdown(diff_schemas(old, new))
    lines = markdown.splitlines()
    assert lines[0] == "### Event schema changes"
    assert lines[2] == "| Exposure | Event | Field | Change |"
    assert lines[4] == (
        "| ⚠️ more data leaves | `search.submitted` | `page` | "
        "x-safe-if '^a$' -\\> '^(a\\|b)$' |"
    )
    assert lines[5] == "|  | `search.submitted` | `count` | field removed |"
    assert lines[-1] == "**2 changes; 1 lets more data leave the customer.**"


def test_markdown_summaries() -> None:
    assert render_markdown(SchemaDiff(())).splitlines()[-1] == "No event schema changes."
    removed = diff_schemas([event()], [])
    assert render_markdown(removed).splitlines()[-1] == (
        "**1 change; none lets more data leave the customer.**"
    )


def test_json_report() -> None:
    diff = diff_schemas([event(text("query"))], [event(text("query", "safe"))])
    document = json.loads(render_json(diff))
    assert document == {
        "changes": [
            {
                "kind": "sensitivity-changed",
                "event": "search.submitted",
                "field": "query",
                "detail": "sensitivity sensitive -> safe",
                "exposure": True,
            }
        ],
        "summary": {"changes": 1, "exposures": 1},
    }
