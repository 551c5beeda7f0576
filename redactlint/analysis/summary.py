"""A module's summary: what other modules can learn of it without walking it.

The whole-project facts (module constants, enums, classes with their annotated and
assigned attributes, functions with their signatures, return annotations and
returned expressions, the names the module imports and re-exports) are read from
each module's top level, class bodies and method bodies once, kept as the source
text of the expressions involved, and evaluated only when a checked file asks. A
summary is plain data (JSON), so it is cached by the module's content hash.
"""

from __future__ import annotations

import ast
import copy
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .fills import stored_into
from .scopes import Alias, Binding, Import, Instance, Scopes
from .sources import physical_lines
from .wrappers import only_wraps

FORMAT = 12
# Expressions longer than this are not kept: the facts they could give are not worth
# their size in every summary.
_MAX_TEXT = 400
_MAX_RETURNED = 1600
_MAX_CONSTANTS = 8000
_MAX_VALUES = 6
# A function with more locals than this (a generated one) keeps none: a command's long
# ``main`` still keeps what its locals are bound to, which its calls pass on.
_MAX_LOCALS = 400
_COMPOUND: tuple[type[ast.stmt], ...] = (
    ast.If, ast.Try, ast.With, ast.AsyncWith, ast.For, ast.AsyncFor, ast.While,
    *((ast.TryStar,) if hasattr(ast, "TryStar") else ()),
)


@dataclass
class FunctionSummary:
    params: list[tuple[str, str, str | None, str | None]]  # name, kind, annotation, default
    returns: str | None = None  # the return annotation
    decorators: list[str] = field(default_factory=list)
    returned: list[str] | None = None  # the returned expressions; None when not kept
    line: int = 0
    # Each name the body binds, with the expressions bound to it (None: some other way).
    assigned: dict[str, list[str] | None] = field(default_factory=dict)
    # Each parameter, with what the body stores into the container it holds (None: it
    # may let the container out; see ``fills``).
    stored: dict[str, list[str] | None] = field(default_factory=dict)
    # A decorator that only wraps what it decorates (``wrappers``).
    wraps: bool = False
    # The body still to read (a checked module's summary reads bodies when first asked).
    pending: Any = field(default=None, compare=False, repr=False)

    def body(self) -> tuple[list[str] | None, dict[str, list[str] | None]]:
        """What the function returns and what its locals are bound to."""
        if self.pending is not None:
            node, text = self.pending
            self.pending = None
            self.returned, self.assigned, self.stored, self.wraps = _body(node, text)
        return self.returned, self.assigned

    def stores(self, parameter: str) -> list[str] | None:
        """What the body stores into the container ``parameter`` holds, when that is all
        it does with it."""
        self.body()
        return self.stored.get(parameter)

    def to_json(self) -> list[Any]:
        self.body()
        return [
            self.params, self.returns, self.decorators, self.returned, self.line,
            self.assigned, self.stored, self.wraps,
        ]

    @classmethod
    def from_json(cls, data: list[Any]) -> FunctionSummary:
        params, returns, decorators, returned, line, assigned, stored, wraps = data
        return cls(
            [tuple(p) for p in params], returns, decorators, returned, line, assigned, stored,
            wraps,
        )

    def parameter(self, name: str) -> tuple[str, str, str | None, str | None] | None:
        for param in self.params:
            if param[0] == name:
                return param
        return None

    @property
    def is_static(self) -> bool:
        return any(d.endswith("staticmethod") for d in self.decorators)

    @property
    def is_classmethod(self) -> bool:
        return any(d.endswith("classmethod") for d in self.decorators)

    @property
    def is_property(self) -> bool:
        return any(d.endswith(("property", "cached_property")) for d in self.decorators)


@dataclass
class ClassSummary:
    bases: list[str]
    keywords: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)  # class body and self.x: T
    values: dict[str, str | None] = field(default_factory=dict)  # class body, bound once
    instance_values: dict[str, list[str] | None] = field(default_factory=dict)  # self.x = v
    methods: dict[str, FunctionSummary] = field(default_factory=dict)
    classes: dict[str, ClassSummary] = field(default_factory=dict)
    decorators: list[str] = field(default_factory=list)
    literal_body: bool = False  # assigns only literals (the enum heuristic)
    line: int = 0
    # Its constructor only stores what it is given (a dataclass, a NamedTuple, an
    # ``__init__`` of ``self.x = x``), and it renders no text of its own.
    record: bool = False
    # A method sets attributes no ``self.x = v`` names (``setattr(self, key, v)``,
    # ``self.__dict__.update(...)``): what an instance holds cannot be read.
    dynamic: bool = False
    # Methods whose ``self.x`` assignments are still to read.
    pending: list[Any] = field(default_factory=list, compare=False, repr=False)

    def complete(self) -> ClassSummary:
        """The summary with every method's ``self.x`` read."""
        while self.pending:
            node, method, text = self.pending.pop(0)
            _instance_attributes(node, method, text, self)
        return self

    def to_json(self) -> list[Any]:
        self.complete()
        return [
            self.bases, self.keywords, self.annotations, self.values, self.instance_values,
            {k: m.to_json() for k, m in self.methods.items()},
            {k: c.to_json() for k, c in self.classes.items()},
            self.decorators, self.literal_body, self.line, self.record, self.dynamic,
        ]

    @classmethod
    def from_json(cls, data: list[Any]) -> ClassSummary:
        bases, keywords, annotations, values, instance, methods, classes, decos, lit, line = (
            data[:10]
        )
        record, dynamic = data[10], data[11]
        return cls(
            bases, keywords, annotations, values, instance,
            {k: FunctionSummary.from_json(m) for k, m in methods.items()},
            {k: ClassSummary.from_json(c) for k, c in classes.items()},
            decos, lit, line, record, dynamic,
        )


