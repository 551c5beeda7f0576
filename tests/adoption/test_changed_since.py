"""``check --changed-since REV``: only the changed files, unless a shared input changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integrations.conftest import LEAKY, git, init_repository, redactlint, requires_git

pytestmark = requires_git


@pytest.fixture
def repository(project: Path) -> Path:
    init_repository(project)
    return project


def checked(*args: str) -> tuple[int, list[str], str]:
    result = redactlint("check", "--format", "json", *args)
    document = json.loads(result.stdout) if result.stdout else {"findings": []}
    paths = sorted({finding["path"] for finding in document["findings"]})
    return result.exit_code, paths, result.stderr


def test_nothing_changed_checks_nothing(repository: Path) -> None:
    result = redactlint("check", "--changed-since", "HEAD")
    assert result.exit_code == 0
    assert result.stdout == "No findings (0 files checked).\n"
    assert "0 Python files changed since HEAD." in result.stderr


def test_only_changed_files_are_checked(repository: Path) -> None:
    (repository / "shop" / "clean.py").write_text(
        (repository / LEAKY).read_text(encoding="utf-8"), encoding="utf-8"
    )
    status, paths, err = checked("--changed-since", "HEAD")
    assert (status, paths) == (1, ["shop/clean.py"])  # leaky.py is unchanged: not checked
    assert "1 Python file changed since HEAD." in err
    result = redactlint("check", "--changed-since", "HEAD")
    assert result.stdout.endswith("(1 file checked).\n")


def test_committed_staged_and_new_files_count(repository: Path) -> None:
    git(repository, "checkout", "--quiet", "-b", "feature")
    (repository / "shop" / "committed.py").write_text("X = 1\n", encoding="utf-8")
    git(repository, "add", "shop/committed.py")
    git(repository, "commit", "--quiet", "-m", "add a module")
    (repository / "shop" / "staged.py").write_text("X = 2\n", encoding="utf-8")
    git(repository, "add", "shop/staged.py")
    (repository / "shop" / "untracked.py").write_text("X = 3\n", encoding="utf-8")
    (repository / "notes.txt").write_text("not Python\n", encoding="utf-8")
    result = redactlint("check", "--changed-since", "main")
    assert result.exit_code == 0
    assert "3 Python files changed since main." in result.stderr
    assert result.stdout == "No findings (3 files: 0 checked, 3 skipped as they name no sink).\n"


def test_deleted_files_are_not_checked(repository: Path) -> None:
    (repository / LEAKY).unlink()
    result = redactlint("check", "--changed-since", "HEAD")
    assert result.exit_code == 0
    assert "0 Python files changed since HEAD." in result.stderr


def test_a_schema_change_checks_everything(repository: Path) -> None:
    schema = repository / "schemas" / "search.submitted.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace("as typed", "as typed."))
    status, paths, err = checked("--changed-since", "HEAD")
    assert (status, paths) == (1, [LEAKY])
    assert "checking every file: the event schemas changed (schemas/search.submitted.json)" in err


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("pyproject.toml", "the configuration"),
        ("shop/telemetry/events.py", "the registry"),
    ],
)
def test_config_and_registry_changes_check_everything(
    repository: Path, name: str, what: str
) -> None:
    with (repository / name).open("a", encoding="utf-8") as stream:
        stream.write("\n# touched\n")
    status, paths, err = checked("--changed-since", "HEAD")
    assert (status, paths) == (1, [LEAKY])
    assert f"checking every file: {what} changed ({name})" in err


def test_paths_limit_the_changed_files(repository: Path) -> None:
    (repository / "other").mkdir()
    (repository / "other" / "leak.py").write_text(
        (repository / LEAKY).read_text(encoding="utf-8").replace("from .", "from shop."),
        encoding="utf-8",
    )
    (repository / "shop" / "clean.py").write_text(
        (repository / LEAKY).read_text(encoding="utf-8"), encoding="utf-8"
    )
    status, paths, _ = checked("--changed-since", "HEAD", "shop")
    assert (status, paths) == (1, ["shop/clean.py"])


def test_changed_files_with_a_baseline(repository: Path) -> None:
    assert redactlint("baseline", "write").exit_code == 0
    (repository / "shop" / "clean.py").write_text("X = 1\n", encoding="utf-8")
    result = redactlint(
        "check", "--changed-since", "HEAD", "--baseline", "redactlint-baseline.json"
    )
    assert result.exit_code == 0
    assert "fixed" not in result.stderr  # leaky.py was not checked: its entries stay


def test_an_unknown_revision_is_a_usage_error(repository: Path) -> None:
    result = redactlint("check", "--changed-since", "no-such-branch")
    assert result.exit_code == 2
    assert "unknown git revision 'no-such-branch'" in result.stderr


def test_outside_a_repository_is_a_usage_error(project: Path) -> None:
    result = redactlint("check", "--changed-since", "HEAD")
    assert result.exit_code == 2
    assert "--changed-since" in result.stderr
