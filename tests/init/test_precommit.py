"""The pre-commit configuration ``init`` writes works as written: the real ``pre-commit``
in a fresh git repository passes a clean commit and blocks a leak. The hooks run the
installed redactlint (``language: system``), so nothing is fetched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..integrations.conftest import git, git_env
from .projects import LEAKY, SHOP, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CLEAN = {name: text for name, text in SHOP.items()
         if name.startswith("shop/") and "snowplow" not in name}  # Snowplow: objects reported


def run(command: list[str], root: Path, env: dict[str, str]) -> tuple[int, str]:
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                            check=False, timeout=300)
    return result.returncode, result.stdout + result.stderr


def test_the_written_hooks_run_with_the_real_pre_commit(tmp_path: Path) -> None:
    root = write(tmp_path / "shop", CLEAN)
    env = git_env()
    env.update(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]))
    env.pop("GITHUB_STEP_SUMMARY", None)
    git(root, "init", "--quiet", "--initial-branch=main")
    status, output = run(["redactlint", "init", "--yes"], root, env)
    assert status == 0, output
    git(root, "add", "--all")
    status, output = run([sys.executable, "-m", "pre_commit", "run"], root, env)
    assert status == 0, output
    assert "redactlint check" in output and "Passed" in output
    assert "redactlint schema lint" in output
    git(root, "commit", "--quiet", "--no-verify", "-m", "redactlint init")

    write(root, LEAKY)
    git(root, "add", "shop/leaky.py")
    status, output = run([sys.executable, "-m", "pre_commit", "run"], root, env)
    assert status == 1, output
    assert "Failed" in output
    assert "shop/leaky.py:7:14: RL001" in output