@dataclass
class ModuleSummary:
    name: str
    is_package: bool
    # Module-scope bindings: ["i", qualname], ["a", text], ["n", text] or ["o"].
    bindings: dict[str, list[list[str]]] = field(default_factory=dict)
    conditional: list[str] = field(default_factory=list)
    values: dict[str, str | None] = field(default_factory=dict)  # bound once at top level
    annotations: dict[str, str] = field(default_factory=dict)
    classes: dict[str, ClassSummary] = field(default_factory=dict)
    functions: dict[str, FunctionSummary] = field(default_factory=dict)
    exports: list[str] | None = None  # __all__, when literal
    stars: list[str] = field(default_factory=list)  # modules imported with ``import *``

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "name": self.name, "package": self.is_package,
            "bindings": self.bindings, "conditional": self.conditional, "values": self.values,
            "annotations": self.annotations,
            "classes": {k: c.to_json() for k, c in self.classes.items()},
            "functions": {k: f.to_json() for k, f in self.functions.items()},
            "exports": self.exports, "stars": self.stars,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModuleSummary:
        if data.get("format") != FORMAT:
            raise ValueError("another summary format")
        return cls(
            data["name"], data["package"], data["bindings"], data["conditional"],
            data["values"], data["annotations"],
            {k: ClassSummary.from_json(c) for k, c in data["classes"].items()},
            {k: FunctionSummary.from_json(f) for k, f in data["functions"].items()},
            data["exports"], data["stars"],
        )

    def settle(self) -> None:
        """Read every body still left to read, so the summary no longer holds the
        module's tree."""
        for function in self.functions.values():
            function.body()
        stack = list(self.classes.values())
        while stack:
            cls = stack.pop().complete()
            for method in cls.methods.values():
                method.body()
            stack.extend(cls.classes.values())

    def scopes(self) -> Scopes:
        """The module scope as ``Scopes`` (no function bodies), to resolve its names."""
        bindings: dict[str, list[Binding]] = {}
        for name, specs in self.bindings.items():
            bindings[name] = [_binding(spec) for spec in specs]
        return Scopes.from_module_bindings(
            self.name, self.is_package, bindings, set(self.conditional)
        )


def _binding(spec: list[str]) -> Binding:
    from .scopes import OTHER

    if spec[0] == "i":
        return Import(spec[1])
    if spec[0] in ("a", "n"):
        expression = parse_expression(spec[1])
        if expression is not None:
            return Alias(expression) if spec[0] == "a" else Instance(expression)
    return OTHER


_PARSED: dict[str, ast.expr | None] = {}
_OPERATORS: dict[type[ast.operator], str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^",
    ast.LShift: "<<", ast.RShift: ">>", ast.MatMult: "@",
}
_GLOBAL = re.compile(r"^[ \t]*global[ \t]", re.MULTILINE)


_WORD = re.compile(r"[^\W\d]\w*")


def declares_global(source: str) -> bool:
    """Whether some function of the module may rebind a module name (``global x``)."""
    return "global" in source and _GLOBAL.search(source) is not None
_LAZY = [False]  # summarising a checked module: bodies are read when first asked about


