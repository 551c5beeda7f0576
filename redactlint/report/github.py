"""The GitHub Actions rendering: workflow annotations and a step summary.

Each finding becomes ``::error file=...,line=...,col=...,endLine=...,endColumn=...,
title=...::message``, which GitHub shows on the pull request's diff. GitHub shows
at most ten error annotations per step, so findings past ``limit`` are printed as
plain lines and a ``::notice`` says how many were not shown as annotations. The
summary is Markdown for ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence

from ..analysis.findings import Finding
from ..analysis.rules.registry import find_rule

ANNOTATION_LIMIT = 10  # error annotations GitHub shows for one step
SUMMARY_LIMIT = 200  # findings listed in the step summary


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as the runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command property value: data escaping plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _title(code: str) -> str:
    rule = find_rule(code)
    return f"{code} {rule.name}" if rule is not None else code


def annotation(finding: Finding) -> str:
    span = finding.span
    properties = {
        "file": finding.path.replace("\\", "/"),
        "line": str(span.line),
        "col": str(span.column),
        "endLine": str(max(span.end_line, span.line)),
        "endColumn": str(span.end_column),
        "title": _title(finding.code),
    }
    if span.end_line != span.line:
        # GitHub ignores columns on annotations spanning several lines.
        del properties["col"], properties["endColumn"]
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::error {joined}::{escape_data(finding.message)}"


def render_github(findings: Sequence[Finding], files: int, *, limit: int = ANNOTATION_LIMIT) -> str:
    """Annotations for the first ``limit`` findings, plain lines for the rest."""
    lines = [annotation(finding) for finding in findings[:limit]]
    hidden = findings[limit:]
    for finding in hidden:
        lines.append(
            f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
        )
    if hidden:
        count = len(hidden)
        lines.append(
            "::notice title=redactlint::"
            + escape_data(
                f"{count} more finding{'s' if count != 1 else ''} not shown as annotations "
                f"(GitHub shows {limit} per step); they are listed in the log above and in "
                "the job summary."
            )
        )
    total = len(findings)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    lines.append(
        f"redactlint: {total} finding{'s' if total != 1 else ''} ({checked})."
        if findings
        else f"redactlint: no findings ({checked})."
    )
    return "\n".join(lines) + "\n"


def render_github_summary(
    findings: Sequence[Finding],
    files: int,
    *,
    baselined: int = 0,
    fixed: int = 0,
    limit: int = SUMMARY_LIMIT,
) -> str:
    """Markdown for the job summary: counts per rule, then the findings."""
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    total = len(findings)
    lines: list[str] = []
    if not findings:
        lines.append(f"### redactlint: no findings ({checked})")
    else:
        where = len({finding.path for finding in findings})
        lines.append(
            f"### redactlint: {total} finding{'s' if total != 1 else ''} in {where} "
            f"file{'s' if where != 1 else ''} ({checked})"
        )
    if baselined or fixed:
        lines.append("")
        lines.append(
            f"{baselined} known finding{'s' if baselined != 1 else ''} in the baseline; "
            f"{fixed} baseline entr{'ies' if fixed != 1 else 'y'} fixed"
            + (" (run `redactlint baseline prune` to shrink it)." if fixed else ".")
        )
    if findings:
        counts = Counter(finding.code for finding in findings)
        lines += ["", "| Rule | Findings |", "| --- | ---: |"]
        for code, count in sorted(counts.items()):
            lines.append(f"| `{code}` {_title(code)[len(code) + 1 :]} | {count} |")
        lines += ["", "<details><summary>Findings</summary>", ""]
        for finding in findings[:limit]:
            lines.append(
                f"- `{html.escape(finding.path)}:{finding.line}:{finding.column}` "
                f"**{finding.code}** {html.escape(finding.message)}"
            )
        if total > limit:
            lines.append(f"- ... and {total - limit} more (see the job log)")
        lines += [
            "",
            "</details>",
            "",
            "`redactlint explain CODE` explains a rule; `redactlint fix` applies the "
            "fixes that are safe to apply.",
        ]
    return "\n".join(lines) + "\n"
