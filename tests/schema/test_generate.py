"""The registry generator: deterministic output, names, classes and their metadata."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from redactlint.events import EventMeta, MemorySink, Recorder
from redactlint.redact import REDACTED, hashed, safe, unsafe
from redactlint.schema.generate import (
    HEADER,
    GenerateError,
    attribute_name,
    class_name,
    constant_name,
    event_meta,
    generate_registry,
)
from redactlint.schema.model import EventSchema, FieldSchema
from tests.events.generated import import_file, write_registry
from tests.events.schemas import ALL, GO_TO_DEFINITION, NOTES, PAGE_VIEWED, SEARCH

REPO = Path(__file__).resolve().parents[2]


def test_output_is_byte_identical_whatever_the_input_order() -> None:
    first = generate_registry(ALL)
    assert generate_registry(list(reversed(ALL))) == first
    assert generate_registry(ALL).encode() == first.encode()
    assert first.splitlines()[0] == HEADER
    positions = [first.index(f"class {name}(Event)") for name in
                 ("CodeIntelGoToDefinition", "NotebookPageViewed", "SearchSubmitted")]
    assert positions == sorted(positions)


def test_imports_only_the_allowed_modules() -> None:
    imports = [line for line in generate_registry(ALL).splitlines()
               if line.startswith(("import ", "from "))]
    assert imports == [
        "from dataclasses import dataclass",
        "from typing import ClassVar, Final, Literal",
        "from redactlint.events import Event, EventMeta, FieldInfo",
        "from redactlint.redact import RedactableStr, SafeStr",
    ]


def test_names() -> None:
    assert class_name(GO_TO_DEFINITION) == "CodeIntelGoToDefinition"
    assert constant_name(GO_TO_DEFINITION) == "CODE_INTEL_GO_TO_DEFINITION"
    assert class_name(SEARCH) == "SearchSubmitted"
    assert constant_name(PAGE_VIEWED) == "NOTEBOOK_PAGE_VIEWED"


def test_generated_classes(tmp_path: Path) -> None:
    module = import_file(write_registry(tmp_path, ALL))
    assert module.SEARCH_SUBMITTED == "search.submitted"
    assert {
        "codeIntel.goToDefinition": module.CodeIntelGoToDefinition,
        "notebook.pageViewed": module.NotebookPageViewed,
        "search.submitted": module.SearchSubmitted,
    } == module.REGISTRY
    cls = module.SearchSubmitted
    assert [f.name for f in dataclasses.fields(cls)] == [
        "query", "pattern_type", "result_count", "duration_ms", "cached", "label", "repo",
        "scopes", "terms", "pages",
    ]
    assert [(info.attribute, info.name) for info in cls.META.fields[:4]] == [
        ("query", "query"),
        ("pattern_type", "patternType"),
        ("result_count", "resultCount"),
        ("duration_ms", "durationMs"),
    ]
    annotations = {name: str(value) for name, value in cls.__annotations__.items()}
    assert annotations["query"].endswith("RedactableStr'>")
    assert annotations["pattern_type"] == "typing.Literal['literal', 'regexp']"
    assert annotations["label"].endswith("SafeStr | None")
    assert annotations["scopes"].endswith("tuple[redactlint.redact.strings.SafeStr, ...] | None")
    assert annotations["pages"] == "tuple[int, ...] | None"
    event = cls(query=unsafe("q"), pattern_type="literal", result_count=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.query = unsafe("other")
    assert not hasattr(event, "__dict__")
    assert event_meta(SEARCH) == cls.META
    assert cls.META.schema == SEARCH.raw
    assert module.NotebookPageViewed.META.expires == "2031-01-31"
    assert module.CodeIntelGoToDefinition.META.schema is None
    assert [f.name for f in dataclasses.fields(module.NotebookPageViewed)] == [
        "page", "notebook_id",
    ]


def test_field_info_always_names_its_attribute() -> None:
    source = generate_registry([SEARCH])
    assert source.count("FieldInfo(\n") == len(SEARCH.fields)
    assert source.count("                attribute=") == len(SEARCH.fields)
    assert '                name="resultCount",\n                attribute="result_count",\n' in (
        source
    )
    assert '                name="query",\n                attribute="query",\n' in source
    assert "    result_count: int\n" in source
    assert "resultCount:" not in source


def test_docstrings_carry_descriptions_verbatim(tmp_path: Path) -> None:
    module = import_file(write_registry(tmp_path, ALL))
    doc = module.SearchSubmitted.__doc__
    assert doc.startswith("A user ran a search: how it went, never what was searched.")
    assert "Event ``search.submitted``, version 2, owned by search-team." in doc
    assert "query: (sensitive) The query as typed." in doc
    assert "pattern_type (exported as patternType): (safe) How the query is read." in doc
    assert "result_count (exported as resultCount): Results returned." in doc
    assert "repo: (hashed, build with redact.hashed) Repository searched." in doc
    assert "label: (safe) " + NOTES in doc
    assert module.CodeIntelGoToDefinition.__doc__.startswith("Event ``codeIntel")
    assert "safe when it matches ^(list|view|edit)$" in module.NotebookPageViewed.__doc__


def test_generated_events_export_through_the_runtime(tmp_path: Path) -> None:
    module = import_file(write_registry(tmp_path, ALL))
    sink = MemorySink()
    recorder = Recorder(sink, salt="s", validate=True)
    module.SearchSubmitted(
        query=unsafe("alice"),
        pattern_type="regexp",
        result_count=2,
        duration_ms=3.5,
        label=safe("toolbar"),
        repo=hashed("acme"),
        scopes=(safe("repo"), "plain"),
        pages=(1, 2),
    ).record(recorder)
    assert sink.payloads[0]["properties"] == {
        "query": REDACTED,
        "patternType": "regexp",
        "resultCount": 2,
        "durationMs": 3.5,
        "label": "toolbar",
        "repo": hashed("acme").redact(hash=True, salt="s"),
        "scopes": ["repo", REDACTED],
        "pages": [1, 2],
    }


def _with_field(field: FieldSchema, name: str = "search.submitted") -> EventSchema:
    feature, action = name.split(".")
    return dataclasses.replace(SEARCH, feature=feature, action=action, fields=(field,), raw={})


def test_payload_keys_stay_the_schema_property_names(tmp_path: Path) -> None:
    module = import_file(write_registry(tmp_path, ALL))
    event = module.NotebookPageViewed(page=unsafe("view"), notebook_id=hashed("n1"))
    for mode in ("redact", "drop", "keep"):
        properties = event.to_payload(mode, salt="s")["properties"]
        assert "notebook_id" not in properties
    assert set(event.to_payload("keep")["properties"]) == {"page", "notebookId"}
    assert event.to_payload("keep")["properties"]["notebookId"] == "n1"
    with pytest.raises(TypeError, match="notebookId"):
        module.NotebookPageViewed(page=unsafe("view"), notebookId=hashed("n1"))


@pytest.mark.parametrize(
    ("name", "attribute"),
    [
        ("query", "query"),
        ("notebookId", "notebook_id"),
        ("durationMs", "duration_ms"),
        ("resultCount", "result_count"),
        ("HTTPStatus", "http_status"),
        ("getHTTPResponseCode", "get_http_response_code"),
        ("URLPath", "url_path"),
        ("PascalCase", "pascal_case"),
        ("userIDs", "user_ids"),
        ("pageURLs", "page_urls"),
        ("IDsCount", "ids_count"),
        ("ID", "id"),
        ("sha256Sum", "sha256_sum"),
        ("HTTP2Enabled", "http2_enabled"),
        ("v2Api", "v2_api"),
        ("a1b2", "a1b2"),
        ("already_snake", "already_snake"),
        ("snake__double", "snake_double"),
        ("kebab-case-name", "kebab_case_name"),
        ("dotted.name", "dotted_name"),
        ("mixed-Case.andMore", "mixed_case_and_more"),
        ("ALLCAPS", "allcaps"),
        ("_private", "_private"),
    ],
)
def test_attribute_names_are_snake_case(name: str, attribute: str) -> None:
    assert attribute_name(name) == attribute


@pytest.mark.parametrize(
    ("field", "message"),
    [
        (
            FieldSchema("class", "integer", True),
            "'class' is not usable as a Python attribute name: it is a keyword",
        ),
        (
            FieldSchema("_x", "integer", True),
            "'_x' is not usable as a Python attribute name; use ASCII letters",
        ),
        (FieldSchema("2fa", "integer", True), "'2fa' is not usable as a Python attribute name"),
        (FieldSchema("größe", "integer", True), "'größe' is not usable"),
        (FieldSchema("a b", "integer", True), "'a b' is not usable"),
        (
            FieldSchema("Async", "integer", True),
            "'Async' (attribute 'async') is not usable as a Python attribute name: it is a keyword",
        ),
        (FieldSchema("record", "integer", True), "'record' clashes with a name the class needs"),
        (FieldSchema("toPayload", "integer", True), "'toPayload' (attribute 'to_payload') clashes"),
        (FieldSchema("int", "integer", False), "'int' clashes"),
        (FieldSchema("Tuple", "integer", False), "'Tuple' (attribute 'tuple') clashes"),
        (FieldSchema("tags", "array", True), "array property 'tags' declares no item type"),
        (
            FieldSchema("page", "string", True, sensitivity="sensitive", safe_if="^(a$"),
            "x-safe-if is not a valid regex",
        ),
    ],
)
def test_unusable_fields_are_errors_naming_the_file(field: FieldSchema, message: str) -> None:
    with pytest.raises(GenerateError, match=re.escape(message)) as caught:
        generate_registry([_with_field(field)])
    assert str(caught.value).startswith(str(SEARCH.path))


@pytest.mark.parametrize(
    ("first", "second"),
    [("resultCount", "result_count"), ("HTTPStatus", "httpStatus"), ("a-b", "a.b")],
)
def test_properties_giving_the_same_attribute_are_errors_naming_the_file(
    first: str, second: str
) -> None:
    schema = dataclasses.replace(
        SEARCH,
        fields=(FieldSchema(first, "integer", True), FieldSchema(second, "integer", False)),
        raw={},
    )
    attribute = attribute_name(first)
    expected = (
        f"{SEARCH.path}: properties {first!r} and {second!r} both give the Python attribute "
        f"{attribute!r}; rename one of them"
    )
    with pytest.raises(GenerateError) as caught:
        generate_registry([schema])
    assert str(caught.value) == expected


def test_upper_case_members_are_free_as_snake_case_attributes(tmp_path: Path) -> None:
    fields = (FieldSchema("META", "integer", True), FieldSchema("SafeStr", "integer", False))
    schema = dataclasses.replace(SEARCH, fields=fields, raw={})
    module = import_file(write_registry(tmp_path, [schema]))
    event = module.SearchSubmitted(meta=1, safe_str=2)
    assert isinstance(module.SearchSubmitted.META, EventMeta)
    assert event.to_payload()["properties"] == {"META": 1, "SafeStr": 2}


def test_colliding_event_names_are_errors() -> None:
    one = _with_field(FieldSchema("n", "integer", True), "ab.cD")
    two = _with_field(FieldSchema("n", "integer", True), "abC.d")
    collision = r"'ab\.cD' and 'abC\.d' both give the Python name 'AbCD'"
    with pytest.raises(GenerateError, match=collision):
        generate_registry([one, two])
    with pytest.raises(GenerateError, match=r"event 'ab\.cD' is also defined in"):
        generate_registry([one, one])
    clash = _with_field(FieldSchema("n", "integer", True), "event.meta")
    with pytest.raises(GenerateError, match="gives the Python name 'EventMeta'"):
        generate_registry([clash])


def test_non_json_schema_data_is_an_error() -> None:
    bad = dataclasses.replace(SEARCH, raw={"minimum": float("nan")})
    with pytest.raises(GenerateError, match="non-finite number"):
        generate_registry([bad])


# Each line marked "# error" must be reported by mypy, and no other line.
GOOD_USE = '''\
from redactlint import redact
from registry import REGISTRY, SEARCH_SUBMITTED, NotebookPageViewed, SearchSubmitted

event = SearchSubmitted(
    query=redact.unsafe("text"),
    pattern_type="regexp",
    result_count=3,
    label=redact.safe("toolbar"),
    repo=redact.hashed("acme/widgets"),
    scopes=(redact.safe("a"), redact.safe("b")),
    terms=(redact.format("x {}", "y"),),
    pages=(1, 2),
    duration_ms=4,
)
recorded: bool = event.record()
count: int = event.result_count
page = NotebookPageViewed(page=redact.unsafe("view"), notebook_id=redact.hashed("n1"))
name: str = SEARCH_SUBMITTED
cls = REGISTRY[name]
'''

BAD_USE = '''\
from redact_names import text, marked, reviewed
from registry import SearchSubmitted

SearchSubmitted(query=marked, pattern_type="literal", result_count=1, label=text)  # error
SearchSubmitted(query=text, pattern_type="literal", result_count=1)  # error
SearchSubmitted(query=reviewed, pattern_type="literal", result_count=1)  # error
SearchSubmitted(query=marked, pattern_type="glob", result_count=1)  # error
SearchSubmitted(query=marked, pattern_type="literal", result_count="1")  # error
SearchSubmitted(query=marked, pattern_type="literal", result_count=1, scopes=(text,))  # error
SearchSubmitted(query=marked, patternType="literal", resultCount=1)  # error
SearchSubmitted(query=marked, pattern_type="literal", result_count=1).resultCount  # error
SearchSubmitted(query=marked, pattern_type="literal", result_count=1, label=reviewed)
'''

NAMES = '''\
from redactlint.redact import RedactableStr, SafeStr, safe, unsafe

text: str = input()
marked: RedactableStr = unsafe(text)
reviewed: SafeStr = safe("constant")
'''


def test_generated_module_type_checks_and_refuses_unmarked_text(tmp_path: Path) -> None:
    write_registry(tmp_path, ALL)
    (tmp_path / "good_use.py").write_text(GOOD_USE, encoding="utf-8")
    (tmp_path / "bad_use.py").write_text(BAD_USE, encoding="utf-8")
    (tmp_path / "redact_names.py").write_text(NAMES, encoding="utf-8")
    env = dict(os.environ, MYPYPATH=str(REPO))
    command = [
        sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--hide-error-context",
        "--cache-dir", str(tmp_path / ".mypy_cache"), "-O", "json",
        "registry.py", "good_use.py", "bad_use.py", "redact_names.py",
    ]
    result = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240
    )
    errors: dict[str, set[int]] = {}
    for line in result.stdout.splitlines():
        report: dict[str, Any] = json.loads(line)
        if report["severity"] == "error" and not os.path.isabs(report["file"]):
            errors.setdefault(report["file"], set()).add(report["line"])
    expected = {
        number for number, line in enumerate(BAD_USE.splitlines(), 1) if line.endswith("# error")
    }
    assert errors == {"bad_use.py": expected}, result.stdout + result.stderr
