"""Loading schema directories: records built right, every problem collected and located."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from redactlint.schema.loader import (
    SchemaSource,
    load_schema_dir,
    load_schema_file,
    load_schema_sources,
)
from redactlint.schema.model import FieldSchema
from redactlint.schema.problems import SchemaError, SchemaProblem
from tests.schema.helpers import EXAMPLES, event_document, write_document

Setup = Callable[[Path], object]


def test_loads_the_examples_sorted_by_name() -> None:
    schemas = load_schema_dir(EXAMPLES)
    assert schemas.names == (
        "codeIntel.goToDefinition",
        "notebook.pageViewed",
        "search.submitted",
    )
    assert len(schemas) == 3
    assert [event.name for event in schemas] == list(schemas.names)
    assert schemas.get("nope.missing") is None


def test_builds_event_and_field_records(tmp_path: Path) -> None:
    document = event_document(
        properties={
            "query": {
                "type": "string",
                "description": "What was typed.",
                "x-sensitivity": "sensitive",
                "x-safe-if": "^(help|docs)$",
                "x-legacy-name": "q",
            },
            "patternType": {"type": "string", "x-sensitivity": "safe", "enum": ["literal"]},
            "tags": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[a-z]+$"},
                "x-sensitivity": "hashed",
            },
            "count": {"type": "integer"},
        },
        expires="2030-12-31",
        **{"legacy-name": "Search Submitted"},
    )
    document["required"] = ["query"]
    write_document(tmp_path, document)

    event = load_schema_dir(tmp_path).events[0]

    assert (event.feature, event.action, event.version) == ("search", "submitted", 1)
    assert event.owner == "search-team"
    assert event.expires == datetime.date(2030, 12, 31)
    assert event.legacy_name == "Search Submitted"
    assert event.path == tmp_path / "search.submitted.json"
    assert event.raw == document
    assert [field.name for field in event.fields] == ["count", "patternType", "query", "tags"]
    assert event.get_field("query") == FieldSchema(
        name="query",
        type="string",
        required=True,
        description="What was typed.",
        sensitivity="sensitive",
        safe_if="^(help|docs)$",
        legacy_name="q",
        pointer="/properties/query",
    )
    assert event.get_field("patternType") == FieldSchema(
        name="patternType",
        type="string",
        required=False,
        sensitivity="safe",
        enum=("literal",),
        pointer="/properties/patternType",
    )
    tags = event.get_field("tags")
    assert tags is not None
    assert (tags.type, tags.item_type, tags.pattern, tags.sensitivity) == (
        "array",
        "string",
        "^[a-z]+$",
        "hashed",
    )
    assert tags.is_text


def test_an_integral_float_version_is_an_int(tmp_path: Path) -> None:
    write_document(tmp_path, event_document(version=2.0))
    version = load_schema_dir(tmp_path).events[0].version
    assert (version, type(version)) == (2, int)


def test_missing_metadata_loads_so_that_lint_can_report_it(tmp_path: Path) -> None:
    document = event_document()
    for key in ("version", "owner", "description"):
        del document["x-event"][key]
    write_document(tmp_path, document)
    event = load_schema_dir(tmp_path).events[0]
    assert (event.version, event.owner, event.description) == (0, "", "")


def _document_with(change: Callable[[dict[str, Any]], None]) -> Setup:
    """A setup writing ``search.submitted.json`` after ``change`` edits the valid document."""

    def setup(directory: Path) -> None:
        document = event_document()
        change(document)
        write_document(directory, document, "search.submitted.json")

    return setup


def _raw(name: str, data: bytes) -> Setup:
    def setup(directory: Path) -> None:
        (directory / name).write_bytes(data)

    return setup


def _set_property(name: str, value: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda document: document["properties"].__setitem__(name, value)


def _set_meta(key: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda document: document["x-event"].__setitem__(key, value)


def _two_files_one_name(directory: Path) -> None:
    write_document(directory, event_document())
    write_document(directory, event_document(), "copy.json")


def _directory_named_json(directory: Path) -> None:
    (directory / "folder.json").mkdir()


def _broken_symlink(directory: Path) -> None:
    (directory / "gone.json").symlink_to(directory / "missing-target")


STRING = {"type": "string", "x-sensitivity": "sensitive"}

# (id, setup, [(file name, pointer, text in message)])
PROBLEM_CASES: list[tuple[str, Setup, list[tuple[str, str, str]]]] = [
    (
        "invalid-json",
        _raw("search.submitted.json", b'{\n  "type": "object",,\n}'),
        [("search.submitted.json", "", "invalid JSON at line 2, column 20")],
    ),
    (
        "not-utf8",
        _raw("search.submitted.json", b'{"a": "\xff"}'),
        [("search.submitted.json", "", "not UTF-8 text")],
    ),
    (
        "nested-too-deeply",
        _raw("search.submitted.json", b"[" * 100_000 + b"]" * 100_000),
        [("search.submitted.json", "", "invalid JSON: nested too deeply")],
    ),
    (
        "not-an-object",
        _raw("search.submitted.json", b"[]"),
        [("search.submitted.json", "", "is not of type 'object'")],
    ),
    (
        "missing-x-event",
        _document_with(lambda document: document.pop("x-event")),
        [("search.submitted.json", "", "'x-event' is a required property")],
    ),
    (
        "missing-additional-properties",
        _document_with(lambda document: document.pop("additionalProperties")),
        [("search.submitted.json", "", "'additionalProperties' is a required property")],
    ),
    (
        "unknown-top-level-key",
        _document_with(lambda document: document.__setitem__("oneOf", [])),
        [("search.submitted.json", "", "'oneOf' was unexpected")],
    ),
    (
        "wrong-draft",
        _document_with(
            lambda document: document.__setitem__(
                "$schema", "http://json-schema.org/draft-07/schema#"
            )
        ),
        [("search.submitted.json", "/$schema", "event schemas are draft 2020-12")],
    ),
    (
        "version-not-integer",
        _document_with(_set_meta("version", "1")),
        [("search.submitted.json", "/x-event/version", "'1' is not of type 'integer'")],
    ),
    (
        "version-zero",
        _document_with(_set_meta("version", 0)),
        [("search.submitted.json", "/x-event/version", "less than the minimum of 1")],
    ),
    (
        "unknown-x-event-key",
        _document_with(_set_meta("team", "x")),
        [("search.submitted.json", "/x-event", "'team' was unexpected")],
    ),
    (
        "expires-impossible-date",
        _document_with(_set_meta("expires", "2024-02-30")),
        [("search.submitted.json", "/x-event/expires", "expires must be a date")],
    ),
    (
        "expires-wrong-format",
        _document_with(_set_meta("expires", "2024/01/31")),
        [
            ("search.submitted.json", "/x-event/expires", "expires must be a date"),
            ("search.submitted.json", "/x-event/expires", "expires must be a date"),
        ],
    ),
    (
        "object-property",
        _document_with(_set_property("nested", {"type": "object"})),
        [("search.submitted.json", "/properties/nested/type", "must be string, integer")],
    ),
    (
        "property-without-type",
        _document_with(_set_property("query", {"x-sensitivity": "safe"})),
        [("search.submitted.json", "/properties/query", "'type' is a required property")],
    ),
    (
        "unknown-sensitivity",
        _document_with(_set_property("query", {"type": "string", "x-sensitivity": "public"})),
        [
            (
                "search.submitted.json",
                "/properties/query/x-sensitivity",
                "must be safe, sensitive or hashed (got 'public')",
            )
        ],
    ),
    (
        "safe-sensitivity-on-integer",
        _document_with(_set_property("count", {"type": "integer", "x-sensitivity": "safe"})),
        [
            (
                "search.submitted.json",
                "/properties/count/x-sensitivity",
                "an integer's x-sensitivity must be sensitive or hashed",
            )
        ],
    ),
    (
        "safe-sensitivity-on-integer-array",
        _document_with(
            _set_property(
                "counts", {"type": "array", "items": {"type": "integer"}, "x-sensitivity": "safe"}
            )
        ),
        [
            (
                "search.submitted.json",
                "/properties/counts/x-sensitivity",
                "an integer's x-sensitivity must be sensitive or hashed",
            )
        ],
    ),
    (
        "sensitivity-on-number",
        _document_with(_set_property("ratio", {"type": "number", "x-sensitivity": "hashed"})),
        [("search.submitted.json", "/properties/ratio", "'x-sensitivity' was unexpected")],
    ),
    (
        "sensitivity-on-boolean-array",
        _document_with(
            _set_property(
                "flags", {"type": "array", "items": {"type": "boolean"}, "x-sensitivity": "hashed"}
            )
        ),
        [
            (
                "search.submitted.json",
                "/properties/flags/x-sensitivity",
                "only strings, integers and arrays of them declare x-sensitivity",
            )
        ],
    ),
    (
        "array-without-items",
        _document_with(_set_property("tags", {"type": "array", "x-sensitivity": "safe"})),
        [("search.submitted.json", "/properties/tags", "'items' is a required property")],
    ),
    (
        "array-of-arrays",
        _document_with(
            _set_property("grid", {"type": "array", "items": {"type": "array"}})
        ),
        [("search.submitted.json", "/properties/grid/items/type", "array items must be")],
    ),
    (
        "integer-enum",
        _document_with(_set_property("count", {"type": "integer", "enum": [1, 2]})),
        [("search.submitted.json", "/properties/count", "'enum' was unexpected")],
    ),
    (
        "property-name-not-identifier",
        _document_with(_set_property("query-text", STRING)),
        [("search.submitted.json", "/properties", "property names must be identifiers")],
    ),
    (
        "bad-pattern",
        _document_with(_set_property("query", {**STRING, "pattern": "[a-"})),
        [("search.submitted.json", "/properties/query/pattern", "invalid regular expression")],
    ),
    (
        "bad-item-pattern",
        _document_with(
            _set_property(
                "tags",
                {
                    "type": "array",
                    "items": {"type": "string", "pattern": "("},
                    "x-sensitivity": "safe",
                },
            )
        ),
        [("search.submitted.json", "/properties/tags/items/pattern", "invalid regular expression")],
    ),
    (
        "bad-safe-if-regex",
        _document_with(_set_property("query", {**STRING, "x-safe-if": "^(a$"})),
        [("search.submitted.json", "/properties/query/x-safe-if", "invalid regular expression")],
    ),
    (
        "unanchored-safe-if",
        _document_with(_set_property("query", {**STRING, "x-safe-if": "[a-z]+"})),
        [
            (
                "search.submitted.json",
                "/properties/query/x-safe-if",
                "must be an anchored regex: start with ^ and end with $ (got '[a-z]+')",
            )
        ],
    ),
    (
        "safe-if-anchored-only-lexically",
        _document_with(_set_property("query", {**STRING, "x-safe-if": "^list|view$"})),
        [("search.submitted.json", "/properties/query/x-safe-if", "not anchored as a whole")],
    ),
    (
        "required-names-unknown-property",
        _document_with(lambda document: document.__setitem__("required", ["query", "qeury"])),
        [("search.submitted.json", "/required/1", "'qeury', which is not a property")],
    ),
    (
        "not-a-json-schema",
        _document_with(lambda document: document.__setitem__("$id", "x#fragment")),
        [("search.submitted.json", "/$id", "not a valid JSON Schema")],
    ),
    (
        "duplicate-key",
        _raw(
            "search.submitted.json",
            json.dumps(event_document())
            .replace('"sensitive"', '"sensitive", "x-sensitivity": "safe"')
            .encode(),
        ),
        [("search.submitted.json", "/properties/query/x-sensitivity", "duplicate key")],
    ),
    (
        "file-name-mismatch",
        lambda directory: write_document(directory, event_document(), "search.json"),
        [("search.json", "/x-event", "file name must be 'search.submitted.json'")],
    ),
    (
        "duplicate-event-names",
        _two_files_one_name,
        [
            ("copy.json", "/x-event", "'search.submitted' is already defined in search.submitted"),
            ("copy.json", "/x-event", "file name must be 'search.submitted.json'"),
        ],
    ),
    (
        "unreadable-directory-named-json",
        _directory_named_json,
        [("folder.json", "", "cannot read file: Is a directory")],
    ),
    (
        "unreadable-broken-symlink",
        _broken_symlink,
        [("gone.json", "", "cannot read file: No such file or directory")],
    ),
]


@pytest.mark.parametrize(
    ("setup", "expected"),
    [pytest.param(setup, expected, id=case_id) for case_id, setup, expected in PROBLEM_CASES],
)
def test_problems_are_collected_with_file_and_pointer(
    tmp_path: Path, setup: Setup, expected: list[tuple[str, str, str]]
) -> None:
    setup(tmp_path)
    with pytest.raises(SchemaError) as raised:
        load_schema_dir(tmp_path)
    problems = raised.value.problems
    assert [(problem.path.name, problem.pointer) for problem in problems] == [
        (name, pointer) for name, pointer, _ in expected
    ]
    for problem, (_, _, text) in zip(problems, expected, strict=True):
        assert text in problem.message


def test_problems_from_every_file_are_reported_together(tmp_path: Path) -> None:
    write_document(tmp_path, event_document())
    (tmp_path / "a.broken.json").write_text("{", encoding="utf-8")
    write_document(tmp_path, event_document(action="viewed"), "wrong.json")
    with pytest.raises(SchemaError) as raised:
        load_schema_dir(tmp_path)
    names = [problem.path.name for problem in raised.value.problems]
    assert names == ["a.broken.json", "wrong.json"]
    lines = str(raised.value).splitlines()
    assert lines[0].startswith(f"{tmp_path / 'a.broken.json'}: invalid JSON")
    assert lines[1].startswith(f"{tmp_path / 'wrong.json'}#/x-event: file name must be")


def test_ignores_other_files_and_hidden_files(tmp_path: Path) -> None:
    write_document(tmp_path, event_document())
    (tmp_path / "README.md").write_text("not a schema", encoding="utf-8")
    (tmp_path / ".draft.json").write_text("{", encoding="utf-8")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "x.y.json").write_text("{", encoding="utf-8")
    assert load_schema_dir(tmp_path).names == ("search.submitted",)


def test_empty_directory_is_an_empty_set(tmp_path: Path) -> None:
    assert len(load_schema_dir(tmp_path)) == 0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: None, "schema directory does not exist"),
        (lambda path: path.write_text("", encoding="utf-8"), "schema directory is not a directory"),
    ],
)
def test_directory_itself_must_exist(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    target = tmp_path / "schemas"
    make(target)
    with pytest.raises(SchemaError) as raised:
        load_schema_dir(target)
    assert raised.value.problems == (SchemaProblem(target, "", message),)


def test_load_schema_file(tmp_path: Path) -> None:
    path = write_document(tmp_path, event_document())
    assert load_schema_file(path).name == "search.submitted"
    misnamed = write_document(tmp_path, event_document(), "other.json")
    with pytest.raises(SchemaError, match="file name must be"):
        load_schema_file(misnamed)
    with pytest.raises(SchemaError, match="cannot read file"):
        load_schema_file(tmp_path / "absent.json")


def test_sources_need_not_come_from_disk() -> None:
    data = json.dumps(event_document()).encode()
    source = SchemaSource(Path("HEAD:schemas/search.submitted.json"), data)
    schemas = load_schema_sources(Path("HEAD:schemas"), [source])
    assert schemas.names == ("search.submitted",)
    assert schemas.events[0].path == Path("HEAD:schemas/search.submitted.json")
