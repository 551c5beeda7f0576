"""The default rendering: ``path:line:col: CODE message``, then a summary line.

With ``show_source`` each finding is followed by its line of code and a caret under
what it is about (as ruff shows it); with ``statistics`` the findings are counted per
rule instead of listed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from ..analysis.findings import Finding

_RED = "\x1b[31m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


def render_text(
    findings: Sequence[Finding],
    files: int,
    *,
    colour: bool = False,
    skipped: int = 0,
    show_source: bool = False,
    statistics: bool = False,
    read_lines: Callable[[str], Sequence[str]] | None = None,
) -> str:
    """One line per finding (with its code under it when ``show_source``), or the
    counts per rule with ``statistics``, then a summary with counts per code."""
    if statistics:
        return "".join(line + "\n" for line in rule_statistics(findings)) + (
            summary(findings, files, skipped) + "\n"
        )
    lines = []
    cache: dict[str, Sequence[str]] = {}
    read = read_lines or source_lines
    for finding in findings:
        location = f"{finding.path}:{finding.line}:{finding.column}:"
        fix = f" [fix: {finding.fix.value}]" if finding.fix is not None else ""
        if colour:
            lines.append(
                f"{_BOLD}{location}{_RESET} {_RED}{finding.code}{_RESET} "
                f"{finding.message}{_DIM}{fix}{_RESET}"
            )
        else:
            lines.append(f"{location} {finding.code} {finding.message}{fix}")
        if show_source:
            if finding.path not in cache:
                cache[finding.path] = read(finding.path)
            lines.extend(source_excerpt(finding, cache[finding.path], colour))
    lines.append(summary(findings, files, skipped))
    return "\n".join(lines) + "\n"


def source_lines(path: str) -> Sequence[str]:
    """A file's lines as the parser numbers them; none when it cannot be read."""
    from ..analysis.sources import file_lines

    return file_lines(Path(path))


def source_excerpt(finding: Finding, lines: Sequence[str], colour: bool = False) -> list[str]:
    """The finding's first line of code with carets under its span (to the end of the
    line when the span goes on), framed by a gutter; nothing when the line is gone."""
    if not 0 < finding.line <= len(lines):
        return []
    text = lines[finding.line - 1].rstrip("\n").expandtabs(1)
    start = max(finding.column - 1, 0)
    end = finding.span.end_column - 1 if finding.span.end_line == finding.line else len(text)
    width = max(min(end, len(text)) - start, 1)
    gutter = " " * len(str(finding.line))
    carets = "^" * width
    if colour:
        carets = f"{_RED}{carets}{_RESET}"
    return [
        f"{gutter} |",
        f"{finding.line} | {text}",
        f"{gutter} | {' ' * start}{carets}",
        f"{gutter} |",
    ]


def rule_statistics(findings: Sequence[Finding]) -> list[str]:
    """``count  CODE  name`` per rule, the most frequent first (as ``ruff --statistics``)."""
    from ..analysis.rules.registry import find_rule

    counts = Counter(finding.code for finding in findings)
    fixable = Counter(finding.code for finding in findings if finding.fix is not None)
    width = len(str(max(counts.values(), default=0)))
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = find_rule(code)
        name = rule.name if rule is not None else ""
        mark = " [*]" if fixable[code] else ""
        rows.append(f"{count:>{width}}  {code}  {name}{mark}")
    return rows


def summary(findings: Sequence[Finding], files: int, skipped: int = 0) -> str:
    """The last line: what was found, and how many files were checked and skipped (the
    prefilter skips files that name no sink: they cannot send anything)."""
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if skipped:
        checked = (
            f"{files} file{'s' if files != 1 else ''}: {files - skipped} checked, "
            f"{skipped} skipped as they name no sink"
        )
    if not findings:
        return f"No findings ({checked})."
    counts = Counter(finding.code for finding in findings)
    per_code = ", ".join(f"{code}: {count}" for code, count in sorted(counts.items()))
    fixable = sum(1 for finding in findings if finding.fix is not None)
    total = len(findings)
    return (
        f"Found {total} finding{'s' if total != 1 else ''} ({per_code}); "
        f"{fixable} fixable with `redactlint fix` ({checked})."
    )
