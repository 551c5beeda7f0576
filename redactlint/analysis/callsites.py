"""The kinds of an unannotated parameter, from every call of its function in the project.

``track_model_run(index, num_nodes, result)`` says nothing of ``index``; its one caller,
``track_model_run(self.node_index, ...)`` with ``self.node_index: int``, does. A product
is an application whose callers are all in view, so when every call of a function
agrees on what a parameter gets, that is what it holds: kinds only, never safety (a
literal passed at every call site still makes text of unknown safety). The files that
may call it are found by a second prefilter pass on its name; each occurrence of the
name must then be a call the checker resolves to the function (or another function
of that name), else nothing is concluded: a function passed around as a value, renamed
on import or called through an object of unknown class may be called from anywhere.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .facts import Function, ProjectFacts, bind_arguments
from .index import content_hash
from .kinds import Kind, Value, from_kinds, join_all
from .safety import Evaluator
from .scopes import Scope, Scopes, module_name_for
from .sources import decode, read_source

# A function whose name occurs in more files than this is not followed to its callers.
MAX_FILES = 64


@dataclass(frozen=True)
class Call:
    """One call of the function: each parameter's value there."""

    values: dict[str, Value]


class GiveUp(Exception):
    """An occurrence of the name that the checker cannot account for."""


def files_containing(files: Iterable[Path], names: Sequence[str]) -> dict[str, list[Path]]:
    """For each name, the files whose text holds it as a word (one pass over the files)."""
    from .index import words_in

    found: dict[str, list[Path]] = {name: [] for name in names}
    if not names:
        return found
    for path in files:
        try:
            data = read_source(path)
        except OSError:
            continue
        for name in words_in(data, list(names)):
            found[name].append(path)
    return found


def answer(
    facts: ProjectFacts,
    functions: Iterable[str],
    files: Sequence[Path],
    where: Mapping[str, list[Path]] | None = None,
) -> None:
    """Fill ``facts.answers`` for ``functions`` from their call sites in ``files``
    (``where``: the files each function name occurs in, when already searched). The
    module files and caller files consulted are noted in ``facts.used``."""
    targets = {}
    for qualname in sorted(set(functions)):
        if qualname in facts.answers:
            continue
        function = facts.function(qualname)
        facts.answers[qualname] = {}
        if function is not None and not facts.is_public(function.module):
            targets[qualname] = function
    names = sorted({qualname.rsplit(".", 1)[-1] for qualname in targets})
    if where is None:
        where = files_containing(files, names)
    parsed: dict[tuple[Path, str], tuple[ast.Module, Scopes] | None] = {}
    for qualname, function in targets.items():
        name = qualname.rsplit(".", 1)[-1]
        calls: list[Call] = []
        if len(where.get(name, [])) > MAX_FILES:
            continue  # called from too many places to read them all: nothing concluded
        try:
            for path in where.get(name, []):
                if (path, name) not in parsed:
                    parsed[path, name] = _parse(facts, path, name, function)
                found = parsed[path, name]
                if found is not None:
                    calls.extend(_calls(facts, found[0], found[1], function))
        except GiveUp:
            continue
        if calls:
            facts.answers[qualname] = _agree(function, calls)


