"""What a test tells of the names it reads, where it holds or fails: the walker's ``if``
and ``while`` and the evaluator's ``x if test else y`` read it the same way.

A name or attribute chain compared equal to a literal, found in a collection the product
wrote (as safe as that collection), or proved an instance of a class (``isinstance``) is
that, no less safe than it was; one tested ``is None`` or ``isinstance(x, str)`` where that
failed is not of that kind. ``and`` narrows by each of its tests where it holds,
``or`` by each where it fails, ``not`` swaps.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from .kinds import ANY, NONE, SCALAR, UNKNOWN, Kind, Safety, Value, join_all
from .safety import chain_base, contents, is_chain, reference

if TYPE_CHECKING:
    from .safety import Evaluator
    from .scopes import Scope


def narrowed(
    evaluator: Evaluator, scope: Scope, test: ast.expr, env: Mapping[str, Value], holds: bool
) -> dict[str, Value]:
    """What ``test`` tells where it has the outcome ``holds``: each name or chain it
    narrows, with what it holds there (the rest of ``env`` as it is)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return narrowed(evaluator, scope, test.operand, env, not holds)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) == holds:
        told: dict[str, Value] = {}
        for each in test.values:
            told.update(narrowed(evaluator, scope, each, _Over(told, env), holds))
        return told
    ruled_out = _ruled_out(evaluator, scope, test, holds)
    if ruled_out is not None:
        key, kinds = ruled_out
        before = _before(evaluator, scope, key, env)
        if before is None or before.kinds == ANY or not before.kinds & ~kinds:
            return {}  # a value of unknown kind stays one
        left = before.kinds & ~kinds
        # What is left may hold no text at all: a number or None is safe by policy.
        safety = before.safety if left & ~SCALAR else Safety.NOT_STRING
        return {key: replace(before, kinds=left, safety=safety)}
    found = _narrowing(evaluator, scope, test, env, holds)
    if found is None:
        return {}
    key, value = found
    before = _before(evaluator, scope, key, env)
    if before is None:
        return {}
    return {key: replace(
        value,
        kinds=(before.kinds & value.kinds) or value.kinds,
        safety=min(before.safety, value.safety),
    )}


def _before(
    evaluator: Evaluator, scope: Scope, key: str, env: Mapping[str, Value]
) -> Value | None:
    before = env.get(key)
    if before is None and is_chain(key):
        before = evaluator.value(chain_expression(key), env, scope)
    return before


# Builtin classes an instance of every value of a kind is: a failed ``isinstance`` rules
# the kind out (``int`` does not: a number may be a float).
_WHOLE_KINDS = {"str": Kind.TEXT, "bytes": Kind.BYTES, "bool": Kind.BOOL}


