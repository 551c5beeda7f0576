"""Shared helpers of the marking rules: which values to look at, and how to say it."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ...schema.model import FieldSchema
from ..context import Context
from ..safety import Safety
from ..sinks import SinkSite


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


def leaves(node: ast.expr) -> Iterator[ast.expr]:
    """The values inside literal containers, which are checked one by one."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for element in node.elts:
            yield from leaves(element.value if isinstance(element, ast.Starred) else element)
    elif isinstance(node, ast.Dict):
        for value in node.values:
            yield from leaves(value)
    else:
        yield node


def is_text_field(field: FieldSchema | None) -> bool:
    """Fields that hold text, or whose type is unknown (no schema)."""
    return field is None or field.is_text


def marking_values(
    ctx: Context, site: SinkSite, safe_fields: bool
) -> Iterator[tuple[ast.expr, FieldSchema | None, Safety]]:
    """Values going into ``site`` with their safety: into ``safe`` fields or the others."""
    for entry in site.entries:
        field = entry.field
        if not is_text_field(field):
            continue
        is_safe_field = field is not None and field.sensitivity == "safe"
        if is_safe_field != safe_fields:
            continue
        for value in leaves(entry.value):
            yield value, field, ctx.classify(value)
    if not safe_fields:
        for other in site.others:
            for value in leaves(other):
                yield value, None, ctx.classify(value)
