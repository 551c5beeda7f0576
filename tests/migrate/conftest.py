"""A throwaway legacy project for the migrate tests: schemas that record legacy
names, their generated registry, and legacy sinks declared in ``pyproject.toml``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from redactlint.cli import main
from tests.support import write_project

SCHEMAS = Path(__file__).parent / "schemas"

PYPROJECT = """\
[tool.redactlint]
schemas = "schemas"
registry = "app/telemetry/events.py"

[[tool.redactlint.sinks]]
call = "analytics.track"
event = 0
properties = 1
redacts = true

[[tool.redactlint.sinks]]
call = "analytics.track_user"
event = 1
properties = 2
redacts = true

[[tool.redactlint.sinks]]
call = "analytics.track_async"
event = 0
properties = 1
redacts = true
"""

ANALYTICS = '''\
"""The legacy analytics client."""

SENT = []


def track(event, properties=None):
    SENT.append((event, dict(properties or {})))
    return True


def track_user(user_id, event, properties):
    return track(event, properties)


async def track_async(event, properties):
    return track(event, properties)
'''


@dataclass(frozen=True)
class Project:
    """A project directory (the working directory during the test)."""

    root: Path

    def write(self, relative: str, data: bytes | str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def run(self, *args: str | Path) -> Result:
        """``redactlint ARGS`` in the project, stdout and stderr kept apart."""
        return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture(scope="session")
def project_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("template"), SCHEMAS, PYPROJECT)
    (root / "analytics.py").write_text(ANALYTICS)
    return root


@pytest.fixture
def project(
    project_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Project]:
    root = tmp_path / "project"
    shutil.copytree(project_template, root)
    monkeypatch.chdir(root)
    yield Project(root)
