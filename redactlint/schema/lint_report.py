"""Render schema lint findings as text for people and JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .lint_rules import LintFinding
from .problems import format_location


def render_text(findings: Sequence[LintFinding], schema_count: int) -> str:
    """One line per finding, then a summary line."""
    lines = [
        f"{format_location(f.path, f.pointer)}: {f.code} {f.message}" for f in findings
    ]
    lines.append(_summary(findings, schema_count))
    return "\n".join(lines) + "\n"


def render_json(findings: Sequence[LintFinding], schema_count: int) -> str:
    """A JSON document: the findings and a summary of counts."""
    document = {
        "findings": [
            {"code": f.code, "path": str(f.path), "pointer": f.pointer, "message": f.message}
            for f in findings
        ],
        "summary": {"schemas": schema_count, "findings": len(findings)},
    }
    return json.dumps(document, indent=2) + "\n"


def _summary(findings: Sequence[LintFinding], schema_count: int) -> str:
    checked = f"Checked {_plural(schema_count, 'event schema')}"
    if not findings:
        return f"{checked}: no findings."
    files = len({f.path for f in findings})
    return f"{checked}: {_plural(len(findings), 'finding')} in {_plural(files, 'file')}."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
