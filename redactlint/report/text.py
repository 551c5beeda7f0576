"""The default rendering: ``path:line:col: CODE message``, then a summary line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..analysis.findings import Finding

_RED = "\x1b[31m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


def render_text(
    findings: Sequence[Finding], files: int, *, colour: bool = False, skipped: int = 0
) -> str:
    """One line per finding and a summary with counts per code."""
    lines = []
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
    lines.append(summary(findings, files, skipped))
    return "\n".join(lines) + "\n"


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