def parse_expression(text: str) -> ast.expr | None:
    """A kept expression text, parsed (once per process)."""
    if text in _PARSED:
        return _PARSED[text]
    try:
        parsed: ast.expr | None = ast.parse(f"(\n{text}\n)", mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        parsed = None
    if len(_PARSED) > 50_000:
        _PARSED.clear()
    _PARSED[text] = parsed
    return parsed


# Where a container is stored into by key (``name[...] = ``, ``name[...] += ``) or through
# a method that adds to it: a cheap look at the text before the tree is read for it.
_STORED_BY_KEY = re.compile(r"\]\s*[-+*/|&]?=(?!=)")
_ADDED_BY_METHOD = re.compile(r"\.(?:update|setdefault|append|extend|add|insert)\(")
_WORD_BEFORE = re.compile(r"([A-Za-z_]\w*)\s*$")


def _filled_in(text: str) -> frozenset[str]:
    """The names ``text`` stores into by key or through an adding method."""
    found: set[str] = set()
    for match in _STORED_BY_KEY.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        opening = text.rfind("[", start, match.start())
        word = _WORD_BEFORE.search(text, start, opening) if opening >= 0 else None
        if word is not None:
            found.add(word.group(1))
    for match in _ADDED_BY_METHOD.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        word = _WORD_BEFORE.search(text, start, match.start())
        if word is not None:
            found.add(word.group(1))
    return frozenset(found)


class _Source:
    """Source text of nodes, sliced by the byte offsets ``ast`` gives."""

    def __init__(self, source: str, lines: list[str] | None = None) -> None:
        self.source = source
        self._lines: list[str] | None = lines
        self._encoded: dict[int, bytes] = {}

    @functools.cached_property
    def filled(self) -> frozenset[str]:
        """The names the module's text stores into by key or through an adding method
        (``payload["k"] = v``, ``props.update(...)``): only a parameter among them may be
        a container its function fills (``fills``), the others are not read for it."""
        text = self.source if self._lines is None and self.source else "\n".join(
            self._lines or []
        )
        return _filled_in(text)

    def _line(self, number: int) -> bytes:
        """A line's UTF-8 bytes (``ast`` offsets count bytes), encoded when first used."""
        found = self._encoded.get(number)
        if found is None:
            if self._lines is None:
                self._lines = physical_lines(self.source)
            found = self._encoded[number] = self._lines[number - 1].encode("utf-8")
        return found

    @property
    def count(self) -> int:
        if self._lines is None:
            self._lines = physical_lines(self.source)
        return len(self._lines)

    def lines(self, first: int, last: int) -> str:
        """Physical lines ``first`` to ``last`` (1-based, inclusive)."""
        if self._lines is None:
            self._lines = physical_lines(self.source)
        return "\n".join(self._lines[first - 1:last])

    def text(
        self, node: ast.AST | None, limit: int = _MAX_TEXT, most_lines: int = 12
    ) -> str | None:
        if node is None:
            return None
        line, end = getattr(node, "lineno", 0), getattr(node, "end_lineno", None)
        start, stop = getattr(node, "col_offset", 0), getattr(node, "end_col_offset", None)
        if not line or end is None or stop is None or end > self.count:
            return None
        if end - line > most_lines:
            return _constants(node)
        if line == end:
            data = self._line(line)[start:stop]
        else:
            data = b"\n".join(
                [self._line(line)[start:], *(self._line(n) for n in range(line + 1, end)),
                 self._line(end)[:stop]]
            )
        if len(data) > limit:
            return _constants(node)
        return data.decode("utf-8", "replace")


def frozen_literal(node: ast.expr) -> bool:
    """A literal, or a tuple or frozenset of literals: a value no one can change."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Tuple):
        return all(isinstance(e, ast.Constant) for e in node.elts)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "frozenset"
        and not node.keywords
        and len(node.args) <= 1
    ):
        return not node.args or (
            isinstance(node.args[0], (ast.Set, ast.List, ast.Tuple))
            and all(isinstance(e, ast.Constant) for e in node.args[0].elts)
        )
    return False


def _constants(node: ast.AST) -> str | None:
    """A long collection of constants (an allowlist of names, or a table of them),
    written without its comments, when it fits in ``_MAX_CONSTANTS``: what it holds is
    worth keeping."""
    inner = node.args[0] if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("frozenset", "tuple", "set", "list")
        and len(node.args) == 1
        and not node.keywords
    ) else node
    if isinstance(inner, ast.Dict):
        # A table of them: ``{"eval": frozenset({"models", "count"}), ...}``.
        if not all(
            isinstance(key, ast.Constant) and frozen_literal(value)
            for key, value in zip(inner.keys, inner.values, strict=True)
        ):
            return None
    elif not isinstance(inner, (ast.Tuple, ast.List, ast.Set)) or not all(
        isinstance(element, ast.Constant) for element in inner.elts
    ):
        return None
    text = ast.unparse(node)
    return text if len(text) <= _MAX_CONSTANTS else None


def summarise(
    tree: ast.Module,
    source: str,
    name: str,
    is_package: bool,
    scopes: Scopes | None = None,
    lazy: bool = False,
) -> ModuleSummary:
    """The summary of one parsed module (``scopes``: its scopes, when already built).
    ``lazy`` leaves function and method bodies to be read when first asked about."""
    _LAZY[0] = lazy
    if declares_global(source):
        # A function may rebind a module name: every function's ``global`` counts.
        scopes = Scopes(tree, name, is_package)
    elif scopes is None:
        scopes = Scopes(tree, name, is_package, select=lambda _scopes, _node: False)
    text = _Source(source)
    summary = ModuleSummary(name, is_package)
    module = scopes.module
    for bound, bindings in module.bindings.items():
        summary.bindings[bound] = [_spec(b, text) for b in bindings]
    summary.conditional = sorted(module.conditional)
    counts = {bound: len(bindings) for bound, bindings in module.bindings.items()}
    # ``@overload`` stubs bind the name too: the one definition without it is the function.
    overloads: dict[str, int] = {}
    for statement in _statements(tree.body):
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
            (d.id if isinstance(d, ast.Name) else getattr(d, "attr", "")) == "overload"
            for d in statement.decorator_list
        ):
            overloads[statement.name] = overloads.get(statement.name, 0) + 1
    for name, stubs in overloads.items():
        counts[name] = counts.get(name, stubs) - stubs
    for statement in _statements(tree.body):
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
            statement.name in overloads
            and any(
                (d.id if isinstance(d, ast.Name) else getattr(d, "attr", "")) == "overload"
                for d in statement.decorator_list
            )
        ):
            continue
        if isinstance(statement, ast.ClassDef):
            if counts.get(statement.name) == 1:
                summary.classes[statement.name] = _class(statement, text)
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if counts.get(statement.name) == 1:
                summary.functions[statement.name] = _function(statement, text)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
            _assignment(statement, text, counts, summary.values, summary.annotations)
        elif isinstance(statement, ast.ImportFrom) and any(a.name == "*" for a in statement.names):
            summary.stars.append(_absolute(statement, name, is_package))
    if scopes.built is None:  # the whole scope build: ``global`` rebinding was seen
        _agreeing_rebinds(tree, text, counts, summary.values)
    exports = summary.values.get("__all__")
    if exports is not None:
        parsed = parse_expression(exports)
        if isinstance(parsed, (ast.List, ast.Tuple)) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in parsed.elts
        ):
            summary.exports = [e.value for e in parsed.elts]  # type: ignore[attr-defined]
    return summary


def _agreeing_rebinds(
    tree: ast.Module, text: _Source, counts: dict[str, int], values: dict[str, str | None]
) -> None:
    """A module name that functions rebind under ``global`` keeps its value when every
    binding assigns the same expression, reading no name of the function's own
    (``_ID = str(uuid4())`` at import and again in ``reset()``)."""
    assigned: dict[str, list[str | None]] = {}

    def record(statement: ast.stmt, local: set[str]) -> None:
        if not (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            return
        reads = {n.id for n in ast.walk(statement.value) if isinstance(n, ast.Name)}
        shown = text.text(statement.value) if not reads & local else None
        assigned.setdefault(statement.targets[0].id, []).append(shown)

    for statement in _statements(tree.body):
        record(statement, set())
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        declared = {n for s in ast.walk(node) if isinstance(s, ast.Global) for n in s.names}
        if not declared:
            continue
        args = node.args
        local = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                                 args.vararg, args.kwarg] if a}
        local |= {
            n.id for n in ast.walk(node)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id not in declared
        }
        for inner in ast.walk(node):
            if isinstance(inner, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in declared for t in inner.targets
            ):
                record(inner, local)
    for name, texts in assigned.items():
        if (
            counts.get(name, 0) > 1
            and len(texts) == counts[name]
            and texts[0] is not None
            and all(t == texts[0] for t in texts)
        ):
            values[name] = texts[0]


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".")
    drop = node.level - 1 if is_package else node.level
    base = package[: max(0, len(package) - drop)]
    if node.module:
        base.append(node.module)
    return ".".join(base)


def _spec(binding: Binding, text: _Source) -> list[str]:
    if isinstance(binding, Import):
        return ["i", binding.qualname]
    if isinstance(binding, (Alias, Instance)):
        node = binding.target if isinstance(binding, Alias) else binding.constructor
        shown = text.text(node) or (ast.unparse(node) if node else None)
        if shown is not None:
            return ["a" if isinstance(binding, Alias) else "n", shown]
    return ["o"]


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """A body's statements, and those inside its if/try/with/loop blocks."""
    for statement in body:
        if isinstance(statement, _COMPOUND):
            for part in ("body", "orelse", "finalbody"):
                yield from _statements(getattr(statement, part, []) or [])
            for handler in getattr(statement, "handlers", []) or []:
                yield from _statements(handler.body)
        else:
            yield statement


def _assignment(
    statement: ast.Assign | ast.AnnAssign,
    text: _Source,
    counts: dict[str, int],
    values: dict[str, str | None],
    annotations: dict[str, str],
) -> None:
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        shown = text.text(statement.annotation)
        if shown is not None:
            annotations[statement.target.id] = shown
    if statement.value is None:
        return
    for target in targets:
        for name in _names(target):
            if len(targets) == 1 and isinstance(target, ast.Name) and counts.get(name, 1) == 1:
                values[name] = text.text(statement.value)
            else:
                values[name] = None


# Methods that add one item to a list, a set or a deque, and methods that change a
# container some other way.
_ADDING = frozenset({"append", "add", "appendleft"})
_CHANGING = frozenset({
    "extend", "extendleft", "insert", "update", "setdefault", "__setitem__", "__iadd__",
})


def _changes(statement: ast.stmt) -> Iterator[tuple[str, ast.expr | None]]:
    """The local names whose container a statement changes in place, each with the item
    it adds (``items.append(v)``: ``v``), or None when it changes it some other way
    (``items.extend(...)``, ``table[key] = v``). Its nested statements are left to
    their own turn."""
    for container, added in _changed(statement):
        if isinstance(container, ast.Name):
            yield container.id, added


def _changed(statement: ast.stmt) -> Iterator[tuple[ast.expr, ast.expr | None]]:
    """The containers (as written: ``items``, ``self.tags``) a statement changes in
    place, each with the item it adds or None."""
    targets = [*_targets(statement)]
    if isinstance(statement, ast.Delete):
        targets += statement.targets
    while targets:
        target = targets.pop()
        if isinstance(target, ast.Subscript):
            yield target.value, None
        elif isinstance(target, (ast.Tuple, ast.List)):
            targets += target.elts
    if not isinstance(statement, ast.Expr):
        return  # a container is changed by a call made for its effect: a statement
    call = statement.value
    if isinstance(call, ast.Await):
        call = call.value
    if isinstance(call, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        call = call.elt  # ``[found.append(x) for x in items]``
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
        return
    container, method = call.func.value, call.func.attr
    if method in _ADDING and len(call.args) == 1 and not call.keywords:
        yield container, call.args[0]
    elif method in _ADDING or method in _CHANGING:
        yield container, None


_ITEM = "__redactlint_item"


def _item_of(target: ast.expr, name: str, iterated: str) -> str | None:
    """What loop variable ``name`` of ``target`` holds, written as the comprehension that
    yields it (its names renamed, so that it names no local it is bound to): ``for key,
    model in PAIRS`` binds ``model`` to ``[model_ for key_, model_ in PAIRS][0]``."""
    loop = _renamed(target)
    if loop is None:
        return None
    written = f"[{name}{_ITEM} for {loop} in ({iterated})][0]"
    return written if len(written) <= _MAX_TEXT else None


def _renamed(target: ast.expr) -> str | None:
    """A loop target of names and tuples, each name renamed (None for any other)."""
    if isinstance(target, ast.Name):
        return target.id + _ITEM
    if isinstance(target, (ast.Tuple, ast.List)) and target.elts:
        parts = [_renamed(element) for element in target.elts]
        if any(part is None for part in parts):
            return None
        return "(" + ", ".join(str(part) for part in parts) + ",)"
    return None


def _shown_list(item: ast.expr, text: _Source) -> str | None:
    """A list display holding ``item``: what a container it is added to may hold."""
    shown = text.text(item)
    return None if shown is None else f"[{shown}]"


def _names(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _names(element)
    elif isinstance(target, ast.Starred):
        yield from _names(target.value)


def _function(node: ast.FunctionDef | ast.AsyncFunctionDef, text: _Source) -> FunctionSummary:
    args = node.args
    params: list[tuple[str, str, str | None, str | None]] = []
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += list(args.defaults)
    for index, argument in enumerate(positional):
        kind = "posonly" if index < len(args.posonlyargs) else "positional"
        params.append((argument.arg, kind, text.text(argument.annotation),
                       text.text(defaults[index]) if defaults[index] is not None else None))
    if args.vararg is not None:
        params.append((args.vararg.arg, "vararg", text.text(args.vararg.annotation), None))
    for argument, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        params.append((argument.arg, "kwonly", text.text(argument.annotation),
                       text.text(default) if default is not None else None))
    if args.kwarg is not None:
        params.append((args.kwarg.arg, "kwarg", text.text(args.kwarg.annotation), None))
    decorators = [shown for d in node.decorator_list if (shown := text.text(d)) is not None]
    if _LAZY[0]:
        return FunctionSummary(
            params, text.text(node.returns), decorators, None, node.lineno, {}, {}, False,
            (node, text),
        )
    returned, assigned, stored, wraps = _body(node, text)
    return FunctionSummary(
        params, text.text(node.returns), decorators, returned, node.lineno, assigned, stored,
        wraps,
    )


def body_facts(
    node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str], method: bool
) -> list[Any]:
    """What a module's summary learns from one function or method, its line aside: the
    part of the summary that an edit inside that function can change (``lines``: the
    module's physical lines)."""
    text = _Source("", lines)
    lazy, _LAZY[0] = _LAZY[0], False
    try:
        function = _function(node, text)
    finally:
        _LAZY[0] = lazy
    facts = function.to_json()
    facts[4] = 0  # the line
    # Of its locals, only those its returned expressions can reach are ever evaluated.
    assigned = function.assigned
    reached: set[str] = set()
    texts = list(function.returned or []) + list(function.assigned.get(SUPER_INIT) or [])
    if SUPER_INIT in assigned:
        reached.add(SUPER_INIT)
    while texts:
        for name in _WORD.findall(texts.pop()):
            if name in assigned and name not in reached:
                reached.add(name)
                texts.extend(assigned[name] or [])
    # What it stores into a container it is given is read where that container is
    # passed to it (``fills``), with the locals those values read.
    texts = [text for values in function.stored.values() for text in values or []]
    while texts:
        for name in _WORD.findall(texts.pop()):
            if name in assigned and name not in reached:
                reached.add(name)
                texts.extend(assigned[name] or [])
    facts[5] = {name: assigned[name] for name in sorted(reached)}
    if method and not function.is_static and function.params:
        owner = ClassSummary([])
        _instance_attributes(node, function, text, owner)
        facts += [owner.annotations, owner.instance_values]
    return facts


# The pseudo-local a constructor's ``super().__init__(...)`` call is kept under.
SUPER_INIT = "__redactlint_super_init__"


def _is_super_init(node: ast.expr | None) -> bool:
    """``super().__init__(...)``, the way a class hands its base what it keeps."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "__init__"
        and isinstance(node.func.value, ast.Call)
        and isinstance(node.func.value.func, ast.Name)
        and node.func.value.func.id == "super"
        and not node.func.value.args
    )


def _body(
    node: ast.FunctionDef | ast.AsyncFunctionDef, text: _Source
) -> tuple[
    list[str] | None, dict[str, list[str] | None], dict[str, list[str] | None], bool
]:
    """What a function returns (its returned expressions, when few and short and it is no
    generator), what each local name is bound to (None: bound some other way), what it
    stores into the container each parameter holds (``fills``), and whether it is a
    decorator that only wraps (``wrappers``)."""
    found: list[str] | None = []
    assigned: dict[str, list[str] | None] = {}
    stack: list[ast.stmt] = list(node.body)

    def bind(name: str, value: str | None) -> None:
        kept = assigned.get(name, [])
        if value is None or kept is None or len(kept) >= _MAX_VALUES:
            assigned[name] = None
        elif value not in kept:
            assigned[name] = [*kept, value]

    while stack:
        statement = stack.pop()
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(
            statement.targets[0], ast.Name
        ):
            bind(statement.targets[0].id, text.text(statement.value))
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            if statement.value is not None:
                bind(statement.target.id, text.text(statement.value))
        elif isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
            operand = text.text(statement.value)
            symbol = _OPERATORS.get(type(statement.op))
            name = statement.target.id
            grown = None if operand is None or symbol is None else f"{name} {symbol} ({operand})"
            bind(name, grown)
        elif isinstance(statement, (ast.For, ast.AsyncFor)):
            # Each name the loop binds holds an item of what it iterates: written as the
            # comprehension that yields it.
            iterated = text.text(statement.iter)
            for name in _names(statement.target):
                bind(name, None if iterated is None or isinstance(statement, ast.AsyncFor)
                     else _item_of(statement.target, name, iterated))
        else:
            for target in _targets(statement):
                for name in _names(target):
                    bind(name, None)
        if isinstance(statement, ast.Expr) and _is_super_init(statement.value):
            # What a constructor hands its base's: read where the base keeps it.
            bind(SUPER_INIT, text.text(statement.value))
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for alias in statement.names:
                bind((alias.asname or alias.name).split(".")[0], None)
        for handler in getattr(statement, "handlers", []) or []:
            if handler.name:
                bind(handler.name, None)
        for name, added in _changes(statement):
            bind(name, None if added is None else _shown_list(added, text))
        value = getattr(statement, "value", None)
        if isinstance(value, ast.Await):
            value = value.value
        if isinstance(value, (ast.Yield, ast.YieldFrom)):
            found = None  # a generator
        if isinstance(statement, ast.Return) and found is not None:
            # A returned payload (a dict display over a dozen lines) is kept longer.
            shown = "None" if statement.value is None else text.text(
                statement.value, _MAX_RETURNED, 40
            )
            if shown is None or len(found) >= _MAX_VALUES:
                found = None
            elif shown not in found:
                found.append(shown)
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bind(statement.name, None)
            continue
        for part in ("body", "orelse", "finalbody"):
            stack.extend(getattr(statement, part, []) or [])
        for handler in getattr(statement, "handlers", []) or []:
            stack.extend(handler.body)
        for case in getattr(statement, "cases", []) or []:
            stack.extend(case.body)
    if len(assigned) > _MAX_LOCALS:
        assigned = {name: None for name in assigned}
    arguments = node.args
    filled = [
        a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        if a.arg in text.filled
    ]
    if filled:  # the module fills such a name somewhere: does this function?
        own = text.lines(node.lineno, node.end_lineno or node.lineno)
        filled = [name for name in filled if name in _filled_in(own)]
    stored = stored_into(node, filled) if filled else {}
    # Only a function of one parameter forwarding ``**kwargs`` may be a wrapping decorator.
    wraps = len(arguments.args) == 1 and "**" in text.lines(
        node.lineno, node.end_lineno or node.lineno
    ) and only_wraps(node)
    return (found or None), assigned, stored, wraps


def _class(node: ast.ClassDef, text: _Source) -> ClassSummary:
    summary = ClassSummary(
        [shown for b in node.bases if (shown := text.text(b)) is not None],
        {k.arg: shown for k in node.keywords if k.arg and (shown := text.text(k.value))},
        decorators=[shown for d in node.decorator_list if (shown := text.text(d)) is not None],
        line=node.lineno,
    )
    for base in node.bases:
        _functional_fields(base, text, summary.annotations)
    assigned = 0
    literal = True
    counts: dict[str, int] = {}
    for statement in _statements(node.body):
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                for name in _names(target):
                    counts[name] = counts.get(name, 0) + 1
    for statement in _statements(node.body):
        if isinstance(statement, (ast.Assign, ast.AnnAssign)):
            if statement.value is not None:
                assigned += 1
                literal = literal and _is_literal(statement.value)
            _assignment(statement, text, counts, summary.values, summary.annotations)
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            method = _function(statement, text)
            if statement.name not in summary.methods:
                summary.methods[statement.name] = method
            if not method.is_static and method.params:
                if _LAZY[0]:
                    summary.pending.append((statement, method, text))
                else:
                    _instance_attributes(statement, method, text, summary)
        elif isinstance(statement, ast.ClassDef):
            summary.classes[statement.name] = _class(statement, text)
    summary.literal_body = literal and assigned > 0
    summary.record = _is_record(node, summary)
    return summary


def _functional_fields(base: ast.expr, text: _Source, annotations: dict[str, str]) -> None:
    """The fields of a base written ``NamedTuple("_Name", [("field", type), ...])`` (or
    ``TypedDict`` so), with their annotations."""
    if not (
        isinstance(base, ast.Call)
        and (text.text(base.func) or "").endswith(("NamedTuple", "TypedDict"))
        and len(base.args) == 2
        and isinstance(base.args[1], (ast.List, ast.Tuple))
    ):
        return
    for element in base.args[1].elts:
        if (
            isinstance(element, ast.Tuple)
            and len(element.elts) == 2
            and isinstance(element.elts[0], ast.Constant)
            and isinstance(element.elts[0].value, str)
            and (shown := text.text(element.elts[1])) is not None
        ):
            annotations.setdefault(element.elts[0].value, shown)


_RECORD_DECORATORS = frozenset({
    "dataclass", "dataclasses.dataclass", "attr.s", "attr.attrs", "attr.define",
    "attr.frozen", "attrs.define", "attrs.frozen", "define", "frozen",
})
_RENDERING = frozenset({"__str__", "__repr__", "__format__", "__safe_format__"})


def _is_record(node: ast.ClassDef, summary: ClassSummary) -> bool:
    """Whether an instance holds only what its constructor was given: then its text is
    the text of the arguments (``SelfDescribingJson(schema, data)``)."""
    if _RENDERING & set(summary.methods):
        return False
    if any(d.split("(")[0] in _RECORD_DECORATORS for d in summary.decorators):
        return "__post_init__" not in summary.methods and "__init__" not in summary.methods
    if any(b in ("NamedTuple", "typing.NamedTuple") for b in summary.bases):
        return True
    init = next(
        (s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None
    )
    if init is None or not init.args.args:
        return False
    params = {a.arg for a in [*init.args.posonlyargs, *init.args.args, *init.args.kwonlyargs]}
    me = init.args.args[0].arg
    for statement in init.body:
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue  # the docstring
        if isinstance(statement, ast.Pass):
            continue
        target = (
            statement.targets[0]
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1
            else statement.target
            if isinstance(statement, ast.AnnAssign)
            else None
        )
        value = getattr(statement, "value", None)
        if not (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == me
            and isinstance(value, ast.Name)
            and value.id in params
        ):
            return False
    return True


def _is_literal(value: ast.expr) -> bool:
    """A literal, or another enum's member (``Success = NodeStatus.Success``)."""
    if isinstance(value, ast.Constant):
        return True
    if isinstance(value, ast.Attribute):
        return isinstance(value.value, (ast.Name, ast.Attribute))
    if isinstance(value, (ast.Tuple, ast.List)):
        return all(_is_literal(e) for e in value.elts)
    if isinstance(value, ast.UnaryOp) and isinstance(value.operand, ast.Constant):
        return True
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, (ast.Name, ast.Attribute))
        and (value.func.id if isinstance(value.func, ast.Name) else value.func.attr) == "auto"
    )


