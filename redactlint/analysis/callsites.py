"""The kinds of a parameter, from every call of its function in the project; and
whether a module's list, set or dict of literals is changed anywhere (``unchanged``).

``track_model_run(index, num_nodes, result)`` says nothing of ``index``; its one caller,
``track_model_run(self.node_index, ...)`` with ``self.node_index: int``, does. A product
is an application whose callers are all in view, so when every call of a function
agrees on what a parameter gets, that is what it holds. Its kinds, always; the safety of
its text too when nothing but those calls can call the function (``callers_in_view``: no
decorator hands it to other code, no class outside the project that it overrides a
method of calls it, it is no dunder): then ``origin`` passed ``"internal"`` or ``"user"``
by every call is safe text, and a new call passing a request's field makes it text of
unknown safety again, reported at the sink. The files that may call it are found by a
second prefilter pass on its name; each occurrence of the name must then be a call the
checker resolves to the function (or another function of that name), else nothing is
concluded: a function passed around as a value, renamed on import or called through an
object of unknown class may be called from anywhere. Calls in test files are not read:
a test calls what production code may never call, with values production never passes.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .facts import SUBCLASSES, Function, ProjectFacts, bind_arguments
from .kinds import (
    NONE,
    SAFE_TEXT,
    UNKNOWN,
    Kind,
    Value,
    from_callers,
    from_kinds,
    join_all,
    unsure_text,
)
from .safety import Evaluator
from .scopes import Scope, Scopes
from .sources import read_source
from .subclasses import subclasses
from .unchanged import unchanged
from .uses import occurrences, parse_naming
from .wrappers import decorator_only_wraps

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
    module: str  # the caller's module


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
    classes = []
    for qualname in sorted(set(functions)):
        if qualname in facts.answers:
            continue
        if qualname.startswith(SUBCLASSES):
            facts.answers[qualname] = {}
            classes.append(qualname)
            continue
        function = facts.function(qualname)
        facts.answers[qualname] = {}
        if function is not None and not facts.is_public(function.module):
            targets[qualname] = function
        elif function is None and facts.is_container(qualname):
            containers.append(qualname)
    names = sorted({
        *(_called_as(function) for function in targets.values()),
        *(qualname.rsplit(".", 1)[-1] for qualname in containers),
    })
    if where is None:
        where = files_containing(files, names)
    finder = Search(facts, search or (lambda more: files_containing(files, more)), dict(where))
    outer, facts.searching = facts.searching, finder.subclasses
    try:
        _answer(facts, targets, containers, classes, finder)
    finally:
        facts.searching = outer
    return finder.consulted


def _answer(
    facts: ProjectFacts,
    targets: Mapping[str, Function],
    containers: list[str],
    classes: list[str],
    finder: Search,
) -> None:
    for question in classes:
        facts.answers[question] = finder.subclasses(question[len(SUBCLASSES):])
    for qualname in containers:
        naming = finder.naming(qualname.rsplit(".", 1)[-1])
        if len(naming) <= MAX_FILES and unchanged(facts, qualname, naming, finder.parse):
            facts.answers[qualname] = {UNCHANGED: NONE}
    for qualname, function in targets.items():
        name = _called_as(function)
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
            facts.answers[qualname] = _agree(facts, function, calls)


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
        return [path for path in found if not is_test_file(path, self.facts.roots)]

    def subclasses(self, qualname: str) -> dict[str, Value]:
        return subclasses(self.facts, qualname, self.naming, self.parse)

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
        result = UNKNOWN
        if calls and len(values) == len(calls):
            agreed = _from_calls(self.facts, caller, calls, join_all(values))
            declared = _declared(self.facts, caller, parameter)
            if declared is None or _within(agreed, declared):
                result = agreed
        self.arriving[key] = result
        return result


class _PassedOn(Mapping[str, Value]):
    """A caller's names, each parameter of unknown kind what its own callers pass."""

    def __init__(self, env: Mapping[str, Value], caller: Function, search: Search) -> None:
        self.env, self.caller, self.search = env, caller, search
        self.open = {
            name for name, kind, _, _ in caller.called_parameters
            if kind not in ("vararg", "kwarg")
        }

    def __getitem__(self, name: str) -> Value:
        value = self.env[name]
        if name in self.open and _untold(value) is not None:
            passed = self.search.passed(self.caller, name)
            if passed.kinds != UNKNOWN.kinds or passed.classes:
                return passed
        return value

    def __contains__(self, name: object) -> bool:
        return name in self.env

    def __iter__(self) -> Iterator[str]:
        return iter(self.env)

    def __len__(self) -> int:
        return len(self.env)


