"""What a rule is: a small unit with a code, a four-part doc and its examples.

A rule subclasses ``Rule``, declares its code, name, severity, category and fix
safety, documents itself in its docstring (*What it does*, *Why is this bad?*,
*Example*, *Use instead*, and *Fix safety* when it has a fix), lists ``VALID`` and
``INVALID`` snippets that the test suite runs, and implements the hooks it needs. The
walker calls hooks for every rule in one walk of the module; rules only report. The
rules about the file itself (RL9xx) build their findings here too, from what the
engine hands them: a read or parse error, the module's directives.
"""

from __future__ import annotations

import ast
import inspect
from typing import TYPE_CHECKING, ClassVar

from ...declaration import FixSafety, RuleDeclaration, Severity
from ..findings import Finding, Span

if TYPE_CHECKING:
    from ..context import Context
    from ..sink_sites import SinkSite


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
    # marking (RL0), schema-conformance (RL1), runtime-api (RL2), file (RL9)
    category: ClassVar[str]
    fix: ClassVar[FixSafety] = FixSafety.NONE
    baselinable: ClassVar[bool] = True  # False: the call fails at run time (see declaration)
    # Snippets checked with the test configuration: VALID ones must not produce
    # this rule's code, INVALID ones must (on each line marked "# expect: CODE").
    VALID: ClassVar[tuple[str, ...]] = ()
    INVALID: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def summary(cls) -> str:
        """The first line of the rule's doc."""
        return cls.declaration().summary

    @classmethod
    def declaration(cls) -> RuleDeclaration:
        """What the rule declares, in the shape every rule shares (RL and RS)."""
        return RuleDeclaration(
            cls.code,
            cls.name,
            cls.severity,
            cls.category,
            cls.fix,
            inspect.cleandoc(cls.__doc__ or ""),
            baselinable=cls.baselinable,
            valid=cls.VALID,
            invalid=cls.INVALID,
        )

    @classmethod
    def file_finding(cls, path: str, message: str, line: int = 1, column: int = 1) -> Finding:
        """A finding of this rule about the file at one point (line 1 when the whole file
        is concerned), its own statement."""
        return Finding(path, Span(line, column, line, column), cls.code, message,
                       statement=(line, line))


def reason(error: BaseException) -> str:
    """Why reading or parsing a file failed, in a few words: the byte that is not in
    the encoding, or the error's own message."""
    if isinstance(error, UnicodeDecodeError):
        return f"invalid {error.encoding} byte at offset {error.start}"
    return str(error) or type(error).__name__
