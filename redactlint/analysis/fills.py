"""What a function of the project stores into a container it is given, when that is all
it does with it.

``payload = {"agent": None, ...}; _run_setup(name, payload); track(payload)`` sends what
``_run_setup`` writes there (``payload["agent"] = agent.name``): a container handed to
such a function is still known after the call, holding those values too. The function
may read the container, test it, iterate it, delete from it, store into it by key or
through ``update``/``setdefault``/``append``/``extend``/``add``/``insert``; any other
use (passing it on, returning it, keeping it, rebinding the name) lets it out, and then
nothing is known of it after the call.
"""

from __future__ import annotations

import ast

from .parents import parents

_READING = frozenset({"get", "keys", "values", "items", "copy", "count", "index"})
_ADDING = frozenset({"update", "setdefault", "append", "extend", "add", "insert"})
_REMOVING = frozenset({"pop", "popitem", "remove", "discard", "clear"})
_LOOKING = frozenset({"len", "bool", "isinstance", "sorted", "list", "tuple", "set"})


def stored_into(
    definition: ast.FunctionDef | ast.AsyncFunctionDef, parameters: list[str]
) -> dict[str, list[str] | None]:
    """What ``definition`` stores into the container each of ``parameters`` holds (as
    source text, to evaluate where the function runs), None for one it may let out."""
    around = parents(definition)
    stored: dict[str, list[str] | None] = {name: [] for name in parameters}
    for node in ast.walk(definition):
        kept = stored.get(node.id) if isinstance(node, ast.Name) else None
        if kept is None:
            continue
        assert isinstance(node, ast.Name)
        added = _use(node, around) if isinstance(node.ctx, ast.Load) else None
        if added is None:
            stored[node.id] = None  # rebound, or let out
            continue
        kept.extend(ast.unparse(value) for value in added)
    return stored


def _use(name: ast.Name, around: dict[int, ast.AST]) -> list[ast.expr] | None:
    """What one use of the container adds to it ([] for a read), None when it may let
    the container out."""
    parent = around.get(id(name))
    grand = around.get(id(parent)) if parent is not None else None
    if isinstance(parent, ast.Subscript) and parent.value is name:
        if isinstance(parent.ctx, ast.Store):
            if isinstance(grand, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                return [grand.value] if grand.value is not None else []
            return None  # unpacked into: its values are out of view
        if isinstance(parent.ctx, ast.Del):
            return []
        return _element(parent, around)
    if isinstance(parent, ast.Attribute) and parent.value is name and (
        isinstance(grand, ast.Call) and grand.func is parent
    ):
        if parent.attr in _READING or parent.attr in _REMOVING:
            return []
        if parent.attr in _ADDING:
            return [*grand.args, *(k.value for k in grand.keywords)]
        return None
    if isinstance(parent, ast.Compare) or (
        isinstance(parent, (ast.If, ast.While, ast.IfExp, ast.Assert)) and parent.test is name
    ):
        return []
    if isinstance(parent, ast.BoolOp) and isinstance(grand, (ast.If, ast.While)):
        return []
    if isinstance(parent, (ast.For, ast.comprehension)) and parent.iter is name:
        return []
    if (
        isinstance(parent, ast.Call)
        and isinstance(parent.func, ast.Name)
        and parent.func.id in _LOOKING
        and parent.args == [name]
    ):
        return []
    return None


def _element(read: ast.Subscript, around: dict[int, ast.AST]) -> list[ast.expr] | None:
    """A use of an element (``name[key]``): read for a test or for text made of it
    ([]), or anything else (stored into, changed, bound, passed on: the element may be
    a container itself), which lets the container out."""
    up = around.get(id(read))
    if isinstance(up, (ast.Compare, ast.BoolOp, ast.UnaryOp, ast.BinOp, ast.FormattedValue)):
        return []
    if isinstance(up, (ast.If, ast.While, ast.IfExp, ast.Assert)) and up.test is read:
        return []
    if isinstance(up, ast.Call) and isinstance(up.func, ast.Name) and (
        up.func.id in _LOOKING and up.args == [read]
    ):
        return []
    return None
