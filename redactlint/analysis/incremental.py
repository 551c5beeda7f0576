"""Checking a module again after an edit inside one function: that function only.

An editor sends an edit at a time, and parsing and walking a 2,000-line module again
for each costs tens of milliseconds. When the edit stays inside one function (one at
the module level, or a method of a class there), the other functions' findings cannot
change, provided two things hold: what the module's summary learns from the function
is the same before and after (``summary.body_facts``: its signature, what it returns
and binds, the ``self.x`` it sets), and no ``global`` statement lets a function rebind
a module name. A function's scopes, facts and findings depend on the module level, the
project's facts and its own body, nothing else. Then only the function's lines are
parsed again and walked, inside the previous tree; the other findings are kept, moved
by the lines the edit added or removed.

Anything else (an edit at the module level, to a signature or a decorator, inside an
``__init__``, a ``global`` anywhere, a function that no longer parses alone) is not
checked here: :func:`check_again` returns None and the caller checks the whole module.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .directives import Directives, read_directives
from .engine import check_source, function_selector, reported
from .findings import Finding, Span
from .sources import decode, parse_source, physical_lines
from .summary import body_facts, declares_global
from .walk import TooDeep, walk_source

if TYPE_CHECKING:
    from .engine import Settings

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_METHOD_PREFIX = "class _:\n"  # a method's lines parse inside a class, columns kept


@dataclass
class Snapshot:
    """A module as last checked: its text and lines, the findings reported and, when its
    positions match the text, its tree (None: the next check is a whole one)."""

    shown: str
    module: tuple[str, bool]
    data: bytes
    source: str
    lines: list[str]
    tree: ast.Module | None
    findings: list[Finding]
    # The tree with its functions reduced to what the module level sees (``_outline``),
    # made on the first edit and kept while the positions hold.
    outline: ast.Module | None = None
    # The words that make a function worth walking (``function_selector``): they depend
    # on the module level only, which the edits checked here leave alone.
    words: list[str] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class _Unit:
    """The function an edit is inside: where it sits in the tree, and its lines."""

    node: FunctionNode
    index: int  # in the module's body
    owner: ast.ClassDef | None  # the class it is a method of
    member: int  # its index in the class's body
    start: int  # its first line, decorators included
    end: int


def check_module(
    shown: str, data: bytes, settings: Settings, module: tuple[str, bool]
) -> Snapshot:
    """Check the whole module, as ``check_source``, keeping what ``check_again`` needs."""
    try:
        source = decode(data)
        tree: ast.Module | None = parse_source(source, shown)
    except (SyntaxError, UnicodeDecodeError, LookupError, ValueError, RecursionError,
            MemoryError):
        return Snapshot(shown, module, data, "", [], None,
                        check_source(shown, data, settings, module))
    findings = check_source(shown, data, settings, module, tree=tree)
    return Snapshot(shown, module, data, source, physical_lines(source), tree, findings)


def check_again(previous: Snapshot, data: bytes, settings: Settings) -> Snapshot | None:
    """The module ``data`` checked again from ``previous``, when the edit between them is
    inside one function whose facts it leaves alone; None when it must be checked whole.

    When the edit added or removed lines, the snapshot returned has no tree (the tree's
    later positions are those of the old text): ``reparse`` gives it one."""
    tree = previous.tree
    if tree is None:
        return None
    try:
        source = decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return None
    if source == previous.source:
        return dataclasses.replace(previous, data=data)
    if declares_global(source) or declares_global(previous.source):
        return None
    lines = physical_lines(source)
    first, old_last = _changed(previous.lines, lines)
    unit = _enclosing(tree, first, old_last)
    if unit is None or unit.node.name == "__init__" or any(
        f.line < unit.start <= f.span.end_line for f in previous.findings
    ):
        return None  # (a finding whose span holds the function, on its class: redone whole)
    delta = len(lines) - len(previous.lines)
    end = unit.end + delta
    node = _parse_unit(lines, unit, end)
    if node is None or _header(node) != _header(unit.node):
        return None
    method = unit.owner is not None
    if body_facts(node, lines, method) != body_facts(unit.node, previous.lines, method):
        return None
    fresh = _walk_unit(previous, data, source, lines, unit, node, end, settings)
    if fresh is None:
        return None
    findings = [
        *(f for f in previous.findings if f.line < unit.start),
        *fresh,
        *(_moved(f, delta) for f in previous.findings if f.line > unit.end),
    ]
    if delta:
        return Snapshot(previous.shown, previous.module, data, source, lines, None, findings,
                        None, previous.words)
    return Snapshot(previous.shown, previous.module, data, source, lines,
                    _splice(tree, unit, node), findings, previous.outline, previous.words)


def reparse(snapshot: Snapshot) -> None:
    """Give ``snapshot`` the tree of its text (after an edit that moved lines)."""
    if snapshot.tree is None and snapshot.source:
        try:
            snapshot.tree = parse_source(snapshot.source, snapshot.shown)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            snapshot.tree = None


def _changed(old: Sequence[str], new: Sequence[str]) -> tuple[int, int]:
    """The first line that differs (1-based) and the last line of ``old`` the edit
    replaced (``first - 1`` when it only inserted lines)."""
    limit = min(len(old), len(new))
    first = 0
    while first < limit and old[first] == new[first]:
        first += 1
    same_tail = 0
    while (same_tail < limit - first
           and old[len(old) - 1 - same_tail] == new[len(new) - 1 - same_tail]):
        same_tail += 1
    return first + 1, len(old) - same_tail


def _enclosing(tree: ast.Module, first: int, last: int) -> _Unit | None:
    """The module-level function, or method of a module-level class, whose lines hold
    the old lines ``first``..``last`` (an insertion: after its first line, up to just
    past its last)."""
    for index, statement in enumerate(tree.body):
        start, end = _lines(statement)
        if not start <= first <= end + 1:
            continue
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return _unit(statement, index, None, 0, first, last)
        if isinstance(statement, ast.ClassDef):
            for member, node in enumerate(statement.body):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found = _unit(node, index, statement, member, first, last)
                    if found is not None:
                        return found
        return None
    return None


def _unit(
    node: FunctionNode, index: int, owner: ast.ClassDef | None, member: int, first: int,
    last: int,
) -> _Unit | None:
    start, end = _lines(node)
    inserted = last < first
    if start < first and (last <= end if not inserted else first <= end + 1):
        return _Unit(node, index, owner, member, start, end)
    return None


def _lines(node: ast.stmt) -> tuple[int, int]:
    decorators = getattr(node, "decorator_list", None) or []
    start = min([node.lineno, *(d.lineno for d in decorators)])
    return start, node.end_lineno or node.lineno


def _parse_unit(lines: Sequence[str], unit: _Unit, end: int) -> FunctionNode | None:
    """The function in the new lines ``unit.start``..``end``, parsed alone; None unless
    they are exactly one function of the same name."""
    prefix = _METHOD_PREFIX if unit.owner is not None else ""
    text = prefix + "\n".join(lines[unit.start - 1:end]) + "\n"
    try:
        parsed = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    body: list[ast.stmt] = parsed.body
    if unit.owner is not None:
        if len(body) != 1 or not isinstance(body[0], ast.ClassDef):
            return None
        body = body[0].body
    if len(body) != 1 or type(body[0]) is not type(unit.node):
        return None
    node = body[0]
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    if node.name != unit.node.name:
        return None
    ast.increment_lineno(node, unit.start - 1 - prefix.count("\n"))
    return node


def _header(node: FunctionNode) -> tuple[str, ...]:
    """The function's signature and decorators, positions aside."""
    parts = [node.args, *node.decorator_list, node.returns, *getattr(node, "type_params", [])]
    return tuple(ast.dump(part) if part is not None else "" for part in parts)


