"""What a legacy call's property value is known to be, for ``redactlint schema infer``.

From the stdlib ``ast`` at the call: literals (and module constants bound to
one), the annotation of a parameter or an annotated assignment in the same
function (or at module level), and the results of a few builtins (``len``,
``round``, ``float``, ``str``...) and of the redact runtime's marking calls.
``X | None`` and ``Optional[X]`` are an ``X``; ``Literal["a", "b"]`` is a string
whose values are known. Anything else is unknown, and infer treats an unknown
value as a sensitive string.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

from ..analysis.context import Context
from ..analysis.scopes import Scope
from ..schema.infer import ObservedValue, ValueKind

_INTEGER_CALLS = frozenset({"len", "int", "sum", "ord", "hash", "id"})
_BOOLEAN_CALLS = frozenset({"bool", "isinstance", "issubclass", "callable", "hasattr"})
_STRING_CALLS = frozenset({"str", "repr", "format", "ascii", "chr"})
_NUMBER_QUALNAMES = frozenset({"time.time", "time.monotonic", "time.perf_counter"})
_MARKING = frozenset({"safe", "unsafe", "hashed", "format", "sprintf", "join"})
_NUMERIC_ONLY = (ast.Sub, ast.Div, ast.FloorDiv, ast.Pow)
_SCALARS: dict[str, ValueKind] = {
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "str": "string",
}


class ValueTypes:
    """What a value is known to be, from literals, annotations and a few builtins."""

    def __init__(
        self, ctx: Context, function: ast.FunctionDef | ast.AsyncFunctionDef | None
    ) -> None:
        self.ctx = ctx
        self.function = function

    def observe(self, node: ast.expr, depth: int = 0) -> ObservedValue:
        ctx = self.ctx
        if depth > 10:
            return ObservedValue()
        if isinstance(node, ast.Constant):
            return _constant(node.value)
        if ctx.is_literal(node):
            text = ctx.event_name(node)
            return ObservedValue("string", (text,)) if text is not None else ObservedValue()
        if isinstance(node, ast.JoinedStr):
            return ObservedValue("string")
        if isinstance(node, (ast.Compare, ast.BoolOp)) or (
            isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
        ):
            return ObservedValue("boolean") if not isinstance(node, ast.BoolOp) else ObservedValue()
        if isinstance(node, ast.UnaryOp):
            inner = self.observe(node.operand, depth + 1)
            return inner if inner.kind in ("integer", "number") else ObservedValue()
        if isinstance(node, ast.BinOp):
            return self._binop(node, depth)
        if isinstance(node, ast.IfExp):
            return _either(self.observe(node.body, depth + 1), self.observe(node.orelse, depth + 1))
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Name):
            return self._name(node.id, depth)
        return ObservedValue()

    def _binop(self, node: ast.BinOp, depth: int) -> ObservedValue:
        left = self.observe(node.left, depth + 1)
        right = self.observe(node.right, depth + 1)
        kinds = {left.kind, right.kind}
        if kinds <= {"integer", "number"}:
            true_division = isinstance(node.op, ast.Div)
            return ObservedValue("number" if "number" in kinds or true_division else "integer")
        if "string" in kinds and isinstance(node.op, (ast.Add, ast.Mod)):
            return ObservedValue("string")
        known = kinds - {None}
        # No str comes out of -, /, // or ** (nor out of * with a float): a number.
        if known <= {"integer", "number"} and (
            isinstance(node.op, _NUMERIC_ONLY)
            or (isinstance(node.op, ast.Mult) and "number" in known)
        ):
            return ObservedValue("number")
        return ObservedValue()

    def _call(self, node: ast.Call) -> ObservedValue:
        ctx = self.ctx
        runtime = ctx.evaluator.runtime_name(node.func, ctx.scope)
        if runtime in _MARKING:
            return ObservedValue("string")
        func = node.func
        if isinstance(func, ast.Name) and ctx.scopes.binding_scope(func.id, ctx.scope) is None:
            if func.id in _INTEGER_CALLS:
                return ObservedValue("integer")
            if func.id == "round":
                return ObservedValue("integer" if len(node.args) == 1 else "number")
            if func.id == "float":
                return ObservedValue("number")
            if func.id in _BOOLEAN_CALLS:
                return ObservedValue("boolean")
            if func.id in _STRING_CALLS:
                return ObservedValue("string")
        if ctx.qualname(func) in _NUMBER_QUALNAMES:
            return ObservedValue("number")
        return ObservedValue()

    def _name(self, name: str, depth: int) -> ObservedValue:
        """From the name's annotation, or from its one assignment in the same scope."""
        ctx = self.ctx
        owner = ctx.scopes.binding_scope(name, ctx.scope)
        if owner is None:
            return ObservedValue()
        if self.function is not None and owner is ctx.scopes.scope_of(self.function):
            body = self.function.body
            annotation = _annotation_in_function(self.function, name)
        elif owner is ctx.scopes.module:
            body = _module_body(ctx)
            annotation = _annotation_in_body(body, name)
        else:
            return ObservedValue()
        if annotation is not None:
            return self._annotation(annotation, owner)
        if len(owner.bindings.get(name, [])) == 1:
            value = _assignment_in_body(body, name)
            if value is not None:
                return self.observe(value, depth + 1)
        return ObservedValue()

    def _annotation(self, node: ast.expr, scope: Scope) -> ObservedValue:
        ctx = self.ctx
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                node = ast.parse(node.value, mode="eval").body
            except SyntaxError:
                return ObservedValue()
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return _without_none(
                self._annotation(node.left, scope), self._annotation(node.right, scope)
            )
        if isinstance(node, ast.Constant) and node.value is None:
            return ObservedValue("null")
        if isinstance(node, ast.Subscript):
            outer = ctx.scopes.resolve(node.value, scope) or ""
            if outer in ("typing.Optional", "typing_extensions.Optional"):
                return self._annotation(node.slice, scope)
            if outer in ("typing.Literal", "typing_extensions.Literal"):
                elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
                values = [e.value for e in elements if isinstance(e, ast.Constant)]
                if len(values) == len(elements) and all(isinstance(v, str) for v in values):
                    return ObservedValue("string", tuple(str(v) for v in values))
            return ObservedValue()
        if ctx.evaluator.runtime_name(node, scope) in ("SafeStr", "RedactableStr"):
            return ObservedValue("string")
        if isinstance(node, ast.Name) and ctx.scopes.binding_scope(node.id, scope) is None:
            kind = _SCALARS.get(node.id)
            return ObservedValue(kind) if kind is not None else ObservedValue()
        return ObservedValue()


