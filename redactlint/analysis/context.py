"""What a rule sees while the walker is at one point of one module."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .config import Config
from .directives import Directives, Justification
from .findings import Finding, FixKind, Span
from .kinds import Kind, Safety, Value
from .registry import Registry
from .safety import Env, Evaluator
from .scopes import Scope, Scopes

if TYPE_CHECKING:
    from .signatures import Signature
    from .sink_sites import SinkSite

# The runtime itself constructs marked strings and handles markers.
RUNTIME_MODULES = ("redactlint.redact", "redactlint.events")


@dataclass
class Context:
    """Per-module state shared by the walker and the rules."""

    path: str
    lines: list[str]
    config: Config
    registry: Registry
    scopes: Scopes
    evaluator: Evaluator
    directives: Directives
    scope: Scope
    safe_types: frozenset[str] = frozenset()  # qualified names in the reviewed allowlist
    env: Env = field(default_factory=dict)
    statement: tuple[int, int] = (0, 0)
    findings: list[Finding] = field(default_factory=list)
    reporting: bool = True
    matched: list[tuple[str, int]] = field(default_factory=list)  # (declared sink, line) called
    # Signatures of the declared sinks the project defines (see ``signatures``).
    signatures: Mapping[str, Signature] = field(default_factory=dict)
    # The parameters of the function being walked when it is itself a declared sink:
    # what they hold is checked where the sink is called.
    sink_parameters: frozenset[str] = frozenset()
    # Of those, the one its declaration names as the event: callers' RL102 covers it.
    sink_event: str | None = None
    # The declared sink being walked (its ``call``), when it is one, and its receiver
    # (``self``), whose attributes are the sink's own state, not what its callers pass.
    sink_call: str | None = None
    sink_receiver: str | None = None

    def checked_at_callers(self, node: ast.expr) -> bool:
        """Whether ``node`` is a parameter of the declared sink being walked, never
        rebound: its callers' arguments are checked as that sink's."""
        return (
            isinstance(node, ast.Name)
            and node.id in self.sink_parameters
            and len(self.scope.bindings.get(node.id, ())) == 1
        )

    def contained(self, site: SinkSite, value: ast.expr) -> bool:
        """Whether ``value``, an argument of ``site``, is only read from inside the sink
        (a project function that never lets that parameter leave whole)."""
        signature = self.signatures.get(site.sink or "")
        parameter = self._parameter(site, value)
        return signature is not None and parameter in signature.contained

    def _parameter(self, site: SinkSite, value: ast.expr) -> str | None:
        """The parameter of the sink's signature that argument ``value`` binds to."""
        signature = self.signatures.get(site.sink or "")
        if signature is None:
            return None
        for position, argument in enumerate(site.call.args):
            if argument is value:
                return signature.parameter(position, None)
        for keyword in site.call.keywords:
            if keyword.value is value:
                return signature.parameter(None, keyword.arg)
        return None

    @property
    def module_name(self) -> str:
        return self.scopes.module_name

    @property
    def in_runtime(self) -> bool:
        """True inside redactlint's own runtime, which may handle raw markers."""
        return any(
            self.module_name == m or self.module_name.startswith(m + ".") for m in RUNTIME_MODULES
        )

    def classify(self, expr: ast.expr) -> Safety:
        """How safe the text of ``expr`` is here."""
        return self.evaluator.classify(expr, self.env, self.scope)

    def value(self, expr: ast.expr) -> Value:
        """What ``expr`` is here: its kinds and the safety of its text."""
        return self.evaluator.value(expr, self.env, self.scope)

    def is_literal(self, expr: ast.expr) -> bool:
        return self.evaluator.is_literal(expr, self.scope)

    def qualname(self, expr: ast.expr) -> str | None:
        return self.scopes.resolve(expr, self.scope)

    def event_name(self, node: ast.expr) -> str | None:
        """The text an argument certainly holds (an event name, a property key): a
        literal, a constant bound to one here or in another module, a local bound to
        one, or a registry constant; marked ``safe(...)`` or not (a redacting boundary
        needs an event name marked)."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if (
            isinstance(node, ast.Call)
            and len(node.args) == 1
            and self.evaluator.runtime_name(node.func, self.scope) == "safe"
        ):
            return self.event_name(node.args[0])
        qualname = self.qualname(node)
        if qualname is not None and qualname in self.registry.constants:
            return self.registry.constants[qualname]
        found = self.value(node)
        return found.literal if found.kinds == Kind.TEXT else None

    def justification(self) -> Justification | None:
        """The ``# redactlint: safe -- reason`` comment on the current statement."""
        first, last = self.statement
        for line in range(first, last + 1):
            found = self.directives.justifications.get(line)
            if found is not None:
                return found
        return None

    def span(self, node: ast.AST) -> Span:
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", None) or line
        column = self._column(line, getattr(node, "col_offset", 0))
        end_column = self._column(end_line, getattr(node, "end_col_offset", None) or 0)
        return Span(line, column + 1, end_line, end_column + 1)

    def source_text(self, node: ast.AST) -> str:
        """The text of ``node`` as written in the source (escapes not decoded)."""
        span = self.span(node)
        if not 0 < span.line <= span.end_line <= len(self.lines):
            return ""
        if span.line == span.end_line:
            return self.lines[span.line - 1][span.column - 1 : span.end_column - 1]
        first = self.lines[span.line - 1][span.column - 1 :]
        middle = self.lines[span.line : span.end_line - 1]
        last = self.lines[span.end_line - 1][: span.end_column - 1]
        return "\n".join([first, *middle, last])

    def _column(self, line: int, byte_offset: int) -> int:
        """``ast`` counts UTF-8 bytes; findings count characters."""
        if not 0 < line <= len(self.lines):
            return byte_offset
        text = self.lines[line - 1]
        if text.isascii():
            return byte_offset
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "ignore"))

    def report(
        self,
        node: ast.AST,
        code: str,
        message: str,
        fix: FixKind | None = None,
        fix_with: tuple[tuple[str, str], ...] = (),
    ) -> None:
        if not self.reporting:
            return
        self.findings.append(
            Finding(self.path, self.span(node), code, message, fix, self.statement, fix_with)
        )
