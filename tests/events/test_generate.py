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

from redactlint.events import MemorySink, Recorder
from redactlint.redact import REDACTED, hashed, safe, unsafe
from redactlint.schema.generate import (
    HEADER,
    GenerateError,
    class_name,
    constant_name,
    event_meta,
    generate_registry,
)
from redactlint.schema.model import EventSchema, FieldSchema

from .generated import import_file, write_registry
from .schemas import ALL, GO_TO_DEFINITION, NOTES, PAGE_VIEWED, SEARCH

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
        "query", "patternType", "resultCount", "durationMs", "cached", "label", "repo",
        "scopes", "terms", "pages",
    ]
    annotations = {name: str(value) for name, value in cls.__annotations__.items()}
    assert annotations["query"].endswith("RedactableStr'>")
    assert annotations["patternType"] == "typing.Literal['literal', 'regexp']"
    assert annotations["label"].endswith("SafeStr | None")
    assert annotations["scopes"].endswith("tuple[redactlint.redact.strings.SafeStr, ...] | None")
    assert annotations["pages"] == "tuple[int, ...] | None"
    event = cls(query=unsafe("q"), patternType="literal", resultCount=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.query = unsafe("other")
    assert not hasattr(event, "__dict__")
    assert event_meta(SEARCH) == cls.META
    assert cls.META.schema == SEARCH.raw
    assert module.NotebookPageViewed.META.expires == "2031-01-31"
    assert module.CodeIntelGoToDefinition.META.schema is None


def test_docstrings_carry_descriptions_verbatim(tmp_path: Path) -> None:
    module = import_file(write_registry(tmp_path, ALL))
    doc = module.SearchSubmitted.__doc__
    assert doc.startswith("A user ran a search: how it went, never what was searched.")
    assert "Event ``search.submitted``, version 2, owned by search-team." in doc
    assert "query: (sensitive) The query as typed." in doc
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
        patternType="regexp",
        resultCount=2,
        durationMs=3.5,
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


@pytest.mark.parametrize(
    ("field", "message"),
    [
        (FieldSchema("class", "integer", True), "'class' is not usable as a Python field name"),
        (FieldSchema("_x", "integer", True), "'_x' is not usable as a Python field name"),
        (FieldSchema("META", "integer", True), "'META' clashes with a name the class needs"),
        (FieldSchema("record", "integer", True), "'record' clashes"),
        (FieldSchema("SafeStr", "integer", False), "'SafeStr' clashes"),
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
    patternType="regexp",
    resultCount=3,
    label=redact.safe("toolbar"),
    repo=redact.hashed("acme/widgets"),
    scopes=(redact.safe("a"), redact.safe("b")),
    terms=(redact.format("x {}", "y"),),
    pages=(1, 2),
    durationMs=4,
)
recorded: bool = event.record()
page = NotebookPageViewed(page=redact.unsafe("view"), notebookId=redact.hashed("n1"))
name: str = SEARCH_SUBMITTED
cls = REGISTRY[name]
'''

BAD_USE = '''\
from redact_names import text, marked, reviewed
from registry import SearchSubmitted

SearchSubmitted(query=marked, patternType="literal", resultCount=1, label=text)  # error
SearchSubmitted(query=text, patternType="literal", resultCount=1)  # error
SearchSubmitted(query=reviewed, patternType="literal", resultCount=1)  # error
SearchSubmitted(query=marked, patternType="glob", resultCount=1)  # error
SearchSubmitted(query=marked, patternType="literal", resultCount="1")  # error
SearchSubmitted(query=marked, patternType="literal", resultCount=1, scopes=(text,))  # error
SearchSubmitted(query=marked, patternType="literal", resultCount=1, label=reviewed)
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
