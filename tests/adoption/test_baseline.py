"""Gradual adoption with a baseline: only new findings fail, the baseline shrinks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redactlint.adoption.baseline import Baseline, BaselineEntry, compare
from redactlint.analysis.findings import Finding, Span
from redactlint.errors import UsageError
from tests.integrations.conftest import LEAKY, insert_lines, redactlint

DUPLICATE = [
    "    SearchSubmitted(",
    '        query=query, pattern_type="literal", result_count=results, duration_ms=1.5',
    "    ).record()",
]
CLICKED = 'track("search.clicked", {"query": query})'
CLICKED_FIXED = 'track("search.clicked", {})'


def write_baseline() -> dict[str, object]:
    result = redactlint("baseline", "write")
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote redactlint-baseline.json: 5 findings in 1 file.\n"
    document: dict[str, object] = json.loads(Path("redactlint-baseline.json").read_text())
    return document


def check(*args: str) -> tuple[int, str, str]:
    result = redactlint("check", "--baseline", "redactlint-baseline.json", *args)
    return result.exit_code, result.stdout, result.stderr


def test_the_baseline_file_counts_per_file(project: Path) -> None:
    document = write_baseline()
    assert document["version"] == 1
    files = document["files"]
    assert isinstance(files, dict)
    assert list(files) == [LEAKY]
    assert files[LEAKY]["count"] == 5
    entry = files[LEAKY]["findings"][0]
    assert set(entry) == {"code", "fingerprint", "line", "message"}
    assert (entry["code"], entry["line"]) == ("RL001", 11)


def test_the_whole_scenario(project: Path) -> None:
    write_baseline()

    # 1. Nothing new: the check passes and says what the baseline accepted.
    status, out, err = check()
    assert status == 0
    # The three files calling the sink, and the module defining it (its own calls are sinks).
    assert out == "No findings (6 files: 4 checked, 2 skipped as they name no sink).\n"
    assert "5 known findings accepted by the baseline redactlint-baseline.json." in err

    # 2. Code moves: still nothing new.
    insert_lines(project / LEAKY, 7, ["", "def helper() -> None:", "    pass", ""])
    assert check()[0] == 0

    # 3. A second leak identical to a known one, in the same function, is new: each
    #    file accepts as many identical findings as it had. Only the new one fails.
    path = project / LEAKY
    insert_lines(path, 16, DUPLICATE)
    status, out, _ = check()
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{LEAKY}:18:15: RL001 text of unknown safety passed to field")
    assert lines[1].startswith("Found 1 finding (RL001: 1)")

    # 4. Machine formats show only the new finding too.
    result = redactlint("check", "--baseline", "redactlint-baseline.json", "--format", "sarif")
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [18]

    # 5. Fixing an old finding is reported, so the baseline can shrink; the other
    #    finding of the same statement (RL101) stays known.
    path.write_text(path.read_text().replace(CLICKED, CLICKED_FIXED))
    status, out, err = check()
    assert status == 1  # the new leak is still there
    assert "1 baseline entry fixed; run `redactlint baseline prune" in err
    assert f"  {LEAKY}: RL001 (line 36) fixed" in err
    assert "RL101" not in out

    # 6. Prune drops the fixed entry, refreshes the lines of the others, and never
    #    adds the new leak.
    result = redactlint("baseline", "prune")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"  {LEAKY}: RL001 (line 36) fixed\n"
        "pruned 1 fixed entry from redactlint-baseline.json; 4 remain.\n"
    )
    entries = Baseline.load(Path("redactlint-baseline.json")).entries
    assert sorted(entry.line for entry in entries) == [15, 24, 31, 43]
    status, _, err = check()
    assert status == 1
    assert "fixed" not in err

    # 7. Without the duplicate, the check passes again.
    text = path.read_text().splitlines(keepends=True)
    del text[16:19]
    path.write_text("".join(text))
    status, out, err = check()
    assert (status, err.count("fixed")) == (0, 0), out


def test_only_checked_files_can_fix_entries(project: Path) -> None:
    write_baseline()
    status, _, err = check("shop/clean.py")
    assert status == 0
    assert "fixed" not in err
    result = redactlint("baseline", "prune", "shop/clean.py")
    assert result.stdout == "pruned 0 fixed entries from redactlint-baseline.json; 5 remain.\n"


def test_ignored_rules_do_not_fix_entries(project: Path) -> None:
    write_baseline()
    status, _, err = check("--ignore", "RL1")
    assert status == 0
    assert "fixed" not in err


def test_write_with_paths_keeps_the_other_files(project: Path) -> None:
    write_baseline()
    result = redactlint("baseline", "write", "shop/clean.py")
    assert result.stdout == "wrote redactlint-baseline.json: 5 findings in 1 file.\n"


def test_json_output_with_a_baseline(project: Path) -> None:
    write_baseline()
    result = redactlint("check", "--baseline", "redactlint-baseline.json", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["findings"] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline file not found"),
        ("{", "the baseline is not valid JSON"),
        ('{"version": 2, "files": {}}', "not a redactlint baseline"),
        ('{"version": 1, "files": {"a.py": {"findings": [{"code": 1}]}}}', "needs string 'code'"),
    ],
)
def test_a_bad_baseline_is_a_usage_error(project: Path, content: str | None, message: str) -> None:
    if content is not None:
        Path("redactlint-baseline.json").write_text(content)
    status, out, err = check()
    assert status == 2
    assert message in err
    assert out == ""


def test_compare_counts_identical_findings() -> None:
    root = Path.cwd()
    findings = [Finding("a.py", Span(n, 1, n, 2), "RL001", "m") for n in (1, 2, 3)]
    baseline = Baseline(
        (BaselineEntry("a.py", "RL001", "f0"), BaselineEntry("a.py", "RL001", "f1"))
    )
    comparison = compare(baseline, findings, ["f0", "f1", "f2"], root)
    assert [f.line for f in comparison.new] == [3]
    assert [f.line for f in comparison.known] == [1, 2]
    assert comparison.fixed == ()
    fewer = compare(baseline, findings[:1], ["f0"], root)
    assert [entry.fingerprint for entry in fewer.fixed] == ["f1"]


def test_writing_keeps_the_mode_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "redactlint-baseline.json"
    path.write_text("{}\n")
    path.chmod(0o600)  # a team may keep it private
    Baseline([]).write(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert json.loads(path.read_text())["version"]

    def failing_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", failing_fsync)
    before = path.read_bytes()
    with pytest.raises(UsageError, match="No space left on device"):
        Baseline([]).write(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["redactlint-baseline.json"]


CRASHING = (
    '"""A call that raises TypeError at run time."""\n\n'
    "from .telemetry.events import SearchSubmitted\n\n\n"
    "def searched() -> None:\n"
    '    SearchSubmitted(pattern_type="literal", result_count=1, duration_ms=1.0,'
    " colour=1).record()\n"
)


def test_a_crash_is_never_accepted_by_a_baseline(project: Path) -> None:
    """RL103 (a field the event lacks) and RL104 (a required field missing) mean the
    call raises TypeError: `baseline write` refuses them, and `check --baseline` reports
    them even when an older baseline lists them."""
    (project / "shop" / "crashing.py").write_text(CRASHING, encoding="utf-8")
    result = redactlint("baseline", "write")
    assert result.exit_code == 1
    assert result.stdout == "wrote redactlint-baseline.json: 5 findings in 1 file.\n"
    assert "shop/crashing.py:7:5: RL104" in result.stderr
    assert "RL103" in result.stderr
    assert "2 findings not written: the call fails at run time" in result.stderr
    # A baseline that lists them anyway (written by hand, or by an older version).
    path = Path("redactlint-baseline.json")
    document = json.loads(path.read_text())
    status, out, _ = check("--format", "json")
    reported = json.loads(out)["findings"]
    assert {f["code"] for f in reported} == {"RL103", "RL104"}
    baseline = Baseline.load(path)
    forced = Baseline(
        (*baseline.entries, *(
            BaselineEntry("shop/crashing.py", f["code"], f["fingerprint"], f["line"], f["message"])
            for f in reported
        ))
    )
    forced.write(path)
    assert json.loads(path.read_text()) != document
    status, out, _ = check()
    assert status == 1
    assert "RL103" in out and "RL104" in out
