from __future__ import annotations

import ast
from typing import ClassVar

from ..context import Context
from ..findings import FixKind
from ..kinds import SCALAR, Kind, Safety
from ..sinks import SinkSite, leaves, payload_origins
from ._values import CONTAINERS
from .base import Rule

# Kinds a value may have for ``redacted(value)`` to be a fix: text and scalars, which the
# boundary redacts or passes. A mapping held in a variable may carry literals the code
# needs (an action name a vendor validates): redacting those whole would break the call.
_WRAPPABLE = Kind.TEXT | Kind.BYTES | SCALAR
# What a boundary changes: text, and the containers it walks.
_CARRIES_TEXT = Kind.TEXT | CONTAINERS


class UnredactedSink(Rule):
    """Marked or unknown text reaches a sink that does not redact it.

    ## What it does
    Flags an argument of a declared sink call that carries marked text
    (``unsafe(...)``, ``redact.format(...)``) or text of unknown safety, when the sink
    is not a redacting boundary: not decorated with ``@redact.boundary``, the
    argument not wrapped in ``redact.redacted(...)``, and the sink not configured
    ``redacts = true`` (for a sink whose own code records registry events or redacts).

    ## Why is this bad?
    Marking is half of the guarantee; the other half is a boundary that redacts what
    is marked before it leaves. A legacy sink sends what it is given, so
    ``unsafe(path)`` leaves as ``‹/home/alice/x.py›``: in clear, with markers.

    ## Example
    ```python
    event_logger.emit(schema_id=SCHEMA, data={"action": "save", "path": unsafe(path)})
    ```

    ## Use instead
    Redact the payload on its way out (a plain ``str`` in it is redacted whole, so the
    literals that must survive are marked ``safe``):
    ```python
    data = redacted({"action": safe("save"), "path": unsafe(path)})
    event_logger.emit(schema_id=SCHEMA, data=data)
    ```
    or decorate a sink function of the project with ``@redact.boundary`` (``keep=`` names
    its event-name parameter). The fix wraps in ``redacted(...)`` a payload written at the
    call, a text value, or a mapping the function builds itself (a dict literal and the
    values it stores into it, whose literals RL005 then marks); a mapping from
    elsewhere is left to you, since redacting the literals it may hold (an action name
    a vendor validates) could break the call.
    """

    code = "RL004"
    name = "unredacted-sink"
    VALID: ClassVar[tuple[str, ...]] = (
        'vendor.emit("search.submitted", redacted({"query": unsafe(text),'
        ' "patternType": safe("literal"), "resultCount": 3, "durationMs": 1.5}))',
        'vendor.emit("search.submitted", {"query": "help", "patternType": "literal",'
        ' "resultCount": 3, "durationMs": None})',
        'analytics.track("search.submitted", {"query": unsafe(text), "patternType": "literal",'
        ' "resultCount": 3, "durationMs": 1.5})',
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        'vendor.emit("search.submitted", {"query": unsafe(text), "patternType": "literal",'
        ' "resultCount": 3, "durationMs": 1.5})  # expect: RL004',
        'vendor.emit("search.submitted", {"query": "help", "patternType": "literal",'
        ' "resultCount": 3, "durationMs": 1.5}, unsafe(text))  # expect: RL004',
    )

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        if site.redacts or site.sink is None:
            return
        call = site.call
        arguments = [*call.args, *(k.value for k in call.keywords)]
        for argument in arguments:
            if (
                argument is site.event_node
                or site.redacted(argument)
                or ctx.contained(site, argument)  # the sink only reads from it
            ):
                continue
            carried = _carried(ctx, site, argument)
            if carried is None:
                continue
            value = argument.value if isinstance(argument, ast.Starred) else argument
            unpacked = isinstance(argument, ast.Starred) or any(
                k.arg is None and k.value is argument for k in call.keywords
            )
            literal = isinstance(value, (ast.Dict, ast.List, ast.Tuple)) or (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id == "dict"
            )
            found = ctx.value(value)
            wrappable = (
                literal
                or (not found.kinds & ~_WRAPPABLE and not found.kinds & CONTAINERS)
                or (
                    isinstance(value, ast.Name)
                    and payload_origins(ctx.scope.node, value.id) is not None
                )
            )
            ctx.report(
                argument,
                self.code,
                f"{carried} passed to {site.label}, which does not redact: it would leave "
                "in clear; wrap it in redacted(...) or make the sink a @boundary",
                FixKind.WRAP_REDACTED if wrappable and not unpacked else None,
            )


def _carried(ctx: Context, site: SinkSite, argument: ast.expr) -> str | None:
    """What in ``argument`` must not leave as it is: marked text or text of unknown
    safety (None when everything in it is safe or not text)."""
    worst = Safety.NOT_STRING
    for leaf in leaves(argument):
        value = leaf.value if isinstance(leaf, ast.Starred) else leaf
        found = ctx.value(value)
        if site.redacted(leaf) or found.enum or not found.kinds & _CARRIES_TEXT:
            continue  # a boundary passes numbers and objects as they are: no use here
        worst = max(worst, found.safety)
    if worst == Safety.UNKNOWN:
        return "text of unknown safety"
    if worst == Safety.REDACTABLE:
        return "marked text"
    return None
