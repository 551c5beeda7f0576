"""Every sink shape is matched, and ``redactlint sinks`` shows what each declaration
covers: own-module calls, bare names, decorators, re-exports and receivers (the fixture
corpus), and sinks declared by name but called by position."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from redactlint.cli import main
from tests.support import EXAMPLE_SCHEMAS, write_project

from .project import build_project
from .test_loud_configuration import PYPROJECT as TRACKING


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def matched_calls(result: Result) -> dict[str, int]:
    assert result.exit_code == 0, result.output
    return {row["sink"]: row["calls"] for row in json.loads(result.stdout)["sinks"]}


def test_each_shape_of_the_corpus_is_a_matched_sink_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = build_project(tmp_path / "project")
    monkeypatch.chdir(project.root)
    calls = matched_calls(invoke("sinks", "--format", "json", "--no-cache"))
    assert calls["app.fixtures.sink_own_module.track"] == 8  # in the module defining it
    assert calls["app.fixtures.sink_own_module.track_run"] == 3
    assert calls["add_extra_log_payload"] == 5  # a parameter and a `with` target
    # @sink(...) twice, and sink(...)(function) once
    assert calls["app.fixtures.sink_decorators.record_usage_event"] == 3
    assert calls["app.fixtures.sink_decorators.event_logger.log_this"] == 2  # bare @sink
    assert calls["app.fixtures.sink_decorators.EventLogger.log_this_with_context"] == 2
    # Declared by its re-exported name; called through both names and through
    # receivers known from an annotation, an assignment, a property, a trait and a
    # classmethod returning Self.
    assert calls["app.fixtures.sink_logger.EventLogger.log"] == 11


def test_a_sink_that_matches_nothing_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_project(tmp_path / "project", EXAMPLE_SCHEMAS, PYPROJECT)
    (root / "app" / "analytics.py").write_text(
        "def track(event, properties):\n    pass\n\n\ndef forgotten():\n    pass\n"
    )
    (root / "app" / "use.py").write_text(
        'from app.analytics import track\n\ntrack("search.submitted", {})\n'
    )
    monkeypatch.chdir(root)
    result = invoke("sinks", "--no-cache")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("app.analytics.track ") and "app/use.py:3" in line for line in lines)
    assert any(
        line.startswith("app.analytics.forgotten ") and "matched no call" in line
        for line in lines
    )
    assert lines[-1] == "2 declared sinks, 1 calls matched, 1 matched no call"


PYPROJECT = TRACKING + """
[[tool.redactlint.sinks]]
call = "app.analytics.forgotten"
redacts = true
"""

# A vendor client installed in the environment, declared by parameter name only.
VENDOR = '''\
class Client:
    def track(self, event_name, properties_dict=None, context=None):
        """Send one event."""


def track(event_name, properties_dict=None):
    Client().track(event_name, properties_dict)
'''
BY_NAME = """\
[tool.redactlint]
schemas = "schemas"
registry = "app/telemetry/events.py"
environment = "env"

