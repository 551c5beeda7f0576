"""Every command reports a mistake the user can fix the same way: exit 2 and one
``redactlint: error:`` line a problem, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from redactlint.cli import main

MISTAKES = [
    ["check", "--config", "absent/pyproject.toml", "."],
    ["check", "--select", "RX001", "."],
    ["generate", "--schemas", "absent"],
    ["generate", "--schemas", "absent", "--out", "events.py"],
    ["schema", "lint", "absent"],
    ["verify", "--registry", "absent.module"],
    ["baseline", "write", "--config", "absent/pyproject.toml", "."],
    ["catalog", "--config", "absent/pyproject.toml"],
    ["migrate", "--config", "absent/pyproject.toml", "."],
    ["sinks", "--config", "absent/pyproject.toml"],
]


@pytest.mark.parametrize("arguments", MISTAKES, ids=lambda a: " ".join(a[:2]))
def test_a_mistake_is_one_message_and_exit_2(
    arguments: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.redactlint]\n")
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2, (arguments, result.output)
    assert "Traceback" not in result.output
    assert result.stderr.startswith("redactlint: error: "), result.stderr
