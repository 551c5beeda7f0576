"""Loading a schema directory from a git revision, for ``schema diff --against``."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactlint.schema.problems import SchemaError
from redactlint.schema.revision import load_schema_revision
from tests.schema.helpers import commit_all, event_document, make_repo, write_document


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit has one event and whose second adds another."""
    repo = make_repo(tmp_path / "repo")
    (repo / "README").write_text("app\n", encoding="utf-8")
    commit_all(repo, "start")
    write_document(repo / "schemas", event_document())
    commit_all(repo, "first event")
    write_document(repo / "schemas", event_document(action="viewed"))
    commit_all(repo, "second event")
    return repo


def test_reads_the_directory_at_a_revision(repo: Path) -> None:
    assert load_schema_revision(repo / "schemas", "HEAD").names == (
        "search.submitted",
        "search.viewed",
    )
    old = load_schema_revision(repo / "schemas", "HEAD~1")
    assert old.names == ("search.submitted",)
    assert old.events[0].path == Path("HEAD~1:schemas/search.submitted.json")


def test_working_tree_changes_are_not_seen(repo: Path) -> None:
    (repo / "schemas" / "search.viewed.json").unlink()
    write_document(repo / "schemas", event_document(action="closed"))
    assert load_schema_revision(repo / "schemas", "HEAD").names == (
        "search.submitted",
        "search.viewed",
    )


def test_directory_newer_than_the_revision_is_empty(repo: Path) -> None:
    assert len(load_schema_revision(repo / "schemas", "HEAD~2")) == 0


def test_repository_root_as_the_directory(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "flat")
    write_document(repo, event_document())
    commit_all(repo, "flat")
    schemas = load_schema_revision(repo, "main")
    assert schemas.names == ("search.submitted",)
    assert schemas.events[0].path.name == "search.submitted.json"


def test_invalid_schema_at_the_revision_names_the_revision(repo: Path) -> None:
    (repo / "schemas" / "search.viewed.json").write_text("{", encoding="utf-8")
    commit_all(repo, "break it")
    with pytest.raises(SchemaError) as raised:
        load_schema_revision(repo / "schemas", "HEAD")
    (problem,) = raised.value.problems
    assert str(problem).startswith("HEAD:schemas/search.viewed.json: invalid JSON")


@pytest.mark.parametrize(
    ("revision", "message"),
    [
        ("no-such-branch", "unknown git revision 'no-such-branch'"),
        ("--output=x", "'--output=x' is not a git revision"),
    ],
)
def test_bad_revisions(repo: Path, revision: str, message: str) -> None:
    with pytest.raises(SchemaError) as raised:
        load_schema_revision(repo / "schemas", revision)
    assert raised.value.problems[0].message == message


def test_not_a_git_repository(tmp_path: Path) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    with pytest.raises(SchemaError) as raised:
        load_schema_revision(outside, "HEAD")
    assert raised.value.problems[0].message.startswith("git rev-parse failed: fatal: not a git")


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="schema directory does not exist"):
        load_schema_revision(tmp_path / "absent", "HEAD")
