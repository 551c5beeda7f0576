"""RL102 without schemas: what real products pass as an event name, and what it is.

The shapes come from real telemetry: mlflow passes an event class, jupyter_server a
class constant through ``self``, superset a lambda or an f-string of class names.
"""

from __future__ import annotations

from pathlib import Path

from redactlint.analysis.config import parse_config_file
from redactlint.analysis.engine import check_file, prepare

SINK = "def record(event, params=None):\n    pass\n"
CALLS = '''\
from app.telemetry import record


class StartTraceEvent:
    name = "start_trace"


class Client:
    event_schema_id = "https://events.example.com/client"

    def emit(self, data):
        record(self.event_schema_id, data)  # a class constant bound to a literal


def calls(user_supplied, cls):
    record(StartTraceEvent, {})  # an event class
    name = "search.submitted"
    record(name, {})  # a local bound once to a literal
    record(lambda self, *args: f"{self.__class__.__name__}.get", {})  # safe parts only
    record(f"{cls.__name__}.post_processing", {})
    record(user_supplied, {})  # expect RL102
    record(f"{user_supplied}.clicked", {})  # expect RL102
'''


def test_event_names_real_products_write(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.redactlint]\n[[tool.redactlint.sinks]]\ncall = "app.telemetry.record"\n'
        "event = 0\nproperties = 1\n"
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "telemetry.py").write_text(SINK)
    (tmp_path / "app" / "calls.py").write_text(CALLS)
    settings = prepare(parse_config_file(tmp_path / "pyproject.toml"))
    findings = check_file(tmp_path / "app" / "calls.py", settings)
    found = {f.line for f in findings if f.code == "RL102"}
    expected = {n for n, line in enumerate(CALLS.splitlines(), 1) if "expect RL102" in line}
    assert found == expected