def _none_test(test: ast.expr) -> tuple[str, bool] | None:
    """``x is None`` (True) or ``x is not None`` (False), with ``x``'s reference."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1
            and isinstance(test.ops[0], (ast.Is, ast.IsNot))):
        return None
    tested, other = test.left, test.comparators[0]
    if isinstance(tested, ast.Constant) and tested.value is None:
        tested, other = other, tested
    key = reference(tested)
    if key is None or not (isinstance(other, ast.Constant) and other.value is None):
        return None
    return key, isinstance(test.ops[0], ast.Is)


def _isinstance_test(
    evaluator: Evaluator, scope: Scope, test: ast.expr
) -> tuple[str, list[ast.expr]] | None:
    """``isinstance(x, T)`` or ``isinstance(x, (T, U))`` of the builtin: ``x``'s reference
    and the classes."""
    if not (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Name)
        and test.func.id == "isinstance"
        and len(test.args) == 2
        and not test.keywords
        and evaluator.scopes.resolve(test.func, scope) is None
    ):
        return None
    key = reference(test.args[0])
    if key is None:
        return None
    kinds = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
    return key, kinds


def _ruled_out(
    evaluator: Evaluator, scope: Scope, test: ast.expr, holds: bool
) -> tuple[str, int] | None:
    """The reference ``test`` tells is not of some kinds where it has the outcome
    ``holds``, and those kinds: ``x is None`` failing, ``x is not None`` holding,
    ``isinstance(x, str)`` failing."""
    none = _none_test(test)
    if none is not None:
        key, is_none = none
        return (key, Kind.NONE) if is_none != holds else None
    found = _isinstance_test(evaluator, scope, test) if not holds else None
    if found is None:
        return None
    key, kinds = found
    ruled = 0
    for kind in kinds:
        if not (isinstance(kind, ast.Name) and kind.id in _WHOLE_KINDS
                and evaluator.scopes.resolve(kind, scope) is None):
            return None
        ruled |= _WHOLE_KINDS[kind.id]
    return key, ruled


def narrowed_env(
    evaluator: Evaluator, scope: Scope, test: ast.expr, env: Mapping[str, Value], holds: bool
) -> Mapping[str, Value]:
    """``env`` with what ``test`` tells where it has the outcome ``holds`` laid over it."""
    told = narrowed(evaluator, scope, test, env, holds)
    return _Over(told, env) if told else env


def _narrowing(
    evaluator: Evaluator, scope: Scope, test: ast.expr, env: Mapping[str, Value], holds: bool
) -> tuple[str, Value] | None:
    """The reference ``test`` tells something of, and what it is, where ``test`` has
    the outcome ``holds``."""
    none = _none_test(test)
    if none is not None:
        # ``x is None`` holding, ``x is not None`` failing: x is None.
        key, is_none = none
        return (key, NONE) if is_none == holds else None
    found = _isinstance_test(evaluator, scope, test) if holds else None
    if found is not None:
        key, kinds = found
        checked = [evaluator.value(kind, env, scope) for kind in kinds]
        if not all(c.kinds == Kind.CLASS and c.classes for c in checked):
            return None
        facts = evaluator.facts
        classes = sorted(frozenset().union(*(c.classes for c in checked)))
        return key, join_all([facts.instance(c) for c in classes])
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return None
    op, left, right = test.ops[0], test.left, test.comparators[0]
    equal = (isinstance(op, ast.Eq) and holds) or (isinstance(op, ast.NotEq) and not holds)
    member = (isinstance(op, ast.In) and holds) or (isinstance(op, ast.NotIn) and not holds)
    if equal and reference(left) is None:
        left, right = right, left
    compared = reference(left)
    if compared is None or not (equal or member):
        return None
    if isinstance(left, ast.Call) and evaluator.scopes.resolve(left.func, scope):
        return None  # ``str`` is not the builtin here
    known = evaluator.value(right, env, scope)
    value = known if equal else contents(known)
    if not value.is_safe or (equal and value.kinds == UNKNOWN.kinds):
        return None  # it says nothing the checker can use
    # Found among what the product wrote: as safe as that, whatever its kind.
    return compared, value


def chain_expression(key: str) -> ast.expr:
    """A narrowed reference as an expression (see ``safety.reference``)."""
    first, *rest = chain_base(key).split(".")
    node: ast.expr = ast.Name(id=first, ctx=ast.Load())
    for attr in rest:
        node = ast.Attribute(value=node, attr=attr, ctx=ast.Load())
    if key.startswith("str("):
        node = ast.Call(func=ast.Name(id="str", ctx=ast.Load()), args=[node], keywords=[])
    return node


class _Over(Mapping[str, Value]):
    """``env`` with what a test told laid over it."""

    def __init__(self, told: Mapping[str, Value], env: Mapping[str, Value]) -> None:
        self.told, self.env = told, env

    def __getitem__(self, name: str) -> Value:
        return self.told[name] if name in self.told else self.env[name]

    def __contains__(self, name: object) -> bool:
        return name in self.told or name in self.env

    def __iter__(self) -> Iterator[str]:
        yield from self.told
        yield from (name for name in self.env if name not in self.told)

    def __len__(self) -> int:
        return len(set(self.told) | set(self.env))
