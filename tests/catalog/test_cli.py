"""``redactlint catalog``: the command writes the site, and its errors exit 2."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactlint.cli import COMMANDS, main

from .conftest import ALLOWLIST

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "examples" / "app"


def invoke(directory: Path, *args: str | Path, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.chdir(directory)
    return CliRunner().invoke(main, ["catalog", *map(str, args)], catch_exceptions=False)


def test_registered_as_a_command() -> None:
    assert COMMANDS["catalog"] == "redactlint.cli.catalog:catalog"
    result = CliRunner().invoke(main, ["catalog", "--help"])
    assert result.exit_code == 0
    assert "--against" in result.output and "--out" in result.output


def test_writes_the_site(shop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    result = invoke(shop, "--out", out, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert sorted(path.name for path in out.iterdir()) == [
        "catalog.json",
        "catalog.md",
        "index.html",
    ]
    assert "3 events, 3 call sites, 2 calls of unknown events, 3 open findings" in (
        result.output  # type: ignore[attr-defined]
    )
    document = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    assert document["title"] == "Telemetry data catalog: shop"
    assert document["changes"] is None
    assert document["allowlist"] is False


def test_against_writes_the_change_report(
    shop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "review"
    result = invoke(
        shop, "--out", out, "--against", "HEAD", "--allowlist", ALLOWLIST, monkeypatch=monkeypatch
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    comment = (out / "changes.md").read_text(encoding="utf-8")
    assert "- `search.run`" in comment
    assert "| `cart.checkedOut` | `channel` |" in comment
    assert 'id="changes"' in (out / "index.html").read_text(encoding="utf-8")
    assert "## What changes in this change" in (out / "catalog.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--against", "no-such-revision"], "unknown git revision"),
        (["--allowlist", "missing.txt"], "cannot read the allowlist"),
        (["--allowlist", "bad-allowlist.txt"], "unknown field 'nope'"),
        (["--schemas", "nowhere"], "schemas directory not found"),
    ],
)
def test_user_errors_exit_2(shop: Path, tmp_path: Path, args: list[str], message: str) -> None:
    bad = tmp_path / "bad-allowlist.txt"
    bad.write_text("cart.checkedOut nope a reason\n", encoding="utf-8")
    args = [str(bad) if arg == "bad-allowlist.txt" else arg for arg in args]
    result = CliRunner().invoke(
        main, ["catalog", "--config", str(shop / "pyproject.toml"), "--out", str(tmp_path), *args]
    )
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_no_schemas_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.redactlint]\n", encoding="utf-8")
    result = invoke(tmp_path, "--out", tmp_path / "site", monkeypatch=monkeypatch)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "no event schemas configured" in result.output  # type: ignore[attr-defined]


def test_example_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = sorted(path for path in APP.rglob("*") if "__pycache__" not in path.parts)
    out = tmp_path / "catalog"
    result = invoke(APP, "--out", out, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert sorted(path for path in APP.rglob("*") if "__pycache__" not in path.parts) == before
    document = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    assert document["title"] == "Telemetry data catalog: notebook_search"
    sites = {
        event["name"]: [site["path"] for site in event["call_sites"]]
        for event in document["events"]
    }
    assert sites == {
        "codeIntel.goToDefinition": ["notebook_search/codeintel.py", "notebook_search/mistakes.py"],
        "notebook.pageViewed": ["notebook_search/notebooks.py"],
        "search.submitted": ["notebook_search/mistakes.py", "notebook_search/search.py"],
    }
    for event in document["events"]:
        for site in event["call_sites"]:
            lines = (APP / site["path"]).read_text(encoding="utf-8").splitlines()
            written = "\n".join(lines[site["line"] - 1 : site["end_line"]])
            assert textwrap.dedent(written).strip() == site["code"]  # the whole call
            assert site["code"].count("\n") == site["end_line"] - site["line"]
            assert site["code"].startswith(("track(", "SearchSubmitted(", "NotebookPageViewed("))
    findings = [
        (finding["path"], finding["line"], finding["code"])
        for event in document["events"]
        for site in event["call_sites"]
        for finding in site["findings"]
    ]
    assert sorted((path, code) for path, _, code in findings) == [
        ("notebook_search/mistakes.py", "RL001"),
        ("notebook_search/mistakes.py", "RL002"),
    ]
    assert document["unused_events"] == []
    assert document["unknown_calls"] == []
    assert document["summary"]["fields_per_sensitivity"] == {
        "sensitive": 3,
        "hashed": 2,
        "safe": 2,
        "not-text": 5,
    }
    notebook = next(e for e in document["events"] if e["name"] == "notebook.pageViewed")
    assert notebook["sample"]["outcomes"]["notebookId"]["redact"] == "hashed"
    assert notebook["sample"]["outcomes"]["notebookId"]["drop"] == "dropped"
