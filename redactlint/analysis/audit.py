"""``redactlint audit``: the review surface, every place where data can leave in clear.

Marked code can leak in exactly three ways: a ``safe(...)`` of something that
is not a constant, a safe type (``register_safe_type``, ``@safe_type``,
``__safe_format__``), and a suppressed finding (a ``# redactlint: ignore[...]`` or a
``# noqa``). The audit lists each with its
justification so a privacy reviewer reads those, not the whole codebase.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .context import Context
from .engine import Settings, display_path
from .kinds import Safety
from .noqa import noqa_on
from .rules.base import Visitor
from .safe_types import load_safe_types
from .sink_sites import SinkSite
from .walk import walk_file


@dataclass(frozen=True)
class AuditEntry:
    """One place a reviewer must read."""

    kind: str  # "safe", "safe-type" or "suppression"
    path: str
    line: int
    subject: str  # the expression, class or suppressed codes
    reason: str | None  # the justification, allowlist reason or suppression reason


class _Collector(Visitor):
    """Records safe() calls of non-constants and safe-type declarations."""

    def __init__(self, allowlist: dict[str, str]) -> None:
        self.allowlist = allowlist
        self.entries: list[AuditEntry] = []
        self.sink_lines: set[int] = set()  # the lines of every event-logging call

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        call = site.call
        self.sink_lines.update(range(call.lineno, (call.end_lineno or call.lineno) + 1))

    def visit_call(self, ctx: Context, call: ast.Call, runtime: str | None) -> None:
        if runtime == "safe" and call.args:
            value = call.args[0]
            if ctx.is_literal(value) or ctx.classify(value) == Safety.NOT_STRING:
                return
            justification = ctx.justification()
            self.entries.append(
                AuditEntry(
                    "safe",
                    ctx.path,
                    call.lineno,
                    ast.unparse(call),
                    justification.reason if justification else None,
                )
            )
        elif runtime == "register_safe_type" and call.args:
            name = ctx.qualname(call.args[0]) or f"{ctx.module_name}.{ast.unparse(call.args[0])}"
            self.entries.append(
                AuditEntry("safe-type", ctx.path, call.lineno, name, self.allowlist.get(name))
            )

    def visit_class(self, ctx: Context, node: ast.ClassDef) -> None:
        declared = any(
            ctx.evaluator.runtime_name(d, ctx.scope) == "safe_type" for d in node.decorator_list
        ) or any(
            isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
            and item.name == "__safe_format__"
            for item in node.body
        )
        if declared:
            name = f"{ctx.module_name}.{node.name}"
            self.entries.append(
                AuditEntry("safe-type", ctx.path, node.lineno, name, self.allowlist.get(name))
            )


def _noqa_entries(ctx: Context, sink_lines: set[int]) -> list[AuditEntry]:
    """``# noqa`` comments that hide findings as flake8 reads them: those naming an RL
    code, and blanket ones on the lines of a sink call. A noqa gives no reason."""
    entries = []
    for number, text in enumerate(ctx.lines, start=1):
        found = noqa_on(text, number) if "noqa" in text.lower() else None
        if found is None:
            continue
        named = [code for code in found.codes if code.startswith("RL")]
        if named or (not found.codes and number in sink_lines):
            subject = "# noqa: " + ",".join(named) if named else "# noqa"
            entries.append(AuditEntry("suppression", ctx.path, number, subject, None))
    return entries


def audit_files(files: Iterable[Path], settings: Settings) -> list[AuditEntry]:
    """Audit entries of every file that parses (the checker reports the others)."""
    allowlist = load_safe_types(settings.config.safe_types_allowlist)
    entries: list[AuditEntry] = []
    for path in files:
        collector = _Collector(allowlist)
        ctx = walk_file(path, display_path(path), settings, [collector])
        if ctx is None:
            continue  # the checker reports it (RL901, RL902)
        shown, directives = ctx.path, ctx.directives
        entries.extend(collector.entries)
        for suppression in directives.suppressions:
            if suppression.problem is None:
                entries.append(
                    AuditEntry(
                        "suppression",
                        shown,
                        suppression.line,
                        ",".join(suppression.codes),
                        suppression.reason,
                    )
                )
        entries.extend(_noqa_entries(ctx, collector.sink_lines))
    return sorted(entries, key=lambda e: (e.kind, e.path, e.line))
