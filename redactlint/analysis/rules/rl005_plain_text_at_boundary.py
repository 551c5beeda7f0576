from __future__ import annotations

import ast
from typing import ClassVar

from ..context import Context
from ..findings import FixKind
from ..kinds import Kind, Safety
from ..sinks import SinkSite, leaves
from .base import Rule


class PlainTextAtBoundary(Rule):
    """A plain string that a redacting boundary will redact whole.

    ## What it does
    Flags a string literal, a constant bound to one, or text built only from them,
    passed where the runtime's redacting boundary applies (an argument of a
    ``@redact.boundary`` sink, or inside ``redact.redacted(...)``) without being marked
    ``safe(...)``.

    ## Why is this bad?
    Every boundary fails closed: a plain ``str`` is redacted whole, because nothing at
    runtime tells a literal from a user's text. An action name or a status written in
    the source would arrive as ``‹×›``: the event loses it silently, and a vendor that
    validates its payload may reject the event.

    ## Example
    ```python
    emit(schema_id=SCHEMA, data=redacted({"action": "save", "path": unsafe(path)}))
    ```

    ## Use instead
    ```python
    emit(schema_id=SCHEMA, data=redacted({"action": safe("save"), "path": unsafe(path)}))
    ```
    The fix wraps the literal (or the constant) in ``safe(...)``. A value computed at
    runtime that the checker proves safe is not reported: whether it is a ``SafeStr``
    already cannot be told from its safety alone.
    """

    code = "RL005"
    name = "plain-text-at-boundary"
    VALID: ClassVar[tuple[str, ...]] = (
        'vendor.emit("search.submitted", redacted({"query": unsafe(text),'
        ' "patternType": safe("literal"), "resultCount": 3, "durationMs": 1.5}))',
        'vendor.emit("search.submitted", {"query": "help", "patternType": "literal",'
        ' "resultCount": 3, "durationMs": 1.5})',
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        'vendor.emit("search.submitted", redacted({"query": unsafe(text),'
        ' "patternType": "literal", "resultCount": 3, "durationMs": 1.5}))  # expect: RL005',
    )

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        if not site.behind:
            return
        for node in _leaves_behind(site):
            found = ctx.value(node)
            if found.kinds != Kind.TEXT or found.safety != Safety.SAFE or found.enum:
                continue
            plain = plain_text(node, found.literal)
            if plain is None:
                continue
            ctx.report(
                node,
                self.code,
                f"{plain} passed to {site.label} is redacted whole at its redacting "
                "boundary: mark it safe(...) if it must arrive",
                FixKind.WRAP_SAFE,
            )


def plain_text(node: ast.expr, literal: str | None) -> str | None:
    """What kind of plain ``str`` ``node`` certainly is at runtime, or None when it may be
    a ``SafeStr`` already (a ``safe(...)`` result, a name annotated ``SafeStr``)."""
    if isinstance(node, ast.Constant):
        return "a string literal" if isinstance(node.value, str) else None
    if isinstance(node, (ast.JoinedStr, ast.BinOp)):
        return "text built from literals"
    if isinstance(node, (ast.Name, ast.Attribute)) and literal is not None:
        return "a constant bound to a literal"
    return None


def _leaves_behind(site: SinkSite) -> list[ast.expr]:
    """The values of ``site`` that cross the runtime's boundary, one by one."""
    values = [entry.value for entry in site.entries] + list(site.others) + site.origins
    if site.event_node is not None:
        values.append(site.event_node)
    found = []
    for value in values:
        for leaf in leaves(value):
            if id(leaf) in site.behind:
                found.append(leaf)
    return found
