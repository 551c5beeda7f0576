from __future__ import annotations

import ast
from typing import ClassVar

from ..context import Context
from ..kinds import Safety
from .base import Rule


class UnjustifiedSafe(Rule):
    """``safe(...)`` of a non-constant without a justification comment.

    ## What it does
    Flags ``redact.safe(value)`` where ``value`` is not a literal, a number or an
    enum member, unless the statement carries ``# redactlint: safe -- reason``.

    ## Why is this bad?
    ``safe(...)`` of a variable is the one place where data can leave in clear:
    it asserts that whatever the variable holds is harmless. That claim needs a
    reason a reviewer can read, and ``redactlint audit`` lists every one.

    ## Example
    ```python
    SearchSubmitted(query=unsafe(q), pattern_type=safe(kind), result_count=1, duration_ms=1.0)
    ```

    ## Use instead
    ```python
    kind_value = safe(kind)  # redactlint: safe -- one of three UI constants
    ```
    or pass the value marked ``unsafe(...)`` if it is not certainly harmless.
    """

    code = "RL202"
    name = "unjustified-safe"
    category = "runtime-api"
    VALID: ClassVar[tuple[str, ...]] = (
        'label = safe("literal")',
        "label = safe(kind)  # redactlint: safe -- one of three UI constants",
        "label = safe(len(items))",
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        "label = safe(kind)  # expect: RL202",
        "label = safe(user.name)  # expect: RL202",
    )

    def visit_call(self, ctx: Context, call: ast.Call, runtime: str | None) -> None:
        if runtime != "safe" or ctx.in_runtime or not call.args:
            return
        value = call.args[0]
        if ctx.is_literal(value) or ctx.classify(value) == Safety.NOT_STRING:
            return
        if ctx.classify(value) == Safety.SAFE and not isinstance(value, ast.Call):
            return  # already safe: a safe constant, an enum member, a SafeStr
        if ctx.justification() is None:
            ctx.report(
                call,
                self.code,
                f"safe({ast.unparse(value)}) declares a variable harmless: justify it "
                "with '# redactlint: safe -- reason', or mark it unsafe(...)",
            )
