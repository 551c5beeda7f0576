"""``check_collector_config``: each way a collector configuration is wider than the
schemas is reported at its file, YAML path and line; the generated one is not wider."""

from __future__ import annotations

import pytest

from redactlint.collector import (
    PROCESSOR_NAME,
    CollectorProblem,
    check_collector_config,
    collector_config,
    render_yaml,
)
from redactlint.errors import UsageError
from redactlint.schema.loader import SchemaSet, load_schema_dir

from .helpers import SCHEMAS, WIRING


@pytest.fixture(scope="module")
def schemas() -> SchemaSet:
    return load_schema_dir(SCHEMAS)


@pytest.fixture(scope="module")
def generated(schemas: SchemaSet) -> str:
    return render_yaml(collector_config(schemas)) + WIRING


def shown(problems: list[CollectorProblem]) -> list[str]:
    return [f"{problem.line} {problem.path}: {problem.message}" for problem in problems]


def test_the_generated_configuration_is_not_wider(generated: str, schemas: SchemaSet) -> None:
    assert check_collector_config(generated, schemas) == []


WIDER = """\
processors:
  redaction:
    allow_all_keys: true
    allowed_keys:
      - event.name
      - event.properties.query
      - http.request.header.cookie
service:
  pipelines:
    logs:
      receivers: [otlp]
      processors: [redaction]
      exporters: [debug]
"""


def test_a_wider_configuration_lists_each_problem(schemas: SchemaSet) -> None:
    problems = check_collector_config(WIDER, schemas, source="collector.yaml")
    assert shown(problems) == [
        "3 processors.redaction.allow_all_keys: true lets every attribute key through",
        "7 processors.redaction.allowed_keys[2]: 'http.request.header.cookie' is in no "
        "event schema",
        "2 processors.redaction.blocked_values: no pattern masks a leaked marker span such "
        "as '‹alice@example.com›'",
    ]
    assert str(problems[0]) == (
        "collector.yaml:3: processors.redaction.allow_all_keys: true lets every attribute "
        "key through"
    )


def _with(generated: str, *lines: str) -> str:
    anchor = f"  {PROCESSOR_NAME}:\n"
    return generated.replace(anchor, anchor + "".join(f"    {line}\n" for line in lines))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["ignored_keys: [event.properties.query]"], "ignored_keys: ignored keys pass"),
        (["ignored_key_patterns: ['.*']"], "ignored_key_patterns: keys matching these"),
        (["allowed_values: ['‹×›']"], "allowed_values: a value matching one of these"),
        (["hash_function: md5"], "hash_function: a leaked span would leave as an unkeyed"),
        (["allowed_key: [x]"], "allowed_key: not a key of the redaction processor"),
        (["redact_all_types: 'yes'"], "redact_all_types: expected true or false"),
        (["blocked_key_patterns: token"], "blocked_key_patterns: expected a list of strings"),
    ],
)
def test_settings_that_widen(
    generated: str, schemas: SchemaSet, lines: list[str], expected: str
) -> None:
    (problem,) = check_collector_config(_with(generated, *lines), schemas)
    assert f"processors.{PROCESSOR_NAME}.{expected}" in f"{problem.path}: {problem.message}"
    assert problem.line == 4


def test_summary_debug_and_a_keyed_hash(generated: str, schemas: SchemaSet) -> None:
    text = generated.replace('summary: "info"', 'summary: "debug"\n    hash_function: hmac-sha256')
    (problem,) = check_collector_config(text, schemas)
    assert problem.message == "debug sends the names of removed keys; use info"


def test_blocked_values_that_miss_some_leaks(generated: str, schemas: SchemaSet) -> None:
    text = """\
processors:
  redaction:
    allowed_keys: [event.name]
    blocked_values: ["‹[^›]*[^›0-9a-f×][^›]*›"]
service: {pipelines: {logs: {processors: [redaction]}}}
"""
    (problem,) = check_collector_config(text, schemas)
    assert problem.path == "processors.redaction.blocked_values" and problem.line == 4
    assert problem.message == (
        "leaked marker spans pass unmasked: '‹0123abc›', '‹0123abcd0›', 'path ‹alice@example.com'"
    )


def test_a_processor_left_out_of_the_logs_pipeline(generated: str, schemas: SchemaSet) -> None:
    unwired = generated.replace("processors: [redaction/redactlint]", "processors: [batch]")
    assert shown(check_collector_config(unwired, schemas)) == [
        f"{_line_of(unwired, 'processors: [batch]')} service.pipelines.logs.processors: "
        "this logs pipeline runs no redaction processor",
        f"{_line_of(unwired, PROCESSOR_NAME + ':')} processors.{PROCESSOR_NAME}: "
        "in no logs pipeline: it enforces nothing",
    ]


def _line_of(text: str, line: str) -> int:
    return next(n for n, each in enumerate(text.splitlines(), 1) if each.strip() == line)


def test_no_redaction_processor_and_no_logs_pipeline(schemas: SchemaSet) -> None:
    text = "processors:\n  batch:\nservice:\n  pipelines:\n    traces:\n      processors: [batch]\n"
    assert shown(check_collector_config(text, schemas)) == [
        "1 processors: no redaction processor: every attribute passes",
        "4 service.pipelines: no logs pipeline runs a redaction processor",
    ]


def test_a_processor_with_no_settings_blocks_no_leaks(schemas: SchemaSet) -> None:
    text = (
        "processors:\n  redaction/empty:\n"
        "service: {pipelines: {logs: {processors: [redaction/empty]}}}\n"
    )
    (problem,) = check_collector_config(text, schemas)
    assert (problem.path, problem.line) == ("processors.redaction/empty.blocked_values", 2)


@pytest.mark.parametrize("text", ["processors: [\n", "- a list\n", ""])
def test_unreadable_yaml_is_a_usage_error(text: str, schemas: SchemaSet) -> None:
    with pytest.raises(UsageError, match=r"^bad\.yaml: "):
        check_collector_config(text, schemas, source="bad.yaml")
