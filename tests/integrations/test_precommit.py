"""The pre-commit hooks, run by the real ``pre-commit`` from this repository.

The hook repository is a snapshot of this working tree (its tracked files and new,
not ignored ones) committed in a temporary repository, so the hooks tested are the
ones in the tree under test, as ``pre-commit try-repo`` does; the project uses it
as ``repo: <path>`` with ``rev: HEAD``. pre-commit installs the hooks' environment
once for the module (a virtualenv with redactlint and its dependencies, from PyPI).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import copy_project, git, git_env, init_repository, requires_git

REPO = Path(__file__).resolve().parents[2]
HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))

pytestmark = requires_git


def test_the_hooks_follow_the_conventions() -> None:
    assert [hook["id"] for hook in HOOKS] == [
        "redactlint",
        "redactlint-generate",
        "redactlint-schema",
    ]
    for hook in HOOKS:
        assert hook["language"] == "python"
        assert hook["require_serial"] is True
        assert hook["minimum_pre_commit_version"] == "3.0.0"
        assert hook["entry"].startswith("redactlint ")
        assert hook["name"] and hook["description"]
    by_id = {hook["id"]: hook for hook in HOOKS}
    assert by_id["redactlint"]["types_or"] == ["python", "json", "toml"]
    assert "pass_filenames" not in by_id["redactlint"]
    assert by_id["redactlint-generate"]["pass_filenames"] is False
    assert by_id["redactlint-schema"]["types"] == ["json"]
    assert by_id["redactlint-schema"]["pass_filenames"] is False


CONFIG = """\
repos:
  - repo: {repo}
    rev: HEAD
    hooks:
      - id: redactlint
      - id: redactlint-generate
        args: [--schemas, schemas, --out, shop/telemetry/events.py]
      - id: redactlint-schema
