"""Comprehensions over a few known names, read once per name.

``{flag: dump.get(flag) for flag in FLAGS}`` with ``FLAGS`` a constant list of names
holds, for each name, what ``dump`` holds under it. Read with ``flag`` as "some safe
text" it would hold whatever any key of ``dump`` holds; read once per name (and
skipping the names its ``if`` clauses rule out) it holds exactly what was sent. The
names come from a literal display (in the code, or a module constant bound once to
one) or from the keys of a mapping whose keys are known (a model's ``model_dump()``).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .kinds import Safety, Value, text

if TYPE_CHECKING:
    from .safety import Evaluator
    from .scopes import Scope

_MOST = 64  # names read one by one; more is read as one


def bindings(
    evaluator: Evaluator,
    node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp,
    env: Mapping[str, Value],
    scope: Scope,
) -> list[dict[str, Value]] | None:
    """The names a one-loop comprehension binds, once per known name its loop runs over
    and its ``if`` clauses do not rule out; None when its loop is not over known names."""
    if len(node.generators) != 1 or node.generators[0].is_async:
        return None
    generator = node.generators[0]
    inner = evaluator.scopes.by_node.get(id(node), scope)
    pairs = _pairs(evaluator, generator.iter, env, scope)
    if pairs is None or len(pairs) > _MOST:
        return None
    target = generator.target
    found: list[dict[str, Value]] = []
    for key, held in pairs:
        local = dict(env)
        if isinstance(target, ast.Name) and (held is None or _iterates_keys(generator.iter)):
            local[target.id] = text(Safety.SAFE, key)
        elif (
            held is not None
            and isinstance(target, ast.Tuple)
            and len(target.elts) == 2
            and all(isinstance(e, ast.Name) for e in target.elts)
        ):
            first, second = target.elts
            assert isinstance(first, ast.Name) and isinstance(second, ast.Name)
            local[first.id] = text(Safety.SAFE, key)
            local[second.id] = held
        else:
            return None
        if any(truth(evaluator, test, local, inner) is False for test in generator.ifs):
            continue
        found.append(local)
    return found


def _iterates_keys(node: ast.expr) -> bool:
    """``d`` or ``d.keys()``, not ``d.items()``."""
    return not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "items"
    )


def _pairs(
    evaluator: Evaluator, node: ast.expr, env: Mapping[str, Value], scope: Scope
) -> list[tuple[str, Value | None]] | None:
    """The names ``node`` yields: each key of a mapping with known keys (and what it
    holds there), or each text of a display of literals."""
    source = node
    method = None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("keys", "items")
        and not node.args
        and not node.keywords
    ):
        source, method = node.func.value, node.func.attr
    value = evaluator.value(source, env, scope)
    if value.fields is not None:
        return [(key, held) for key, held in value.fields]
    if method is not None:
        return None
    names = literal_texts(evaluator, node, scope)
    return None if names is None else [(name, None) for name in names]


def literal_texts(evaluator: Evaluator, node: ast.expr, scope: Scope) -> list[str] | None:
    """The texts of a list, tuple or set display of string literals written here, or of
    a module constant (of this module or an imported one) bound once to one: a tuple or
    frozenset, or a list or set no use in the project changes."""
    display: ast.expr | None = node
    if isinstance(node, (ast.Name, ast.Attribute)):
        display = _constant_display(evaluator, node, scope)
    if (
        isinstance(display, ast.Call)
        and isinstance(display.func, ast.Name)
        and display.func.id in ("tuple", "frozenset")
        and len(display.args) == 1
        and evaluator.scopes.binding_scope(display.func.id, scope) is None
    ):
        display = display.args[0]
    if not isinstance(display, (ast.List, ast.Tuple, ast.Set)):
        return None
    texts = [e.value for e in display.elts if isinstance(e, ast.Constant)]
    if len(texts) != len(display.elts) or not all(isinstance(t, str) for t in texts):
        return None
    return [str(t) for t in texts]


def _constant_display(evaluator: Evaluator, node: ast.expr, scope: Scope) -> ast.expr | None:
    scopes = evaluator.scopes
    qualname = scopes.resolve(node, scope)
    if (
        qualname is None
        and isinstance(node, ast.Name)
        and scopes.binding_scope(node.id, scope) is scopes.module
    ):
        qualname = f"{scopes.module_name}.{node.id}"
    facts = evaluator.facts
    found = facts.bound_expression(qualname) if qualname else None
    if found is None:
        return None
    held = facts.value(found[0].qualname)
    if held is None or not held.is_safe:
        return None  # rebound, or a container that can be changed
    return found[1]


def truth(
    evaluator: Evaluator, test: ast.expr, env: Mapping[str, Value], scope: Scope
) -> bool | None:
    """Whether ``test`` holds, when the literals it reads decide it; None when not."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = truth(evaluator, test.operand, env, scope)
        return None if inner is None else not inner
    if isinstance(test, ast.BoolOp):
        outcomes = [truth(evaluator, each, env, scope) for each in test.values]
        decisive = isinstance(test.op, ast.Or)  # True decides ``or``, False ``and``
        if decisive in outcomes:
            return decisive
        return None if None in outcomes else not decisive
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left = evaluator.value(test.left, env, scope).literal
        if left is None:
            return None
        op, right = test.ops[0], test.comparators[0]
        if isinstance(op, (ast.Eq, ast.NotEq)):
            other = evaluator.value(right, env, scope).literal
            if other is None:
                return None
            return (left == other) == isinstance(op, ast.Eq)
        if isinstance(op, (ast.In, ast.NotIn)):
            names = literal_texts(evaluator, right, scope)
            if names is None:
                return None
            return (left in names) == isinstance(op, ast.In)
        return None
    if (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Attribute)
        and test.func.attr in ("startswith", "endswith")
        and len(test.args) == 1
        and not test.keywords
    ):
        subject = evaluator.value(test.func.value, env, scope).literal
        affix = evaluator.value(test.args[0], env, scope).literal
        if subject is None or affix is None:
            return None
        return getattr(subject, test.func.attr)(affix)  # type: ignore[no-any-return]
    return None
