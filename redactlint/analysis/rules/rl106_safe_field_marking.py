from __future__ import annotations

import ast
from typing import ClassVar

from ..context import Context
from ..kinds import Safety
from ..sink_sites import SinkSite, leaves
from ._values import marking_values
from .base import Rule


class SafeFieldMarking(Rule):
    """A field's declared sensitivity and the value's marking disagree.

    ## What it does
    Flags a redactable or unknown value passed to a field declared ``safe``, and
    a ``safe(...)`` of a non-constant passed to a field declared ``sensitive``.

    ## Why is this bad?
    A ``safe`` field is exported as it is: the schema's review says its values
    are harmless, so only values proven safe may go there. A ``sensitive`` field
    was reviewed as data that must be redacted; declaring its value safe at the
    call overrides that review where nobody sees it.

    ## Example
    ```python
    CodeIntelGoToDefinition(language=unsafe(language), precise=True, latency=12)
    ```

    ## Use instead
    ```python
    CodeIntelGoToDefinition(language="python", precise=True, latency=12)
    ```
    Pass a value from the field's enum or a reviewed ``safe(...)``; for data that
    is not safe, change the schema's sensitivity (a reviewed change).
    """

    code = "RL106"
    name = "safe-field-marking"
    category = "schema-conformance"
    VALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("search.submitted", {"query": unsafe(q), "patternType": "regexp",'
        ' "resultCount": 1, "durationMs": 1.0})',
        'CodeIntelGoToDefinition(language="python", precise=True, latency=12)',
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        'analytics.track("search.submitted", {"query": unsafe(q), "patternType": unsafe(p),'
        ' "resultCount": 1, "durationMs": 1.0})  # expect: RL106',
        'analytics.track("search.submitted", {"query": unsafe(q), "patternType": p,'
        ' "resultCount": 1, "durationMs": 1.0})  # expect: RL106',
        "CodeIntelGoToDefinition(language=unsafe(language), precise=True, latency=12)"
        "  # expect: RL106",
        'SearchSubmitted(query=safe(q), pattern_type="literal", result_count=1,'
        " duration_ms=1.0)  # redactlint: safe -- test  # expect: RL106",
    )

    def visit_sink(self, ctx: Context, site: SinkSite) -> None:
        for value, field, found in marking_values(ctx, site, safe_fields=True):
            safety = found.safety
            if safety >= Safety.REDACTABLE:
                assert field is not None
                kind = "a redactable" if safety == Safety.REDACTABLE else "an unmarked"
                ctx.report(
                    value,
                    self.code,
                    f"{kind} value passed to field {field.name!r} of {site.label}, "
                    "which is declared safe: pass a reviewed safe value",
                )
        for entry in site.entries:
            field = entry.field
            if field is None or field.sensitivity not in ("sensitive", "hashed"):
                continue
            for value in leaves(entry.value):
                if (
                    isinstance(value, ast.Call)
                    and ctx.evaluator.runtime_name(value.func, ctx.scope) == "safe"
                    and value.args
                    and not ctx.is_literal(value.args[0])
                ):
                    ctx.report(
                        value,
                        self.code,
                        f"safe(...) passed to field {field.name!r} of {site.label}, "
                        f"which is declared {field.sensitivity}: mark it "
                        f"{'hashed' if field.sensitivity == 'hashed' else 'unsafe'}(...)",
                    )
