"""The output formats of ``redactlint check``: one table from format name to renderer.

Each renderer is a pure function of one :class:`Report`; the module that does the
work is imported only when its format is chosen, so a text run does not pay for the
CI formats.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..analysis.findings import Finding, TextEdit


@dataclass(frozen=True)
class Report:
    """What a check run found, as every format may need it."""

    findings: Sequence[Finding]
    files: int  # files checked
    fingerprints: Sequence[str] = ()  # aligned with findings, for the formats that need them
    skipped: int = 0  # files the prefilter skipped
    baselined: int = 0  # findings a baseline accepted
    fixed: int = 0  # baseline entries that no longer match a finding
    colour: bool = False
    fixes: Mapping[Finding, Sequence[TextEdit]] = field(default_factory=dict)  # for SARIF


def _text(report: Report) -> str:
    from .text import render_text

    return render_text(
        report.findings, report.files, colour=report.colour, skipped=report.skipped
    )


def _json(report: Report) -> str:
    from .json import render_json

    return render_json(report.findings, report.files, report.fingerprints)


def _sarif(report: Report) -> str:
    from .sarif import render_sarif

    return render_sarif(report.findings, report.fingerprints, fixes=report.fixes)


def _github(report: Report) -> str:
    from .github import render_github

    return render_github(report.findings, report.files)


def _gitlab(report: Report) -> str:
    from .gitlab import render_gitlab

    return render_gitlab(report.findings, report.fingerprints)


# Format name -> renderer, in the order ``--format`` lists them.
FORMATS: dict[str, Callable[[Report], str]] = {
    "text": _text,
    "json": _json,
    "sarif": _sarif,
    "github": _github,
    "gitlab": _gitlab,
}

# The formats whose output carries each finding's fingerprint.
FINGERPRINTED = frozenset({"sarif", "gitlab", "json"})


def render_step_summary(report: Report) -> str:
    """The Markdown a GitHub Actions job shows on its summary page."""
    from .github import render_github_summary

    return render_github_summary(
        report.findings, report.files, baselined=report.baselined, fixed=report.fixed
    )
