"""``--format gitlab``: GitLab Code Quality JSON with stable fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redactlint.report.gitlab import severity

from .conftest import LEAKY, insert_lines, redactlint

SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def report() -> list[dict[str, object]]:
    result = redactlint("check", "--format", "gitlab")
    assert result.exit_code in (0, 1), result.output
    issues: list[dict[str, object]] = json.loads(result.stdout)
    return issues


def test_issues_have_the_fields_gitlab_requires(project: Path) -> None:
    issues = report()
    assert len(issues) == 5
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"].startswith("RL")
        assert isinstance(issue["fingerprint"], str) and len(issue["fingerprint"]) == 32
        assert issue["severity"] in SEVERITIES
        location = issue["location"]
        assert isinstance(location, dict)
        assert location["path"] == LEAKY
        assert location["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    first = issues[0]
    assert first["check_name"] == "RL001"
    assert first["severity"] == "critical"
    assert first["location"] == {"path": LEAKY, "lines": {"begin": 11, "end": 11}}  # type: ignore[comparison-overlap]


def test_a_clean_run_is_an_empty_array(project: Path) -> None:
    result = redactlint("check", "--format", "gitlab", "shop/clean.py")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_fingerprints_survive_moves(project: Path) -> None:
    before = [issue["fingerprint"] for issue in report()]
    insert_lines(project / LEAKY, 5, ["", "def unrelated() -> int:", "    return 1", ""])
    after = report()
    assert [issue["fingerprint"] for issue in after] == before
    assert after[0]["location"]["lines"]["begin"] == 15  # type: ignore[index]


def test_fingerprints_do_not_depend_on_the_working_directory(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = [issue["fingerprint"] for issue in report()]
    monkeypatch.chdir(project / "shop")
    there = report()
    assert [issue["fingerprint"] for issue in there] == here
    assert there[0]["location"]["path"] == "leaky.py"  # type: ignore[index]


def test_severities() -> None:
    assert severity("RL001") == "critical"
    assert severity("RL002") == "critical"
    assert severity("RL103") == "major"
    assert severity("RL202") == "major"
    assert severity("RL900") == "info"  # an unused suppression hides nothing
    assert severity("RL901") == "minor"  # a file that could not be checked
    assert {severity(code) for code in ("RL003", "RL106", "RL205", "RL903")} <= SEVERITIES
