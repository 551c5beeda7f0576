from __future__ import annotations

import ast
from typing import ClassVar

from ..context import Context
from .base import Rule


class NonLiteralTemplate(Rule):
    """A template passed to ``redact.format`` or ``redact.sprintf`` is not a literal.

    ## What it does
    Flags a first argument of ``redact.format``/``redact.sprintf`` that is not a
    string literal (or a module constant bound to one).

    ## Why is this bad?
    The template is trusted as safe: everything in it leaves in clear. A template
    computed at run time can hold user data, which would then leave unredacted.

    ## Example
    ```python
    redact.format(message, user)
    ```

    ## Use instead
    ```python
    redact.format("{} signed in", user)
    ```
    or mark the dynamic text itself: ``redact.unsafe(message)``.
    """

    code = "RL201"
    name = "non-literal-template"
    VALID: ClassVar[tuple[str, ...]] = (
        'redact.format("{} signed in", user)',
        'TEMPLATE = "%s signed in"\nredact.sprintf(TEMPLATE, user)',
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        "redact.format(message, user)  # expect: RL201",
        'redact.sprintf(f"{kind}: %s", user)  # expect: RL201',
    )

    def visit_call(self, ctx: Context, call: ast.Call, runtime: str | None) -> None:
        if runtime not in ("format", "sprintf") or ctx.in_runtime:
            return
        template = call.args[0] if call.args else None
        if template is None or isinstance(template, ast.Starred):
            ctx.report(call, self.code, f"redact.{runtime} needs a literal template")
        elif not ctx.is_literal(template):
            ctx.report(
                template,
                self.code,
                f"the template of redact.{runtime} is trusted as safe, so it must be a "
                "literal: move dynamic text into the arguments",
            )
