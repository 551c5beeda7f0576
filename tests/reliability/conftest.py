"""Shared pieces of the reliability tests: the checker's test project, the command
line run in process (with the traceback kept when there is one), and the source
files that the hostile-input tests mutate."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from redactlint.cli import main

from ..analysis.project import Project, build_project

REPO = Path(__file__).parents[2]

# Real files full of sink calls: the checker's and the codemod's fixtures and the
# example app. Every one of them names a sink, so the prefilter lets it through.
SOURCE_FILES = sorted(
    [
        *(REPO / "tests" / "analysis" / "fixtures").rglob("*.py"),
        *(REPO / "tests" / "codemod" / "fixtures").glob("*.input.py"),
        *(REPO / "examples" / "app" / "notebook_search").glob("*.py"),
    ]
)


@pytest.fixture(scope="module")
def checker_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The checker's test project (example schemas, five declared sinks), read-only."""
    return build_project(tmp_path_factory.mktemp("reliability") / "project", fixtures=False)


@pytest.fixture
def fresh_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Project]:
    """A project of its own, with the working directory at its root."""
    project = build_project(tmp_path / "project", fixtures=False)
    monkeypatch.chdir(project.root)
    yield project


def invoke(*args: str) -> Result:
    """``redactlint ARGS`` in process; exceptions are kept on the result, not raised."""
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def assert_no_crash(result: Result, allowed: tuple[int, ...] = (0, 1)) -> None:
    """The command ended with an allowed exit code, by ``sys.exit``, without a traceback."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        shown = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"the command crashed:\n{shown}\noutput:\n{result.output}")
    assert result.exit_code in allowed, result.output
    assert "Traceback" not in result.output
