"""The GitLab Code Quality rendering (a Code Climate subset), for merge request widgets.

A JSON array with one issue per finding: ``description``, ``check_name``,
``fingerprint`` (from :mod:`redactlint.adoption.fingerprints`, so an issue keeps its
identity across unrelated edits and GitLab can tell new from fixed), ``severity``
and ``location`` (path relative to the working directory, 1-based begin and end
lines).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..analysis.findings import Finding
from ..analysis.rules.registry import find_rule

# Code Quality severities (info, minor, major, critical, blocker) from the rule's own:
# unmarked data that can reach telemetry is critical.
_SEVERITIES = {"error": "major", "warning": "minor", "note": "info"}


def severity(code: str) -> str:
    """The Code Quality severity of a rule code."""
    rule = find_rule(code)
    if rule is None:
        return "major"
    if rule.severity == "error" and rule.category == "marking":
        return "critical"
    return _SEVERITIES[rule.severity]


def _body(code: str) -> str:
    rule = find_rule(code)
    summary = f"{rule.summary} " if rule is not None else ""
    return f"{summary}`redactlint explain {code}` shows why and how to fix it."


def render_gitlab(findings: Sequence[Finding], fingerprints: Sequence[str]) -> str:
    """The Code Quality report; ``fingerprints`` align with ``findings``."""
    issues = []
    for finding, fingerprint in zip(findings, fingerprints, strict=True):
        span = finding.span
        issues.append(
            {
                "type": "issue",
                "check_name": finding.code,
                "description": f"{finding.code} {finding.message}",
                "content": {"body": _body(finding.code)},
                "categories": ["Security"],
                "fingerprint": fingerprint,
                "severity": severity(finding.code),
                "location": {
                    "path": finding.path.replace("\\", "/"),
                    "lines": {"begin": span.line, "end": max(span.end_line, span.line)},
                },
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