def _agree(facts: ProjectFacts, function: Function, calls: list[Call]) -> dict[str, Value]:
    """What every call passes each parameter: its kinds and, when the function's callers
    are all in view, the safety of its text (for an annotated parameter, only what stays
    within its annotation); and whether it is a literal at every call
    (``LITERAL_AT_CALLS``), which the finding's message states where that is not safety
    (annotating it ``LiteralString`` makes it one a type checker keeps)."""
    answers = {}
    for name, kind, annotation, _ in function.summary.params:
        if kind in ("vararg", "kwarg"):
            continue
        values = [call.values[name] for call in calls if name in call.values]
        if len(values) != len(calls):
            continue
        agreed = _from_calls(facts, function, calls, join_all(values))
        if annotation is None:
            answers[name] = agreed
        else:
            declared = facts.annotation(function.module, annotation)
            if _untold(declared) is False and _within(agreed, declared) and (
                agreed.safety < declared.safety
            ):
                answers[name] = agreed
        if all(v.literal is not None and v.kinds == Kind.TEXT for v in values):
            answers[name + LITERAL_AT_CALLS] = SAFE_TEXT
    return answers


def _from_calls(facts: ProjectFacts, function: Function, calls: list[Call], value: Value) -> Value:
    """What the calls agree on: with the safety of its text when the function's callers
    are all in view and each call is in the function's own package (a script, an
    example or a harness beside the package calls it as production never does)."""
    package = function.module.split(".", 1)[0]
    if callers_in_view(facts, function) and all(
        call.module.split(".", 1)[0] == package for call in calls
    ):
        return from_callers(value)
    return from_kinds(value)


def _untold(value: Value) -> bool | None:
    """Whether what a parameter holds is for its calls to tell: True when nothing is
    known of it, False when it is declared text of unknown safety (its calls may tell
    that safety), None when its declaration says all there is."""
    if value.kinds == UNKNOWN.kinds and not value.classes:
        return True
    return False if unsure_text(value) else None


def _declared(facts: ProjectFacts, function: Function, parameter: str) -> Value | None:
    for name, _, annotation, _ in function.summary.params:
        if name == parameter and annotation is not None:
            return facts.annotation(function.module, annotation)
    return None


def _within(value: Value, declared: Value) -> bool:
    """A value of the declared kinds only (an annotation is trusted as a type checker
    trusts it: a call passing something else is the type checker's finding)."""
    return declared.kinds == UNKNOWN.kinds or not value.kinds & ~declared.kinds


# Decorators that hand the function to no other code (a context manager's calls it with
# what its every ``with`` passes).
_PLAIN_DECORATORS = frozenset({
    "contextmanager", "contextlib.contextmanager", "asynccontextmanager",
    "contextlib.asynccontextmanager",
    "staticmethod", "classmethod", "cache", "functools.cache", "lru_cache",
    "functools.lru_cache", "override", "typing.override", "typing_extensions.override",
})
# Bases outside the project whose machinery calls none of a subclass's named methods.
_INERT_BASES = frozenset({
    "object", "abc.ABC", "typing.Generic", "typing.Protocol", "typing_extensions.Protocol",
    "Exception", "BaseException", "ValueError", "RuntimeError", "TypeError", "KeyError",
})


def _is_constructor(function: Function) -> bool:
    return function.owner is not None and function.qualname.endswith(".__init__")


