"""Sample payloads come from the real runtime: canaries in, exported payloads out."""

from __future__ import annotations

from pathlib import Path

from redactlint.catalog.samples import canary_text, event_class, sample_event
from redactlint.events import Allowlist, Event
from redactlint.redact import REDACTED
from redactlint.schema.generate import event_meta
from redactlint.schema.model import EventSchema, FieldSchema

FIELDS = (
    FieldSchema("query", "string", True, sensitivity="sensitive"),
    FieldSchema("page", "string", True, sensitivity="sensitive", safe_if="^(view|edit)$"),
    FieldSchema("repo", "string", False, sensitivity="hashed"),
    FieldSchema("kind", "string", True, sensitivity="safe", enum=("literal", "regexp")),
    FieldSchema("label", "string", False, sensitivity="safe", pattern="^[a-z.@]+$"),
    FieldSchema("loose", "string", False),
    FieldSchema("tags", "array", False, sensitivity="sensitive", item_type="string"),
    FieldSchema("resultCount", "integer", True),
    FieldSchema("durationMs", "number", True),
    FieldSchema("cached", "boolean", True),
)
SCHEMA = EventSchema("search", "submitted", 3, "search", "A search.", FIELDS, Path("x.json"))


def outcomes(sample: object, view: str) -> dict[str, str]:
    return {o.field: o.outcome for o in sample.outcomes if o.view == view}  # type: ignore[attr-defined]


def test_event_class_is_a_real_event() -> None:
    cls = event_class(event_meta(SCHEMA))
    event = cls(query=None)
    assert isinstance(event, Event)
    assert type(event).META.name == "search.submitted"
    assert event.to_payload() == {"event": "search.submitted", "version": 3, "properties": {}}


def test_inputs_are_written_as_correct_code_writes_them() -> None:
    sample = sample_event(SCHEMA)
    given = {value.field: value.given for value in sample.inputs}
    assert given == {
        "query": "unsafe('query.alice@example.com')",
        "page": "unsafe('page.alice@example.com')",
        "kind": "'literal'",
        "resultCount": "7",
        "durationMs": "2.5",
        "cached": "True",
        "repo": "hashed('repo.alice@example.com')",
        "label": "safe('label.alice@example.com')",
        "loose": "unsafe('loose.alice@example.com')",
        "tags": "(unsafe('tags.alice@example.com'),)",
    }
    assert canary_text("query") == "query.alice@example.com"


def test_what_leaves_in_each_mode() -> None:
    sample = sample_event(SCHEMA)
    assert outcomes(sample, "redact") == {
        "query": "redacted",
        "page": "redacted",  # the canary does not match x-safe-if
        "kind": "clear",
        "resultCount": "clear",
        "durationMs": "clear",
        "cached": "clear",
        "repo": "hashed",
        "label": "clear",  # reviewed safe: whatever is put there leaves
        "loose": "redacted",
        "tags": "redacted",
    }
    assert outcomes(sample, "drop") == {
        **outcomes(sample, "redact"),
        "query": "dropped",
        "page": "dropped",
        "repo": "dropped",
        "loose": "dropped",
        "tags": "dropped",
    }
    assert set(outcomes(sample, "keep").values()) == {"clear"}
    # No allowlist: the allowlisted view is the redact view.
    assert outcomes(sample, "allowlisted") == outcomes(sample, "redact")


def test_payloads_are_the_runtime_export() -> None:
    sample = sample_event(SCHEMA)
    redacted = sample.payload("redact")
    assert redacted["event"] == "search.submitted"
    assert redacted["version"] == 3
    properties = redacted["properties"]
    assert properties["query"] == REDACTED
    assert properties["tags"] == [REDACTED]
    assert properties["kind"] == "literal"
    assert properties["label"] == "label.alice@example.com"
    assert properties["repo"].startswith("‹") and "alice" not in properties["repo"]
    assert "query" not in sample.payload("drop")["properties"]
    assert sample.payload("keep")["properties"]["query"] == "query.alice@example.com"


def test_canary_flag_marks_text_that_leaves_in_clear() -> None:
    sample = sample_event(SCHEMA)
    exposed = {(o.field, o.view) for o in sample.outcomes if o.exposes}
    assert ("label", "redact") in exposed
    assert ("query", "keep") in exposed
    assert ("kind", "redact") not in exposed  # an enum constant, not a canary
    assert ("resultCount", "redact") not in exposed
    assert ("query", "redact") not in exposed


def test_allowlisted_view_applies_the_allowlist() -> None:
    allowlist = Allowlist([("search.submitted", "query", "on-premises build")])
    sample = sample_event(SCHEMA, allowlist)
    assert outcomes(sample, "allowlisted")["query"] == "clear"
    assert outcomes(sample, "redact")["query"] == "redacted"
    assert sample.payload("allowlisted")["properties"]["query"] == "query.alice@example.com"


def test_samples_are_deterministic() -> None:
    assert sample_event(SCHEMA) == sample_event(SCHEMA)
