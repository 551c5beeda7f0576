from __future__ import annotations

import ast
import re
from typing import ClassVar

from ...schema.model import FieldSchema
from ..context import Context
from ..sink_sites import SinkSite, leaves
from .base import Rule

_PYTHON_TYPES = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


class LiteralOutsideSchema(Rule):
    """A literal value the schema does not allow: outside its enum, type or pattern.

    ## What it does
    Flags a literal passed to a known field when it is not one of the field's
    ``enum`` values, not of its type, or does not match its ``pattern``.

    ## Why is this bad?
    The event fails validation or, worse, a value nobody reviewed is exported
    under a field reviewed for other values. Enums are what make a string field
    safe: a value outside the enum is outside the review.

    ## Example
    ```python
    SearchSubmitted(query=unsafe(q), pattern_type="fuzzy", result_count=1, duration_ms=2.0)
    ```

    ## Use instead
    Use one of the allowed values, or extend the schema (and have it reviewed).
    """

    code = "RL105"
    name = "literal-outside-schema"
    category = "schema-conformance"
    VALID: ClassVar[tuple[str, ...]] = (
        'SearchSubmitted(query=unsafe(q), pattern_type="regexp", result_count=1, duration_ms=2.0)',
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        'SearchSubmitted(query=unsafe(q), pattern_type="fuzzy", result_count=1,'
        " duration_ms=2.0)  # expect: RL105",
        'SearchSubmitted(query=unsafe(q), pattern_type="regexp", result_count="many",'
        " duration_ms=2.0)  # expect: RL105",
    )

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        for entry in site.entries:
            field = entry.field
            if field is None:
                continue
            for value in leaves(entry.value):
                literal = _literal(ctx, value)
                if literal is not None:
                    problem = _problem(field, literal)
                    if problem:
                        ctx.report(
                            value, self.code, f"{literal!r} {problem} of field {field.name!r}"
                        )


def _literal(ctx: Context, node: ast.expr) -> object | None:
    """A literal's value, or the text of a module constant bound once to one."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return ctx.event_name(node)
    return None


def _problem(field: FieldSchema, value: object) -> str | None:
    kind = field.item_type if field.type == "array" else field.type
    expected = _PYTHON_TYPES.get(kind or "")
    if expected is not None:
        if isinstance(value, bool) and kind != "boolean":
            return f"is not of type {kind}"
        if not isinstance(value, expected):
            return f"is not of type {kind}"
    if field.enum is not None and value not in field.enum:
        return f"is not one of {', '.join(repr(v) for v in field.enum)}"
    if field.pattern is not None and isinstance(value, str):
        try:
            if re.search(field.pattern, value) is None:
                return f"does not match the pattern {field.pattern!r}"
        except re.error:
            return None
    return None