def _parse(
    facts: ProjectFacts, path: Path, name: str, target: Function
) -> tuple[ast.Module, Scopes] | None:
    """The caller file's tree, scoped in the functions whose text names ``name`` only
    (None when it names it only where it defines it: nothing to read there)."""
    try:
        data = read_source(path)
        facts.used[os.path.abspath(path)] = content_hash(data)
        if _defines_only(data, name):
            return None
        source = decode(data)
        tree = ast.parse(source)
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError, LookupError, RecursionError,
            MemoryError):
        return None
    lines = source.splitlines()
    word = re.compile(rf"\b{re.escape(name)}\b")

    def names_it(_scopes: Scopes, node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        body = "\n".join(lines[node.lineno - 1 : node.end_lineno or node.lineno])
        return word.search(body) is not None

    scopes = Scopes(tree, module_name_for(str(path)), path.name == "__init__.py", names_it)
    return tree, scopes


def _defines_only(data: bytes, name: str) -> bool:
    """Every occurrence of ``name`` is in a ``def name(`` line."""
    pattern = re.compile(rb"(?<![\w.])" + re.escape(name.encode()) + rb"(?!\w)")
    for match in pattern.finditer(data):
        before = data[max(0, match.start() - 4) : match.start()]
        if before != b"def ":
            return False
    return True


def _agree(function: Function, calls: list[Call]) -> dict[str, Value]:
    answers = {}
    for name, kind, annotation, _ in function.summary.params:
        if annotation is not None or kind in ("vararg", "kwarg"):
            continue
        values = [call.values[name] for call in calls if name in call.values]
        if len(values) == len(calls):
            answers[name] = from_kinds(join_all(values))
    return answers


def _calls(facts: ProjectFacts, tree: ast.Module, scopes: Scopes, target: Function) -> list[Call]:
    name = target.qualname.rsplit(".", 1)[-1]
    evaluator = Evaluator(scopes, facts)
    calls = []
    for node, parent, scope, function in _occurrences(tree, scopes, name):
        if isinstance(node, ast.alias):
            if node.asname not in (None, name):
                raise GiveUp  # renamed: its calls do not name it
            continue
        called = isinstance(parent, ast.Call) and parent.func is node
        ours = _refers_to(facts, evaluator, node, scope, target)
        if ours is None:
            raise GiveUp
        if not ours:
            continue
        if not called:
            raise GiveUp  # passed around as a value: called from who knows where
        assert isinstance(parent, ast.Call)
        env = _caller_env(facts, scopes, function)
        calls.append(_bind(facts, evaluator, parent, scope, env, target))
    return calls


def _refers_to(
    facts: ProjectFacts, evaluator: Evaluator, node: ast.expr, scope: Scope, target: Function
) -> bool | None:
    """Whether ``node`` names the target (None: it cannot be told)."""
    scopes = evaluator.scopes
    if isinstance(node, ast.Name):
        if target.owner is not None:
            return False  # a bare name is never a method
        qualname = scopes.resolve(node, scope)
        if qualname is None and scopes.binding_scope(node.id, scope) is scopes.module:
            qualname = f"{scopes.module_name}.{node.id}"
        return qualname is not None and facts.canonical(qualname) == target.qualname
    assert isinstance(node, ast.Attribute)
    if target.owner is None:
        qualname = scopes.resolve(node, scope)
        return qualname is not None and facts.canonical(qualname) == target.qualname
    base = evaluator.value(node.value, {}, scope) if not _is_self(node.value) else None
    if base is None:
        return True if _in_class_of(facts, scope, scopes, target) else None
    if base.classes and base.kinds & (Kind.OBJECT | Kind.CLASS):
        found = [facts.function(f"{c}.{node.attr}") for c in sorted(base.classes)]
        if any(f is None for f in found):
            return None
        return any(f is not None and f.qualname == target.qualname for f in found)
    if base.kinds == Kind.TEXT or not base.kinds & (Kind.OBJECT | Kind.CLASS):
        return False  # a method of text, a number, a container...
    return None


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def _in_class_of(facts: ProjectFacts, scope: Scope, scopes: Scopes, target: Function) -> bool:
    """``self.method(...)`` inside a class whose methods resolve ``method`` to the target."""
    current: Scope | None = scope
    while current is not None and not current.is_class:
        current = current.parent
    if current is None or not isinstance(current.node, ast.ClassDef):
        return False
    owner = f"{scopes.module_name}.{current.node.name}"
    found = facts.function(f"{owner}.{target.qualname.rsplit('.', 1)[-1]}")
    return found is not None and found.qualname == target.qualname


def _caller_env(
    facts: ProjectFacts, scopes: Scopes, function: ast.FunctionDef | ast.AsyncFunctionDef | None
) -> Mapping[str, Value]:
    if function is None:
        return {}
    owner = _owner_path(scopes, function)
    found = facts.function(f"{scopes.module_name}.{owner}") if owner else None
    if found is None:
        return {}
    return facts.function_env(found, call_sites=False)


def _owner_path(scopes: Scopes, function: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    scope = scopes.by_node.get(id(function))
    if scope is None or scope.parent is None:
        return None
    parent = scope.parent
    if parent.parent is None:
        return function.name
    if parent.is_class and parent.parent.parent is None and isinstance(parent.node, ast.ClassDef):
        return f"{parent.node.name}.{function.name}"
    return None


def _bind(
    facts: ProjectFacts,
    evaluator: Evaluator,
    call: ast.Call,
    scope: Scope,
    env: Mapping[str, Value],
    target: Function,
) -> Call:
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords
    ):
        raise GiveUp
    values = bind_arguments(
        target,
        [evaluator.value(argument, env, scope) for argument in call.args],
        {k.arg: evaluator.value(k.value, env, scope) for k in call.keywords if k.arg},
    )
    for name, _, _, default in target.called_parameters:
        if name not in values and default is not None:
            values[name] = facts.evaluate(target.module, default)
    return Call(values)


def _occurrences(
    tree: ast.Module, scopes: Scopes, name: str
) -> Iterator[tuple[ast.expr | ast.alias, ast.AST | None, Scope,
                    ast.FunctionDef | ast.AsyncFunctionDef | None]]:
    """Every use of ``name`` with its parent, its scope and the function it is in."""
    stack: list[tuple[ast.AST, ast.AST | None, Scope,
                      ast.FunctionDef | ast.AsyncFunctionDef | None]] = [
        (tree, None, scopes.module, None)
    ]
    while stack:
        node, parent, scope, function = stack.pop()
        if isinstance(node, ast.Name) and node.id == name:
            yield node, parent, scope, function
            continue
        if isinstance(node, ast.Attribute) and node.attr == name:
            yield node, parent, scope, function
        if isinstance(node, ast.alias) and (node.name == name or node.name.endswith("." + name)):
            yield node, parent, scope, function
        inner = scopes.by_node.get(id(node))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not scopes.is_built(node):
            outer_only: list[ast.AST] = [*node.decorator_list, *node.args.defaults]
            for child in outer_only:
                stack.append((child, node, scope, function))
            continue  # its text does not name it
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            outer: list[ast.AST] = [*node.decorator_list, *node.args.defaults]
            outer += [d for d in node.args.kw_defaults if d is not None]
            for child in outer:
                stack.append((child, node, scope, function))
            for statement in node.body:
                stack.append((statement, node, inner or scope, node))
            continue
        if isinstance(node, ast.ClassDef):
            heads: list[ast.AST] = [*node.decorator_list, *node.bases, *node.keywords]
            for child in heads:
                stack.append((child, node, scope, function))
            for statement in node.body:
                stack.append((statement, node, inner or scope, function))
            continue
        child_scope = inner if inner is not None and not isinstance(node, ast.Module) else scope
        for child in ast.iter_child_nodes(node):
            stack.append((child, node, child_scope, function))


__all__ = ["answer", "files_containing"]
