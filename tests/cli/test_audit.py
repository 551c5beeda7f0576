"""``redactlint audit`` lists the review surface with its justifications."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactlint.cli import main

SOURCE = """
from redactlint import redact
from redactlint.redact import safe


def tab(kind, size: int):
    label = safe(kind)  # redactlint: safe -- one of the UI tab names
    other = safe(kind.upper())
    constant = safe("literal") + str(safe(size))
    return label, other, constant


@redact.safe_type
class Version:
    pass


class Ref:
    def __safe_format__(self, printer):
        printer.unsafe("x")


redact.register_safe_type(Version)
value = redact.SafeStr("x")  # redactlint: ignore[RL204] read back from the audit log
other = redact.SafeStr("y")  # noqa: RL204
line = "a very long line"  # noqa
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.redactlint]\nsafe-types-allowlist = "safe-types.txt"\n', encoding="utf-8"
    )
    (tmp_path / "safe-types.txt").write_text(
        "# reviewed safe types\napp.Version  release numbers are public\n", encoding="utf-8"
    )
    (tmp_path / "app.py").write_text(textwrap.dedent(SOURCE), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_audit_text(project: Path) -> None:
    result = CliRunner().invoke(main, ["audit"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "safe(...) of non-constants (2)",
        "  app.py:7: safe(kind) -- one of the UI tab names",
        "  app.py:8: safe(kind.upper()) -- NO JUSTIFICATION",
        "",
        "Safe types (3)",
        "  app.py:14: app.Version -- release numbers are public",
        "  app.py:18: app.Ref -- NOT IN THE ALLOWLIST",
        "  app.py:23: app.Version -- release numbers are public",
        "",
        "Suppressed findings (2)",
        "  app.py:24: RL204 -- read back from the audit log",
        "  app.py:25: # noqa: RL204 -- NO JUSTIFICATION",
        "",
        "7 places to review, 3 without a reason.",
    ]


def test_audit_json(project: Path) -> None:
    result = CliRunner().invoke(main, ["audit", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["version"] == 1
    kinds = [entry["kind"] for entry in document["entries"]]
    assert kinds.count("safe") == 2 and kinds.count("safe-type") == 3
    assert {
        "kind": "suppression",
        "path": "app.py",
        "line": 24,
        "subject": "RL204",
        "reason": "read back from the audit log",
    } in document["entries"]


def test_audit_reports_a_broken_allowlist(project: Path) -> None:
    (project / "safe-types.txt").write_text("app.Version\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["audit"])
    assert result.exit_code == 2
    assert "safe-types.txt:1" in result.output and "no reason" in result.output
    assert "Traceback" not in result.output


def test_a_blanket_noqa_on_a_sink_call_is_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.redactlint]\n[[tool.redactlint.sinks]]\ncall = "analytics.track"\n'
        "event = 0\nproperties = 1\n",
        encoding="utf-8",
    )
    (tmp_path / "app.py").write_text(
        "import analytics\n\n\ndef searched(query: str) -> None:\n"
        '    analytics.track("search.submitted", {"query": query})  # noqa\n'
        '    width = "not a sink call"  # noqa\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    checked = CliRunner().invoke(main, ["check", "--no-cache"])
    assert checked.exit_code == 0, checked.output  # the noqa hides the RL001, as flake8 does
    result = CliRunner().invoke(main, ["audit"])
    assert result.exit_code == 0, result.output
    assert "  app.py:5: # noqa -- NO JUSTIFICATION" in result.output.splitlines()
    assert "app.py:6" not in result.output