"""


def _snapshot(destination: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        env=git_env(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    init_repository(destination, "snapshot of the working tree")
    return destination


@pytest.fixture(scope="module")
def hook_environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The hook repository snapshot and a pre-commit home with its hooks installed."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("pre-commit")
    source = _snapshot(base / "hook-repo")
    env = git_env()
    env.update(
        PRE_COMMIT_HOME=str(base / "home"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        SOURCE=str(source),
    )
    env.pop("GITHUB_STEP_SUMMARY", None)
    # Install once: an empty repository with the configuration is enough.
    probe = base / "probe"
    probe.mkdir()
    (probe / ".pre-commit-config.yaml").write_text(CONFIG.format(repo=source), encoding="utf-8")
    init_repository(probe)
    installed = pre_commit(probe, env, "install-hooks")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return env


def pre_commit(
    directory: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture
def work(tmp_path: Path, hook_environment: dict[str, str]) -> Path:
    """A project repository whose base commit holds everything but the modules under test."""
    root = copy_project(tmp_path / "work")
    (root / ".pre-commit-config.yaml").write_text(
        CONFIG.format(repo=hook_environment["SOURCE"]), encoding="utf-8"
    )
    staged_later = ["shop/leaky.py", "shop/clean.py", "shop/generated/leaky_excluded.py"]
    moved = {name: (root / name).read_bytes() for name in staged_later}
    for name in staged_later:
        (root / name).unlink()
    init_repository(root)
    for name, data in moved.items():
        (root / name).write_bytes(data)
    return root


def run(work: Path, env: dict[str, str], *args: str) -> tuple[int, str]:
    result = pre_commit(work, env, "run", *args)
    return result.returncode, result.stdout + result.stderr


def test_the_hook_fails_on_a_staged_leak(work: Path, hook_environment: dict[str, str]) -> None:
    git(work, "add", "shop/leaky.py", "shop/clean.py")
    status, output = run(work, hook_environment)
    assert status == 1, output
    assert "redactlint check" in output and "Failed" in output
    assert "shop/leaky.py:11:15: RL001 text of unknown safety" in output
    assert "shop/clean.py" not in output
    assert "Found 5 findings" in output and "(2 files checked)" in output
    # The same findings as check and flake8 give: the noqa'd line is hidden by all three.
    reported = [line for line in output.splitlines() if re.match(r"shop/\S+:\d+:\d+: RL", line)]
    checked = subprocess.run(
        [str(Path(sys.executable).with_name("redactlint")), "check", "--no-cache",
         "shop/leaky.py"],
        cwd=work, capture_output=True, text=True, check=False,
    ).stdout
    assert reported == [line for line in checked.splitlines() if line.startswith("shop/")]
    flake8 = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "RL", "shop/leaky.py"],
        cwd=work, capture_output=True, text=True, check=False,
    ).stdout
    assert [line.split(" ", 2)[:2] for line in reported] == [
        line.split(" ", 2)[:2] for line in flake8.splitlines()
    ]
    assert "shop/leaky.py:31:" not in output


def test_the_hook_passes_on_clean_files(work: Path, hook_environment: dict[str, str]) -> None:
    git(work, "add", "shop/clean.py", "shop/generated/leaky_excluded.py")
    status, output = run(work, hook_environment)
    assert status == 0, output
    # The excluded file is passed explicitly and still not checked.
    assert "redactlint check" in output and "Passed" in output
    assert "redactlint registry is up to date" in output
    assert "redactlint schema lint" in output  # skipped: no schema staged


def test_the_generate_hook_fails_on_a_stale_registry(
    work: Path, hook_environment: dict[str, str]
) -> None:
    schema = work / "schemas" / "search.submitted.json"
    schema.write_text(
        schema.read_text(encoding="utf-8").replace("as typed;", "as typed, in full;"),
        encoding="utf-8",
    )
    git(work, "add", "schemas")
    status, output = run(work, hook_environment, "redactlint-generate")
    assert status == 1, output
    assert "shop/telemetry/events.py is stale" in output
    status, output = run(work, hook_environment, "redactlint-schema")
    assert status == 0, output


def test_the_schema_hook_fails_on_a_bad_schema(
    work: Path, hook_environment: dict[str, str]
) -> None:
    schema = work / "schemas" / "search.submitted.json"
    schema.write_text(
        schema.read_text(encoding="utf-8").replace('"x-sensitivity": "sensitive",', ""),
        encoding="utf-8",
    )
    git(work, "add", "schemas")
    status, output = run(work, hook_environment, "redactlint-schema")
    assert status != 0, output
    assert "query" in output


def test_the_hook_blocks_a_schema_change_that_breaks_a_call(
    work: Path, hook_environment: dict[str, str]
) -> None:
    """A field removed from a schema and the registry regenerated: no call site is
    staged, yet a committed one now passes a field the event lacks (RL103, a TypeError
    at run time). The staged schema makes the hook check every file."""
    git(work, "add", "shop/clean.py")
    git(work, "commit", "-q", "--no-verify", "-m", "clean calls")
    schema = work / "schemas" / "search.submitted.json"
    document = json.loads(schema.read_text(encoding="utf-8"))
    del document["properties"]["durationMs"]
    document["required"].remove("durationMs")
    schema.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    generated = subprocess.run(
        [str(Path(sys.executable).with_name("redactlint")), "generate"],
        cwd=work, capture_output=True, text=True, check=False,
    )
    assert generated.returncode == 0, generated.stderr
    git(work, "add", "schemas", "shop/telemetry/events.py")
    status, output = run(work, hook_environment, "redactlint")
    assert status == 1, output
    assert "checking every file: the event schemas changed (schemas/search.submitted.json)" in (
        output
    )
    assert "shop/clean.py" in output and "RL103" in output
    # An unrelated JSON file staged alone checks nothing and passes.
    git(work, "reset", "-q")
    git(work, "checkout", "-q", "--", "schemas", "shop/telemetry/events.py")
    (work / "data.json").write_text("{}\n", encoding="utf-8")
    git(work, "add", "data.json")
    status, output = run(work, hook_environment, "redactlint")
    assert status == 0, output


def test_the_schema_hook_reads_the_configured_folder(
    work: Path, hook_environment: dict[str, str]
) -> None:
    (work / "schemas").rename(work / "event-schemas")
    pyproject = work / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace(
            'schemas = "schemas"', 'schemas = "event-schemas"'
        ),
        encoding="utf-8",
    )
    schema = work / "event-schemas" / "search.submitted.json"
    schema.write_text(
        schema.read_text(encoding="utf-8").replace('"x-sensitivity": "sensitive",', ""),
        encoding="utf-8",
    )
    git(work, "add", "-A", "event-schemas", "schemas", "pyproject.toml")
    status, output = run(work, hook_environment, "redactlint-schema")
    assert status != 0, output
    assert "query" in output and "does not exist" not in output


def readme_precommit_config() -> str:
    """The .pre-commit-config.yaml the README shows, as written there."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```yaml\n(# \.pre-commit-config\.yaml.*?)```", readme, re.S)
    assert found is not None, "the README shows no .pre-commit-config.yaml"
    return found.group(1)


def test_the_readme_example_works_as_written(tmp_path: Path) -> None:
    """In a fresh repository, the README's configuration runs with the real pre-commit:
    it blocks a staged leak and a stale registry, and passes clean files."""
    root = copy_project(tmp_path / "work")
    (root / ".pre-commit-config.yaml").write_text(readme_precommit_config(), encoding="utf-8")
    leaky = (root / "shop/leaky.py").read_bytes()
    (root / "shop/leaky.py").unlink()
    init_repository(root)
    env = git_env()
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "home"),
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    )
    env.pop("GITHUB_STEP_SUMMARY", None)
    (root / "shop/leaky.py").write_bytes(leaky)
    git(root, "add", "shop/leaky.py")
    status, output = run(root, env)
    assert status == 1, output
    assert "shop/leaky.py:11:15: RL001" in output
    git(root, "reset", "-q")
    (root / "shop/leaky.py").unlink()
    schema = root / "schemas" / "search.submitted.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace("as typed;", "as typed, in full;"),
                      encoding="utf-8")
    git(root, "add", "schemas")
    status, output = run(root, env)
    assert status == 1, output
    assert "shop/telemetry/events.py is stale" in output
    git(root, "reset", "-q")
    git(root, "checkout", "-q", "--", "schemas")
    (root / "shop/notes.py").write_text('"""Nothing sent."""\n', encoding="utf-8")
    git(root, "add", "shop/notes.py")
    status, output = run(root, env)
    assert status == 0, output