def _called_as(function: Function) -> str:
    """The name its calls are written with: a constructor's is its class's
    (``Coder(total_cost=0.0)`` calls ``Coder.__init__``)."""
    if _is_constructor(function):
        assert function.owner is not None
        return function.owner.rsplit(".", 1)[-1]
    return function.qualname.rsplit(".", 1)[-1]


def _makes_its_own(tree: ast.Module, scopes: Scopes, target: Function) -> bool:
    """Whether the class of constructor ``target``, defined in ``tree``, makes instances
    of itself without naming itself (``cls(...)``, ``type(self)(...)``,
    ``self.__class__(...)``), or is decorated or given a metaclass (a dataclass's
    ``replace`` calls its constructor too)."""
    assert target.owner is not None
    if target.owner.rsplit(".", 1)[0] != scopes.module_name:
        return False
    name = target.owner.rsplit(".", 1)[-1]
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.name != name:
            continue
        if node.decorator_list or node.keywords:
            return True
        for inner in ast.walk(node):
            if not isinstance(inner, ast.Call):
                continue
            func = inner.func
            if isinstance(func, ast.Name) and func.id == "cls":
                return True
            if isinstance(func, ast.Call) and isinstance(func.func, ast.Name) and (
                func.func.id == "type"
            ):
                return True
            if isinstance(func, ast.Attribute) and func.attr == "__class__":
                return True
    return False


def callers_in_view(facts: ProjectFacts, function: Function) -> bool:
    """Whether the calls the project's text makes of ``function`` are all the calls
    there are: it is not a dunder (Python calls those) other than a constructor, no
    decorator takes it (a route, a hook, a registered callback is called by the code it
    is handed to) but one that only wraps it (``wrappers``), and, for a method, every
    class its class derives from is the project's own (a framework base calls the
    methods it declares: a log handler's ``emit``, a view's ``get``, a model's
    validation its constructor)."""
    name = function.qualname.rsplit(".", 1)[-1]
    if name.startswith("__") and name.endswith("__") and not _is_constructor(function):
        return False
    if any(
        d.split("(")[0] not in _PLAIN_DECORATORS
        and not decorator_only_wraps(facts, function.module, d)
        for d in function.summary.decorators
    ):
        return False
    if function.owner is None:
        return True
    for current in facts.mro(function.owner):
        if current in _INERT_BASES:
            continue
        found = facts.class_summary(current)
        if found is None or not facts.in_project(found[1]):
            return False
        if len(facts.bases(current)) != len(found[0].bases):
            return False  # a base it cannot name: anything may be behind it
    return True


def is_test_file(path: Path, roots: Sequence[Path] = ()) -> bool:
    """A test module (``test_*.py``, ``*_test.py``, ``conftest.py``, or under a
    ``tests`` folder of the project)."""
    name = path.name
    if name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py":
        return True
    resolved = path.resolve()
    for root in roots:
        if resolved.is_relative_to(root):
            return any(part in ("tests", "test") for part in resolved.relative_to(root).parts[:-1])
    return False


def _calls(
    facts: ProjectFacts, tree: ast.Module, scopes: Scopes, target: Function, search: Search
) -> list[Call]:
    name = _called_as(target)
    if (
        _named_in_text(tree, name)
        or (_is_constructor(target) and _makes_its_own(tree, scopes, target))
        or _dispatches(tree, scopes, target)
    ):
        raise GiveUp  # ``getattr(handlers, name)``, ``"app.views.index"``: called by name
    evaluator = Evaluator(scopes, facts)
    calls = []
    for node, parent, scope, function in occurrences(tree, scopes, name):
        if isinstance(node, ast.alias):
            if node.asname not in (None, name):
                raise GiveUp  # renamed: its calls do not name it
            continue
        called = isinstance(parent, ast.Call) and parent.func is node
        env = _caller_env(facts, scopes, function, scope, search)
        ours = _refers_to(facts, evaluator, node, scope, env, target)
        if ours is None:
            raise GiveUp
        if not ours:
            continue
        call = parent if called else _forwarded(parent, node, scopes, scope)
        if call is None and _is_constructor(target) and _names_only(node, parent):
            continue
        if call is None:
            raise GiveUp  # passed around as a value: called from who knows where
        assert isinstance(call, ast.Call)
        calls.append(_bind(facts, evaluator, call, scope, env, target))
    return calls


