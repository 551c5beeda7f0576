"""Findings and fixes as LSP values: diagnostics, text edits and code actions.

A diagnostic's ``code`` is the rule code; the rule's documentation (what
``redactlint explain CODE`` prints) is the hover of the flagged span, so no web
page is needed to read it. Its severity is the rule's. A "suppress" action appends
``# redactlint: ignore[CODE] <reason>`` to the last line of the finding's statement
(a compound statement's header): ``<reason>`` is a placeholder to replace with why
the value is not private data, a reason being required by the directive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from lsprotocol import types

from ..analysis import Finding
from ..analysis.findings import Span, TextEdit
from ..analysis.registry import EventInfo
from ..analysis.rules.registry import find_rule
from .documents import DocumentFixes
from .positions import from_lsp, to_lsp

SOURCE = "redactlint"
FIX_ALL = "source.fixAll.redactlint"
REASON_PLACEHOLDER = "<reason>"
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "note": types.DiagnosticSeverity.Information,
}
_IGNORE = re.compile(r"#\s*redactlint:\s*ignore\[(?P<codes>[^\]]*)\]")


def lsp_range(lines: Sequence[str], span: Span, encoding: str) -> types.Range:
    """The LSP range of a checker span in the document made of ``lines``."""
    start = to_lsp(lines, span.line, span.column, encoding)
    end = to_lsp(lines, span.end_line, span.end_column, encoding)
    return types.Range(types.Position(*start), types.Position(*end))


def diagnostic(
    finding: Finding, lines: Sequence[str], encoding: str, event: EventInfo | None = None
) -> types.Diagnostic:
    """One finding as an LSP diagnostic; one about an ``event`` links to its schema file."""
    rule = find_rule(finding.code)
    severity = _SEVERITY[rule.severity] if rule is not None else types.DiagnosticSeverity.Error
    related = None
    if event is not None:
        start = types.Range(types.Position(0, 0), types.Position(0, 0))
        related = [types.DiagnosticRelatedInformation(
            types.Location(Path(event.schema.path).resolve().as_uri(), start),
            f"the schema of {event.name}",
        )]
    return types.Diagnostic(
        range=lsp_range(lines, finding.span, encoding),
        message=finding.message,
        severity=severity,
        code=finding.code,
        source=SOURCE,
        related_information=related,
    )


def problem(message: str) -> types.Diagnostic:
    """A diagnostic for what stops the document being checked at all (no configuration,
    broken schemas), on its first line."""
    return types.Diagnostic(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        message=message,
        severity=types.DiagnosticSeverity.Warning,
        source=SOURCE,
    )


def text_edits(edits: Iterable[TextEdit], lines: Sequence[str], encoding: str) -> list[
    types.TextEdit
]:
    return [types.TextEdit(lsp_range(lines, edit.span, encoding), edit.text) for edit in edits]


def covers(span: Span, lines: Sequence[str], wanted: types.Range, encoding: str) -> bool:
    """True when the finding's span touches the requested range (the cursor)."""
    start = from_lsp(lines, wanted.start.line, wanted.start.character, encoding)
    end = from_lsp(lines, wanted.end.line, wanted.end.character, encoding)
    return (span.line, span.column) <= end and start <= (span.end_line, span.end_column)


def code_actions(
    uri: str,
    findings: Sequence[Finding],
    fixes: DocumentFixes,
    lines: Sequence[str],
    wanted: types.Range,
    encoding: str,
    only: Sequence[str] | None,
) -> list[types.CodeAction]:
    """The actions for the findings under ``wanted``: each one's fix, one suppression
    each, and the fix of the whole file."""
    actions: list[types.CodeAction] = []
    here = [f for f in findings if covers(f.span, lines, wanted, encoding)]
    if _wanted(types.CodeActionKind.QuickFix, only):
        for finding in here:
            edits = fixes.edits.get(finding)
            if edits:
                actions.append(types.CodeAction(
                    title=f"Fix {finding.code}: {_fix_title(finding)}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic(finding, lines, encoding)],
                    is_preferred=True,
                    edit=_workspace_edit(uri, text_edits(edits, lines, encoding)),
                ))
        for finding in here:
            suppression = suppress_edit(finding, lines, encoding)
            if suppression is not None:
                actions.append(types.CodeAction(
                    title=f"Suppress {finding.code} on this statement (give the reason)",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic(finding, lines, encoding)],
                    edit=_workspace_edit(uri, [suppression]),
                ))
    if fixes.edits and _wanted(FIX_ALL, only):
        actions.append(types.CodeAction(
            title="Fix all redactlint findings in the file",
            kind=FIX_ALL,
            edit=_workspace_edit(uri, text_edits(fixes.all_edits, lines, encoding)),
        ))
    return actions


def suppress_edit(finding: Finding, lines: Sequence[str], encoding: str) -> types.TextEdit | None:
    """The edit that suppresses ``finding`` on its statement: the code added to the
    line's suppression if it has one, else a new one at the end of the line. None for
    the RL9xx findings about the file or its directives, which no comment hides."""
    if finding.code.startswith("RL9"):
        return None
    line = finding.statement[1] or finding.line
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    existing = _IGNORE.search(text)
    if existing is not None:
        codes = [c.strip() for c in existing["codes"].split(",") if c.strip()]
        if finding.code in codes:
            return None
        at = existing.end("codes")
        insert = f", {finding.code}" if codes else finding.code
    else:
        at = len(text.rstrip())
        insert = f"  # redactlint: ignore[{finding.code}] {REASON_PLACEHOLDER}"
    position = types.Position(*to_lsp(lines, line, at + 1, encoding))
    return types.TextEdit(types.Range(position, position), insert)


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether the client asked for actions of ``kind`` (a kind covers its sub-kinds)."""
    return not only or any(kind == each or kind.startswith(each + ".") for each in only)


def _fix_title(finding: Finding) -> str:
    assert finding.fix is not None
    return f"apply the {finding.fix.value} fix"


def _workspace_edit(uri: str, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: edits})
