from __future__ import annotations

import ast
from typing import ClassVar

from ..context import Context
from ..sinks import SinkSite
from .base import Rule


class UncheckedProperties(Rule):
    """Properties that cannot be checked: ``**kwargs``, a mapping variable, a comprehension.

    ## What it does
    Flags event properties whose keys or values the checker cannot see at the
    call: a dict held in a variable, ``**kwargs`` or ``*args`` unpacking, a dict
    comprehension, or a computed key.

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
            ctx.report(
                node,
                self.code,
                f"{_describe(node)} passed to {site.label} cannot be "
                "checked: write each property at the call",
            )


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.keyword):
        return f"**{ast.unparse(node.value)}"
    if isinstance(node, ast.Starred):
        return f"*{ast.unparse(node.value)}"
    if isinstance(node, ast.DictComp):
        return "a dict comprehension"
    if isinstance(node, ast.expr) and isinstance(node, (ast.Name, ast.Attribute)):
        return f"the mapping {ast.unparse(node)!r}"
    if isinstance(node, ast.expr):
        return f"{ast.unparse(node)!r}"
    return "this value"
