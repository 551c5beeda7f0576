"""Shared pieces of the integration tests: the fixture project, the CLI, git."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from redactlint.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"
PROJECT = DATA / "project"
LEAKY = "shop/leaky.py"


def redactlint(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run the command line in this process; stdout and stderr kept apart."""
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def git_env() -> dict[str, str]:
    """The environment for git in tests: no inherited repository, a fixed author."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="redactlint tests",
        GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="redactlint tests",
        GIT_COMMITTER_EMAIL="tests@example.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    return env


def git(directory: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=directory,
        env=git_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"git {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


def init_repository(directory: Path, message: str = "initial") -> None:
    """Make ``directory`` a git repository with everything in it committed."""
    git(directory, "init", "--quiet", "--initial-branch=main")
    git(directory, "add", "--all")
    git(directory, "commit", "--quiet", "--no-verify", "-m", message)


def copy_project(destination: Path) -> Path:
    shutil.copytree(PROJECT, destination, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the fixture project, as the working directory."""
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return root


def insert_lines(path: Path, after: int, lines: Sequence[str]) -> None:
    """Insert ``lines`` after line ``after`` of ``path`` (0: at the top)."""
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[after:after] = [line + "\n" for line in lines]
    path.write_text("".join(text), encoding="utf-8")


requires_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