def _dispatches(tree: ast.Module, scopes: Scopes, target: Function) -> bool:
    """Whether the module defining ``target`` may call it by a name it computes: its
    class looks up its own attributes by a name that is no literal
    (``getattr(self, f"handle_{kind}")``), or the module looks up its own functions
    (``globals()[name]``)."""
    module = (target.owner or target.qualname).rsplit(".", 1)[0]
    if module != scopes.module_name or _is_constructor(target):
        return False  # (a constructor is called through its class)
    scope: list[ast.AST] = list(tree.body)
    if target.owner is not None:
        name = target.owner.rsplit(".", 1)[-1]
        scope = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name]
    for root in scope:
        for node in ast.walk(root):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            if target.owner is None and node.func.id in ("globals", "vars", "locals"):
                return True
            if (
                target.owner is not None
                and node.func.id == "getattr"
                and len(node.args) >= 2
                and not isinstance(node.args[1], ast.Constant)
            ):
                return True
    return False


def _names_only(node: ast.expr | ast.alias, parent: ast.AST | None) -> bool:
    """A use of a class that makes no instance: in a type test, an ``except``, an
    annotation, a comparison, or reading one of its attributes (its classmethods that
    make instances are seen where the class is defined, ``_makes_its_own``)."""
    if isinstance(parent, ast.Call):
        func = parent.func
        return (
            isinstance(func, ast.Name)
            and func.id in ("isinstance", "issubclass")
            and len(parent.args) == 2
            and parent.args[1] is node
        )
    if isinstance(parent, ast.ExceptHandler):
        return parent.type is node
    if isinstance(parent, ast.AnnAssign):
        return parent.annotation is node
    if isinstance(parent, ast.Subscript):
        return parent.slice is node  # ``Optional[Coder]``, ``list[Coder]``
    if isinstance(parent, ast.Compare):
        return True
    if isinstance(parent, ast.Attribute):
        return parent.value is node and parent.attr not in ("__init__", "__new__", "__call__")
    return False


def _forwarded(
    parent: ast.AST | None, node: ast.expr, scopes: Scopes, scope: Scope
) -> ast.Call | None:
    """The call a forwarder makes of the function it is handed, with the arguments
    handed beside it: ``asyncio.to_thread(f, a, key=b)`` calls ``f(a, key=b)``,
    ``loop.run_in_executor(pool, f, a)`` calls ``f(a)``."""
    if not isinstance(parent, ast.Call):
        return None
    func = parent.func
    if parent.args[:1] == [node] and scopes.resolve(func, scope) == "asyncio.to_thread":
        return ast.Call(func=node, args=parent.args[1:], keywords=parent.keywords)
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "run_in_executor"
        and len(parent.args) >= 2
        and parent.args[1] is node
        and not parent.keywords
    ):
        return ast.Call(func=node, args=parent.args[2:], keywords=[])
    return None


_LOOKUPS = frozenset({"getattr", "hasattr", "attrgetter", "methodcaller"})


