"""``redactlint schema infer``: names, types, enums, required fields, never overwriting,
``--merge``; every stub valid per the meta-schema and loadable by the loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from redactlint.cli import main
from redactlint.schema.generate import generate_registry
from redactlint.schema.infer import (
    ObservedCall,
    ObservedValue,
    event_name_for,
    infer_stubs,
    property_name_for,
    render,
    write_stubs,
)
from redactlint.schema.lint import lint
from redactlint.schema.loader import load_schema_dir
from redactlint.schema.validate import check_document

PYPROJECT = """\
[tool.redactlint]
schemas = "schemas"

[[tool.redactlint.sinks]]
call = "analytics.track"
event = 0
properties = 1
redacts = true
"""

APP = """\
from __future__ import annotations

from typing import Literal, Optional

import analytics
from redactlint.redact import unsafe

KIND = "repo"


def search(query: str, n: int, ratio: float, flag: bool, hits: list[str]) -> None:
    analytics.track(
        "Search Submitted",
        {
            "q": query,
            "result_count": n,
            "ratio": ratio,
            "exact": flag,
            "hit_count": len(hits),
            "latency": round(ratio, 2),
            "label": f"{query}!",
            "pattern_type": "literal",
            "marked": unsafe(query),
        },
    )


def search_again(mode: Literal["regexp", "structural"], other, maybe: Optional[int]) -> None:
    analytics.track(
        "Search Submitted",
        {"q": other, "result_count": 3, "pattern_type": mode, "page": maybe},
    )


def filter_applied(value, count: int | None) -> None:
    scale: float = 2.0
    analytics.track("Filter Applied", {"kind": KIND, "value": value, "scale": scale})
    analytics.track("Filter Applied", {"kind": "language", "count": count})


def timing(started) -> None:
    now = 5
    analytics.track(
        "Timing Measured",
        {"elapsed": (now - started) * 1000, "now": now, "ratio": now / 2, "twice": started * 2},
    )


def unknown(name, extra) -> None:
    analytics.track(name, {"q": 1})
    analytics.track("Filter Applied", {"kind": "repo", **extra})
