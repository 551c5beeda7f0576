"""A throwaway project for the checker tests, and helpers to check source inside it.

The project holds the example schemas, the generated registry ``app.telemetry.events``,
a ``[tool.redactlint]`` table declaring the sinks, and a reviewed safe-types
allowlist. Snippets and fixture files are checked as modules of the ``app`` package,
so relative imports resolve.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from redactlint.analysis.config import parse_config_file
from redactlint.analysis.engine import Settings, check_source, prepare
from redactlint.analysis.findings import Finding
from tests.support import write_project

REPO = Path(__file__).parents[2]
EXAMPLE_SCHEMAS = REPO / "examples" / "app" / "schemas"
FIXTURES = Path(__file__).parent / "fixtures"

# The module a rule example is checked as; the allowlist names its ``Reviewed`` class.
SNIPPET_MODULE = "app.snippet"

PYPROJECT = """\
[tool.redactlint]
schemas = "schemas"
registry = "app/telemetry/events.py"
safe-types-allowlist = "redact-safe-types.txt"

[[tool.redactlint.sinks]]
call = "analytics.track"
event = 0
properties = 1
redacts = true

[[tool.redactlint.sinks]]
call = "app.fixtures.boundaries.emit"
properties = 1

[[tool.redactlint.sinks]]
call = "vendor.send"
properties = 0

[[tool.redactlint.sinks]]
call = "app.fixtures.boundaries.view"
event = 0
properties = 1

[[tool.redactlint.sinks]]
call = "app.fixtures.boundaries.Manager.emit"
properties = 0

[[tool.redactlint.sinks]]
call = "app.fixtures.boundaries.post"
properties = 0

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_wrappers.Manager.emit"
event = "schema_id"
redacts = true

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_wrappers.Manager.note"
redacts = true

[[tool.redactlint.sinks]]
call = "vendor.track"
properties = 1

[[tool.redactlint.sinks]]
call = "app.fixtures.records.track_run"
properties = 0

[[tool.redactlint.sinks]]
call = "vendor.emit"
event = 0
properties = 1

[[tool.redactlint.sinks]]
call = "app.tracking.track_model_run"
properties = 0
redacts = true

[[tool.redactlint.sinks]]
call = "app.tracking.emit"
event = "name"
properties = "props"
redacts = true

[[tool.redactlint.sinks]]
call = "app.tracking.note"
redacts = true

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_additions.track"
properties = "properties"

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_additions.Client.capture"
properties = "properties"

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_additions.track_payload"
properties = 0

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_fields.Message"
fields = true

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_called_object.Events.__call__"
properties = "cfg"

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_fields.Message.update_cluster"

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_own_module.track"
properties = "context"
redacts = true

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_own_module.track_run"
properties = 0
redacts = true

[[tool.redactlint.sinks]]
call = "add_extra_log_payload"
redacts = true

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_logger.EventLogger.log"
event = "action"
redacts = true

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_decorators.record_usage_event"
decorator = true
redacts = true

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_decorators.with_telemetry"
decorator = true

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_decorators.event_logger.log_this"
decorator = true
redacts = true

[[tool.redactlint.sinks]]
call = "app.fixtures.sink_decorators.EventLogger.log_this_with_context"
decorator = true
redacts = true

[[tool.redactlint.sinks]]
call = "posthog.Posthog.capture"
event = "event"
properties = "properties"
redacts = true
"""

SAFE_TYPES = """\
# Reviewed safe types: module.Class  reason
app.snippet.Reviewed  the rule examples' reviewed type
app.fixtures.runtime_api.Version  release numbers are public
app.fixtures.runtime_api.Ref  formats only its kind, never its target
"""

# What every rule example assumes is imported. Expectations count lines from the
# snippet's first line, so findings are shifted back by the length of this prelude.
PRELUDE = """\
import analytics
import vendor
from redactlint import redact
from redactlint.redact import RedactableStr, SafeStr, hashed, mark, redacted, safe, unsafe
from app.telemetry.events import CODE_INTEL_GO_TO_DEFINITION, NOTEBOOK_PAGE_VIEWED
from app.telemetry.events import SEARCH_SUBMITTED, CodeIntelGoToDefinition
from app.telemetry.events import NotebookPageViewed, SearchSubmitted
"""
PRELUDE_LINES = PRELUDE.count("\n")

_EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>RL[0-9]{3}(?:\s*,\s*RL[0-9]{3})*)")
_EXPECT_SUFFIX = re.compile(r"[ \t]*#\s*expect:[^\n]*$", re.MULTILINE)


@dataclass(frozen=True)
class Project:
    """The temporary project and the checker settings prepared for it."""

    root: Path
    settings: Settings

    @property
    def fixtures(self) -> Path:
        return self.root / "app" / "fixtures"


def build_project(root: Path, fixtures: bool = True) -> Project:
    """Write the test project under ``root`` and prepare the checker for it.

    With ``fixtures``, the corpus is copied into ``app/fixtures`` (without its
    expectation comments, which would read as directive reasons).
    """
    write_project(root, EXAMPLE_SCHEMAS, PYPROJECT)
    (root / "redact-safe-types.txt").write_text(SAFE_TYPES)
    for fixture in FIXTURES.rglob("*.py") if fixtures else ():
        copy = root / "app" / "fixtures" / fixture.relative_to(FIXTURES)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(without_expectations(fixture.read_bytes().decode("utf-8")).encode())
    settings = prepare(parse_config_file(root / "pyproject.toml"))
    return Project(root, settings)


def check_module(
    project: Project,
    source: str | bytes,
    module: str = SNIPPET_MODULE,
    is_package: bool = False,
    path: str = "snippet.py",
) -> list[Finding]:
    """Findings for ``source`` checked as module ``module`` of the test project."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    return check_source(path, data, project.settings, module=(module, is_package))


def without_expectations(source: str) -> str:
    """``source`` with the ``# expect:`` comments removed.

    An expectation written after a ``# redactlint:`` directive is part of the same
    comment token, where it would read as the directive's reason.
    """
    return _EXPECT_SUFFIX.sub("", source)


def check_snippet(project: Project, snippet: str) -> set[tuple[int, str]]:
    """(line, code) of each finding in a rule example, lines counted within the snippet."""
    findings = check_module(project, PRELUDE + without_expectations(snippet))
    return {(f.line - PRELUDE_LINES, f.code) for f in findings}


def expectations(source: str) -> set[tuple[int, str]]:
    """(line, code) for every ``# expect: RL001, RL002`` comment in ``source``."""
    expected: set[tuple[int, str]] = set()
    for number, line in enumerate(source.split("\n"), start=1):
        match = _EXPECT.search(line)
        if match is not None:
            for code in match["codes"].split(","):
                expected.add((number, code.strip()))
    return expected


def describe_difference(
    source: str, expected: Iterable[tuple[int, str]], found: Iterable[tuple[int, str]]
) -> str:
    """A readable diff of missed and extra findings, with the source lines."""
    expected, found = set(expected), set(found)
    lines = source.split("\n")
    report: list[str] = []
    for title, items in (("missed", expected - found), ("extra", found - expected)):
        for line, code in sorted(items):
            text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
            report.append(f"  {title} {code} at line {line}: {text}")
    return "\n".join(report)
