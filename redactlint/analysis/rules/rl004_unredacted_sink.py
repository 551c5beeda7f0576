from __future__ import annotations

import ast
import string
from typing import ClassVar

from ...declaration import FixSafety
from ..context import Context
from ..findings import FixKind
from ..kinds import ANY, SCALAR, Kind, Safety
from ..sink_sites import SinkSite, argument_at, argument_place, leaves, payload_origins
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
    a vendor validates) could break the call. Unless the sink is declared with a
    ``schema``: the expression giving the JSON Schema the vendor validates the payload
    against (a relay of events a browser sends: ``data=redacted(payload["data"],
    schema=...)``); then the words the schema pins (its ``enum`` and ``const``) pass,
    every other string is redacted, and the vendor still validates the event.

    A record the payload carries, built here from data that leaves inside it
    (Snowplow's ``context=[SelfDescribingJson(schema, data)]``, at the call or in a local
    list), is taken apart: each value it is built from is checked, and reported and
    fixed where the record is built. A boundary passes objects as they are, so
    ``redacted(...)`` goes around the value inside (``SelfDescribingJson(schema,
    redacted(msg_to_dict(msg)))``), which the fix also does for what the function
    computes from an object its caller passed. Inside a declared sink, its own
    parameters are checked where it is called, not again inside it.

    ## Fix safety
    The fix is unsafe: it changes what the sink sends. Every plain ``str`` in the
    payload is redacted whole from then on, including literals the receiving end may
    need (RL005 then reports each one, and its fix marks them ``safe(...)``), and
    marked text leaves redacted instead of in clear. A vendor that validates the
    payload can reject the event until those literals are marked. Review the diff
    and run the product's tests of its telemetry.
    """

    code = "RL004"
    name = "unredacted-sink"
    category = "marking"
    fix = FixSafety.UNSAFE
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
        'class Record:\n'
        '    def __init__(self, schema: str, data: object) -> None:\n'
        '        self.data = data\n'
        'vendor.emit("search.submitted", {"query": "help", "patternType": "literal",'
        ' "resultCount": 3, "durationMs": 1.5},'
        ' [Record("schema/1", {"query": unsafe(text)})])  # expect: RL004',
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
                or ctx.checked_at_callers(argument)
            ):
                continue
            records = site.carried.get(id(argument))
            if records is not None:
                self.check_records(ctx, site, argument, records)
                continue
            carried = _worst(
                ctx, site, [v for v in leaves(argument) if not ctx.checked_at_callers(v)]
            )
            if carried is None:
                continue
            value = argument.value if isinstance(argument, ast.Starred) else argument
            kinds = ctx.value(value).kinds & ~Kind.NONE
            if kinds in (Kind.MAPPING, Kind.SEQUENCE):
                # What RL003 calls the container: say what it holds.
                container = "mapping" if kinds == Kind.MAPPING else "sequence"
                carried = f"a {container} holding {carried}"
            unpacked = isinstance(argument, ast.Starred) or any(
                k.arg is None and k.value is argument for k in call.keywords
            )
            # A sink that names the schema its vendor validates with gets it with every
            # payload the fix redacts, so the schema's own words survive.
            fix_with = _schema_argument(ctx, site, argument) if not unpacked else ()
            wrappable = bool(fix_with) or _fixable(ctx, value)
            ctx.report(
                argument,
                self.code,
                f"{carried} passed to {site.label}, which does not redact: it would leave "
                "in clear; wrap it in redacted(...) or make the sink a @boundary",
                FixKind.WRAP_REDACTED if wrappable and not unpacked else None,
                fix_with,
            )


    def check_records(
        self,
        ctx: Context,
        site: SinkSite,
        argument: ast.expr,
        records: list[tuple[ast.Call, ast.expr]],
    ) -> None:
        """An argument carrying records built here: each value a record is built from
        leaves inside it, and is reported (and fixed) where the record is built."""
        built = {id(record) for record, _ in records}
        held = (
            payload_origins(ctx.scope.node, argument.id) or []
            if isinstance(argument, ast.Name)
            else [argument]
        )
        others = [
            leaf for value in held for leaf in leaves(value)
            if id(leaf) not in built
        ]
        carried = _worst(ctx, site, others)
        if carried is not None:
            ctx.report(argument, self.code, f"{carried} passed to {site.label}, which does "
                       "not redact: it would leave in clear; wrap it in redacted(...)")
        for record, value in records:
            made = ctx.evaluator.constructed(record, ctx.env, ctx.scope)
            if made is not None and made <= Safety.SAFE:
                continue  # what it is built of does not leave as it is (hashed, dropped)
            node = value.value if isinstance(value, ast.Starred) else value
            origins = (
                payload_origins(ctx.scope.node, node.id) if isinstance(node, ast.Name) else None
            )
            parts = [
                leaf for origin in (origins or [node]) for leaf in leaves(origin)
                if not ctx.checked_at_callers(leaf)
            ]
            carried = _worst(ctx, site, parts)
            if carried is None or site.redacted(value):
                continue
            ctx.report(
                value,
                self.code,
                f"{carried} leaves through {site.label} inside "
                f"{ctx.source_text(record.func)}(...), which does not redact: it would "
                "leave in clear; wrap it in redacted(...)",
                FixKind.WRAP_REDACTED if _fixable(ctx, value) else None,
            )


def _schema_argument(
    ctx: Context, site: SinkSite, argument: ast.expr
) -> tuple[tuple[str, str], ...]:
    """``schema=`` the sink's schema expression at this call, when the sink declares one
    and ``argument`` is its properties; nothing otherwise."""
    spec = next((s for s in ctx.config.sinks if s.call == site.sink), None)
    if spec is None or spec.schema is None:
        return ()
    if argument_at(site.call, argument_place(site.call, spec.properties)) is not argument:
        return ()
    places = {}
    if isinstance(site.call.func, ast.Attribute):
        places["receiver"] = ctx.source_text(site.call.func.value)
    if site.event_node is not None:
        places["event"] = ctx.source_text(site.event_node)
    try:
        return (("schema", string.Template(spec.schema).substitute(places)),)
    except (KeyError, ValueError):  # a plain function has no receiver
        return ()


def _fixable(ctx: Context, node: ast.expr, inside: bool = False, depth: int = 0) -> bool:
    """Whether the fix may wrap ``node`` in ``redacted(...)``: what it would redact is
    text, or a container the function builds of such values (whose literals RL005 then
    marks), or what the function computes from what its caller passed
    (``msg_to_dict(msg)``: an object the caller could not redact). A mapping from
    elsewhere may hold text the event needs (a user id, a version) that redacting would
    lose: it is left to the reader. ``inside`` a container built here, a value of
    unknown kind is wrapped with it; alone, only when its kind is known."""
    if isinstance(node, ast.Starred) or depth > 4:
        return False
    if ctx.checked_at_callers(node):
        return True
    if isinstance(node, (ast.Dict, ast.List, ast.Tuple)) or _is_dict_call(node):
        return all(_fixable(ctx, leaf, True, depth + 1) for leaf in _values(node))
    if isinstance(node, ast.Name):
        origins = payload_origins(ctx.scope.node, node.id)
        if origins is not None:
            return all(
                _fixable(ctx, leaf, True, depth + 1)
                for origin in origins
                for leaf in _values(origin)
            )
    found = ctx.value(node)
    if not found.kinds & ~_WRAPPABLE or not found.kinds & _CARRIES_TEXT:
        return True
    if _uses_parameters(ctx.scope.node, node) and not found.kinds & (Kind.OBJECT | Kind.CLASS):
        # ``msg_to_dict(msg)``: a mapping or a sequence the caller could not redact, which
        # ``redacted`` walks. An object (or what may be one) it would hand back unchanged.
        return True
    return inside and bool(found.kinds & ~(CONTAINERS | Kind.NONE))


def _is_dict_call(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
        node.func.id == "dict"
    )


def _values(node: ast.expr) -> list[ast.expr]:
    """What a container written in the source holds (a ``dict(...)`` call's arguments)."""
    if _is_dict_call(node):
        assert isinstance(node, ast.Call)
        return [*node.args, *(k.value for k in node.keywords)]
    return list(leaves(node))


def _uses_parameters(function: ast.AST, node: ast.expr) -> bool:
    """Whether ``node`` computes something from a parameter of ``function``."""
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    arguments = function.args
    names = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                             arguments.vararg, arguments.kwarg] if a is not None}
    return not isinstance(node, ast.Name) and any(
        isinstance(n, ast.Name) and n.id in names for n in ast.walk(node)
    )


def _worst(ctx: Context, site: SinkSite, nodes: list[ast.expr]) -> str | None:
    """What in ``nodes`` (leaves of a payload) must not leave as it is: marked text or
    text of unknown safety (None when everything in them is safe or not text)."""
    worst = Safety.NOT_STRING
    kinds_unknown = True  # every leaf of unknown safety is of unknown kind too
    for leaf in nodes:
        value = leaf.value if isinstance(leaf, ast.Starred) else leaf
        found = ctx.value(value)
        if site.redacted(leaf) or found.enum or not found.kinds & _CARRIES_TEXT:
            continue  # a boundary passes numbers and objects as they are: no use here
        worst = max(worst, found.safety)
        if found.safety == Safety.UNKNOWN and found.kinds != ANY:
            kinds_unknown = False
    if worst == Safety.UNKNOWN:
        return "value of unknown kind" if kinds_unknown else "text of unknown safety"
    if worst == Safety.REDACTABLE:
        return "marked text"
    return None