def _splice(tree: ast.Module, unit: _Unit, node: FunctionNode) -> ast.Module:
    """``tree`` with ``node`` in the unit's place (the old tree is left as it was)."""
    body = list(tree.body)
    if unit.owner is None:
        body[unit.index] = node
    else:
        owner = copy.copy(unit.owner)
        owner.body = list(unit.owner.body)
        owner.body[unit.member] = node
        body[unit.index] = owner
    return ast.Module(body=body, type_ignores=tree.type_ignores)


def _outline(tree: ast.Module) -> ast.Module:
    """``tree`` with each function and method reduced to its name, decorators and return
    annotation (what the module level and name resolution see of it) when its parameters
    hold no call and no ``:=``: their annotations and defaults cannot then reach a sink
    or change a fact, only cost time to walk, for findings not wanted. The edited
    function is put back whole (``_splice``)."""

    def outlined(statement: ast.stmt) -> ast.stmt:
        if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if isinstance(statement, ast.ClassDef) and any(
                isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) for s in statement.body
            ):
                owner = copy.copy(statement)
                owner.body = [outlined(s) for s in statement.body]
                return owner
            return statement
        if any(isinstance(n, (ast.Call, ast.NamedExpr)) for n in ast.walk(statement.args)):
            return statement
        stub = copy.copy(statement)
        stub.args = _NO_ARGUMENTS
        stub.body = [ast.copy_location(ast.Pass(), statement)]
        return stub

    return ast.Module(body=[outlined(s) for s in tree.body], type_ignores=tree.type_ignores)


