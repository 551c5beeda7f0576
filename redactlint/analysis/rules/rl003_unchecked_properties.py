from __future__ import annotations

import ast
from typing import ClassVar

from ..context import Context
from ..kinds import Kind, Safety
from ..sink_sites import SinkSite
from ._values import is_composite, is_container, is_unmarked, marking_values
from .base import Rule


class UncheckedProperties(Rule):
    """Properties that cannot be checked: ``**kwargs``, a mapping variable, a comprehension.

    A mapping built in the same function is followed (what is added to it, and
    whether it escapes), so one whose contents are all safe is not reported when
    there is no schema to check its keys against, nor is a comprehension read once
    per known name (``{k: dump[k] for k in FLAGS}`` of a model's fields, with ``FLAGS``
    a tuple of names), whose every value is safe; nor is one passed in
    ``redacted(...)`` or to a ``@boundary`` sink, whose text is redacted on its way.

    ## What it does
    Flags event properties whose keys or values the checker cannot see at the
    call: a dict held in a variable, ``**kwargs`` or ``*args`` unpacking, a dict
    comprehension, or a computed key; and a mapping or sequence passed as a value
    (``{"timing": [t.to_dict() for t in timings]}``, a dict a function returned)
    whose contents may hold text nobody marked.

    ## Why is this bad?
    Every value that leaves must be proven marked, and every field must exist in
    the schema. Properties assembled elsewhere escape both checks, and are the
    usual way a raw value slips into telemetry.

    ## Example
    ```python
    props = {"query": text}
    analytics.track("search.submitted", props)
    ```

    ## Use instead
    Write the properties at the call, so each one is checked:
    ```python
    analytics.track("search.submitted", {"query": unsafe(text), ...})
    ```
    or use the generated event class with keyword arguments.
    """

    code = "RL003"
    name = "unchecked-properties"
    category = "marking"
    VALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("search.submitted", {"query": unsafe(q), "patternType": "literal",'
        ' "resultCount": 1, "durationMs": 2.0})',
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("search.submitted", props)  # expect: RL003',
        'analytics.track("search.submitted", {**props})  # expect: RL003',
        'analytics.track("search.submitted", {k: v for k, v in items})  # expect: RL003',
        "SearchSubmitted(**fields)  # expect: RL003",
    )

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        for node in site.unchecked:
            if id(node) in site.behind and site.event is None:
                continue  # redacted on its way out, and no schema to check its keys against
            if site.event is None and _known_safe(ctx, node):
                continue  # no schema to check its keys against, and its contents are safe
            if site.event is None and not site.redacts and id(node) in site.carried:
                continue  # records built here: what each carries is checked (RL004)
            what = "value" if site.logging else "property"
            ctx.report(
                node,
                self.code,
                f"{_describe(ctx, node)} passed to {site.label} cannot be "
                f"checked: write each {what} at the call",
            )
        for value, field, found in marking_values(ctx, site, safe_fields=False):
            if is_unmarked(found) and is_container(found) and not is_composite(value):
                target = f"field {field.name!r} of " if field is not None else ""
                kind = "mapping" if found.kinds & Kind.MAPPING else "sequence"
                ctx.report(
                    value,
                    self.code,
                    f"a {kind} whose contents cannot be checked passed to {target}"
                    f"{site.label}: write its items at the call, each marked",
                )


def _known_safe(ctx: Context, node: ast.AST) -> bool:
    """A mapping variable, ``**mapping`` or comprehension whose contents the checker has
    followed (a comprehension over known names is read once per name)."""
    value = node.value if isinstance(node, (ast.keyword, ast.Starred)) else node
    if not isinstance(value, ast.expr):
        return False
    return ctx.value(value).safety <= Safety.SAFE


def _describe(ctx: Context, node: ast.AST) -> str:
    if isinstance(node, ast.keyword):
        return f"**{ast.unparse(node.value)}"
    if isinstance(node, ast.Starred):
        return f"*{ast.unparse(node.value)}"
    if isinstance(node, ast.DictComp):
        return "a dict comprehension"
    if isinstance(node, ast.expr) and isinstance(node, (ast.Name, ast.Attribute)):
        kinds = ctx.value(node).kinds & ~Kind.NONE
        # Of unknown kind it may be a message object (a protobuf) as well as a mapping.
        noun = {Kind.MAPPING: "mapping", Kind.SEQUENCE: "sequence"}.get(kinds, "value")
        return f"the {noun} {ast.unparse(node)!r}"
    if isinstance(node, ast.expr):
        return f"{ast.unparse(node)!r}"
    return "this value"
