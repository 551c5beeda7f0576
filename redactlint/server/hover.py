"""What hovering a flagged span shows: the rule's documentation, as
``redactlint explain CODE`` prints it, for each finding under the cursor."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from ..analysis import Finding, render_rule_doc
from ..analysis.rules.registry import find_rule
from .positions import from_lsp


def hover_text(
    findings: Sequence[Finding], lines: Sequence[str], position: types.Position, encoding: str
) -> str | None:
    """Markdown for the findings at ``position``, or None when there is none."""
    at = from_lsp(lines, position.line, position.character, encoding)
    parts = []
    for code in dict.fromkeys(
        f.code for f in findings
        if (f.span.line, f.span.column) <= at <= (f.span.end_line, f.span.end_column)
    ):
        rule = find_rule(code)
        if rule is not None:
            parts.append(render_rule_doc(rule))
    return "\n\n---\n\n".join(parts) or None
