"""What a rule is: a small unit with a code, a four-part doc and its examples.

A rule subclasses ``Rule``, documents itself in its docstring (*What it does*,
*Why is this bad?*, *Example*, *Use instead*), lists ``VALID`` and ``INVALID``
snippets that the test suite runs, and implements the hooks it needs. The walker
calls hooks for every rule in one walk of the module; rules only report.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, ClassVar, Literal

if TYPE_CHECKING:
    from ..context import Context
    from ..sink_sites import SinkSite


# How much a finding matters, in SARIF's terms: "error" (data may leave, or the call
# breaks), "warning" (a file or a call the checker could not check), "note" (nothing is
# at risk: a suppression that hides nothing).
Severity = Literal["error", "warning", "note"]


class Visitor:
    """What the walker calls while it walks a module: a rule, or a collector (audit,
    catalog) that gathers what it sees without reporting."""

    def visit_call(self, ctx: Context, call: ast.Call, runtime: str | None) -> None:
        """Every call; ``runtime`` names the redact function it calls, if any."""

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        """Every event-logging call, taken apart."""

    def visit_constant(self, ctx: Context, node: ast.Constant) -> None:
        """Every constant, including the literal parts of f-strings."""

    def visit_class(self, ctx: Context, node: ast.ClassDef) -> None:
        """Every class definition."""


class Rule(Visitor):
    """Base class of the checker's rules: a visitor with a code, a doc and examples."""

    code: ClassVar[str]
    name: ClassVar[str]  # kebab-case summary, e.g. "unknown-string-in-sink"
    severity: ClassVar[Severity] = "error"
    # Snippets checked with the test configuration: VALID ones must not produce
    # this rule's code, INVALID ones must (on each line marked "# expect: CODE").
    VALID: ClassVar[tuple[str, ...]] = ()
    INVALID: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def summary(cls) -> str:
        """The first line of the rule's doc."""
        return (cls.__doc__ or "").strip().splitlines()[0]

    @classmethod
    def category(cls) -> str:
        """The family of its code: marking (RL0), schema conformance (RL1), runtime API
        (RL2), files and directives (RL9)."""
        return {
            "RL0": "marking",
            "RL1": "schema-conformance",
            "RL2": "runtime-api",
            "RL9": "file",
        }.get(cls.code[:3], "other")
