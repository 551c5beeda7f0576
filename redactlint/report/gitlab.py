"""The GitLab Code Quality rendering (a Code Climate subset), for merge request widgets.

A JSON array with one issue per finding: ``description``, ``check_name``,
``fingerprint`` (from :mod:`redactlint.analysis.fingerprints`, so an issue keeps its
identity across unrelated edits and GitLab can tell new from fixed), ``severity``
and ``location`` (path relative to the working directory, 1-based begin and end
lines).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..analysis.findings import Finding
from ..analysis.rules import find_rule

# Code Quality severities: info, minor, major, critical, blocker.
_SEVERITY_BY_CODE = {
    "RL900": "minor",  # an unused suppression hides nothing
    "RL903": "minor",  # a malformed comment suppresses nothing
    "RL901": "major",  # the file could not be checked at all
    "RL902": "major",
}
_SEVERITY_BY_PREFIX = {
    "RL0": "critical",  # unmarked data can reach telemetry
    "RL1": "major",  # the call does not match its schema
    "RL2": "major",  # the runtime API is misused
}


def severity(code: str) -> str:
    """The Code Quality severity of a rule code."""
    return _SEVERITY_BY_CODE.get(code) or _SEVERITY_BY_PREFIX.get(code[:3], "minor")


def _body(code: str) -> str:
    rule = find_rule(code)
    summary = f"{rule.summary()} " if rule is not None else ""
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