"""


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture
def legacy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "analytics.py").write_text("def track(event, properties):\n    return True\n")
    (tmp_path / "app.py").write_text(APP)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def load(path: Path) -> dict[str, object]:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


# -- names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("Search Submitted", ("search", "submitted")),
        ("search.submitted", ("search", "submitted")),
        ("search_submitted", ("search", "submitted")),
        ("SearchSubmitted", ("search", "submitted")),
        ("codeIntel:goToDefinition", ("codeIntel", "goToDefinition")),
        ("Code Intel - Go To Definition", ("code", "intelGoToDefinition")),
        ("HTTP Request Sent", ("http", "requestSent")),
        ("notebook page-viewed", ("notebook", "pageViewed")),
        ("Signup", ("legacy", "signup")),
        ("", None),
        ("!!!", None),
    ],
)
def test_event_names_follow_feature_action(legacy: str, expected: tuple[str, str] | None) -> None:
    assert event_name_for(legacy) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("q", "q"),
        ("query", "query"),
        ("result_count", "resultCount"),
        ("Result Count", "resultCount"),
        ("result-count", "resultCount"),
        ("userID", "userId"),
        ("resultCount", "resultCount"),
        ("_private", "private"),
        ("2fa", None),
        ("", None),
    ],
)
def test_property_names_are_camel_case(key: str, expected: str | None) -> None:
    assert property_name_for(key) == expected


# -- documents ---------------------------------------------------------------------


def stub_for(*calls: ObservedCall, tmp_path: Path = Path("schemas")) -> dict[str, object]:
    result = infer_stubs(list(calls), tmp_path)
    assert len(result.stubs) == 1
    document = result.stubs[0].document
    assert check_document(document) == []
    return document


def properties(document: dict[str, object]) -> dict[str, object]:
    found = document["properties"]
    assert isinstance(found, dict)
    return found


def test_types_from_observations() -> None:
    document = stub_for(
        ObservedCall(
            "Thing Happened",
            (
                ("count", ObservedValue("integer")),
                ("ratio", ObservedValue("number")),
                ("mixed", ObservedValue("integer")),
                ("flag", ObservedValue("boolean")),
                ("text", ObservedValue("string")),
                ("unknown", ObservedValue()),
                ("clash", ObservedValue("boolean")),
            ),
        ),
        ObservedCall(
            "Thing Happened",
            (
                ("count", ObservedValue()),  # unknown beside a known type: the known one
                ("mixed", ObservedValue("number")),
                ("clash", ObservedValue("string")),
            ),
        ),
    )
    assert properties(document) == {
        "count": {"type": "integer"},
        "ratio": {"type": "number"},
        "mixed": {"type": "number"},
        "flag": {"type": "boolean"},
        "text": {"type": "string", "x-sensitivity": "sensitive"},
        "unknown": {"type": "string", "x-sensitivity": "sensitive"},
        "clash": {"type": "string", "x-sensitivity": "sensitive"},
    }


def test_enum_only_when_every_value_is_a_literal() -> None:
    literal = ObservedValue("string", ("repo",))
    document = stub_for(
        ObservedCall("Filter Applied", (("kind", literal), ("value", literal))),
        ObservedCall(
            "Filter Applied",
            (
                ("kind", ObservedValue("string", ("language", "author"))),
                ("value", ObservedValue("string")),
            ),
        ),
        ObservedCall("Filter Applied", (("kind", ObservedValue("null")),)),
    )
    assert properties(document)["kind"] == {
        "type": "string",
        "x-sensitivity": "safe",
        "enum": ["author", "language", "repo"],
    }
    assert properties(document)["value"] == {"type": "string", "x-sensitivity": "sensitive"}


def test_required_when_in_every_complete_call_and_never_none() -> None:
    number = ObservedValue("integer")
    document = stub_for(
        ObservedCall("A B", (("always", number), ("sometimes", number), ("nullable", number))),
        ObservedCall("A B", (("always", number), ("nullable", ObservedValue("null")))),
        ObservedCall("A B", (("sometimes", number),), complete=False),  # **extra: no say
    )
    assert document["required"] == ["always"]


def test_names_are_normalised_and_the_legacy_names_recorded() -> None:
    document = stub_for(
        ObservedCall("Search Submitted", (("result_count", ObservedValue("integer")),))
    )
    meta = document["x-event"]
    assert meta == {
        "feature": "search",
        "action": "submitted",
        "version": 1,
        "owner": "",
        "description": "",
        "legacy-name": "Search Submitted",
    }
    assert properties(document) == {
        "resultCount": {"type": "integer", "x-legacy-name": "result_count"}
    }
    unchanged = stub_for(ObservedCall("search.submitted", (("q", ObservedValue("string")),)))
    assert "legacy-name" not in unchanged["x-event"]  # type: ignore[operator]
    assert "x-legacy-name" not in properties(unchanged)["q"]  # type: ignore[operator]


def test_unusable_and_colliding_keys_are_left_out_with_a_note() -> None:
    number = ObservedValue("integer")
    call = ObservedCall(
        "A B",
        (
            ("user_id", number),
            ("userId", number),
            ("class", number),
            ("record", number),
            ("9", number),
        ),
    )
    result = infer_stubs([call], Path("schemas"))
    stub = result.stubs[0]
    assert properties(stub.document) == {"userId": {"type": "integer"}}  # the first key wins
    notes = "\n".join(stub.notes)
    assert "keys 'userId' and 'user_id' both become 'userId'; 'user_id' left out" in notes
    assert "'class'" in notes and "'record'" in notes and "'9'" in notes


def test_two_legacy_names_for_one_event_keep_the_first() -> None:
    result = infer_stubs(
        [ObservedCall("search_submitted", where="a.py:1:1"), ObservedCall("Search Submitted")],
        Path("schemas"),
    )
    assert [stub.legacy_name for stub in result.stubs] == ["Search Submitted"]
    assert "both become search.submitted" in result.skipped[0]


def test_render_is_deterministic() -> None:
    document = {"b": 1, "a": {"d": [1, 2], "c": "ü"}}
    text = render(document)
    assert (
        text
        == '{\n  "a": {\n    "c": "ü",\n    "d": [\n      1,\n      2\n    ]\n  },\n  "b": 1\n}\n'
    )


# -- the command -------------------------------------------------------------------


def test_infer_writes_valid_loadable_stubs(legacy: Path) -> None:
    result = run("schema", "infer", "--out", "schemas")

    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (legacy / "schemas").iterdir()) == [
        "filter.applied.json",
        "search.submitted.json",
        "timing.measured.json",
    ]
    schemas = load_schema_dir(legacy / "schemas")
    assert schemas.names == ("filter.applied", "search.submitted", "timing.measured")
    generate_registry(list(schemas))  # the stubs generate a registry as they are
    codes = {finding.code for finding in lint(schemas)}
    assert "RS002" in codes  # owner and description are for a person to fill
    assert "app.py:50:5: skipped: dynamic event name `name`" in result.stderr
    assert "3 events found: 3 written, 0 merged, 0 left as they were." in result.stdout

    search = load(legacy / "schemas" / "search.submitted.json")
    assert properties(search) == {
        "q": {"type": "string", "x-sensitivity": "sensitive"},
        "resultCount": {"type": "integer", "x-legacy-name": "result_count"},
        "ratio": {"type": "number"},
        "exact": {"type": "boolean"},
        "hitCount": {"type": "integer", "x-legacy-name": "hit_count"},
        "latency": {"type": "number"},
        "label": {"type": "string", "x-sensitivity": "sensitive"},
        "patternType": {
            "type": "string",
            "x-sensitivity": "safe",
            "enum": ["literal", "regexp", "structural"],
            "x-legacy-name": "pattern_type",
        },
        "marked": {"type": "string", "x-sensitivity": "sensitive"},
        "page": {"type": "integer"},
    }
    assert search["required"] == ["patternType", "q", "resultCount"]

    filters = load(legacy / "schemas" / "filter.applied.json")
    assert properties(filters) == {
        "kind": {"type": "string", "x-sensitivity": "safe", "enum": ["language", "repo"]},
        "value": {"type": "string", "x-sensitivity": "sensitive"},
        "scale": {"type": "number"},
        "count": {"type": "integer"},
    }
    assert filters["required"] == ["kind"]  # the call with **extra does not count

    timing = load(legacy / "schemas" / "timing.measured.json")
    assert properties(timing) == {
        "elapsed": {"type": "number"},  # no str comes out of a subtraction
        "now": {"type": "integer"},  # assigned once, from a literal
        "ratio": {"type": "number"},
        "twice": {"type": "string", "x-sensitivity": "sensitive"},  # "ab" * 2 is a str
    }


def test_infer_output_is_sorted_and_stable(legacy: Path, tmp_path: Path) -> None:
    assert run("schema", "infer", "--out", "first").exit_code == 0
    assert run("schema", "infer", "--out", "second").exit_code == 0
    for path in (legacy / "first").iterdir():
        text = path.read_text(encoding="utf-8")
        assert text == (legacy / "second" / path.name).read_text(encoding="utf-8")
        assert text == render(json.loads(text))  # sorted keys, 2-space indent, newline


def test_infer_never_overwrites(legacy: Path) -> None:
    schemas = legacy / "schemas"
    assert run("schema", "infer").exit_code == 0  # --out defaults to the configured schemas
    edited = schemas / "search.submitted.json"
    document = load(edited)
    document["x-event"]["owner"] = "search-team"  # type: ignore[index]
    edited.write_text(render(document))
    before = {path.name: path.read_bytes() for path in schemas.iterdir()}

    result = run("schema", "infer", "--out", "schemas")

    assert result.exit_code == 0, result.output
    assert {path.name: path.read_bytes() for path in schemas.iterdir()} == before
    assert "exists (from 'Search Submitted'); not overwritten, --merge adds" in result.stdout
    assert "0 written, 0 merged, 3 left as they were." in result.stdout


def test_merge_adds_only_new_properties(legacy: Path) -> None:
    schemas = legacy / "schemas"
    assert run("schema", "infer", "--out", "schemas").exit_code == 0
    path = schemas / "filter.applied.json"
    document = load(path)
    del document["properties"]["scale"]  # type: ignore[attr-defined]
    document["properties"]["kind"]["description"] = "Reviewed."  # type: ignore[index]
    document["x-event"]["owner"] = "search-team"  # type: ignore[index]
    path.write_text(render(document))

    result = run("schema", "infer", "--out", "schemas", "--merge")

    assert result.exit_code == 0, result.output
    merged = load(path)
    assert properties(merged)["scale"] == {"type": "number"}
    assert properties(merged)["kind"]["description"] == "Reviewed."  # type: ignore[index]
    assert merged["x-event"]["owner"] == "search-team"  # type: ignore[index]
    assert merged["required"] == ["kind"]  # a merged property is optional
    assert "merged into schemas/filter.applied.json (from 'Filter Applied': added scale)" in (
        result.stdout
    )
    assert "search.submitted.json has every property" in result.stdout
    load_schema_dir(schemas)

    again = run("schema", "infer", "--out", "schemas", "--merge")
    assert again.exit_code == 0
    assert load(path) == merged


def test_merge_finds_events_by_legacy_name(legacy: Path) -> None:
    schemas = legacy / "schemas"
    schemas.mkdir()
    existing = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "x-event": {
            "feature": "filter",
            "action": "used",
            "version": 2,
            "owner": "search-team",
            "description": "Filters.",
            "legacy-name": "Filter Applied",
        },
        "properties": {"kind": {"type": "string", "x-sensitivity": "safe"}},
        "additionalProperties": False,
    }
    (schemas / "filter.used.json").write_text(json.dumps(existing, indent=2) + "\n")

    result = run("schema", "infer", "--out", "schemas", "--merge")

    assert result.exit_code == 0, result.output
    assert not (schemas / "filter.applied.json").exists()
    merged = load(schemas / "filter.used.json")
    assert list(properties(merged)) == ["count", "kind", "scale", "value"]  # sorted stays sorted
    assert merged["x-event"] == existing["x-event"]


def test_infer_needs_a_legacy_sink_and_valid_existing_schemas(legacy: Path, tmp_path: Path) -> None:
    (legacy / "schemas").mkdir()
    (legacy / "schemas" / "broken.json").write_text("{")
    broken = run("schema", "infer", "--out", "schemas")
    assert broken.exit_code == 2
    assert "invalid JSON" in broken.stderr and "nothing was written" in broken.stderr

    (legacy / "pyproject.toml").write_text("[tool.redactlint]\n")
    no_sink = run("schema", "infer", "--out", "out")
    assert no_sink.exit_code == 2
    assert "no legacy sink to read" in no_sink.stderr

    no_out = run("schema", "infer")
    assert no_out.exit_code == 2
    assert "give --out DIR" in no_out.stderr


def test_write_stubs_refuses_to_replace_a_file(tmp_path: Path) -> None:
    result = infer_stubs([ObservedCall("Search Submitted")], tmp_path)
    (tmp_path / "search.submitted.json").write_text("mine")
    with pytest.raises(FileExistsError):
        write_stubs(result)
    assert (tmp_path / "search.submitted.json").read_text() == "mine"


def existing_schema(legacy_name: str | None) -> dict[str, object]:
    meta: dict[str, object] = {
        "feature": "search",
        "action": "submitted",
        "version": 1,
        "owner": "search-team",
        "description": "Searches.",
    }
    if legacy_name is not None:
        meta["legacy-name"] = legacy_name
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "x-event": meta,
        "properties": {"q": {"type": "string", "x-sensitivity": "sensitive"}},
        "additionalProperties": False,
    }


def test_merge_records_the_legacy_name_of_a_matching_event(tmp_path: Path) -> None:
    (tmp_path / "search.submitted.json").write_text(render(existing_schema(None)))
    existing = load_schema_dir(tmp_path).events
    calls = [ObservedCall("Search Submitted", (("q", ObservedValue("string")),), where="a.py:3:1")]

    plain = infer_stubs(calls, tmp_path, existing)
    assert [stub.action for stub in plain.stubs] == ["exists"]

    merged = infer_stubs(calls, tmp_path, existing, merge=True)
    stub = merged.stubs[0]
    assert stub.action == "merge" and stub.added == ()
    assert stub.document["x-event"]["legacy-name"] == "Search Submitted"  # type: ignore[index]
    write_stubs(merged)
    assert load_schema_dir(tmp_path).events[0].legacy_name == "Search Submitted"


def test_a_name_taken_by_another_legacy_event_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "search.submitted.json").write_text(render(existing_schema("Query Run")))
    existing = load_schema_dir(tmp_path).events
    calls = [ObservedCall("Search Submitted", where="a.py:3:1")]

    result = infer_stubs(calls, tmp_path, existing, merge=True)

    assert result.stubs == ()
    assert result.skipped == (
        "a.py:3:1: event 'Search Submitted' would be search.submitted, which already exists "
        "for legacy name 'Query Run'; skipped (map it in a mapping file)",
    )
