"""How ``check`` shows its report: source lines with a caret, statistics, an output
file, and colour that follows --color, NO_COLOR and the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactlint.analysis.findings import Finding, Span
from redactlint.report.text import render_text, source_excerpt
from tests.integrations.conftest import LEAKY, redactlint

ANSI = "\x1b["


def test_show_source_puts_a_caret_under_the_span(project: Path) -> None:
    shown = redactlint("check", "--show-source", LEAKY).stdout.splitlines()
    where = shown.index(next(line for line in shown if line.startswith(f"{LEAKY}:11:15: RL001")))
    assert shown[where + 1 : where + 5] == [
        "   |",
        "11 |         query=query, pattern_type=\"literal\", result_count=results, duration_ms=1.5",
        "   |               ^^^^^",
        "   |",
    ]
    plain = redactlint("check", LEAKY).stdout  # not a terminal: no source by default
    assert "11 |" not in plain


def test_a_span_over_several_lines_is_underlined_to_the_end_of_its_first() -> None:
    finding = Finding("a.py", Span(1, 7, 3, 2), "RL001", "m")
    lines = ["track({", "  'q': q,", "})"]
    assert source_excerpt(finding, lines)[1:3] == ["1 | track({", "  |       ^"]


def test_a_line_that_is_gone_shows_no_source() -> None:
    finding = Finding("a.py", Span(9, 1, 9, 2), "RL001", "m")
    text = render_text([finding], 1, show_source=True, read_lines=lambda path: ["x = 1"])
    assert text.splitlines()[0].startswith("a.py:9:1: RL001") and "|" not in text


def test_statistics_count_per_rule(project: Path) -> None:
    result = redactlint("check", "--statistics")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "3  RL001  unknown-string-in-sink [*]"
    assert not any(line.startswith(f"{LEAKY}:") for line in lines)
    assert lines[-1].startswith("Found 5 findings")


def test_output_file(project: Path) -> None:
    result = redactlint("check", "--format", "json", "--output-file", "report.json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert '"findings"' in (project / "report.json").read_text(encoding="utf-8")
    into_a_folder = redactlint("check", "-o", "shop")
    assert into_a_folder.exit_code == 2
    assert "is a directory" in into_a_folder.stderr


@pytest.mark.parametrize(
    ("args", "no_color", "coloured"),
    [
        ((), None, False),  # piped: plain
        (("--color",), None, True),  # asked for: kept though piped
        (("--color",), "1", True),  # the flag wins over NO_COLOR
        ((), "1", False),
        (("--no-color",), None, False),
    ],
)
def test_colour(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    no_color: str | None,
    coloured: bool,
) -> None:
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert (ANSI in redactlint("check", *args).stdout) is coloured
