"""``redactlint schema lint|diff`` through click: output formats and exit codes 0, 1 and 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from redactlint.cli import main
from tests.schema.helpers import (
    EXAMPLES,
    FIXTURES,
    commit_all,
    event_document,
    make_repo,
    write_document,
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["schema", *map(str, args)])


def test_lint_clean_examples_exit_0() -> None:
    result = run("lint", EXAMPLES)
    assert result.exit_code == 0, result.output
    assert result.output == "Checked 3 event schemas: no findings.\n"


def test_lint_findings_exit_1_with_a_summary_line() -> None:
    result = run("lint", FIXTURES / "lint" / "RS003" / "invalid")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "#/properties/query: RS003 " in lines[0]
    assert lines[-1] == "Checked 1 event schema: 2 findings in 1 file."


def test_lint_json_output_parses() -> None:
    result = run("lint", FIXTURES / "lint" / "RS004" / "invalid", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert {finding["code"] for finding in document["findings"]} == {"RS004"}
    assert document["summary"]["schemas"] == 1


def test_lint_today_decides_expiry() -> None:
    directory = FIXTURES / "lint" / "RS006" / "invalid"
    assert run("lint", directory, "--today", "2025-05-31").exit_code == 0
    assert run("lint", directory, "--today", "2025-06-01").exit_code == 1
    assert run("lint", directory, "--today", "June 1st").exit_code == 2


def test_lint_schemas_option_and_default_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = run("lint")
    assert missing.exit_code == 2
    assert "error: schemas: schema directory does not exist" in missing.stderr
    shutil.copytree(EXAMPLES, "schemas")
    assert run("lint").exit_code == 0
    shutil.copytree(FIXTURES / "lint" / "RS005" / "invalid", "events")
    assert run("lint", "--schemas", "events").exit_code == 1
    both = run("lint", "schemas", "--schemas", "events")
    assert both.exit_code == 2
    assert "not both" in both.output


def test_lint_load_error_exit_2_names_file_and_pointer(tmp_path: Path) -> None:
    document = event_document()
    document["properties"]["query"]["x-sensitivity"] = "public"
    write_document(tmp_path, document)
    result = run("lint", tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"redactlint: error: {tmp_path / 'search.submitted.json'}#/properties/query/"
        "x-sensitivity: "
        "x-sensitivity must be safe, sensitive or hashed (got 'public')",
        "1 schema problem.",
    ]
    assert "Traceback" not in result.output


def test_lint_missing_directory_exit_2(tmp_path: Path) -> None:
    result = run("lint", tmp_path / "absent")
    assert result.exit_code == 2
    assert "schema directory does not exist" in result.stderr


def _exposed_copy(tmp_path: Path) -> Path:
    """The examples with the search query made safe."""
    new = tmp_path / "new"
    shutil.copytree(EXAMPLES, new)
    path = new / "search.submitted.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["properties"]["query"]["x-sensitivity"] = "safe"
    path.write_text(json.dumps(document), encoding="utf-8")
    return new


def test_diff_markdown_and_exit_codes(tmp_path: Path) -> None:
    new = _exposed_copy(tmp_path)
    result = run("diff", EXAMPLES, new)
    assert result.exit_code == 0
    assert "| ⚠️ more data leaves | `search.submitted` | `query` |" in result.output
    assert result.output.splitlines()[-1] == "**1 change; 1 lets more data leave the customer.**"
    assert run("diff", EXAMPLES, new, "--fail-on-exposure").exit_code == 1
    assert run("diff", new, EXAMPLES, "--fail-on-exposure").exit_code == 0
    assert run("diff", EXAMPLES, EXAMPLES, "--fail-on-exposure").exit_code == 0


def test_diff_json_output_parses(tmp_path: Path) -> None:
    result = run("diff", EXAMPLES, _exposed_copy(tmp_path), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["summary"] == {"changes": 1, "exposures": 1}


def test_diff_new_defaults_to_the_schemas_option(tmp_path: Path) -> None:
    new = _exposed_copy(tmp_path)
    result = run("diff", EXAMPLES, "--schemas", new, "--fail-on-exposure")
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give the OLD schema directory, or --against REV"),
        (("a", "b", "--against", "HEAD"), "with --against, give at most one schema directory"),
        (("--format", "text", "a"), "Invalid value for '--format'"),
    ],
)
def test_diff_usage_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run("diff", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_diff_load_error_exit_2(tmp_path: Path) -> None:
    (tmp_path / "search.submitted.json").write_text("{", encoding="utf-8")
    result = run("diff", EXAMPLES, tmp_path)
    assert result.exit_code == 2
    assert "search.submitted.json: invalid JSON at line 1, column 2" in result.stderr


def test_diff_against_a_git_revision(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    shutil.copytree(EXAMPLES, repo / "schemas")
    commit_all(repo, "seed events")
    shutil.rmtree(repo / "schemas")
    shutil.copytree(_exposed_copy(tmp_path), repo / "schemas")

    result = run("diff", "--against", "HEAD", repo / "schemas", "--format", "json")
    assert result.exit_code == 0, result.output
    (change,) = json.loads(result.output)["changes"]
    assert (change["field"], change["exposure"]) == ("query", True)
    exposure = run("diff", "--against", "HEAD", "--schemas", repo / "schemas", "--fail-on-exposure")
    assert exposure.exit_code == 1

    bad = run("diff", "--against", "nope", repo / "schemas")
    assert bad.exit_code == 2
    assert "unknown git revision 'nope'" in bad.stderr


def test_diff_against_outside_a_repository_exit_2(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "schemas")
    result = run("diff", "--against", "HEAD", tmp_path / "schemas")
    assert result.exit_code == 2
    assert "not a git repository" in result.stderr


def test_a_new_number_is_an_exposure_as_the_catalog_says(tmp_path: Path) -> None:
    """A new integer field leaves in clear by policy: ``schema diff`` counts it, as the
    catalog's "now leaves" does, so the two review tools agree."""
    repo = make_repo(tmp_path / "repo")
    shutil.copytree(EXAMPLES, repo / "schemas")
    commit_all(repo, "seed events")
    path = repo / "schemas" / "search.submitted.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["properties"]["pageCount"] = {"type": "integer"}
    path.write_text(json.dumps(document), encoding="utf-8")

    result = run("diff", "--against", "HEAD", repo / "schemas", "--format", "json")
    (change,) = json.loads(result.output)["changes"]
    assert (change["field"], change["exposure"]) == ("pageCount", True)
    assert "in clear by policy" in change["detail"]
    exposure = run("diff", "--against", "HEAD", "--schemas", repo / "schemas", "--fail-on-exposure")
    assert exposure.exit_code == 1