def _constant(value: object) -> ObservedValue:
    if value is None:
        return ObservedValue("null")
    if isinstance(value, bool):
        return ObservedValue("boolean")
    if isinstance(value, int):
        return ObservedValue("integer")
    if isinstance(value, float):
        return ObservedValue("number")
    if isinstance(value, str):
        return ObservedValue("string", (value,))
    return ObservedValue()


def _either(a: ObservedValue, b: ObservedValue) -> ObservedValue:
    """The value of ``a if ... else b``."""
    if a.kind == "null":
        return b
    if b.kind == "null":
        return a
    if a.kind != b.kind:
        if {a.kind, b.kind} == {"integer", "number"}:
            return ObservedValue("number")
        return ObservedValue()
    if a.literals is not None and b.literals is not None:
        return ObservedValue(a.kind, tuple(dict.fromkeys([*a.literals, *b.literals])))
    return ObservedValue(a.kind)


def _without_none(a: ObservedValue, b: ObservedValue) -> ObservedValue:
    """``X | None`` is an optional ``X``."""
    if a.kind == "null":
        return b
    if b.kind == "null":
        return a
    return _either(a, b)


def _annotation_in_function(
    function: ast.FunctionDef | ast.AsyncFunctionDef, name: str
) -> ast.expr | None:
    args = function.args
    for argument in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
        if argument.arg == name:
            return argument.annotation
    return _annotation_in_body(function.body, name)


def _annotation_in_body(body: Sequence[ast.stmt], name: str) -> ast.expr | None:
    """The annotation of ``name: T = ...`` among ``body``'s statements (not nested scopes)."""
    for statement in _statements(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.target.id == name
        ):
            return statement.annotation
    return None


def _assignment_in_body(body: Sequence[ast.stmt], name: str) -> ast.expr | None:
    """The value of ``name = ...`` among ``body``'s statements (not nested scopes)."""
    for statement in _statements(body):
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and statement.targets[0].id == name
        ):
            return statement.value
    return None


def _statements(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    for statement in body:
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for name in ("body", "orelse", "finalbody"):
            inner = getattr(statement, name, None)
            if isinstance(inner, list):
                yield from _statements([s for s in inner if isinstance(s, ast.stmt)])
        for handler in getattr(statement, "handlers", []):
            yield from _statements(handler.body)


def _module_body(ctx: Context) -> list[ast.stmt]:
    node = ctx.scopes.module.node
    assert isinstance(node, ast.Module)
    return node.body
