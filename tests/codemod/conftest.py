"""A throwaway project for the codemod tests: example schemas, their generated
registry, sinks declared in ``pyproject.toml``; ``fix`` and ``check`` run in it
through the command line."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from redactlint.cli import main
from tests.support import write_project

REPO = Path(__file__).parents[2]
EXAMPLE_SCHEMAS = REPO / "examples" / "app" / "schemas"

PYPROJECT = """\
[tool.redactlint]
schemas = "schemas"
registry = "app/telemetry/events.py"

[[tool.redactlint.sinks]]
call = "analytics.track"
event = 0
properties = 1
redacts = true
"""


@dataclass(frozen=True)
class Project:
    """A project directory (the working directory during the test)."""

    root: Path

    def write(self, relative: str, data: bytes | str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        return path

    def run(self, *args: str) -> Result:
        """``redactlint ARGS`` in the project, stdout and stderr kept apart."""
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def project_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("template"), EXAMPLE_SCHEMAS, PYPROJECT)


@pytest.fixture
def project(
    project_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Project]:
    root = tmp_path / "project"
    shutil.copytree(project_template, root)
    monkeypatch.chdir(root)
    yield Project(root)
