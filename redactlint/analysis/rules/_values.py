"""Shared helpers of the marking rules: which values to look at, and how to say it."""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterable, Iterator

from ...schema.model import FieldSchema
from ..context import Context
from ..kinds import ANY, SCALAR, Kind, Safety, Value
from ..sink_sites import SinkSite, leaves

CONTAINERS = Kind.MAPPING | Kind.SEQUENCE


def is_composite(node: ast.expr) -> bool:
    """An f-string, a ``%``-format, a ``.format()`` call or a ``+`` concatenation."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    )


def could_be_text(node: ast.expr) -> bool:
    """Whether wrapping ``node`` in ``unsafe(...)`` keeps a value of its kind.

    Collections built by comprehensions, lambdas and unpacked values are unknown
    data too, but turning them into one marked string would change the event;
    they are reported without a mechanical fix.
    """
    return not isinstance(
        node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda,
               ast.Starred)
    )


def has_literal_template(node: ast.expr) -> bool:
    """A composite whose template is a string literal, so ``redact.format`` can take it."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        operands: list[ast.expr] = []
        stack: list[ast.expr] = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, ast.BinOp) and isinstance(current.op, ast.Add):
                stack.extend((current.left, current.right))
            else:
                operands.append(current)
        return any(
            isinstance(o, ast.JoinedStr)
            or (isinstance(o, ast.Constant) and isinstance(o.value, str))
            for o in operands
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        template = node.func.value
        return isinstance(template, ast.Constant) and isinstance(template.value, str)
    return False


def is_text_field(field: FieldSchema | None) -> bool:
    """Fields that hold text, or whose type is unknown (no schema)."""
    return field is None or field.is_text


def marking_values(
    ctx: Context, site: SinkSite, safe_fields: bool
) -> Iterator[tuple[ast.expr, FieldSchema | None, Value]]:
    """Values going into ``site`` with what they are: into ``safe`` fields or the others."""
    for entry in site.entries:
        field = entry.field
        if not is_text_field(field):
            continue
        is_safe_field = field is not None and field.sensitivity == "safe"
        if is_safe_field != safe_fields:
            continue
        for value in leaves(entry.value):
            yield value, field, ctx.value(value)
    if not safe_fields:
        for other in site.others:
            for value in leaves(other):
                yield value, None, ctx.value(value)


def is_container(value: Value) -> bool:
    """A mapping or sequence (or None): reported as contents that cannot be checked."""
    return bool(value.kinds & CONTAINERS) and not value.kinds & ~(CONTAINERS | Kind.NONE)


def is_unmarked(value: Value) -> bool:
    """A value whose text (or contents) may carry what nobody marked."""
    return value.safety == Safety.UNKNOWN


def what(value: Value) -> str:
    """How a message names what the checker knows of a value."""
    kinds = value.kinds & ~SCALAR  # numbers, bools, None and dates are safe by policy
    if value.kinds == ANY:
        return "value of unknown kind"
    if kinds == Kind.TEXT:
        return "text of unknown safety"
    if kinds == Kind.BYTES:
        return "bytes of unknown safety"
    return f"{value.describe()} whose text is unknown"


def is_log_extra(site: SinkSite, value: ast.expr) -> bool:
    """A value of a logging call's ``extra=`` mapping: the redacting log filter redacts
    the message and its arguments, not these, so marking one is no fix."""
    return site.logging and any(
        value is leaf for entry in site.entries for leaf in leaves(entry.value)
    )


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest known name, or nothing: a misspelt
    event or field is the commonest cause of RL101 and RL103."""
    close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""