def _named_in_text(tree: ast.Module, name: str) -> bool:
    """A string of the module names the function: a dotted path to it
    (``"app.views.index"``, ``"app.views:index"``), its name looked up
    (``getattr(module, "index")``) or kept in a table of names (``("index", args)``);
    code that finds it by name may call it with anything. Outside ``__all__``, and not
    an argument of another call (an event named like the function, ``track("save")``)."""
    for statement in tree.body:
        targets = (
            statement.targets if isinstance(statement, ast.Assign)
            else [statement.target] if isinstance(statement, (ast.AugAssign, ast.AnnAssign))
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            continue
        nodes = list(ast.walk(statement))
        arguments: set[int] = set()
        for node in nodes:
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called not in _LOOKUPS:
                    arguments.update(id(a) for a in [*node.args, *(k.value for k in node.keywords)])
        for node in nodes:
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            if node.value.endswith(("." + name, ":" + name)):
                return True
            if node.value == name and id(node) not in arguments:
                return True
    return False


def _refers_to(
    facts: ProjectFacts,
    evaluator: Evaluator,
    node: ast.expr,
    scope: Scope,
    env: Mapping[str, Value],
    target: Function,
) -> bool | None:
    """Whether ``node`` names the target (None: it cannot be told)."""
    scopes = evaluator.scopes
    if _is_constructor(target):
        qualname = scopes.resolve(node, scope)
        if qualname is None and isinstance(node, ast.Name) and (
            scopes.binding_scope(node.id, scope) is scopes.module
        ):
            qualname = f"{scopes.module_name}.{node.id}"
        if qualname is None:
            return None if isinstance(node, ast.Name) else False
        return facts.canonical(qualname) == target.owner
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
    base = evaluator.value(node.value, env, scope) if not _is_self(node.value) else None
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
    scope: Scope,
    search: Search,
    depth: int = 0,
) -> Mapping[str, Value]:
    """The names a call's arguments are evaluated with: the calling function's (its
    parameters what its own callers pass, for a function nested in another what the
    calls beside it pass), and the ``self`` of a method it is nested in."""
    if function is None:
        return {}
    owner = scopes.function_path(function)
    found = facts.function(f"{scopes.module_name}.{owner}") if owner else None
    if found is None:
        env = _outer_self(facts, scopes, scope)
        env.update(_declared_parameters(facts, scopes, function))
        env.update(_nested_parameters(facts, scopes, function, search, depth))
        return env
    return _PassedOn(facts.function_env(found, call_sites=False), found, search)


def _declared_parameters(
    facts: ProjectFacts, scopes: Scopes, function: ast.FunctionDef | ast.AsyncFunctionDef
) -> dict[str, Value]:
    """The annotated parameters of a function nested in another, as declared (a handler
    ``def on_env(_: Any, event: EnvEvent)`` a decorator registers)."""
    scope = scopes.by_node.get(id(function))
    outer = scope.parent if scope is not None and scope.parent is not None else scopes.module
    evaluator = Evaluator(scopes, facts)
    arguments = function.args
    return {
        a.arg: evaluator.annotation(a.annotation, outer)
        for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        if a.annotation is not None
    }


def _nested_parameters(
    facts: ProjectFacts,
    scopes: Scopes,
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    search: Search,
    depth: int,
) -> dict[str, Value]:
    """A function nested in another, called only where it is defined (by its siblings
    or its parent, never handed on): each parameter holds what every such call passes
    it (``_report_duration(source, "completed")``)."""
    scope = scopes.by_node.get(id(function))
    if depth >= _THROUGH or scope is None or scope.parent is None or function.decorator_list:
        return {}
    defining = scope.parent
    if len(defining.bindings.get(function.name, ())) != 1 or not isinstance(
        defining.node, (ast.FunctionDef, ast.AsyncFunctionDef)
    ):
        return {}
    arguments = function.args
    if arguments.vararg or arguments.kwarg or arguments.posonlyargs:
        return {}
    names = [a.arg for a in [*arguments.args, *arguments.kwonlyargs]]
    annotations = {a.arg: a.annotation for a in [*arguments.args, *arguments.kwonlyargs]}
    defaults = dict(zip(reversed([a.arg for a in arguments.args]),
                        reversed(arguments.defaults), strict=False))
    defaults.update({a.arg: d for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults,
                                               strict=True) if d is not None})
    evaluator = Evaluator(scopes, facts)
    passed: dict[str, list[Value]] = {name: [] for name in names}
    for call, caller, caller_scope in _local_uses(scopes, defining.node, function.name):
        if call is None or any(isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords
        ) or len(call.args) > len(arguments.args):
            return {}  # handed on as a value, or a call that cannot be bound
        env = _caller_env(facts, scopes, caller, caller_scope, search, depth + 1)
        given = dict(zip([a.arg for a in arguments.args], call.args, strict=False))
        given.update({k.arg: k.value for k in call.keywords if k.arg})
        for name in names:
            value = given.get(name, defaults.get(name))
            if value is None:
                return {}
            passed[name].append(evaluator.value(value, env, caller_scope))
    if not passed or not all(passed.values()):
        return {}
    result = {}
    for name, values in passed.items():
        agreed = from_callers(join_all(values))
        annotation = annotations[name]
        if annotation is None:
            result[name] = agreed
            continue
        declared = evaluator.annotation(annotation, defining)
        if unsure_text(declared) and _within(agreed, declared):
            result[name] = agreed
    return result


