"""Expression values: the kinds an expression may be and how safe its text is.

``Evaluator.value`` gives a ``Value`` (see ``kinds``) for an expression in one scope
of one module, given what the walker knows of the local names at that point; names
bound elsewhere in the project (module constants, enums, classes, functions and their
returns) come from the whole-project ``ProjectFacts``. Marking calls (``safe``,
``unsafe``, ``redact.format``...) decide safety; literals are safe; numbers, bools and
None carry no text; everything else is what the facts prove, or unknown.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import replace

from . import descriptors, mappings, queries, stdlib, unroll
from .facts import ProjectFacts
from .kinds import (
    ANY,
    BOOL,
    DATETIME,
    FUNCTION,
    MARKED_SAFE_TEXT,
    MARKED_TEXT,
    NONE,
    NOTHING,
    NUMBER,
    SAFE_BYTES,
    SAFE_TEXT,
    SCALAR,
    UNKNOWN,
    UNKNOWN_TEXT,
    Kind,
    Safety,
    Value,
    class_object,
    closed_mapping,
    declared,
    instance_of,
    join,
    join_all,
    marked,
    text,
    with_safety,
)
from .scopes import Scope, Scopes

REDACT = "redactlint.redact"
# Public and internal spellings of the runtime's names, to their public name.
RUNTIME_NAMES: dict[str, str] = {}
for _name, _modules in {
    "safe": ("marking",),
    "unsafe": ("marking",),
    "hashed": ("marking",),
    "join": ("marking",),
    "format": ("formatting",),
    "sprintf": ("printf",),
    "SafeStr": ("strings",),
    "RedactableStr": ("strings",),
    "register_safe_type": ("safetypes",),
    "safe_type": ("safetypes",),
    "Builder": ("builder",),
    "mark": ("boundary",),
    "redacted": ("boundary",),
    "boundary": ("boundary",),
}.items():
    RUNTIME_NAMES[f"{REDACT}.{_name}"] = _name
    for _module in _modules:
        RUNTIME_NAMES[f"{REDACT}.{_module}.{_name}"] = _name

MARKING_CALLS = {
    "safe": MARKED_SAFE_TEXT,
    "unsafe": MARKED_TEXT,
    "hashed": MARKED_TEXT,
    "format": MARKED_TEXT,
    "sprintf": MARKED_TEXT,
    "join": MARKED_TEXT,
}
# Operators str does not support: their results are numbers (or arrays), never text.
_NUMERIC_OPERATORS = (ast.Div, ast.FloorDiv, ast.Pow, ast.LShift, ast.RShift, ast.MatMult)
_SET_OPERATORS = (ast.Sub, ast.BitAnd, ast.BitOr, ast.BitXor)
_CONTAINERS = Kind.MAPPING | Kind.SEQUENCE
_SPECIAL_NAMES = frozenset({"__name__", "__qualname__", "__module__"})
ENUM_BASES = stdlib.ENUM_BASES

Env = dict[str, Value]


def contents(value: Value) -> Value:
    """What an item of ``value`` (a container) is: what its annotation or literal said,
    else of unknown kind with its text as safe as the container's contents."""
    if value.items is not None:
        return value.items
    if value.fields is not None:
        return join_all([held for _key, held in value.fields], NOTHING)
    if value.safety == Safety.UNKNOWN:
        return UNKNOWN
    return Value(ANY, value.safety)


def _field_of(mapping: Value, key: str | None) -> Value | None:
    """What a mapping whose keys are known holds under ``key`` (None: no such key)."""
    if mapping.fields is None or key is None:
        return None
    return next((held for name, held in mapping.fields if name == key), None)


