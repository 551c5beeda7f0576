"""Render a schema diff as a Markdown table for a pull request, or as JSON for tools."""

from __future__ import annotations

import json
import re

from .diff import Change, SchemaDiff

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def render_markdown(diff: SchemaDiff) -> str:
    """A heading, a table with exposures first, and a summary line."""
    lines = ["### Event schema changes", ""]
    if diff.changes:
        lines += ["| Exposure | Event | Field | Change |", "| --- | --- | --- | --- |"]
        ordered = sorted(diff.changes, key=lambda change: not change.exposure)
        lines += [_row(change) for change in ordered]
        lines.append("")
    lines.append(_summary(diff))
    return "\n".join(lines) + "\n"


def render_json(diff: SchemaDiff) -> str:
    """A JSON document: the changes and a summary of counts."""
    document = {
        "changes": [
            {
                "kind": change.kind,
                "event": change.event,
                "field": change.field,
                "detail": change.detail,
                "exposure": change.exposure,
            }
            for change in diff.changes
        ],
        "summary": {"changes": len(diff.changes), "exposures": len(diff.exposures)},
    }
    return json.dumps(document, indent=2) + "\n"


def _row(change: Change) -> str:
    exposure = "⚠️ more data leaves" if change.exposure else ""
    field = _code(change.field) if change.field is not None else ""
    return f"| {exposure} | {_code(change.event)} | {field} | {_escape(change.detail)} |"


def _code(name: str) -> str:
    """``name`` as inline code; a table cell still needs its pipes escaped."""
    if "`" in name:
        return _escape(name)
    return "`" + name.replace("|", r"\|") + "`"


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _summary(diff: SchemaDiff) -> str:
    if not diff.changes:
        return "No event schema changes."
    changes = len(diff.changes)
    exposures = len(diff.exposures)
    noun = "change" if changes == 1 else "changes"
    if not exposures:
        return f"**{changes} {noun}; none lets more data leave the customer.**"
    verb = "lets" if exposures == 1 else "let"
    return f"**{changes} {noun}; {exposures} {verb} more data leave the customer.**"