_NO_ARGUMENTS = ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[],
                              kw_defaults=[], kwarg=None, defaults=[])


def _walk_unit(
    previous: Snapshot,
    data: bytes,
    source: str,
    lines: list[str],
    unit: _Unit,
    node: FunctionNode,
    end: int,
    settings: Settings,
) -> list[Finding] | None:
    """The findings reported in the new function, walked in the previous tree."""
    assert previous.tree is not None
    inside = {id(n) for n in ast.walk(node) if isinstance(n, (ast.FunctionDef,
                                                              ast.AsyncFunctionDef))}
    chosen = function_selector(source, settings, lines, previous.words)
    directives = _directives(lines, unit.start, end, unit.owner is not None)
    module_name, is_package = previous.module
    if previous.outline is None:
        previous.outline = _outline(previous.tree)
    outline = previous.outline
    facts = settings.facts
    facts.used, facts.questions = {}, set()
    # What the module's summary says is the same for both texts: the previous one, whose
    # tree and text agree, answers.
    facts.register(module_name, is_package, previous.tree, previous.source, previous.shown,
                   previous.data)
    try:
        ctx = walk_source(
            previous.shown, data, settings, settings.rules, previous.module,
            tree=_splice(outline, unit, node),
            select=lambda _source: lambda scopes, n: id(n) in inside and chosen(scopes, n),
            directives=directives, register=False, lines=lines,
        )
    except (TooDeep, RecursionError, MemoryError):
        return None
    finally:
        facts.release(module_name)
    found = [f for f in ctx.findings if unit.start <= f.line <= end]
    return reported(previous.shown, found, directives, lines, settings)


def _directives(lines: Sequence[str], start: int, end: int, method: bool) -> Directives:
    """The redactlint comments of lines ``start``..``end``, numbered as in the module."""
    prefix = _METHOD_PREFIX if method else ""
    read = read_directives(prefix + "\n".join(lines[start - 1:end]) + "\n")
    offset = start - 1 - prefix.count("\n")
    return Directives(
        [dataclasses.replace(s, line=s.line + offset) for s in read.suppressions],
        {line + offset: dataclasses.replace(j, line=j.line + offset)
         for line, j in read.justifications.items()},
        [(line + offset, column, end_column, problem)
         for line, column, end_column, problem in read.malformed],
    )


def _moved(finding: Finding, delta: int) -> Finding:
    if not delta:
        return finding
    span = finding.span
    first, last = finding.statement
    return dataclasses.replace(
        finding,
        span=Span(span.line + delta, span.column, span.end_line + delta, span.end_column),
        statement=(first + delta, last + delta) if first else (first, last),
    )


__all__ = ["Snapshot", "check_again", "check_module", "reparse"]
