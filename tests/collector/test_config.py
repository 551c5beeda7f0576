"""The generated redaction processor configuration: its keys, its blocked values
against real exports, and its YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import re2  # type: ignore[import-untyped]
import yaml
from hypothesis import given
from hypothesis import strategies as st

from redactlint import redact
from redactlint.collector import (
    DOCUMENTED_KEYS,
    ENVELOPE_KEYS,
    LEAKED_SPAN_PATTERNS,
    PROCESSOR_NAME,
    attribute_keys,
    collector_config,
    processor_config,
    render_yaml,
)
from redactlint.events.export import export_event
from redactlint.schema.loader import SchemaSet, load_schema_dir
from redactlint.schema.model import EventSchema, FieldSchema

from .helpers import SCHEMAS, load_registry, mask

SALT = b"collector-test-key"

# The keys and value types of processor/redactionprocessor/config.schema.yaml in
# open-telemetry/opentelemetry-collector-contrib at 3f6252b4517027e495765a027f8e197906e0a3e0.
DOCUMENTED = {
    "allow_all_keys": bool,
    "allowed_keys": list,
    "allowed_values": list,
    "blocked_key_patterns": list,
    "blocked_values": list,
    "db_sanitizer": dict,
    "hash_function": str,
    "hmac_key": str,
    "ignored_key_patterns": list,
    "ignored_keys": list,
    "redact_all_types": bool,
    "summary": str,
    "url_sanitizer": dict,
}
SUMMARY_LEVELS = {"debug", "info", "silent"}


@pytest.fixture(scope="module")
def schemas() -> SchemaSet:
    return load_schema_dir(SCHEMAS)


@pytest.fixture(scope="module")
def patterns(schemas: SchemaSet) -> list[str]:
    values: list[str] = processor_config(schemas)["blocked_values"]
    return values


def test_allowed_keys_are_the_envelope_and_every_property(schemas: SchemaSet) -> None:
    properties = {
        f"event.properties.{name}"
        for path in SCHEMAS.glob("*.json")
        for name in json.loads(path.read_text(encoding="utf-8"))["properties"]
    }
    envelope = {"event.name", "event.version", "event.id", "instance.id", "user.id", "service.name"}
    config = processor_config(schemas)
    assert config["allowed_keys"] == sorted(properties | envelope)
    assert config["allow_all_keys"] is False
    assert set(ENVELOPE_KEYS) == envelope


def test_the_property_prefix_is_a_parameter(schemas: SchemaSet) -> None:
    keys = attribute_keys(schemas, "props.")
    assert "props.query" in keys and "event.properties.query" not in keys
    assert "event.name" in keys


def test_emitted_keys_are_documented_with_their_types(schemas: SchemaSet) -> None:
    kinds = {"boolean": bool, "string": str, "strings": list, "mapping": dict}
    assert {key: kinds[kind] for key, kind in DOCUMENTED_KEYS.items()} == DOCUMENTED
    config = collector_config(schemas)
    assert list(config) == ["processors"] and list(config["processors"]) == [PROCESSOR_NAME]
    settings = config["processors"][PROCESSOR_NAME]
    for key, value in settings.items():
        assert isinstance(value, DOCUMENTED[key]), key
        if isinstance(value, list):
            assert all(isinstance(item, str) for item in value), key
    assert settings["summary"] in SUMMARY_LEVELS
    assert "hash_function" not in settings
    assert "allowed_values" not in settings and "ignored_keys" not in settings


def test_every_blocked_value_is_an_re2_pattern() -> None:
    for pattern in LEAKED_SPAN_PATTERNS:
        re2.compile(pattern)  # Go's regexp reads the same syntax: no look-around


def test_exports_of_the_example_app_pass_unchanged(patterns: list[str]) -> None:
    registry = load_registry()
    events = [
        registry.SearchSubmitted(
            query=redact.unsafe("password reset for alice@example.com\nfrom:bob"),
            pattern_type="regexp",
            result_count=1,
            duration_ms=0.5,
            repo=redact.hashed("github.com/acme/secret-repo"),
        ),
        registry.NotebookPageViewed(
            cell_count=3, notebook_id=redact.hashed("nb-42"), page=redact.unsafe("view")
        ),
        registry.NotebookPageViewed(
            cell_count=3, notebook_id=redact.hashed("nb-42"), page=redact.unsafe("custom/x")
        ),
        registry.CodeIntelGoToDefinition(
            language="python", precise=True, symbol=redact.unsafe("secret_fn"), latency=4
        ),
    ]
    texts = [
        value
        for event in events
        for value in export_event(event, salt=SALT)["properties"].values()
        if isinstance(value, str)
    ]
    assert redact.REDACTED in texts  # redacted text
    assert any(len(text) == 10 and text != redact.REDACTED for text in texts)  # a digest
    assert "regexp" in texts and "python" in texts  # safe text
    for text in texts:
        assert mask(text, patterns) == text


@pytest.mark.parametrize(
    "leaked",
    [
        str(redact.unsafe("alice@example.com")),  # a span never redacted
        str(redact.hashed("alice@example.com")),  # a hash span never hashed
        str(redact.format("user {} searched", redact.unsafe("alice@example.com"))),
        str(redact.unsafe("deadbeefs")),  # hex-like, but not a digest's length
        str(redact.unsafe("alice@example.com"))[:-1],  # truncated before its "›"
        "‹×›, ‹×alice@example.com›",
    ],
)
def test_a_leaked_marker_span_is_masked(leaked: str, patterns: list[str]) -> None:
    masked = mask(leaked, patterns)
    assert "alice" not in masked and "deadbeef" not in masked
    assert "****" in masked


def test_a_leaked_span_shaped_like_a_digest_cannot_be_told_apart(patterns: list[str]) -> None:
    leaked = str(redact.unsafe("deadbeef"))
    assert mask(leaked, patterns) == leaked


def test_redacted_and_hashed_spans_inside_text_pass(patterns: list[str]) -> None:
    text = str(redact.format("definition of {} in {}", redact.unsafe("f"), redact.hashed("r")))
    exported = str(redact.RedactableStr(text).redact(hash=True, salt=SALT))
    assert exported.startswith("definition of ‹×› in ‹")
    assert mask(exported, patterns) == exported


SPAN_TEXT = st.text(alphabet="0123456789abcdefABx×†‹ \n", max_size=12)


@given(before=st.text(alphabet="ab ×", max_size=4), inside=SPAN_TEXT)
def test_a_span_passes_exactly_when_it_is_redacted_or_a_digest(before: str, inside: str) -> None:
    value = f"{before}‹{inside}›"
    allowed = inside == "×" or (len(inside) == 8 and all(c in "0123456789abcdef" for c in inside))
    masked = mask(value, list(LEAKED_SPAN_PATTERNS))
    assert (masked == value) == allowed, (value, masked)


def test_the_yaml_reads_back_as_the_config(schemas: SchemaSet) -> None:
    config = collector_config(schemas)
    text = render_yaml(config, len(schemas))
    assert yaml.safe_load(text) == config
    assert "service:" in text and f"processors: [{PROCESSOR_NAME}" in text  # the wiring


def test_odd_keys_read_back_unchanged() -> None:
    odd: dict[str, Any] = {
        "processors": {
            PROCESSOR_NAME: {
                "allowed_keys": ['a "quoted" key', "a\\b", "line\nbreak", "sep\u2028x", "#x", ""],
                "allow_all_keys": False,
                "blocked_values": [],
            }
        }
    }
    assert yaml.safe_load(render_yaml(odd)) == odd


def _schema_with(field: FieldSchema) -> SchemaSet:
    event = EventSchema("feature", "happened", 1, "team", "", (field,), Path("x.json"))
    return SchemaSet(Path("."), (event,))


def test_arrays_of_text_turn_on_redact_all_types() -> None:
    tags = FieldSchema("tags", "array", False, sensitivity="sensitive", item_type="string")
    assert processor_config(_schema_with(tags))["redact_all_types"] is True
    count = FieldSchema("count", "integer", False)
    assert "redact_all_types" not in processor_config(_schema_with(count))
