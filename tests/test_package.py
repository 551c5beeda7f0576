"""The package installs as documented: a typed library and a ``redactlint`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import redactlint
from redactlint.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_version_option() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"redactlint, version {redactlint.__version__}"


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("redactlint")
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Keep personal and confidential data out of product telemetry." in result.stdout


def test_package_is_typed() -> None:
    assert (Path(redactlint.__file__).parent / "py.typed").is_file()


def test_marking_example_runs() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "marking.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    assert "alice@example.com" in lines["redactable"]
    assert "alice" not in lines["redacted"] and "secret-project" not in lines["redacted"]
    assert "‹×›" in lines["redacted"]
    assert "alice@example.com" in lines["stripped"] and "‹" not in lines["stripped"]


def test_redactlint_passes_its_own_check() -> None:
    """The package's own uses of safe(...) and the markers pass the checker, with the
    configuration in its pyproject.toml (as .ci/run runs it)."""
    script = Path(sys.executable).with_name("redactlint")
    result = subprocess.run(
        [str(script), "check", "--no-cache", "redactlint"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout
