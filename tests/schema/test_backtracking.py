"""Issue 15 item 8: ``x-safe-if`` patterns that backtrack catastrophically are refused by
schema lint (RS008) and bounded at export, failing closed."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest

from redactlint.analysis.rules.registry import find_rule
from redactlint.events import Event, EventMeta, FieldInfo, MemorySink, Recorder
from redactlint.events.export import SAFE_IF_MAX_LENGTH
from redactlint.events.patterns import backtracking_problem, may_backtrack
from redactlint.redact import REDACTED, RedactableStr, unsafe
from redactlint.schema.lint import lint
from redactlint.schema.loader import load_schema_dir

EVIL = "^(a+)+$"
SLOW_VALUE = "a" * 27 + "!"  # 2**27 ways to split the a's before failing on "!"


@pytest.mark.parametrize(
    "pattern",
    [
        "^(a+)+$",
        "^(a*)*$",
        "^(a|a)*$",
        "^(a|a?)+$",
        "^(?:a+)+$",
        "^(\\w+\\s?)*$",
        "^(.*a){12}$",
        "^((ab)*c)*$",
        "^(?:x(a|a)*)$",
        "^(?=(a+)+)a$",
        "^([a-z0-9]+-)*[a-z0-9]+$",  # conservative: any quantifier inside a repeated group
    ],
)
def test_patterns_that_can_backtrack_are_found(pattern: str) -> None:
    assert backtracking_problem(pattern) is not None
    assert may_backtrack(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        "^(list|view|edit|embed)$",
        "^[a-z][a-z-]{0,63}$",
        "^([A-Z]{4})+$",
        "^(ab|cd)*$",
        "^(?:[a-z]|[0-9])+$",
        "^a+b*c?$",
        "^\\(a+\\)+$",  # escaped parentheses are literals, not a group
        "^[(a+)+]$",  # inside a class too
    ],
)
def test_bounded_patterns_pass(pattern: str) -> None:
    assert backtracking_problem(pattern) is None
    assert not may_backtrack(pattern)


def test_an_invalid_pattern_fails_closed() -> None:
    assert may_backtrack("^(a$")


def _write(tmp_path: Path, safe_if: str) -> Path:
    document: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "x-event": {
            "feature": "search",
            "action": "submitted",
            "version": 1,
            "owner": "search-team",
            "description": "A user ran a search.",
        },
        "properties": {
            "page": {"type": "string", "x-sensitivity": "sensitive", "x-safe-if": safe_if}
        },
        "additionalProperties": False,
    }
    (tmp_path / "search.submitted.json").write_text(json.dumps(document), encoding="utf-8")
    return tmp_path


def test_schema_lint_reports_rs008_with_a_location(tmp_path: Path) -> None:
    findings = lint(load_schema_dir(_write(tmp_path, EVIL)))
    assert [(f.code, f.pointer) for f in findings] == [("RS008", "/properties/page/x-safe-if")]
    assert "can backtrack catastrophically" in findings[0].message
    rule = find_rule("RS008")
    assert rule is not None and rule.name == "backtracking-safe-if"


def test_schema_lint_accepts_a_bounded_pattern(tmp_path: Path) -> None:
    assert lint(load_schema_dir(_write(tmp_path, "^[a-z][a-z-]{0,63}$"))) == []


@dataclass(frozen=True, slots=True)
class PageViewed(Event):
    META: ClassVar[EventMeta] = EventMeta(
        name="page.viewed",
        version=1,
        fields=(
            FieldInfo("evil", "string", sensitivity="sensitive", safe_if=EVIL),
            FieldInfo("page", "string", sensitivity="sensitive", safe_if="^[a-z!]+$"),
        ),
    )
    evil: RedactableStr | None = None
    page: RedactableStr | None = None


@pytest.mark.parametrize("mode", ["redact", "drop"])
def test_export_does_not_run_a_backtracking_pattern(mode: str) -> None:
    sink = MemorySink()
    recorder = Recorder(sink, mode=mode, raise_errors=True)  # type: ignore[arg-type]
    started = time.perf_counter()
    assert recorder.record(PageViewed(evil=unsafe(SLOW_VALUE)))
    assert recorder.record(PageViewed(evil=unsafe("aaa")))  # would match: still redacted
    assert time.perf_counter() - started < 0.5
    for payload in sink.payloads:
        assert payload["properties"].get("evil", REDACTED) == REDACTED


@pytest.mark.parametrize("mode", ["redact", "drop"])
@pytest.mark.parametrize("canary", ["alice@example.com", "SECRET-TOKEN-123"])
def test_over_long_values_are_redacted_without_matching(mode: str, canary: str) -> None:
    sink = MemorySink()
    recorder = Recorder(sink, mode=mode, raise_errors=True)  # type: ignore[arg-type]
    matching = "a" * SAFE_IF_MAX_LENGTH
    too_long = "a" * (SAFE_IF_MAX_LENGTH + 1)
    canary_long = canary.lower().replace("@", "!").replace(".", "!").replace("-", "!") * 40
    recorder.record(PageViewed(page=unsafe(matching)))
    recorder.record(PageViewed(page=unsafe(too_long)))
    recorder.record(PageViewed(page=unsafe(canary_long)))
    pages = [payload["properties"].get("page") for payload in sink.payloads]
    assert pages[0] == (matching if mode == "redact" else None)
    assert pages[1] in (REDACTED, None)
    assert pages[2] in (REDACTED, None)
    assert canary_long.encode() not in json.dumps(sink.payloads).encode()
