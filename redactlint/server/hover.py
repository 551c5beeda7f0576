"""What hovering shows: on a flagged span, the rule's documentation as
``redactlint explain CODE`` prints it; on a call that records an event, the event's
schema and what of each field leaves in each export mode."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from lsprotocol import types

from ..analysis import Finding, Settings, render_rule_doc
from ..analysis.rules.registry import find_rule
from .events import event_at, schema_markdown
from .positions import from_lsp


def hover_text(
    findings: Sequence[Finding],
    text: str,
    lines: Sequence[str],
    position: types.Position,
    encoding: str,
    settings: Settings | None,
) -> str | None:
    """Markdown for what is at ``position``, or None when there is nothing to show."""
    at = from_lsp(lines, position.line, position.character, encoding)
    parts = []
    for code in dict.fromkeys(
        f.code for f in findings
        if (f.span.line, f.span.column) <= at <= (f.span.end_line, f.span.end_column)
    ):
        rule = find_rule(code)
        if rule is not None:
            parts.append(render_rule_doc(rule))
    if settings is not None and settings.registry.known:
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            tree = None
        found = event_at(tree, lines, *at, settings) if tree is not None else None
        if found is not None:
            parts.append(schema_markdown(found[1], str(settings.config.root)))
    return "\n\n---\n\n".join(parts) or None