[[tool.redactlint.sinks]]
call = "vendor.track"
event = "event_name"
properties = "properties_dict"
redacts = true
"""
POSITIONAL = (
    "import vendor\n\n\n"
    "def handler(text: str) -> None:\n"
    '    vendor.track("search.submitted", {"query": text, "unknownField": 1})\n'
    '    vendor.track("no.such.event", {})\n'
)


@pytest.fixture
def by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_project(tmp_path / "project", EXAMPLE_SCHEMAS, BY_NAME)
    packages = root / "env" / "lib" / "python3.11" / "site-packages" / "vendor"
    packages.mkdir(parents=True)
    (packages / "__init__.py").write_text(VENDOR)
    (root / "app" / "handler.py").write_text(POSITIONAL)
    monkeypatch.chdir(root)
    return root


def test_a_sink_declared_by_name_is_matched_when_called_by_position(by_name: Path) -> None:
    result = invoke("check", "--no-cache", "--format", "json")
    codes = {(f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]}
    assert (5, "RL001") in codes  # the query, found through position 1
    assert (5, "RL103") in codes  # a field the schema lacks: the event was found
    assert (6, "RL101") in codes  # an unknown event, at position 0


def test_schema_infer_finds_the_events_of_positional_calls(by_name: Path) -> None:
    (by_name / "app" / "handler.py").write_text(
        'import vendor\n\nvendor.track("Report Exported", {"format": "csv"})\n'
    )
    result = invoke("schema", "infer", "--out", "inferred")
    assert result.exit_code == 0, result.output
    assert "1 event found" in result.output
    assert list((by_name / "inferred").rglob("*.json"))


def test_a_name_whose_position_cannot_be_read_is_a_warning(by_name: Path) -> None:
    (by_name / "env" / "lib" / "python3.11" / "site-packages" / "vendor" / "__init__.py").unlink()
    result = invoke("check", "--no-cache")
    assert "event = 'event_name' has no position and its signature cannot be read" in (
        result.stderr
    )


@pytest.mark.parametrize("value", ['"yes"', "1"])
def test_decorator_must_be_a_bool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    root = write_project(
        tmp_path / "project", EXAMPLE_SCHEMAS,
        PYPROJECT.replace('call = "app.analytics.forgotten"',
                          f'call = "app.analytics.forgotten"\ndecorator = {value}'),
    )
    monkeypatch.chdir(root)
    result = invoke("check", "--no-cache")
    assert result.exit_code == 2
    assert "'decorator' must be true or false" in result.output


@pytest.mark.parametrize(
    ("declared", "said"),
    [
        ("schema = 3", "'schema' must be a Python expression in a string"),
        ('schema = "$receiver.schemas[$name]"', "may name only $receiver and $event"),
        ('schema = "$receiver.schemas["', "'schema' is not a Python expression"),
        ('schema = "$receiver.schemas[$event]"', "names $event, but the sink has no 'event'"),
    ],
)
def test_a_sink_schema_is_an_expression_of_the_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, declared: str, said: str
) -> None:
    root = write_project(
        tmp_path / "project", EXAMPLE_SCHEMAS,
        PYPROJECT.replace('call = "app.analytics.forgotten"',
                          f'call = "app.analytics.forgotten"\nproperties = 0\n{declared}'),
    )
    monkeypatch.chdir(root)
    result = invoke("check", "--no-cache")
    assert result.exit_code == 2
    assert said in result.output and "sinks[1]" in result.output


def test_a_keyword_only_parameter_is_declared_without_a_position(by_name: Path) -> None:
    """``send_telemetry(topic, *, user_agent)`` of a library not installed: a name that
    never has a position says so, and no warning asks for one."""
    (by_name / "env" / "lib" / "python3.11" / "site-packages" / "vendor" / "__init__.py").unlink()
    pyproject = by_name / "pyproject.toml"
    pyproject.write_text(BY_NAME.replace(
        'properties = "properties_dict"',
        'properties = { name = "properties_dict", keyword_only = true }',
    ).replace('event = "event_name"', "event = 0"))
    (by_name / "app" / "handler.py").write_text(
        "import vendor\n\n\ndef handler(text: str) -> None:\n"
        '    vendor.track("search.submitted", properties_dict={"query": text})\n'
    )
    result = invoke("check", "--no-cache", "--format", "json")
    assert "has no position" not in result.stderr
    codes = {(f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]}
    assert (5, "RL001") in codes  # checked as the properties, key by key


@pytest.mark.parametrize(
    ("properties", "message"),
    [
        ('{ name = "properties_dict", position = 1, keyword_only = true }',
         "keyword_only = true says the parameter is passed by name only"),
        ('{ name = "properties_dict", keyword_only = "yes" }',
         "keyword_only = true says the parameter is passed by name only"),
        # The installed signature takes it by position too.
        ('{ name = "properties_dict", keyword_only = true }',
         "is declared keyword_only, but it takes a position (1)"),
    ],
)
def test_keyword_only_that_does_not_hold_is_exit_2(
    by_name: Path, properties: str, message: str
) -> None:
    (by_name / "pyproject.toml").write_text(
        BY_NAME.replace('properties = "properties_dict"', f"properties = {properties}")
    )
    result = invoke("check", "--no-cache")
    assert result.exit_code == 2
    assert message in result.output


def test_a_sink_in_a_namespace_package_is_matched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``langflow/`` has no ``__init__.py`` (a namespace package): Python imports
    ``langflow/services/telemetry/service.py`` as ``langflow.services.telemetry.service``
    from the project root, and so does the checker."""
    root = tmp_path / "project"
    telemetry = root / "langflow" / "services" / "telemetry"
    telemetry.mkdir(parents=True)
    (root / "langflow" / "services" / "__init__.py").write_text("")
    (telemetry / "__init__.py").write_text("")
    (telemetry / "service.py").write_text(
        "import json\nimport urllib.request\n\n\nclass TelemetryService:\n"
        "    def send(self, payload: dict) -> None:\n"
        "        urllib.request.urlopen('https://t.example', json.dumps(payload).encode())\n\n"
        "    def failed(self, error: Exception) -> None:\n"
        "        self.send({'error': str(error)})\n"
    )
    (root / "langflow" / "services" / "run.py").write_text(
        "from langflow.services.telemetry.service import TelemetryService\n\n\n"
        "def run(service: TelemetryService, error: Exception) -> None:\n"
        "    service.send({'error': str(error)})\n"
    )
    (root / "pyproject.toml").write_text(
        "[tool.redactlint]\n[[tool.redactlint.sinks]]\n"
        'call = "langflow.services.telemetry.service.TelemetryService.send"\n'
        'properties = "payload"\n'
    )
    monkeypatch.chdir(root)
    for args in (["langflow"], []):
        result = invoke("check", "--no-cache", *args)
        assert result.exit_code == 1, result.output
        assert "langflow/services/run.py:5:28: RL001" in result.output
        # The sink's own class calls it: matched only under the module's real name.
        assert "langflow/services/telemetry/service.py:10:29: RL001" in result.output
        assert "matched no call" not in result.stderr
