"""What a generic function returns: its type variable solved from the call's arguments.

``def get_entity(get: Callable[[UUID], R]) -> R`` called with ``store.get_run`` returns
what ``get_run`` returns; ``def first(items: Iterable[T]) -> T`` returns an item of its
argument; ``def load(model: type[M], key) -> M`` an instance of the class passed. A type
checker reads these the same way. Where no argument tells, the variable's ``bound=`` is
what the function promises (an instance of the bound class or of a subclass).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from . import stdlib
from .kinds import ANY, NONE, Kind, Value, join, join_all
from .summary import parse_expression

if TYPE_CHECKING:
    from .facts import Function, ProjectFacts
    from .safety import Evaluator

_TYPE_VARIABLES = frozenset({"typing.TypeVar", "typing_extensions.TypeVar"})
_CALLABLES = frozenset({"typing.Callable", "collections.abc.Callable"})
# Generic forms whose (first) argument is what iterating the value gives.
_ITERABLES = frozenset(
    {"list", "set", "frozenset", "tuple"}
    | {f"{module}.{name}" for module in ("typing", "collections.abc") for name in (
        "Iterable", "Iterator", "Sequence", "MutableSequence", "Collection", "List", "Set",
        "FrozenSet", "AbstractSet", "Tuple")}
)


def solve_return(
    facts: ProjectFacts, function: Function, arguments: tuple[tuple[str, Value], ...]
) -> Value | None:
    """What ``function`` returns when its return annotation is a type variable (or an
    optional one), solved from ``arguments``; None when it is not one."""
    found = facts.expression(function.module, function.summary.returns)
    if found is None:
        return None
    evaluator, node = found
    optional = False
    variable = _variable(facts, evaluator, node)
    if variable is None:
        inner = _optional_inner(evaluator, node)
        if inner is None:
            return None
        variable = _variable(facts, evaluator, inner)
        optional = True
    if variable is None:
        return None
    name, bound = variable
    given = dict(arguments)
    solutions: list[Value] = []
    for parameter, _kind, annotation, _default in function.summary.params:
        value = given.get(parameter)
        parsed = parse_expression(annotation) if annotation is not None else None
        if value is None or parsed is None:
            continue
        solved = _match(facts, evaluator, parsed, name, value)
        if solved is not None and solved.kinds != ANY:
            solutions.append(solved)
    result = join_all(solutions) if solutions else bound
    if result is None:
        return None
    return join(result, NONE) if optional else result


def _variable(
    facts: ProjectFacts, evaluator: Evaluator, node: ast.expr
) -> tuple[str, Value | None] | None:
    """The qualified name of the type variable ``node`` names, and what its bound says."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parsed = parse_expression(node.value)
        return None if parsed is None else _variable(facts, evaluator, parsed)
    if not isinstance(node, (ast.Name, ast.Attribute)):
        return None
    qualname = evaluator.scopes.resolve(node, evaluator.scopes.module)
    if isinstance(node, ast.Name) and (qualname is None or qualname in _TYPE_VARIABLES):
        # A name bound here (to ``TypeVar(...)``, which the scopes name after its callee).
        qualname = f"{evaluator.scopes.module_name}.{node.id}"
    found = facts.bound_expression(qualname) if qualname else None
    if found is None:
        return None
    symbol, made = found
    home = facts.evaluator(symbol.module)
    if home is None or not (
        isinstance(made, ast.Call)
        and home.scopes.resolve(made.func, home.scopes.module) in _TYPE_VARIABLES
    ):
        return None
    bound: Value | None = None
    for keyword in made.keywords:
        if keyword.arg == "bound":
            bound = home.annotation(keyword.value, home.scopes.module)
            if bound.kinds == ANY:
                bound = None
    return symbol.qualname, bound


def _optional_inner(evaluator: Evaluator, node: ast.expr) -> ast.expr | None:
    """``T`` of ``Optional[T]``, ``T | None`` or ``Union[T, None]``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        sides = [node.left, node.right]
    elif isinstance(node, ast.Subscript):
        outer = _form(evaluator, node.value)
        arguments = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if outer in stdlib.OPTIONAL and len(arguments) == 1:
            return arguments[0]
        if outer not in stdlib.UNION:
            return None
        sides = list(arguments)
    else:
        return None
    rest = [s for s in sides if not (isinstance(s, ast.Constant) and s.value is None)]
    return rest[0] if len(rest) == 1 and len(sides) == 2 else None


def _form(evaluator: Evaluator, node: ast.expr) -> str | None:
    """The generic form ``node`` names: a builtin (``type``, ``list``) or a qualified name."""
    scopes = evaluator.scopes
    if isinstance(node, ast.Name) and scopes.binding_scope(node.id, scopes.module) is None:
        return node.id
    return scopes.resolve(node, scopes.module)


def _match(
    facts: ProjectFacts, evaluator: Evaluator, annotation: ast.expr, name: str, value: Value
) -> Value | None:
    """What the type variable ``name`` is, given a parameter annotated ``annotation``
    receives ``value``; None when the annotation does not hold the variable."""
    variable = _variable(facts, evaluator, annotation)
    if variable is not None:
        return value if variable[0] == name else None
    if not isinstance(annotation, ast.Subscript):
        return None
    outer = _form(evaluator, annotation.value)
    arguments = (
        annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else [annotation.slice]
    )
    if outer in stdlib.OPTIONAL or outer in stdlib.UNION:
        matches = [_match(facts, evaluator, a, name, value) for a in arguments]
        return next((m for m in matches if m is not None), None)
    # The position of the variable inside the form, and what the value gives there.
    if outer in stdlib.TYPE_OF and len(arguments) == 1:
        position, given = 0, _instances(facts, value)
    elif outer in _CALLABLES and len(arguments) == 2:
        position, given = 1, _results(facts, value)
    elif outer in _ITERABLES and arguments:
        position, given = 0, value.items
    else:
        return None
    held = _variable(facts, evaluator, arguments[position])
    return given if held is not None and held[0] == name else None


def _instances(facts: ProjectFacts, value: Value) -> Value | None:
    """An instance of the class ``value`` is (``type[T]`` given a class)."""
    if value.kinds != Kind.CLASS or not value.classes:
        return None
    return join_all([facts.instance(c) for c in sorted(value.classes)])


def _results(facts: ProjectFacts, value: Value) -> Value | None:
    """What calling the function (or class) ``value`` is gives (``Callable[..., T]``)."""
    if value.kinds != Kind.CLASS or not value.classes:
        return None
    return join_all([facts.call(c) for c in sorted(value.classes)])
