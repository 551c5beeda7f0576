from __future__ import annotations

import ast
from typing import ClassVar

from ...declaration import FixSafety
from ..context import Context
from ..findings import FixKind
from ..kinds import Kind, Safety
from ..sink_sites import SinkSite, leaves
from .base import Rule


class PlainTextAtBoundary(Rule):
    """A plain string that a redacting boundary will redact whole.

    ## What it does
    Flags text the checker proves safe but that is a plain ``str`` at runtime (a
    literal, a constant bound to one, ``__name__``, text built only from those), passed
    where the runtime's redacting boundary applies (an argument of a
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
    The fix wraps the value in ``safe(...)``. A call's result the checker proves safe
    (``str(uuid4())``) is reported without a fix: ``safe(call())`` needs a reviewer's
    reason (RL202).

    ## Fix safety
    The fix is safe. It marks only text the checker proves is written in the source
    (a literal, a constant bound to one, a class or module name), which is safe by
    policy: the value now leaves as it is instead of as ``‹×›``, which is what the
    event meant to send. ``safe(...)`` returns the same text, except that the marker
    characters ``‹ › †`` would become ``?`` (RL205 reports them).
    """

    code = "RL005"
    name = "plain-text-at-boundary"
    category = "marking"
    fix = FixSafety.SAFE
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
            if (
                found.kinds != Kind.TEXT
                or found.safety != Safety.SAFE
                or found.enum
                or found.marked
            ):
                continue
            computed = isinstance(node, ast.Call)
            ctx.report(
                node,
                self.code,
                f"{_what(node, found.literal)} passed to {site.label} is a plain str, "
                "redacted whole at its redacting boundary: mark it safe(...) if it must "
                "arrive" + (" (with '# redactlint: safe -- reason')" if computed else ""),
                None if computed else FixKind.WRAP_SAFE,
            )


def _what(node: ast.expr, literal: str | None) -> str:
    if isinstance(node, ast.Constant):
        return "a string literal"
    if literal is not None:
        return "a constant bound to a literal"
    return "safe text"


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
