"""Qualified names by the checker's own scope analysis, never by spelling.

A pre-pass records, for every scope (module, class, function, lambda,
comprehension), how each name is bound: an import (with the qualified name it
brings), an alias of a dotted name (``track = analytics.track``), an instance
made by calling something (``client = Posthog(...)``), or anything else (a
parameter, an assignment, a loop target...), which shadows. ``resolve`` then
follows Python's rules: globals and nonlocals, class scopes skipped for nested
functions, the module last.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ScopeNode = (
    ast.Module
    | ast.FunctionDef
    | ast.AsyncFunctionDef
    | ast.ClassDef
    | ast.Lambda
    | ast.ListComp
    | ast.SetComp
    | ast.DictComp
    | ast.GeneratorExp
)


@dataclass(frozen=True)
class Import:
    qualname: str


@dataclass(frozen=True)
class Alias:
    target: ast.expr  # a Name or Attribute chain, resolved in the binding scope


@dataclass(frozen=True)
class Instance:
    constructor: ast.expr  # the callee whose result was bound


@dataclass(frozen=True)
class Other:
    """A binding the checker cannot see through: it shadows any import."""


@dataclass(frozen=True, eq=False)
class Definition:
    """A ``def`` or ``class`` statement: it shadows like ``Other``, and tells what it is."""

    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


Binding = Import | Alias | Instance | Other | Definition
OTHER = Other()
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_COMPOUND = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.ExceptHandler,
    ast.Match,
    *((ast.TryStar,) if hasattr(ast, "TryStar") else ()),
)


@dataclass
class Scope:
    """The bindings of one scope."""

    node: ScopeNode
    parent: Scope | None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    global_names: set[str] = field(default_factory=set)
    nonlocal_names: set[str] = field(default_factory=set)
    # Names with a binding inside a compound statement (if, try, loop, with, match):
    # which of their bindings is live depends on the path taken.
    conditional: set[str] = field(default_factory=set)

    @property
    def is_class(self) -> bool:
        return isinstance(self.node, ast.ClassDef)

    @property
    def is_function(self) -> bool:
        return isinstance(self.node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))

    def bind(self, name: str, binding: Binding) -> None:
        """Record a binding, in the scope it lands in (``global``/``nonlocal`` move it)."""
        owner: Scope = self
        if name in self.global_names:
            while owner.parent is not None:
                owner = owner.parent
        elif name in self.nonlocal_names:
            owner = self._enclosing_function(name) or self
        owner.bindings.setdefault(name, []).append(binding)

    def _enclosing_function(self, name: str) -> Scope | None:
        """The enclosing function scope a ``nonlocal`` name refers to."""
        nearest = None
        current = self.parent
        while current is not None and current.parent is not None:
            if current.is_function:
                if name in current.bindings:
                    return current
                nearest = nearest or current
            current = current.parent
        return nearest


class Scopes:
    """The scopes of one module and name resolution over them."""

    def __init__(
        self,
        tree: ast.Module,
        module_name: str,
        is_package: bool = False,
        select: Callable[[Scopes, FunctionNode], bool] | None = None,
    ) -> None:
        """Build the scopes of ``tree``.

        With ``select``, function bodies are built after the module level, and only
        those ``select`` keeps (it sees the module's bindings by then); the walker
        skips the others, which is how the checker spends no time in functions that
        cannot reach a sink or the runtime.
        """
        self.module_name = module_name
        self.is_package = is_package
        self.by_node: dict[int, Scope] = {}
        self.has_named_expressions = False  # any ``:=`` in the module
        builder = _ScopeBuilder(self, module_name, is_package, defer=select is not None)
        self.module = builder.build(tree)
        self.built: set[int] | None = None
        if select is not None:
            self.built = set()
            builder.finish(lambda node: select(self, node), self.built)

    @classmethod
    def from_module_bindings(
        cls,
        module_name: str,
        is_package: bool,
        bindings: dict[str, list[Binding]],
        conditional: set[str],
    ) -> Scopes:
        """The module scope alone, rebuilt from a summary's bindings (no tree)."""
        scopes = cls.__new__(cls)
        scopes.module_name = module_name
        scopes.by_node = {}
        scopes.has_named_expressions = False
        scopes.built = None
        scopes.module = Scope(ast.Module(body=[], type_ignores=[]), None)
        scopes.module.bindings = bindings
        scopes.module.conditional = conditional
        scopes.is_package = is_package
        return scopes

    def is_built(self, node: FunctionNode) -> bool:
        """False for a function body that was not selected (and so is not walked)."""
        return self.built is None or id(node) in self.built

    def scope_of(self, node: ScopeNode) -> Scope:
        """The scope a scope-defining node opens."""
        return self.by_node[id(node)]

    def resolve(self, expr: ast.expr, scope: Scope, depth: int = 0) -> str | None:
        """The qualified name ``expr`` refers to, or None when it cannot be known.

        ``Posthog(...).capture`` resolves to ``posthog.Posthog.capture``: a call's
        result is named after its callee, which is how method sinks are declared.
        """
        if depth > 20:
            return None
        if isinstance(expr, ast.Name):
            return self._resolve_name(expr.id, scope, depth)
        if isinstance(expr, ast.Attribute):
            base = self.resolve(expr.value, scope, depth + 1)
            return None if base is None else f"{base}.{expr.attr}"
        if isinstance(expr, ast.Call):
            return self.resolve(expr.func, scope, depth + 1)
        return None

    def function_path(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
        """``name`` of a module's function, ``Class.name`` of a method of a module's
        class, within the module; None for one nested deeper (no project-wide name)."""
        scope = self.by_node.get(id(function))
        if scope is None or scope.parent is None:
            return None
        parent = scope.parent
        if parent.parent is None:
            return function.name
        if (
            parent.is_class
            and parent.parent.parent is None
            and isinstance(parent.node, ast.ClassDef)
        ):
            return f"{parent.node.name}.{function.name}"
        return None

    def binding_scope(self, name: str, scope: Scope) -> Scope | None:
        """The scope whose binding of ``name`` a use in ``scope`` sees."""
        if name in scope.global_names:
            return self.module if name in self.module.bindings else None
        current: Scope | None = scope
        first = True
        while current is not None:
            if (first or not current.is_class) and name in current.bindings:
                if name in current.nonlocal_names:
                    current = current.parent
                    first = False
                    continue
                return current
            current = current.parent
            first = False
        return None

    def _resolve_name(self, name: str, scope: Scope, depth: int) -> str | None:
        owner = self.binding_scope(name, scope)
        if owner is None:
            return None
        bindings = owner.bindings[name]
        if all(isinstance(b, Import) for b in bindings):
            names = {b.qualname for b in bindings}  # type: ignore[union-attr]
            return names.pop() if len(names) == 1 else None
        if len(bindings) != 1:
            return None
        binding = bindings[0]
        if isinstance(binding, Alias):
            return self.resolve(binding.target, owner, depth + 1)
        if isinstance(binding, Instance):
            return self.resolve(binding.constructor, owner, depth + 1)
        if isinstance(binding, Definition) and owner is self.module:
            return f"{self.module_name}.{name}"  # the module's own function or class
        return None

    def candidates(
        self, expr: ast.expr, scope: Scope, seen: frozenset[tuple[int, str]] = frozenset()
    ) -> set[str]:
        """Every qualified name ``expr`` may refer to, one per binding it may see.

        ``try: from analytics import track / except ImportError: def track(...)``
        may call ``analytics.track``: a sink is matched on any of its candidates
        (checking a call too many is safe; marking a value safe by mistake is not,
        so the runtime's own names are only ever resolved exactly). Each name is
        followed once per path, so rebinding chains (``x = x.strip()``) stay linear.
        """
        if isinstance(expr, ast.Attribute):
            return {f"{base}.{expr.attr}" for base in self.candidates(expr.value, scope, seen)}
        if isinstance(expr, ast.Call):
            return self.candidates(expr.func, scope, seen)
        if not isinstance(expr, ast.Name):
            return set()
        owner = self.binding_scope(expr.id, scope)
        if owner is None or expr.id not in owner.conditional:
            return set()
        key = (id(owner), expr.id)
        if key in seen or len(seen) > 8:
            return set()
        seen = seen | {key}
        found: set[str] = set()
        for binding in owner.bindings[expr.id]:
            if isinstance(binding, Import):
                found.add(binding.qualname)
            elif isinstance(binding, Alias):
                found |= self.candidates(binding.target, owner, seen)
            elif isinstance(binding, Instance):
                found |= self.candidates(binding.constructor, owner, seen)
            elif isinstance(binding, Definition) and owner is self.module:
                found.add(f"{self.module_name}.{expr.id}")
        return found


_VERSION_OPERATORS: dict[type[ast.cmpop], Callable[[tuple[int, ...], tuple[int, ...]], bool]] = {
    ast.GtE: lambda a, b: a >= b,
    ast.Gt: lambda a, b: a > b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
}


def version_test(test: ast.expr) -> bool | None:
    """Whether ``sys.version_info >= (3, 11)`` (or ``<``, ``>``, ``<=``; also
    ``sys.version_info[:2]``) holds for the running Python; None for any other test."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    left, right = test.left, test.comparators[0]
    if isinstance(left, ast.Subscript) and isinstance(left.slice, ast.Slice):
        left = left.value
    operator = _VERSION_OPERATORS.get(type(test.ops[0]))
    if not (
        operator is not None
        and isinstance(left, ast.Attribute)
        and left.attr == "version_info"
        and isinstance(left.value, ast.Name)
        and left.value.id == "sys"
        and isinstance(right, ast.Tuple)
    ):
        return None
    wanted = tuple(e.value for e in right.elts if isinstance(e, ast.Constant)
                   and type(e.value) is int)
    if not wanted or len(wanted) != len(right.elts):
        return None
    running = (sys.version_info.major, sys.version_info.minor, sys.version_info.micro)
    return operator(running[: len(wanted)], wanted)


def module_name_for(path: str, roots: Sequence[Path] = ()) -> str:
    """The dotted module name of a file, from the ``__init__.py`` chain above it (and,
    below one of ``roots``, the namespace packages up to it)."""
    return module_location(path, roots)[0]


def module_location(path: str, roots: Sequence[Path] = ()) -> tuple[str, str]:
    """A file's dotted module name and the directory that name is importable from
    (the one above its top-level package), from the ``__init__.py`` chain. Below one of
    ``roots`` (the directories the project is imported from, resolved), the directories up to the
    nearest root are packages too, with or without ``__init__.py``: Python imports
    ``langflow/services/x.py`` as ``langflow.services.x`` from the root when
    ``langflow/`` is a namespace package."""
    file = Path(path).resolve()
    parts = [] if file.stem == "__init__" else [file.stem]
    directory = file.parent
    while (directory / "__init__.py").is_file() and directory.parent != directory:
        parts.insert(0, directory.name)
        directory = directory.parent
    above = [root for root in roots if root == directory or root in directory.parents]
    if above:
        nearest = max(above, key=lambda root: len(root.parts))
        names = directory.relative_to(nearest).parts
        if all(name.isidentifier() for name in names):
            parts[:0] = names
            directory = nearest
    return ".".join(parts) or file.stem, str(directory)


class _ScopeBuilder(ast.NodeVisitor):
    def __init__(
        self, scopes: Scopes, module_name: str, is_package: bool, defer: bool = False
    ) -> None:
        self.scopes = scopes
        self.module_name = module_name
        self.is_package = is_package
        self.scope: Scope | None = None
        self.nesting = 0  # compound statements around the current one, in this scope
        self.deferred: list[tuple[FunctionNode, Scope]] | None = [] if defer else None

    def finish(self, select: Callable[[FunctionNode], bool], built: set[int]) -> None:
        """Build the deferred function bodies that ``select`` keeps (nested ones too)."""
        assert self.deferred is not None
        while self.deferred:
            node, scope = self.deferred.pop()
            if not select(node):
                continue
            built.add(id(node))
            self.scope, self.nesting = scope, 0
            for statement in node.body:
                self.visit(statement)

    def visit(self, node: ast.AST) -> None:
        compound = isinstance(node, _COMPOUND)
        self.nesting += compound
        super().visit(node)
        self.nesting -= compound

    def _bind(self, name: str, binding: Binding, scope: Scope | None = None) -> None:
        target = scope or self.current
        target.bind(name, binding)
        if self.nesting:
            target.conditional.add(name)

    def build(self, tree: ast.Module) -> Scope:
        scope = self._open(tree)
        self.scope = scope
        for statement in tree.body:
            self.visit(statement)
        return scope

    def _open(self, node: ScopeNode) -> Scope:
        scope = Scope(node, self.scope)
        self.scopes.by_node[id(node)] = scope
        return scope

    def _within(self, node: ScopeNode, visit: list[ast.AST]) -> Scope:
        outer, nesting = self.scope, self.nesting
        scope = self._open(node)
        self.scope, self.nesting = scope, 0
        for child in visit:
            self.visit(child)
        self.scope, self.nesting = outer, nesting
        return scope

    @property
    def current(self) -> Scope:
        assert self.scope is not None
        return self.scope

    # -- scopes ----------------------------------------------------------------

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._visit_arguments_outside(node.args)
        if node.returns is not None:
            self.visit(node.returns)
        self._bind(node.name, Definition(node))
        scope = self._within(node, [])
        self._bind_arguments(scope, node.args)
        if self.deferred is not None:
            self.deferred.append((node, scope))
            return
        outer, nesting = self.scope, self.nesting
        self.scope, self.nesting = scope, 0
        for statement in node.body:
            self.visit(statement)
        self.scope, self.nesting = outer, nesting

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._visit_arguments_outside(node.args)
        scope = self._within(node, [])
        self._bind_arguments(scope, node.args)
        outer, nesting = self.scope, self.nesting
        self.scope, self.nesting = scope, 0
        self.visit(node.body)
        self.scope, self.nesting = outer, nesting

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for child in [*node.decorator_list, *node.bases, *node.keywords]:
            self.visit(child)
        self._bind(node.name, Definition(node))
        self._within(node, list(node.body))

    def _comprehension(
        self,
        node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp,
        elements: list[ast.AST],
    ) -> None:
        generators = node.generators
        self.visit(generators[0].iter)
        outer = self.scope
        scope = self._open(node)
        self.scope = scope
        for index, generator in enumerate(generators):
            self._bind_target(generator.target, OTHER)
            if index:
                self.visit(generator.iter)
            for condition in generator.ifs:
                self.visit(condition)
        for element in elements:
            self.visit(element)
        self.scope = outer

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self._comprehension(node, [node.elt])

    visit_SetComp = visit_ListComp  # type: ignore[assignment]
    visit_GeneratorExp = visit_ListComp  # type: ignore[assignment]

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node, [node.key, node.value])

    def _visit_arguments_outside(self, args: ast.arguments) -> None:
        for default in [*args.defaults, *args.kw_defaults]:
            if default is not None:
                self.visit(default)
        for argument in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if argument is not None and argument.annotation is not None:
                self.visit(argument.annotation)

    def _bind_arguments(self, scope: Scope, args: ast.arguments) -> None:
        for argument in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if argument is not None:
                scope.bind(argument.arg, OTHER)

    # -- bindings ----------------------------------------------------------------

    def visit_If(self, node: ast.If) -> None:
        """``if sys.version_info >= (3, 11):`` is decided for the Python the checker runs
        on, as type checkers decide it for theirs: only the branch that runs binds its
        names, unconditionally (``from enum import StrEnum``, not the backport)."""
        holds = version_test(node.test)
        if holds is None:
            self.generic_visit(node)
            return
        self.visit(node.test)
        self.nesting -= 1  # the branch that runs is no condition
        try:
            for statement in node.body if holds else node.orelse:
                self.visit(statement)
        finally:
            self.nesting += 1

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self._bind(alias.asname, Import(alias.name))
            else:
                top = alias.name.split(".")[0]
                self._bind(top, Import(top))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = self._absolute_module(node)
        for alias in node.names:
            if alias.name == "*":
                continue
            qualname = f"{base}.{alias.name}" if base else alias.name
            self._bind(alias.asname or alias.name, Import(qualname))

    def _absolute_module(self, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        package = self.module_name.split(".")
        drop = node.level - 1 if self.is_package else node.level
        base = package[: max(0, len(package) - drop)]
        if node.module:
            base.append(node.module)
        return ".".join(base)

    def visit_Global(self, node: ast.Global) -> None:
        self.current.global_names.update(node.names)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.current.nonlocal_names.update(node.names)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        binding = _binding_for_value(node.value) if len(node.targets) == 1 else OTHER
        for target in node.targets:
            self._bind_target(target, binding)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.visit(node.annotation)
        if node.value is not None:
            self.visit(node.value)
            self._bind_target(node.target, _binding_for_value(node.value))
        elif isinstance(node.target, ast.Name):
            self._bind(node.target.id, OTHER)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        self._bind_target(node.target, OTHER)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.scopes.has_named_expressions = True
        self.visit(node.value)
        scope = self.current
        while scope.parent is not None and isinstance(scope.node, _COMPREHENSIONS):
            scope = scope.parent
        self._bind(node.target.id, OTHER, scope)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self._bind_target(node.target, OTHER)
        for statement in [*node.body, *node.orelse]:
            self.visit(statement)

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self._bind_target(item.optional_vars, OTHER)
        for statement in node.body:
            self.visit(statement)

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self._bind(node.name, OTHER)
        for statement in node.body:
            self.visit(statement)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.pattern is not None:
            self.visit(node.pattern)
        if node.name:
            self._bind(node.name, OTHER)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self._bind(node.name, OTHER)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        self.generic_visit(node)
        if node.rest:
            self._bind(node.rest, OTHER)

    def _bind_target(self, target: ast.expr, binding: Binding) -> None:
        if isinstance(target, ast.Name):
            self._bind(target.id, binding)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._bind_target(element, OTHER)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, OTHER)
        else:
            self.visit(target)


def _binding_for_value(value: ast.expr) -> Binding:
    if isinstance(value, (ast.Name, ast.Attribute)) and _is_dotted(value):
        return Alias(value)
    if isinstance(value, ast.Call) and _is_dotted(value.func):
        return Instance(value.func)
    return OTHER


def _is_dotted(expr: ast.expr) -> bool:
    while isinstance(expr, ast.Attribute):
        expr = expr.value
    return isinstance(expr, ast.Name)
