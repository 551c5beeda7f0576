"""``--format github``: workflow annotations, escaping, the limit notice, the summary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from redactlint.analysis.findings import Finding, Span
from redactlint.report.github import (
    ANNOTATION_LIMIT,
    annotation,
    escape_data,
    escape_property,
    render_github,
    render_github_summary,
)

from .conftest import LEAKY, redactlint

ANNOTATION = re.compile(
    r"^::error file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^:]+)::(.+)$"
)


def test_annotations_for_the_fixture(project: Path) -> None:
    result = redactlint("check", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    text = redactlint("check").stdout.splitlines()[:-1]
    annotations = [ANNOTATION.match(line) for line in lines[:-1]]
    assert all(annotations), lines
    assert len(annotations) == len(text)
    first = annotations[0]
    assert first is not None
    assert first.groups()[:6] == (LEAKY, "11", "15", "11", "20", "RL001 unknown-string-in-sink")
    assert first.group(7).startswith("text of unknown safety passed to field 'query'")
    assert lines[-1] == "redactlint: 5 findings (6 files checked)."


def test_a_clean_run_says_so(project: Path) -> None:
    result = redactlint("check", "--format", "github", "shop/clean.py")
    assert result.exit_code == 0
    assert result.stdout == "redactlint: no findings (1 file checked).\n"


def test_escaping() -> None:
    assert escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    finding = Finding("dir,1/we:ird.py", Span(3, 5, 3, 9), "RL001", "50% of\nthis")
    assert annotation(finding) == (
        "::error file=dir%2C1/we%3Aird.py,line=3,col=5,endLine=3,endColumn=9,"
        "title=RL001 unknown-string-in-sink::50%25 of%0Athis"
    )


def test_multi_line_spans_leave_out_columns() -> None:
    finding = Finding("a.py", Span(3, 5, 6, 2), "RL002", "m")
    assert annotation(finding) == (
        "::error file=a.py,line=3,endLine=6,title=RL002 unknown-parts-in-formatted-string::m"
    )


def _findings(count: int) -> list[Finding]:
    return [Finding("a.py", Span(n, 1, n, 2), "RL001", f"leak {n}") for n in range(1, count + 1)]


def test_findings_past_the_limit_are_listed_with_a_notice() -> None:
    output = render_github(_findings(ANNOTATION_LIMIT + 3), 1).splitlines()
    errors = [line for line in output if line.startswith("::error ")]
    assert len(errors) == ANNOTATION_LIMIT
    assert output[ANNOTATION_LIMIT : ANNOTATION_LIMIT + 3] == [
        f"a.py:{n}:1: RL001 leak {n}" for n in range(ANNOTATION_LIMIT + 1, ANNOTATION_LIMIT + 4)
    ]
    notice = output[ANNOTATION_LIMIT + 3]
    assert notice.startswith("::notice title=redactlint::3 more findings not shown as annotations")
    assert output[-1] == "redactlint: 13 findings (1 file checked)."


@pytest.mark.parametrize("count", [0, ANNOTATION_LIMIT])
def test_no_notice_within_the_limit(count: int) -> None:
    assert "::notice" not in render_github(_findings(count), 1)


def test_the_step_summary_is_written_when_github_asks(project: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = redactlint("check", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### redactlint: 5 findings in 1 file (6 files checked)\n")
    assert "| `RL001` unknown-string-in-sink | 3 |" in text
    assert "| `RL101` unknown-event | 1 |" in text
    assert f"- `{LEAKY}:11:15` **RL001** text of unknown safety" in text


def test_the_summary_of_a_clean_run_and_of_a_baseline() -> None:
    assert render_github_summary([], 4) == "### redactlint: no findings (4 files checked)\n"
    text = render_github_summary([], 4, baselined=3, fixed=1)
    assert "3 known findings in the baseline; 1 baseline entry fixed" in text
    assert "redactlint baseline prune" in text


def test_the_summary_is_capped_and_escaped() -> None:
    findings = [Finding("a.py", Span(1, 1, 1, 2), "RL001", "<script>")] * 3
    text = render_github_summary(findings, 1, limit=2)
    assert text.count("&lt;script&gt;") == 2
    assert "- ... and 1 more (see the job log)" in text
