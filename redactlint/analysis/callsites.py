"""The kinds of an unannotated parameter, from every call of its function in the project;
and whether a module's list, set or dict of literals is changed anywhere (``unchanged``).

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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .facts import Function, ProjectFacts, bind_arguments
from .kinds import NONE, SAFE_TEXT, UNKNOWN, Kind, Value, from_kinds, join_all
from .safety import Evaluator
from .scopes import Scope, Scopes
from .sources import read_source
from .unchanged import unchanged
from .uses import occurrences, parse_naming

# A function whose name occurs in more files than this is not followed to its callers.
MAX_FILES = 64
# The answer for a module's list, set or dict that no use in the project changes.
UNCHANGED = "unchanged"
# Beside a parameter's name: every call in the project passes it a literal.
LITERAL_AT_CALLS = ":literal"


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
    search: Callable[[list[str]], Mapping[str, list[Path]]] | None = None,
) -> dict[str, list[Path]]:
    """Fill ``facts.answers`` for ``functions`` from their call sites in ``files``
    (``where``: the files each function name occurs in, when already searched;
    ``search``: how to find the files naming others). The module files and caller files
    consulted are noted in ``facts.used``; the names searched, with the files naming
    each, are returned: the answers hold while those files are the same."""
    targets = {}
    containers = []
    for qualname in sorted(set(functions)):
        if qualname in facts.answers:
            continue
        function = facts.function(qualname)
        facts.answers[qualname] = {}
        if function is not None and not facts.is_public(function.module):
            targets[qualname] = function
        elif function is None and facts.is_container(qualname):
            containers.append(qualname)
    names = sorted({qualname.rsplit(".", 1)[-1] for qualname in [*targets, *containers]})
    if where is None:
        where = files_containing(files, names)
    finder = Search(facts, search or (lambda more: files_containing(files, more)), dict(where))
    for qualname in containers:
        naming = finder.naming(qualname.rsplit(".", 1)[-1])
        if len(naming) <= MAX_FILES and unchanged(facts, qualname, naming, finder.parse):
            facts.answers[qualname] = {UNCHANGED: NONE}
    for qualname, function in targets.items():
        name = qualname.rsplit(".", 1)[-1]
        naming = finder.naming(name)
        if len(naming) > MAX_FILES:
            continue  # called from too many places to read them all: nothing concluded
        calls: list[Call] = []
        try:
            for path in naming:
                found = finder.parse(path, name)
                if found is not None:
                    calls.extend(_calls(facts, found[0], found[1], function, finder))
        except GiveUp:
            continue
        if calls:
            facts.answers[qualname] = _agree(function, calls)
    return finder.consulted


# How many callers deep a parameter passed on as it is is followed (``main`` passes its
# ``analytics`` to ``select_model``, which passes it to ``offer_oauth``).
_THROUGH = 2


class Search:
    """The call-site search of one answer: files parsed once, names searched once, and
    what a caller's own parameter holds when it passes it on as it is (that caller's
    call sites, a few callers deep)."""

    def __init__(
        self,
        facts: ProjectFacts,
        search: Callable[[list[str]], Mapping[str, list[Path]]],
        where: dict[str, list[Path]],
    ) -> None:
        self.facts = facts
        self.search = search
        self.where = where
        self.consulted: dict[str, list[Path]] = {}
        self.parsed: dict[tuple[Path, str], tuple[ast.Module, Scopes] | None] = {}
        self.arriving: dict[tuple[str, str], Value] = {}
        self.depth = 0

    def parse(self, path: Path, name: str) -> tuple[ast.Module, Scopes] | None:
        if (path, name) not in self.parsed:
            self.parsed[path, name] = parse_naming(self.facts, path, name)
        return self.parsed[path, name]

    def naming(self, name: str) -> list[Path]:
        if name not in self.where:
            self.where.update(self.search([name]))
        found = self.where.get(name, [])
        self.consulted[name] = found
        return found

    def passed(self, caller: Function, parameter: str) -> Value:
        """What every call of ``caller`` passes its ``parameter`` (kinds only), or
        unknown when they do not all tell or it is too far."""
        key = (caller.qualname, parameter)
        if key in self.arriving:
            return self.arriving[key]
        self.arriving[key] = UNKNOWN  # a cycle tells nothing
        if self.depth >= _THROUGH or self.facts.is_public(caller.module):
            return UNKNOWN
        name = caller.qualname.rsplit(".", 1)[-1]
        files = self.naming(name)
        if len(files) > MAX_FILES:
            return UNKNOWN
        self.depth += 1
        calls: list[Call] = []
        try:
            for path in files:
                found = self.parse(path, name)
                if found is not None:
                    calls.extend(_calls(self.facts, found[0], found[1], caller, self))
        except GiveUp:
            calls = []
        finally:
            self.depth -= 1
        values = [call.values[parameter] for call in calls if parameter in call.values]
        result = from_kinds(join_all(values)) if calls and len(values) == len(calls) else UNKNOWN
        self.arriving[key] = result
        return result


class _PassedOn(Mapping[str, Value]):
    """A caller's names, each parameter of unknown kind what its own callers pass."""

    def __init__(self, env: Mapping[str, Value], caller: Function, search: Search) -> None:
        self.env, self.caller, self.search = env, caller, search
        self.open = {
            name for name, kind, annotation, _ in caller.called_parameters
            if annotation is None and kind not in ("vararg", "kwarg")
        }

    def __getitem__(self, name: str) -> Value:
        value = self.env[name]
        if name in self.open and value.kinds == UNKNOWN.kinds and not value.classes:
            return self.search.passed(self.caller, name)
        return value

    def __contains__(self, name: object) -> bool:
        return name in self.env

    def __iter__(self) -> Iterator[str]:
        return iter(self.env)

    def __len__(self) -> int:
        return len(self.env)


def _agree(function: Function, calls: list[Call]) -> dict[str, Value]:
    """What every call passes each parameter: its kinds (for a parameter without an
    annotation), and whether it is a literal at every call (``LITERAL_AT_CALLS``): not
    safety, a fact the finding's message states (annotating it ``LiteralString``
    makes it one a type checker keeps)."""
    answers = {}
    for name, kind, annotation, _ in function.summary.params:
        if kind in ("vararg", "kwarg"):
            continue
        values = [call.values[name] for call in calls if name in call.values]
        if len(values) != len(calls):
            continue
        if annotation is None:
            answers[name] = from_kinds(join_all(values))
        if all(v.literal is not None and v.kinds == Kind.TEXT for v in values):
            answers[name + LITERAL_AT_CALLS] = SAFE_TEXT
    return answers


def _calls(
    facts: ProjectFacts, tree: ast.Module, scopes: Scopes, target: Function, search: Search
) -> list[Call]:
    name = target.qualname.rsplit(".", 1)[-1]
    evaluator = Evaluator(scopes, facts)
    calls = []
    for node, parent, scope, function in occurrences(tree, scopes, name):
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
        env = _caller_env(facts, scopes, function, search)
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
    facts: ProjectFacts,
    scopes: Scopes,
    function: ast.FunctionDef | ast.AsyncFunctionDef | None,
    search: Search,
) -> Mapping[str, Value]:
    if function is None:
        return {}
    owner = scopes.function_path(function)
    found = facts.function(f"{scopes.module_name}.{owner}") if owner else None
    if found is None:
        return {}
    return _PassedOn(facts.function_env(found, call_sites=False), found, search)


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


__all__ = ["answer", "files_containing"]
