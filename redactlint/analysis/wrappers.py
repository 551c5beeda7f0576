"""Decorators of the project that only wrap: the function they decorate is called with
what its callers pass, so its callers are still the calls the project's text makes.

Rasa's ``@ensure_telemetry_enabled`` returns a wrapper that calls ``f(*args, **kwargs)``
when telemetry is on: every ``track_shell_started("nlu")`` still passes ``"nlu"``. A
decorator is taken to wrap only when it takes the function as its one parameter and
uses it nowhere but in calls with the wrapper's own ``*args, **kwargs`` (awaited or
not), in ``functools.wraps(f)``, in ``iscoroutinefunction(f)``, or returned as it is,
and returns its wrapper without keeping it anywhere: one that stores either, registers
it or passes it anywhere else hands it to code that may call it with anything.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .parents import parents

if TYPE_CHECKING:
    from .facts import ProjectFacts

_LOOKS = frozenset({"wraps", "iscoroutinefunction", "isasyncgenfunction", "isgeneratorfunction"})


def decorator_only_wraps(facts: ProjectFacts, module: str, decorator: str) -> bool:
    """Whether ``decorator`` (as written above a function of ``module``) is a function
    of the project that only wraps what it decorates (read with its summary)."""
    found = facts.expression(module, decorator)
    if found is None:
        return False
    evaluator, node = found
    if not isinstance(node, (ast.Name, ast.Attribute)):
        return False  # ``@factory(...)``: what it returns is out of view
    qualname = evaluator.scopes.resolve(node, evaluator.scopes.module)
    if qualname is None and isinstance(node, ast.Name):
        qualname = f"{module}.{node.id}"  # the module's own function
    function = facts.function(qualname) if qualname is not None else None
    if function is None or not facts.in_project(function.module):
        return False
    function.summary.body()
    return function.summary.wraps


def only_wraps(definition: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether the function ``definition`` is a decorator that only wraps."""
    arguments = definition.args
    if len(arguments.args) != 1 or arguments.posonlyargs or arguments.kwonlyargs or (
        arguments.vararg or arguments.kwarg
    ):
        return False
    wrapped = arguments.args[0].arg
    around = parents(definition)
    inner = {
        n.name for n in ast.walk(definition)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n is not definition
    }
    for node in ast.walk(definition):
        if isinstance(node, ast.Name) and node.id in inner and not isinstance(
            around.get(id(node)), ast.Return
        ):
            return False  # the wrapper goes somewhere besides back to the caller
        if not (isinstance(node, ast.Name) and node.id == wrapped):
            continue
        parent = around.get(id(node))
        if isinstance(parent, ast.Return):
            continue  # returned as it is
        if isinstance(parent, ast.Call) and parent.func is node:
            if not _forwards(parent, definition, around):
                return False
            continue
        if isinstance(parent, ast.Call) and parent.args == [node] and not parent.keywords:
            func = parent.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in _LOOKS:
                continue
        return False
    return True


def _forwards(
    call: ast.Call,
    definition: ast.FunctionDef | ast.AsyncFunctionDef,
    around: dict[int, ast.AST],
) -> bool:
    """``f(*args, **kwargs)`` inside a wrapper whose own parameters are exactly those."""
    if len(call.args) != 1 or not isinstance(call.args[0], ast.Starred):
        return False
    if len(call.keywords) != 1 or call.keywords[0].arg is not None:
        return False
    star, double = call.args[0].value, call.keywords[0].value
    if not (isinstance(star, ast.Name) and isinstance(double, ast.Name)):
        return False
    current: ast.AST | None = call
    while current is not None and current is not definition:
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = current.args
            return (
                not arguments.args and not arguments.posonlyargs and not arguments.kwonlyargs
                and arguments.vararg is not None and arguments.vararg.arg == star.id
                and arguments.kwarg is not None and arguments.kwarg.arg == double.id
            )
        current = around.get(id(current))
    return False