def _local_uses(
    scopes: Scopes, defining: ast.FunctionDef | ast.AsyncFunctionDef, name: str
) -> Iterator[tuple[ast.Call | None, ast.FunctionDef | ast.AsyncFunctionDef, Scope]]:
    """Each use of ``name`` inside ``defining``: the call (None for any other use), the
    function it is in and that function's scope."""
    stack: list[tuple[ast.AST, ast.AST | None, ast.FunctionDef | ast.AsyncFunctionDef]] = [
        (statement, None, defining) for statement in defining.body
    ]
    while stack:
        node, parent, function = stack.pop()
        if isinstance(node, ast.Name) and node.id == name:
            scope = scopes.by_node.get(id(function))
            if scope is None:
                yield None, function, scopes.module
                continue
            call = parent if isinstance(parent, ast.Call) and parent.func is node else None
            yield call, function, scope
            continue
        inner = node if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
        stack.extend((child, node, inner) for child in ast.iter_child_nodes(node))


def _outer_self(facts: ProjectFacts, scopes: Scopes, scope: Scope) -> dict[str, Value]:
    """In a function nested in a method of a module's class, what it closes over of the
    method: its ``self``, an instance of the class (a listener registered inside
    ``setup_listeners`` calls ``self._telemetry.span(...)``)."""
    inner: set[str] = set()
    current: Scope | None = scope
    while current is not None and current.parent is not None:
        parent = current.parent
        node = current.node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
            parent.is_class and parent.parent is scopes.module
        ):
            assert isinstance(parent.node, ast.ClassDef)
            positional = [*node.args.posonlyargs, *node.args.args]
            plain = not any(
                isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod")
                for d in node.decorator_list
            )
            if not positional or not plain or positional[0].arg in inner:
                return {}
            owner = f"{scopes.module_name}.{parent.node.name}"
            return {positional[0].arg: facts.instance(owner)}
        inner |= set(current.bindings)
        current = parent
    return {}


def _bind(
    facts: ProjectFacts,
    evaluator: Evaluator,
    call: ast.Call,
    scope: Scope,
    env: Mapping[str, Value],
    target: Function,
) -> Call:
    positional: list[Value] = []
    # An unpacking the checker cannot read fills the parameters it may reach with what
    # it holds: the positional ones after the arguments before it, for ``*args``; every
    # one not named, for ``**kwargs``.
    open_positions = any(k.arg is None for k in call.keywords)
    open_keywords = open_positions
    for argument in call.args:
        if not isinstance(argument, ast.Starred):
            positional.append(evaluator.value(argument, env, scope))
            continue
        # ``f(self, "add", *found)``: a tuple whose items are known by position.
        unpacked = evaluator.value(argument.value, env, scope)
        if unpacked.elements is None or unpacked.kinds & ~(Kind.SEQUENCE | Kind.NONE):
            open_positions = True
            break
        positional.extend(unpacked.elements)
    values = bind_arguments(
        target,
        positional,
        {k.arg: evaluator.value(k.value, env, scope) for k in call.keywords if k.arg},
    )
    for name, kind, _, default in target.called_parameters:
        if name in values or kind in ("vararg", "kwarg"):
            continue
        if (open_positions and kind != "kwonly") or (open_keywords and kind != "posonly"):
            values[name] = UNKNOWN
        elif default is not None:
            values[name] = facts.evaluate(target.module, default)
    return Call(values, evaluator.scopes.module_name)


__all__ = ["answer", "files_containing"]
