"""One walk of one module for ``init``: its imports, the instances it binds, the
functions it defines, and every call with what it resolves to and who makes it.

Names are resolved file-wide, not scope by scope: a proposal is a count shown to a
person, not a finding, and a file that binds one name to two things is rare enough
that the count stays right where it matters.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..analysis.logging_calls import LEVELS

Site = tuple[str, int]  # path relative to the project root, line


@dataclass(frozen=True)
class Call:
    """A call (or a bare decorator) and what is known of its callee."""

    qualified: str | None  # what the callee resolves to, when it does
    method: str | None  # the attribute name of ``x.method(...)``
    receiver: str | None  # its receiver's last name: ``event_logger`` in ``a.event_logger.log``
    keywords: frozenset[str]
    argument_module: str | None  # top-level module of the first argument's class
    caller: str | None  # the innermost function the call is made in
    within: str | None  # the class whose method makes the call: what ``self`` is
    passes: bool  # it passes on a parameter of that function (``emit(data=data)``)
    decorator: bool
    site: Site


@dataclass(frozen=True)
class Definition:
    """A function or method of the project."""

    qualified: str
    owner: str | None  # the class of a method
    arguments: ast.arguments
    site: Site


@dataclass
class ModuleScan:
    """What one module holds; filled by ``scan_module``."""

    calls: list[Call] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    logging: list[Site] = field(default_factory=list)
    imported: set[str] = field(default_factory=set)  # top-level modules imported
    bases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # class -> its bases


def scan_module(tree: ast.Module, module: str, is_package: bool, shown: str) -> ModuleScan:
    """Walk ``tree`` (module ``module``, shown as ``shown``) once for its bindings and
    once for its definitions and calls."""
    scan = _Scanner(module, is_package, shown)
    nodes = list(ast.walk(tree))
    for node in nodes:
        scan.bind_import(node)
    for node in tree.body:
        scan.bind_definition(node, module)
    for node in nodes:
        scan.bind_instance(node)
    scan.visit(tree)
    return scan.result


class _Scanner(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool, shown: str) -> None:
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.shown = shown
        self.result = ModuleScan()
        self.names: dict[str, str] = {}  # local name -> qualified name
        self.instances: dict[str, str] = {}  # "x" or "self.x" -> class qualified name
        self.loggers: set[str] = set()  # names bound from logging.getLogger(...)
        self.scope: list[str] = [module]
        self.functions: list[str] = []  # the enclosing functions' qualified names
        self.parameters: list[frozenset[str]] = []  # and their parameters, but self and cls
        self.decorators: set[int] = set()  # ids of the Call nodes used as decorators
        self.classes: list[str | None] = []  # the class each enclosing function is a method of

    # Bindings ---------------------------------------------------------------------
    def bind_import(self, node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                self.result.imported.add(top)
                self.names[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom):
            base = self._absolute(node.module, node.level)
            if base is None:
                return
            self.result.imported.add(base.split(".")[0])
            for alias in node.names:
                if alias.name != "*":
                    self.names[alias.asname or alias.name] = f"{base}.{alias.name}"

    def _absolute(self, module: str | None, level: int) -> str | None:
        if level == 0:
            return module
        parts = self.package.split(".") if self.package else []
        if level - 1 > len(parts):
            return None
        base = parts[: len(parts) - (level - 1)]
        return ".".join([*base, *([module] if module else [])]) or None

    def bind_definition(self, node: ast.stmt, scope: str) -> None:
        """Module-level classes and functions are names of the module."""
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            self.names.setdefault(node.name, f"{scope}.{node.name}")

    def bind_instance(self, node: ast.AST) -> None:
        if isinstance(node, ast.arg) and node.annotation is not None:
            owner = self.qualify(node.annotation)
            if owner is not None:
                self.instances[node.arg] = owner
            return
        if not isinstance(node, (ast.Assign, ast.AnnAssign)):
            return
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        owner = None
        if isinstance(node.value, ast.Call):
            owner = self.qualify(node.value.func)
            if owner == "logging.getLogger":
                self.loggers.update(k for k in map(_key, targets) if k is not None)
                return
            if owner is not None and not _is_class_name(owner):
                owner = None  # the result of a function: what it is cannot be told
        if owner is None and isinstance(node, ast.AnnAssign):
            owner = self.qualify(node.annotation)
        if owner is not None:
            for key in map(_key, targets):
                if key is not None:
                    self.instances[key] = owner

    def qualify(self, node: ast.expr) -> str | None:
        """The qualified name ``node`` refers to, or the class of the instance it is, plus
        the attributes taken from it; None when it cannot be told."""
        key = _key(node)
        if key is not None and key in self.instances:
            return self.instances[key]
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.qualify(node.value)
            return f"{base}.{node.attr}" if base is not None else None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return self.names.get(node.value)  # a string annotation naming a class
        return None

    # Definitions and calls ------------------------------------------------------------
    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._decorated(node)
        self.result.bases[".".join([*self.scope, node.name])] = tuple(
            base for base in map(self.qualify, node.bases) if base is not None
        )
        self.scope.append(node.name)
        for statement in node.body:
            self.visit(statement)
        self.scope.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._decorated(node)
        qualified = ".".join([*self.scope, node.name])
        owner = ".".join(self.scope) if len(self.scope) > 1 and not self.functions else None
        if not self.functions:  # nested functions are no one's API
            self.result.definitions.append(
                Definition(qualified, owner, node.args, (self.shown, node.lineno))
            )
        arguments = node.args
        names = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                                 *filter(None, (arguments.vararg, arguments.kwarg)))}
        self.functions.append(qualified)
        self.parameters.append(frozenset(names - {"self", "cls"}))
        self.classes.append(owner if owner is not None else (
            self.classes[-1] if self.classes else None))
        self.scope.append(node.name)
        for statement in node.body:
            self.visit(statement)
        self.scope.pop()
        self.functions.pop()
        self.parameters.pop()
        self.classes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def _decorated(self, node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """Decorators run where they are written: ``@sink(...)`` is a call, ``@sink`` one too."""
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call):
                self.decorators.add(id(decorator))
                self.visit(decorator)
            else:
                self._record(decorator, (), frozenset(), decorator=True)
                self.visit(decorator)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in LEVELS and (
            _key(func.value) in self.loggers or self.qualify(func.value) == "logging"
        ):
            self.result.logging.append((self.shown, node.lineno))
        else:
            keywords = frozenset(k.arg for k in node.keywords if k.arg is not None)
            values = [*node.args, *(k.value for k in node.keywords)]
            self._record(func, node.args, keywords, decorator=id(node) in self.decorators,
                         passes=self._passes(values))
        self.generic_visit(node)

    def _passes(self, values: list[ast.expr]) -> bool:
        """Whether one of ``values`` is a parameter of the enclosing function, as it is."""
        if not self.parameters:
            return False
        for value in values:
            if isinstance(value, ast.Starred):
                value = value.value
            if isinstance(value, ast.Name) and value.id in self.parameters[-1]:
                return True
        return False

    def _record(self, func: ast.expr, args: object, keywords: frozenset[str], *,
                decorator: bool, passes: bool = False) -> None:
        argument_module = None
        if isinstance(args, list) and args and isinstance(args[0], ast.Call):
            first = self.qualify(args[0].func)
            argument_module = first.split(".")[0] if first else None
        method = receiver = None
        if isinstance(func, ast.Attribute):
            method = func.attr
            value = func.value
            receiver = value.id if isinstance(value, ast.Name) else (
                value.attr if isinstance(value, ast.Attribute) else None)
        qualified = self.qualify(func)
        root = func
        while isinstance(root, ast.Attribute):
            root = root.value
        if (isinstance(root, ast.Name) and self.parameters and root.id in self.parameters[-1]
                and root.id not in self.instances):
            qualified = None  # a parameter shadows the module's name (a pytest fixture)
        self.result.calls.append(Call(
            qualified, method, receiver, keywords, argument_module,
            self.functions[-1] if self.functions else None,
            self.classes[-1] if self.classes else None, passes, decorator,
            (self.shown, func.lineno),
        ))


def _is_class_name(qualified: str) -> bool:
    """``posthog.Posthog``, not ``mlflow.get_current_active_span``: classes are CapWords."""
    return qualified.rsplit(".", 1)[-1][:1].isupper()


def _key(node: ast.expr) -> str | None:
    """``x`` or ``self.x``: the targets whose instance bindings are followed."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None