def reference(node: ast.expr) -> str | None:
    """``a.b.c`` as the text ``"a.b.c"`` (a name and attributes only), and ``str(a.b)``
    as ``"str(a.b)"``, else None: the key a narrowed reference is kept under in a walk's
    facts (``if str(value) in KNOWN: name = str(value)``)."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "str"
        and len(node.args) == 1
        and not node.keywords
    ):
        inner = reference(node.args[0])
        return None if inner is None or "(" in inner else f"str({inner})"
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def key_reference(node: ast.expr) -> str | None:
    """``a.b["key"]`` and ``a.b.get("key"[, default])`` as the text ``"a.b['key']"``,
    else None: the key a validated item is kept under in a walk's facts (see
    ``validation``)."""
    if isinstance(node, ast.Subscript):
        base, key = node.value, node.slice
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and 1 <= len(node.args) <= 2
        and not node.keywords
    ):
        base, key = node.func.value, node.args[0]
    else:
        return None
    if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
        return None
    found = reference(base)
    return None if found is None or "(" in found else f"{found}[{key.value!r}]"


def is_chain(key: str) -> bool:
    """A narrowed reference other than a plain name (see ``reference``)."""
    return "." in key or "(" in key or "[" in key


def chain_base(key: str) -> str:
    """The name or attribute chain a narrowed reference reads: ``a.b`` of ``str(a.b)``
    and of ``a.b['key']``."""
    if key.startswith("str("):
        return key[4:-1]
    return key.split("[", 1)[0]


def _text_join(*values: Value) -> Safety:
    """The safety of text made of ``values``: safe only when each part is."""
    return Safety.SAFE if all(v.safety <= Safety.SAFE for v in values) else Safety.UNKNOWN


def bind_target(target: ast.expr, value: Value, local: dict[str, Value]) -> None:
    """Bind an assignment's or a loop's target to the value it gets: a tuple's names by
    position when its length is known, else each what the value holds (an attribute or
    an item as a target binds no name)."""
    if isinstance(target, ast.Name):
        local[target.id] = value
    elif isinstance(target, (ast.Tuple, ast.List)):
        elements = value.elements
        if elements is not None and len(elements) == len(target.elts) and not any(
            isinstance(e, ast.Starred) for e in target.elts
        ):
            for element, known in zip(target.elts, elements, strict=True):
                bind_target(element, known, local)
            return
        for element in target.elts:
            bind_target(element, contents(value), local)
    elif isinstance(target, ast.Starred):
        bind_target(target.value, Value(Kind.SEQUENCE, value.safety), local)


class Evaluator:
    """Gives expressions in one module their values."""

    def __init__(self, scopes: Scopes, facts: ProjectFacts | None = None) -> None:
        self.scopes = scopes
        self.facts = facts if facts is not None else ProjectFacts()
        self._reading: set[int] = set()  # the local functions whose returns are being read
        self._returns: dict[int, Value | None] = {}  # and those read, by node

    def runtime_name(self, func: ast.expr, scope: Scope) -> str | None:
        """``safe``, ``format``... when ``func`` resolves to the redact runtime."""
        qualname = self.scopes.resolve(func, scope)
        return None if qualname is None else RUNTIME_NAMES.get(qualname)

    def classify(self, expr: ast.expr, env: Mapping[str, Value], scope: Scope) -> Safety:
        """The safety of ``expr``'s text."""
        return self.value(expr, env, scope).safety

    def value(self, expr: ast.expr, env: Mapping[str, Value], scope: Scope) -> Value:
        """What ``expr`` is, where ``env`` holds the local names' values."""
        method = getattr(self, "_" + type(expr).__name__, None)
        if method is None:
            return UNKNOWN
        result: Value = method(expr, env, scope)
        return result

    def bound(self, value: ast.expr, env: Mapping[str, Value], scope: Scope) -> Value:
        """What a name bound to ``value`` holds from then on (the walker follows what is
        added to a container afterwards, and forgets its contents once it escapes)."""
        return self.value(value, env, scope)

    def qualname_value(self, qualname: str) -> Value | None:
        """What a qualified name holds: the project's facts, the standard library's."""
        found = self.facts.value(qualname)
        if found is not None:
            return found
        if (
            qualname in stdlib.TYPES
            or qualname in stdlib.ENUM_BASES
            or qualname in stdlib.EXCEPTION_CLASSES
        ):
            return class_object(frozenset({qualname}))
        return None

    # -- annotations ---------------------------------------------------------------

    def annotation(self, node: ast.expr | None, scope: Scope, depth: int = 0) -> Value:
        """What a value annotated ``node`` is (``SafeStr``, ``int``, ``Literal[...]``, an
        enum, a class...)."""
        if node is None or depth > 10:
            return UNKNOWN
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                try:
                    parsed = ast.parse(node.value, mode="eval").body
                except SyntaxError:
                    return UNKNOWN
                return self.annotation(parsed, scope, depth + 1)
            return NONE if node.value is None else UNKNOWN
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return join(
                self.annotation(node.left, scope, depth + 1),
                self.annotation(node.right, scope, depth + 1),
            )
        if isinstance(node, ast.Subscript):
            return self._generic(node, scope, depth)
        runtime = self.runtime_name(node, scope)
        if runtime == "SafeStr":
            return MARKED_SAFE_TEXT
        if runtime == "RedactableStr":
            return MARKED_TEXT
        qualname = self._type_name(node, scope)
        if qualname is None:
            return UNKNOWN
        return self.type_value(qualname, depth)

    def type_value(self, qualname: str, depth: int = 0) -> Value:
        """What an instance of the type named ``qualname`` is."""
        if qualname in stdlib.TYPES:
            return stdlib.TYPES[qualname]
        if qualname in stdlib.EXCEPTION_CLASSES:
            return instance_of(frozenset({qualname}))
        symbol = self.facts.symbol(qualname)
        if symbol is None:
            if qualname in stdlib.DECLARING_CLASSES:
                return instance_of(frozenset({qualname}))
            return UNKNOWN
        if symbol.kind == "class":
            return self.facts.instance(symbol.qualname)
        if symbol.kind == "value":  # a type alias: ``PatternType = Literal[...]``
            found = self.facts.bound_expression(symbol.qualname)
            evaluator = self.facts.evaluator(symbol.module)
            if found is None or evaluator is None or depth > 8:
                return UNKNOWN
            return evaluator.annotation(found[1], evaluator.scopes.module, depth + 1)
        return UNKNOWN

    def _type_name(self, node: ast.expr, scope: Scope) -> str | None:
        if isinstance(node, ast.Name) and self.scopes.binding_scope(node.id, scope) is None:
            known = node.id in stdlib.TYPES or node.id in stdlib.BUILTIN_EXCEPTIONS
            return node.id if known or node.id == "None" else None
        qualname = self.scopes.resolve(node, scope)
        if qualname is None and isinstance(node, ast.Name):
            owner = self.scopes.binding_scope(node.id, scope)
            if owner is self.scopes.module:
                qualname = f"{self.scopes.module_name}.{node.id}"
        return qualname

    def _generic(self, node: ast.Subscript, scope: Scope, depth: int) -> Value:
        outer = self._type_name(node.value, scope) or ""
        arguments = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if outer in stdlib.LITERAL:
            return join_all([self._literal_type(a, scope) for a in arguments])
        if outer in stdlib.OPTIONAL:
            return join(NONE, self.annotation(arguments[0], scope, depth + 1))
        if outer in stdlib.UNION:
            return join_all([self.annotation(a, scope, depth + 1) for a in arguments])
        if outer in stdlib.PASS_THROUGH or outer in descriptors.MAPPED:
            return self.annotation(arguments[0], scope, depth + 1)
        if outer in stdlib.TYPE_OF:
            inner = self.annotation(arguments[0], scope, depth + 1)
            return class_object(inner.classes)
        if outer in stdlib.CALLABLE and len(arguments) == 2:
            # ``Callable[[], float]``: a function, whose call returns a float.
            returned = self.annotation(arguments[1], scope, depth + 1)
            return replace(stdlib.TYPES["typing.Callable"], returns=returned)
        base = self.annotation(node.value, scope, depth + 1)
        if base.kinds & _CONTAINERS and not base.classes:
            items = [
                self.annotation(a, scope, depth + 1)
                for a in arguments
                if not (isinstance(a, ast.Constant) and a.value is Ellipsis)
            ]
            inside = join_all(items, NOTHING)
            if base.kinds == Kind.SEQUENCE and items:
                element = items[0] if len(items) == 1 or not base.kinds & Kind.MAPPING else None
                fixed = None
                if outer in ("tuple", "typing.Tuple") and len(items) > 1:
                    element = inside
                    if len(items) == len(arguments):  # no ``...``: one value a position
                        fixed = tuple(items)
                return Value(base.kinds, inside.safety, items=element, elements=fixed)
            return Value(base.kinds, inside.safety)
        return base

    def _literal_type(self, node: ast.expr, scope: Scope) -> Value:
        if isinstance(node, ast.Constant):
            return self._Constant(node, {}, scope)
        found = self.value(node, {}, scope)
        return found if found.is_safe else UNKNOWN

    # -- node kinds --------------------------------------------------------------

    def _Constant(self, node: ast.Constant, env: Mapping[str, Value], scope: Scope) -> Value:
        value = node.value
        if isinstance(value, str):
            return text(Safety.SAFE, value)
        if isinstance(value, bytes):
            return SAFE_BYTES
        if isinstance(value, bool):
            return BOOL
        if value is None:
            return NONE
        if isinstance(value, (int, float, complex)):
            return NUMBER
        return Value(Kind.OBJECT, Safety.NOT_STRING)  # Ellipsis

    def _JoinedStr(self, node: ast.JoinedStr, env: Mapping[str, Value], scope: Scope) -> Value:
        safety = Safety.SAFE
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                if self.value(part.value, env, scope).safety > Safety.SAFE:
                    # An f-string makes a plain str: marked parts lose their markers.
                    return UNKNOWN_TEXT
                if part.format_spec is not None:
                    safety = max(safety, self.value(part.format_spec, env, scope).safety)
        return text(Safety.SAFE if safety <= Safety.SAFE else Safety.UNKNOWN)

    def _BinOp(self, node: ast.BinOp, env: Mapping[str, Value], scope: Scope) -> Value:
        if isinstance(node.op, _NUMERIC_OPERATORS):
            return self._numeric_operator(node, env, scope)
        left = self.value(node.left, env, scope)
        if isinstance(node.op, ast.Mod):
            if left.kinds == Kind.TEXT:
                right = self._items(node.right, env, scope)
                return text(_text_join(left, right))
            if not left.kinds & (Kind.TEXT | Kind.BYTES):
                return NUMBER
        right = self.value(node.right, env, scope)
        kinds = (left.kinds | right.kinds) & ~Kind.NONE
        if not kinds & ~(Kind.NUMBER | Kind.BOOL):
            return NUMBER
        if isinstance(node.op, ast.Mult) and (left.kinds | right.kinds) & Kind.TEXT:
            shown = left if left.kinds & Kind.TEXT else right
            return text(_text_join(shown))
        if isinstance(node.op, (*_SET_OPERATORS, ast.Add)) and not kinds & Kind.TEXT:
            return Value(kinds, max(left.safety, right.safety))
        if kinds == Kind.TEXT or (isinstance(node.op, ast.Add) and kinds & Kind.TEXT):
            return Value(kinds if kinds != ANY else ANY, _text_join(left, right))
        return Value(kinds, max(left.safety, right.safety))

    def _numeric_operator(
        self, node: ast.BinOp, env: Mapping[str, Value], scope: Scope
    ) -> Value:
        """``/``, ``//``, ``**``, ``<<``, ``>>``, ``@``: str has none of them, so they make
        numbers; but ``/`` between two values neither of which is a number is a path's
        (``Path(root) / name``: a path with that name in its text) as likely as a
        number's."""
        if not isinstance(node.op, ast.Div):
            return NUMBER
        left = self.value(node.left, env, scope)
        right = self.value(node.right, env, scope)
        if not (left.kinds & ~SCALAR and right.kinds & ~SCALAR):
            return NUMBER
        safety = max(left.safety, right.safety)
        for side in (left, right):
            if side.classes and side.kinds & ~Kind.NONE == Kind.OBJECT:
                return Value(Kind.OBJECT, safety, side.classes)
        return Value(ANY, safety)

    def _items(self, node: ast.expr, env: Mapping[str, Value], scope: Scope) -> Value:
        if isinstance(node, (ast.Tuple, ast.List)):
            return join_all([self.value(e, env, scope) for e in node.elts], NOTHING)
        if isinstance(node, ast.Dict):
            return self._Dict(node, env, scope)
        return self.value(node, env, scope)

    def _UnaryOp(self, node: ast.UnaryOp, env: Mapping[str, Value], scope: Scope) -> Value:
        # not, -, + and ~ never give text: str supports none of them.
        return BOOL if isinstance(node.op, ast.Not) else NUMBER

    def _Compare(self, node: ast.Compare, env: Mapping[str, Value], scope: Scope) -> Value:
        return BOOL

    def _BoolOp(self, node: ast.BoolOp, env: Mapping[str, Value], scope: Scope) -> Value:
        return join_all([self.value(v, env, scope) for v in node.values])

    def _IfExp(self, node: ast.IfExp, env: Mapping[str, Value], scope: Scope) -> Value:
        """Each branch where the test has its outcome: ``n if isinstance(n, int) else
        None`` is a number or None."""
        from .narrowing import narrowed_env

        body = narrowed_env(self, scope, node.test, env, True)
        orelse = narrowed_env(self, scope, node.test, env, False)
        return join(self.value(node.body, body, scope), self.value(node.orelse, orelse, scope))

    def _Await(self, node: ast.Await, env: Mapping[str, Value], scope: Scope) -> Value:
        # ``await f()`` is what ``f``'s return annotation promises, for async functions too.
        return self.value(node.value, env, scope)

    def _NamedExpr(self, node: ast.NamedExpr, env: Mapping[str, Value], scope: Scope) -> Value:
        return self.value(node.value, env, scope)

    def _Starred(self, node: ast.Starred, env: Mapping[str, Value], scope: Scope) -> Value:
        return contents(self.value(node.value, env, scope))

    def _List(
        self, node: ast.List | ast.Tuple | ast.Set, env: Mapping[str, Value], scope: Scope
    ) -> Value:
        values = [self.value(e, env, scope) for e in node.elts]
        inside = join_all(values, NOTHING)
        fixed = isinstance(node, ast.Tuple) and not any(
            isinstance(e, ast.Starred) for e in node.elts
        )
        return Value(
            Kind.SEQUENCE,
            inside.safety,
            items=inside if node.elts else None,
            elements=tuple(values) if fixed else None,
        )

    _Tuple = _List
    _Set = _List

    def _Dict(self, node: ast.Dict, env: Mapping[str, Value], scope: Scope) -> Value:
        parts: list[Value] = []
        for key, item in zip(node.keys, node.values, strict=True):
            if key is not None:
                parts.append(self.value(key, env, scope))
            parts.append(self.value(item, env, scope))
        inside = join_all(parts, NOTHING)
        return Value(Kind.MAPPING, inside.safety)

    def _ListComp(
        self,
        node: ast.ListComp | ast.SetComp | ast.GeneratorExp,
        env: Mapping[str, Value],
        scope: Scope,
    ) -> Value:
        """Items made by one expression: what it gives, each name it reads from the loop
        an item of what the loop runs over (``[e.__class__.__name__ for e in errors]``
        holds class names, whatever ``errors`` holds)."""
        unrolled = unroll.bindings(self, node, env, scope)
        if unrolled is not None:
            inner = self.scopes.by_node.get(id(node), scope)
            item = join_all([self.value(node.elt, local, inner) for local in unrolled], NOTHING)
            return Value(Kind.SEQUENCE, item.safety, items=item)
        local, inner = self._comprehension(node, env, scope)
        item = self.value(node.elt, local, inner)
        return Value(Kind.SEQUENCE, item.safety, items=item)

    _SetComp = _ListComp
    _GeneratorExp = _ListComp

    def _DictComp(self, node: ast.DictComp, env: Mapping[str, Value], scope: Scope) -> Value:
        unrolled = unroll.bindings(self, node, env, scope)
        if unrolled is not None:
            # Once per known name: a mapping with known keys when each key is a literal.
            inner = self.scopes.by_node.get(id(node), scope)
            fields: dict[str, Value] | None = {}
            parts: list[Value] = []
            for local in unrolled:
                key = self.value(node.key, local, inner)
                held = self.value(node.value, local, inner)
                parts += [key, held]
                if key.literal is not None and fields is not None:
                    fields[key.literal] = (
                        join(fields[key.literal], held) if key.literal in fields else held
                    )
                else:
                    fields = None
            if fields is not None:
                return closed_mapping(fields)
            return Value(Kind.MAPPING, join_all(parts, NOTHING).safety)
        local, inner = self._comprehension(node, env, scope)
        parts = [self.value(node.key, local, inner), self.value(node.value, local, inner)]
        return Value(Kind.MAPPING, join_all(parts).safety)

    def _comprehension(
        self,
        node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp,
        env: Mapping[str, Value],
        scope: Scope,
    ) -> tuple[dict[str, Value], Scope]:
        """The names a comprehension's loops bind, and its scope (the enclosing one for an
        expression read from a summary, which was never scoped)."""
        inner = self.scopes.by_node.get(id(node), scope)
        local = dict(env)
        for index, generator in enumerate(node.generators):
            source = self.value(generator.iter, local, scope if index == 0 else inner)
            bind_target(generator.target, self.iterated(source), local)
        return local, inner

    def iterated(self, value: Value) -> Value:
        """What iterating ``value`` gives: an enum class gives its members, another
        class what its metaclass makes up."""
        if value.kinds == Kind.CLASS:
            if value.classes and all(self.facts.is_enum(cls) for cls in value.classes):
                return join_all([self.facts.instance(cls) for cls in sorted(value.classes)])
            return UNKNOWN
        if value.classes and value.classes <= queries.STAGES:
            return value.items or UNKNOWN  # the rows of a query
        if value.fields is not None and value.kinds == Kind.MAPPING:
            return SAFE_TEXT  # its keys: names in the code
        return contents(value)

    def safe_choices(self, node: ast.expr, scope: Scope) -> bool:
        """Whether ``node`` is a collection of choices the product wrote: each safe text
        or a number (a validator that refuses anything else gives one of them)."""
        item = self.iterated(self.value(node, {}, scope))
        return item.safety <= Safety.SAFE and not item.kinds & ~(Kind.TEXT | Kind.NUMBER)

    def _Lambda(self, node: ast.Lambda, env: Mapping[str, Value], scope: Scope) -> Value:
        """A function: not text itself, but what it gives when called may be."""
        inner = self.scopes.by_node.get(id(node))
        if inner is None:
            return FUNCTION
        args = node.args
        local = dict(env)
        for argument in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg,
                         args.kwarg]:
            if argument is not None:
                local[argument.arg] = UNKNOWN
        given = self.value(node.body, local, inner)
        return Value(Kind.CLASS, max(Safety.SAFE, given.safety))

    def _Subscript(self, node: ast.Subscript, env: Mapping[str, Value], scope: Scope) -> Value:
        key = key_reference(node)
        if key is not None and key in env:
            return env[key]  # validated by a schema (see the walker)
        base = self.value(node.value, env, scope)
        if base.kinds == Kind.TEXT:
            return text(base.safety)
        if base.fields is not None:
            held = _field_of(base, self.value(node.slice, env, scope).literal)
            if held is not None:
                return held
        if base.kinds & _CONTAINERS and not base.kinds & ~(_CONTAINERS | Kind.NONE):
            return contents(base)
        if base.kinds == Kind.CLASS:
            return base  # a generic alias: list[int]
        return UNKNOWN

    def _Name(self, node: ast.Name, env: Mapping[str, Value], scope: Scope) -> Value:
        if node.id in env:
            return env[node.id]
        owner = self.scopes.binding_scope(node.id, scope)
        if owner is self.scopes.module:
            if node.id in self.scopes.module.bindings and all(
                self._is_import(binding) for binding in self.scopes.module.bindings[node.id]
            ):
                qualname = self.scopes.resolve(node, scope)
                if qualname is None:
                    return UNKNOWN
                found = self.qualname_value(qualname)
                return found if found is not None else UNKNOWN
            found = self.facts.value(f"{self.scopes.module_name}.{node.id}")
            return found if found is not None else UNKNOWN
        if owner is not None and all(self._is_import(b) for b in owner.bindings[node.id]):
            qualname = self.scopes.resolve(node, scope)  # a function's own import
            found = self.qualname_value(qualname) if qualname is not None else None
            return found if found is not None else UNKNOWN
        if owner is None:
            if node.id in ("True", "False"):
                return BOOL
            if node.id == "None":
                return NONE
            if node.id in ("__name__", "__qualname__", "__module__", "__package__"):
                return SAFE_TEXT
            if node.id in stdlib.TYPES or node.id in stdlib.BUILTIN_EXCEPTIONS:
                return class_object(frozenset({node.id}))
            if node.id in stdlib.BUILTIN_FUNCTIONS:
                return FUNCTION  # ``str(id)``: ``<built-in function id>``
        return UNKNOWN

    @staticmethod
    def _is_import(binding: object) -> bool:
        from .scopes import Import

        return isinstance(binding, Import)

    def _Attribute(self, node: ast.Attribute, env: Mapping[str, Value], scope: Scope) -> Value:
        if node.attr in _SPECIAL_NAMES:
            owner = self.value(node.value, env, scope)
            if owner.kinds & Kind.OBJECT and self.facts.defines(owner.classes, node.attr):
                # A class of its own ``__name__``: what it and its subclasses make it.
                return self.facts.own_name(owner.classes, node.attr)
            return SAFE_TEXT  # names of classes, functions and modules are the product's
        chain = reference(node)
        if chain is not None and chain in env:
            return env[chain]  # narrowed by a test that holds here (see the walker)
        base = self.value(node.value, env, scope)
        if base.kinds & Kind.NONE and base.kinds != Kind.NONE:
            # ``x.attr`` has a value only when ``x`` is not None (it raises on None).
            base = replace(base, kinds=base.kinds & ~Kind.NONE)
        if node.attr == "__class__" and base.kinds & Kind.OBJECT:
            return class_object(base.classes)
        if node.attr == "query" and base.kinds == Kind.CLASS:
            found = queries.model(self.facts, base)  # Flask-SQLAlchemy's ``Model.query``
            if found is not None:
                return queries.stage(frozenset({queries.QUERY}), found)
        if base.enum and not base.kinds & Kind.CLASS:
            if node.attr == "name":
                return SAFE_TEXT
            if node.attr == "value":
                if base.kinds == Kind.TEXT:
                    return SAFE_TEXT
                if base.kinds == Kind.NUMBER:
                    return NUMBER
                return Value(ANY, Safety.SAFE)
        if base.kinds == Kind.DATETIME and node.attr in stdlib.DATETIME_ATTRIBUTES:
            return NUMBER
        if len(base.classes) == 1 and base.kinds & ~Kind.NONE == Kind.OBJECT:
            declared_name = stdlib.DECLARED_NAMES.get((next(iter(base.classes)), node.attr))
            if declared_name is not None:
                return declared_name
            known = stdlib.ATTRIBUTES.get((next(iter(base.classes)), node.attr))
            if known is None:
                known = stdlib.exception_attribute(next(iter(base.classes)), node.attr)
            if known is not None:  # a UUID's ``hex``: as safe as the UUID is
                textual = known.kinds & (Kind.TEXT | Kind.BYTES)
                return with_safety(known, base.safety) if textual else known
        if base.classes and not base.kinds & ~(Kind.OBJECT | Kind.CLASS | Kind.TEXT | Kind.NONE
                                               | Kind.NUMBER | _CONTAINERS):
            instance = not base.kinds & Kind.CLASS
            member = self.facts.member(base.classes, node.attr, instance=instance)
            if (
                base.kinds & ~Kind.NONE == Kind.OBJECT
                and base.safety <= Safety.SAFE
                and not base.enum
                and member.kinds & Kind.TEXT
                and member.safety == Safety.UNKNOWN
            ):
                # An object that holds only safe text (a record built of literals, like
                # ``IgluSchema("cli_event", "1-0-1")``): so is the text read from it.
                return with_safety(member, Safety.SAFE)
            return member
        if base.classes and base.kinds | Kind.NONE == ANY:
            # Maybe one of those classes' objects: unknown, but naming what it would be
            # there (``self.analytics.event``, a method a sink may be).
            found = self.facts.member(base.classes, node.attr, instance=True)
            return Value(ANY, Safety.UNKNOWN, found.classes) if found.classes else UNKNOWN
        qualname = self.scopes.resolve(node, scope)
        if qualname is not None:
            found = self.qualname_value(qualname)
            if found is not None:
                return found
        return UNKNOWN

    def _Call(self, node: ast.Call, env: Mapping[str, Value], scope: Scope) -> Value:
        chain = reference(node)
        if chain is not None and chain in env and self.scopes.resolve(node.func, scope) is None:
            return env[chain]  # ``str(value)`` narrowed by a test that holds here
        key = key_reference(node)
        if key is not None and key in env:
            # ``.get(key[, default])`` of an item a schema validated: it, or the default.
            missing = self.value(node.args[1], env, scope) if len(node.args) == 2 else NONE
            return join(env[key], missing)
        runtime = self.runtime_name(node.func, scope)
        if runtime in MARKING_CALLS:
            return MARKING_CALLS[runtime]
        if runtime == "SafeStr":
            return MARKED_SAFE_TEXT
        if runtime == "RedactableStr":
            return MARKED_TEXT
        if runtime in ("mark", "redacted") and len(node.args) == 1:
            # Text marked (or redacted), any other kind returned as it was.
            inner = self.value(node.args[0], env, scope)
            if inner.safety <= Safety.SAFE:
                return marked(inner)
            return marked(with_safety(inner, Safety.REDACTABLE))
        func = node.func
        qualname = self.scopes.resolve(func, scope)
        if qualname is not None and qualname in stdlib.CALLS:
            return stdlib.CALLS[qualname]
        if qualname == "itertools.starmap" and len(node.args) == 2 and not node.keywords:
            mapped = self._mapped(node, env, scope, unpack=True)
            if mapped is not None:
                return mapped
        if qualname in stdlib.CASTS and len(node.args) == 2:
            # ``cast(T, x)``: the developer's word on what ``x`` is, as an annotation.
            return declared(self.value(node.args[1], env, scope),
                            self.annotation(node.args[0], scope))
        if qualname in queries.SELECTS and len(node.args) == 1 and not node.keywords:
            found = queries.model(self.facts, self.value(node.args[0], env, scope))
            if found is not None:
                return queries.stage(frozenset({queries.SELECT}), found)
        if isinstance(func, ast.Name):
            owner = self.scopes.binding_scope(func.id, scope)
            if owner is None:
                return self._builtin_call(func.id, node, env, scope)
            if owner is not self.scopes.module:
                local = self._local_definition(func.id, owner)
                if local is not None:
                    return local
        if isinstance(func, ast.Attribute):
            found = self._method_call(func, node, env, scope)
            if found is not None:
                return found
        qualname = qualname or self._module_function(func, scope)
        if qualname is not None:
            if qualname in stdlib.CALLS:
                return stdlib.CALLS[qualname]
            if qualname in stdlib.TYPES:
                return stdlib.TYPES[qualname]
            symbol = self.facts.symbol(qualname)
            if symbol is not None and symbol.kind == "class" and self.facts.is_record(
                symbol.qualname
            ):
                return self._record(symbol.qualname, node, env, scope)
            if symbol is not None:
                positional, keywords = self._passed(node, env, scope)
                return self.facts.call(
                    qualname, None, self.facts.bind(qualname, positional, keywords)
                )
        if isinstance(func, (ast.Name, ast.Attribute)):
            # A class held in a name or read from one (a nested ``Outer.Config``).
            callee = self.value(func, env, scope)
            if callee.kinds == Kind.CLASS and callee.classes:
                return join_all([self.facts.call(c) for c in sorted(callee.classes)])
            if callee.returns is not None:
                return callee.returns  # a callable its annotation types
        return UNKNOWN

    def _mapped(
        self, node: ast.Call, env: Mapping[str, Value], scope: Scope, *, unpack: bool
    ) -> Value | None:
        """``starmap(f, pairs)`` (``unpack``) or ``map(f, items)`` of a function of the
        project: what ``f`` returns for the items iterated, one value a position of each
        tuple item for ``starmap``."""
        named = node.args[0]
        function = self.scopes.resolve(named, scope) or self._module_function(named, scope)
        items = self.value(node.args[1], env, scope).items
        if function is None or items is None or self.facts.function(function) is None:
            return None
        if unpack and items.elements is None:
            return None
        arguments = list(items.elements) if unpack and items.elements else [items]
        returned = self.facts.call(function, None, self.facts.bind(function, arguments, {}))
        return Value(Kind.SEQUENCE, returned.safety, items=returned)

    def _module_function(self, node: ast.expr, scope: Scope) -> str | None:
        """The qualified name of a name this module binds itself (a function defined
        here), which ``resolve`` leaves to the module's own bindings."""
        if isinstance(node, ast.Name) and (
            self.scopes.binding_scope(node.id, scope) is self.scopes.module
        ):
            return f"{self.scopes.module_name}.{node.id}"
        return None

    def constructed(
        self, node: ast.Call, env: Mapping[str, Value], scope: Scope
    ) -> Safety | None:
        """How safe the text is that the object ``node`` makes holds, when ``node`` calls
        one class of the project that is no record (whose value already says it): what
        its methods assign, the constructor's parameters as this call binds them."""
        callee = self.value(node.func, env, scope)
        if callee.kinds != Kind.CLASS or len(callee.classes) != 1:
            return None
        (qualname,) = callee.classes
        symbol = self.facts.symbol(qualname)
        if symbol is None or symbol.kind != "class" or self.facts.is_record(qualname):
            return None
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            return None  # ``Event(**fields)``: what it is given is not written here
        positional, keywords = self._passed(node, env, scope)
        # A class without a constructor of its own (a pydantic model) takes keywords.
        arguments = tuple(sorted(keywords.items()))
        for base in self.facts.mro(qualname):
            found = self.facts.class_summary(base)
            if found is not None and "__init__" in found[0].methods:
                arguments = self.facts.bind(f"{base}.__init__", positional, keywords)
                break
        return self.facts.object_text(qualname, arguments)

    def _record(
        self, qualname: str, node: ast.Call, env: Mapping[str, Value], scope: Scope
    ) -> Value:
        """An instance of a record class holds the text it was given and its fields'
        defaults, and no other."""
        instance = self.facts.instance(qualname)
        if instance.kinds != Kind.OBJECT or any(
            isinstance(a, ast.Starred) for a in node.args
        ) or any(k.arg is None for k in node.keywords):
            return instance
        given = [self.value(a, env, scope) for a in [*node.args, *(k.value for k in node.keywords)]]
        held = max((v.safety for v in given), default=Safety.NOT_STRING)
        left_out = self.facts.record_defaults(
            qualname, len(node.args), frozenset(k.arg for k in node.keywords if k.arg)
        )
        return replace(instance, safety=max(held, left_out))

    def _local_definition(self, name: str, owner: Scope) -> Value | None:
        """Calling a function or class defined inside a function: what its annotation
        promises, or an object of no known class."""
        from .scopes import Definition

        bindings = owner.bindings.get(name, [])
        if len(bindings) != 1 or not isinstance(bindings[0], Definition):
            return None
        definition = bindings[0].node
        if isinstance(definition, ast.ClassDef):
            return Value(Kind.OBJECT, Safety.UNKNOWN)
        promised = None if definition.returns is None else self.annotation(
            definition.returns, owner
        )
        returned = self._local_returns(definition)
        # As for a module's function, the body wins where it tells something of its own.
        if returned is None or returned.kinds == UNKNOWN.kinds or (
            promised is not None and returned.kinds == Kind.OBJECT
        ):
            return promised
        return returned

    def _local_returns(self, definition: ast.FunctionDef | ast.AsyncFunctionDef) -> Value | None:
        """What a function defined inside a function returns, read from its ``return``
        statements (its parameters and what it closes over unknown); None for a
        generator, or one whose scope was not read."""
        if id(definition) in self._returns:
            return self._returns[id(definition)]
        scope = self.scopes.by_node.get(id(definition))
        if scope is None or id(definition) in self._reading:
            return None
        returned: list[ast.expr | None] = []
        stack: list[ast.AST] = list(definition.body)
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.Yield, ast.YieldFrom)):
                return None
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                 ast.ClassDef)):
                continue
            if isinstance(node, ast.Return):
                returned.append(node.value)
            stack.extend(ast.iter_child_nodes(node))
        self._reading.add(id(definition))
        try:
            found = [NONE if v is None else self.value(v, {}, scope) for v in returned]
        finally:
            self._reading.discard(id(definition))
        if not definition.body or not isinstance(definition.body[-1], (ast.Return, ast.Raise)):
            found.append(NONE)  # it may end without a return
        result = self._returns[id(definition)] = join_all(found) if found else None
        return result

    def _arguments(self, node: ast.Call, env: Mapping[str, Value], scope: Scope) -> list[Value]:
        return [self.value(a, env, scope) for a in [*node.args, *(k.value for k in node.keywords)]]

    def _builtin_call(
        self, name: str, node: ast.Call, env: Mapping[str, Value], scope: Scope
    ) -> Value:
        if name in stdlib.BUILTIN_CALLS:
            return stdlib.BUILTIN_CALLS[name]
        arguments = self._arguments(node, env, scope)
        if name in ("str", "repr", "format", "ascii"):
            return text(_text_join(*arguments)) if arguments else SAFE_TEXT
        if name == "dict":
            return Value(Kind.MAPPING, join_all(arguments, NOTHING).safety)
        if name in ("list", "tuple", "set", "frozenset", "sorted", "reversed"):
            inside = join_all(arguments, NOTHING)
            element = self.iterated(arguments[0]) if len(node.args) == 1 else None
            return Value(Kind.SEQUENCE, inside.safety, items=element)
        if name in ("min", "max"):
            if len(node.args) == 1:
                return contents(arguments[0])
            return join_all(arguments)
        if name == "type" and len(node.args) == 1:
            return class_object(arguments[0].classes)
        if name == "map" and len(node.args) == 2 and not node.keywords:
            mapped = self._mapped(node, env, scope, unpack=False)
            if mapped is not None:
                return mapped
        if name in ("enumerate", "zip", "map", "filter", "iter"):
            return Value(Kind.SEQUENCE, Safety.UNKNOWN)
        if name in ("bytes", "bytearray"):
            return Value(Kind.BYTES, join_all(arguments, NOTHING).safety)
        return UNKNOWN

    def _method_call(
        self, func: ast.Attribute, node: ast.Call, env: Mapping[str, Value], scope: Scope
    ) -> Value | None:
        """``x.method(...)`` for an ``x`` whose value tells; None to resolve by name."""
        base = self.value(func.value, env, scope)
        method = func.attr
        if method in queries.METHODS:
            queried = queries.method(self.facts, base, method, self._arguments(node, env, scope))
            if queried is not None:
                return queried
        kinds = base.kinds & ~Kind.NONE
        if kinds == Kind.TEXT:
            arguments = self._arguments(node, env, scope)
            if method == "format":
                return text(_text_join(base, *arguments))
            if method in stdlib.SAFE_TEXT_METHODS:
                return text(_text_join(base, *arguments))
            if method in stdlib.TEXT_NUMBER_METHODS:
                return NUMBER
            if method in stdlib.TEXT_BOOL_METHODS:
                return BOOL
            if method in stdlib.TEXT_SEQUENCE_METHODS:
                return Value(Kind.SEQUENCE, base.safety)
            if method == "encode":
                return Value(Kind.BYTES, base.safety)
            if not base.classes:
                return UNKNOWN_TEXT
        if (
            method in stdlib.SAFE_TEXT_METHODS
            and (base.kinds & Kind.TEXT or base.enum)
            and base.safety <= Safety.SAFE
            and (not base.classes or base.enum)
        ):
            # If it is text, it is safe text, and so is what these methods make of it.
            return text(_text_join(base, *self._arguments(node, env, scope)))
        if kinds == Kind.DATETIME:
            if method in stdlib.DATETIME_TEXT_METHODS:
                return SAFE_TEXT
            if method in stdlib.DATETIME_NUMBER_METHODS:
                return NUMBER
            return DATETIME
        if kinds and not kinds & ~SCALAR and kinds & Kind.NUMBER:
            return NUMBER if method != "hex" else SAFE_TEXT
        if kinds & _CONTAINERS and not kinds & ~_CONTAINERS and not base.classes:
            if method in ("get", "pop") and base.fields is not None and node.args:
                return self._field(base, node, env, scope)
            if method in ("get", "pop", "setdefault", "popitem"):
                return contents(base)
            if method in ("items", "keys", "values"):
                return Value(Kind.SEQUENCE, base.safety)
            if method == "copy":
                return base
            if method in ("index", "count"):
                return NUMBER
            return UNKNOWN
        if method in mappings.DUMPS and kinds == Kind.OBJECT and base.classes and not (
            node.args or any(k.arg is None for k in node.keywords)
        ):
            given = {k.arg: k.value for k in node.keywords if k.arg is not None}
            dumped = mappings.dumped(self.facts, base.classes, given)
            if dumped is not None:
                return dumped
        if base.classes and base.kinds & (Kind.OBJECT | Kind.CLASS | Kind.TEXT | _CONTAINERS):
            positional, keywords = self._passed(node, env, scope)
            return self.facts.method(base.classes, method, base, positional, keywords)
        return None

    def _field(
        self, mapping: Value, node: ast.Call, env: Mapping[str, Value], scope: Scope
    ) -> Value:
        """``d.get(key[, default])`` of a mapping whose keys are known: the key's value
        when the key is a literal (the default when it has no such key), else any."""
        default = self.value(node.args[1], env, scope) if len(node.args) > 1 else NONE
        key = self.value(node.args[0], env, scope).literal
        if key is None:
            return join(contents(mapping), default)
        held = _field_of(mapping, key)
        return default if held is None else held

    def _passed(
        self, node: ast.Call, env: Mapping[str, Value], scope: Scope
    ) -> tuple[list[Value], dict[str, Value]]:
        """What a call passes, by position and by keyword (nothing when it unpacks)."""
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            return [], {}
        positional = [self.value(a, env, scope) for a in node.args]
        keywords = {k.arg: self.value(k.value, env, scope) for k in node.keywords if k.arg}
        return positional, keywords

    def is_literal(self, node: ast.expr, scope: Scope) -> bool:
        """A literal, a constant bound once to one, or an enum member."""
        if isinstance(node, ast.Constant):
            return True
        found = self.value(node, {}, scope)
        return found.literal is not None or (found.enum and found.kinds != Kind.CLASS)