def _instance_attributes(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    method: FunctionSummary,
    text: _Source,
    summary: ClassSummary,
) -> None:
    """``self.x: T = ...`` and ``self.x = v`` in a method's body.

    A value is kept only when it names none of the method's parameters or locals: it
    is evaluated later at the module level, where those names mean something else.
    """
    this = method.params[0][0]
    if not summary.dynamic and _sets_dynamically(node, this, text):
        summary.dynamic = True
    statements: list[ast.stmt] = []
    stack: list[ast.stmt] = list(node.body)
    local = {name for name, _, _, _ in method.params}
    parameters = {name for name, kind, _, _ in method.params[1:]
                  if kind not in ("vararg", "kwarg")}
    while stack:
        statement = stack.pop()
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            local.add(statement.name)
            continue
        statements.append(statement)
        for target in _targets(statement):
            local.update(_names(target))
        for part in ("body", "orelse", "finalbody"):
            stack.extend(getattr(statement, part, []) or [])
        for handler in getattr(statement, "handlers", []) or []:
            if handler.name:
                local.add(handler.name)
            stack.extend(handler.body)
        for case in getattr(statement, "cases", []) or []:
            stack.extend(case.body)
    for statement in statements:
        if isinstance(statement, ast.AnnAssign):
            attribute = _self_attribute(statement.target, this)
            shown = text.text(statement.annotation)
            if attribute is not None and shown is not None:
                summary.annotations.setdefault(attribute, shown)
            if attribute is not None and statement.value is not None:
                _note_instance_value(summary, attribute, statement.value, local, text,
                                     False, node.name, parameters)
        elif isinstance(statement, (ast.Assign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                attribute = _self_attribute(target, this)
                if attribute is not None:
                    grown = isinstance(statement, ast.AugAssign) and isinstance(
                        statement.op, _GROWING
                    )
                    _note_instance_value(
                        summary, attribute, statement.value, local, text, grown,
                        node.name, parameters,
                    )
                elif isinstance(target, (ast.Tuple, ast.List)):
                    for element in target.elts:
                        attribute = _self_attribute(element, this)
                        if attribute is not None:
                            summary.instance_values[attribute] = None
    # A container an attribute holds, changed in place (``self.props["k"] = v``, or
    # through a local bound to it: ``props = self.props; props.update(...)``), holds
    # what the checker did not see assigned.
    aliases: dict[str, str] = {}
    for statement in statements:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            attribute = _self_attribute(statement.value, this)
            if attribute is not None:
                aliases[statement.targets[0].id] = attribute
    for statement in statements:
        for attribute in _attribute_changes(statement, this, aliases):
            summary.instance_values[attribute] = None


def _attribute_changes(
    statement: ast.stmt, this: str, aliases: Mapping[str, str]
) -> Iterator[str]:
    """The attributes of ``this`` whose container ``statement`` changes in place,
    directly or through a local bound to it (``props |= more`` too)."""
    for container, _added in _changed(statement):
        attribute = (
            aliases.get(container.id) if isinstance(container, ast.Name)
            else _self_attribute(container, this)
        )
        if attribute is not None:
            yield attribute
    if isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
        attribute = aliases.get(statement.target.id)
        if attribute is not None:
            yield attribute


def _sets_dynamically(
    node: ast.FunctionDef | ast.AsyncFunctionDef, this: str, text: _Source
) -> bool:
    """``setattr(self, ...)``, ``object.__setattr__(self, ...)``, a write into
    ``self.__dict__`` or ``vars(self)``, or ``self`` handed to a function (which may set
    anything on it) in a method: attributes no assignment names."""
    end = node.end_lineno or node.body[-1].lineno
    if not re.search(
        rf"setattr|__dict__|vars\s*\(|[(,=]\s*\**{re.escape(this)}\s*[,)]",
        text.lines(node.body[0].lineno, end),
    ):
        return False  # none of the words it takes: no walk of the body
    for parent in ast.walk(node):
        for inner in ast.iter_child_nodes(parent):
            if isinstance(inner, ast.Attribute) and inner.attr == "__setattr__":
                return True
            if (
                isinstance(parent, ast.Call)
                and isinstance(inner, ast.Name)
                and inner.id == this
                and inner is not parent.func
                and not (isinstance(parent.func, ast.Name) and parent.func.id in _NOT_SETTING)
            ):
                return True  # ``setattr(self, ...)``, ``register(self)``
            if isinstance(parent, ast.keyword) and isinstance(inner, ast.Name) and (
                inner.id == this
            ):
                return True
            if not _self_dict(inner, this):
                continue
            if isinstance(parent, ast.Subscript) and not isinstance(parent.ctx, ast.Load):
                return True  # ``self.__dict__[key] = value``
            if isinstance(parent, ast.Attribute) and parent.attr in _DICT_WRITES:
                return True  # ``self.__dict__.update(fields)``
    return False


_DICT_WRITES = frozenset({"update", "setdefault", "__setitem__", "__ior__"})
# Builtins that set no attribute on what they are given.
_NOT_SETTING = frozenset({
    "isinstance", "type", "id", "hash", "len", "repr", "str", "bool", "super",
})


def _names_self(arguments: list[ast.expr], this: str) -> bool:
    return bool(arguments) and isinstance(arguments[0], ast.Name) and arguments[0].id == this


def _self_dict(node: ast.AST, this: str) -> bool:
    """``self.__dict__`` or ``vars(self)``."""
    if isinstance(node, ast.Attribute) and node.attr == "__dict__":
        return isinstance(node.value, ast.Name) and node.value.id == this
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "vars"
        and _names_self(node.args, this)
    )


def _targets(statement: ast.stmt) -> list[ast.expr]:
    if isinstance(statement, ast.Assign):
        return statement.targets
    if isinstance(statement, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
        return [statement.target]
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return [item.optional_vars for item in statement.items if item.optional_vars]
    return []


def _note_instance_value(
    summary: ClassSummary,
    attribute: str,
    value: ast.expr,
    local: set[str],
    text: _Source,
    grown: bool = False,
    method: str = "",
    parameters: frozenset[str] | set[str] = frozenset(),
) -> None:
    kept = summary.instance_values.get(attribute, [])
    if kept is None:
        return
    shown = text.text(value)
    # ``self`` is the one parameter the value may name: it is evaluated as the instance.
    # The method's other names mean nothing where the value is evaluated: each is kept
    # as a name bound nowhere, of unknown kind (``analytics if analytics is not None else
    # Analytics()`` is still maybe an ``Analytics``).
    if shown is not None and any(
        isinstance(node, ast.Name) and node.id in local and node.id != "self"
        for node in ast.walk(value)
    ):
        shown = _unknown_locals(value, local, {name: method for name in parameters})
    if shown is None:
        shown = _long_call(value, local)
    if shown is not None and grown:
        shown = GROWN + shown
    if shown is None or len(kept) >= _MAX_VALUES:
        summary.instance_values[attribute] = None
    elif shown not in kept:
        summary.instance_values[attribute] = [*kept, shown]


_LOCAL = "__redactlint_local__"  # a name bound nowhere: of unknown kind
# Before the operand of ``self.x += n`` (or ``-=``, ``/=``, ``//=``): a number stays a
# number (a number plus text or a list raises), anything else joins what ``n`` is.
GROWN = "__redactlint_grown__ "
_GROWING = (ast.Add, ast.Sub, ast.Div, ast.FloorDiv)


# A method's parameter in an instance value: ``PARAMETER + method + OF + name``, what the
# parameter is declared or every call passes it (``ProjectFacts.method_parameter``).
PARAMETER = "__redactlint_parameter__"
OF = "__of__"


class _Unbind(ast.NodeTransformer):
    """Renames the given names (but ``self``) to a name bound nowhere, and the method's
    parameters to names saying whose parameters they are."""

    def __init__(self, names: set[str], parameters: dict[str, str]) -> None:
        self.names = names
        self.parameters = parameters

    def visit_Name(self, node: ast.Name) -> ast.Name:
        if node.id in self.parameters:
            named = f"{PARAMETER}{self.parameters[node.id]}{OF}{node.id}"
            return ast.copy_location(ast.Name(named, node.ctx), node)
        if node.id in self.names and node.id != "self":
            return ast.copy_location(ast.Name(_LOCAL, node.ctx), node)
        return node


def _long_call(value: ast.expr, local: set[str]) -> str | None:
    """A call too long to keep (``AgentSettings(...)`` over twenty lines), kept as its
    callee given one value of unknown kind: what it makes, not what it was given."""
    if not isinstance(value, ast.Call):
        return None
    callee: ast.expr = value.func
    while isinstance(callee, ast.Attribute):
        callee = callee.value
    if not isinstance(callee, ast.Name) or (callee.id in local and callee.id != "self"):
        return None
    written = f"{ast.unparse(value.func)}({_LOCAL})"
    return written if len(written) <= _MAX_TEXT else None


def _unknown_locals(
    value: ast.expr, local: set[str], parameters: dict[str, str] | None = None
) -> str | None:
    """``value`` written with each of ``local`` (but ``self``) as a name bound nowhere,
    and each of ``parameters`` (name: its method) named as that method's parameter."""
    if any(isinstance(n, (ast.Lambda, ast.comprehension, ast.NamedExpr))
           for n in ast.walk(value)):
        return None  # names bound inside it: not worth telling apart
    written = ast.unparse(_Unbind(local, parameters or {}).visit(copy.deepcopy(value)))
    return written if len(written) <= _MAX_TEXT else None


def _self_attribute(target: ast.expr, this: str) -> str | None:
    if (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == this
    ):
        return target.attr
    return None
