from __future__ import annotations

import ast
from typing import ClassVar

from ...declaration import FixSafety
from ..context import Context
from ..findings import FixKind
from .base import Rule


class DirectConstruction(Rule):
    """Direct construction of ``SafeStr`` or ``RedactableStr``.

    ## What it does
    Flags ``SafeStr(...)`` and ``RedactableStr(...)`` outside redactlint's runtime.

    ## Why is this bad?
    ``SafeStr(x)`` skips the review trail that ``safe(x)`` carries (the checker
    and ``redactlint audit`` look for ``safe``). ``RedactableStr(x)`` trusts ``x``
    to be correctly marked already: any unmarked data in it leaves in clear.

    ## Example
    ```python
    label = SafeStr(kind)
    text = RedactableStr(message)
    ```

    ## Use instead
    ```python
    label = safe(kind)  # redactlint: safe -- reason
    text = unsafe(message)
    ```
    ``SafeStr(x)`` is fixed to ``safe(x)``. Reading stored redactable text back
    is the one legitimate ``RedactableStr(...)``: suppress it with a reason.

    ## Fix safety
    The fix is unsafe. ``safe(x)`` equals ``SafeStr(x)`` for a plain ``str``;
    otherwise it differs on purpose: a ``RedactableStr`` gives its text without the
    markers (``SafeStr`` turned each marker into ``?``), and a number, bool or None
    is returned as it is where ``SafeStr`` made it a string, which code after it may
    rely on.
    """

    code = "RL204"
    name = "direct-construction"
    category = "runtime-api"
    fix = FixSafety.UNSAFE
    VALID: ClassVar[tuple[str, ...]] = ('label = safe("x")', "text = unsafe(message)")
    INVALID: ClassVar[tuple[str, ...]] = (
        "label = SafeStr(kind)  # expect: RL204",
        "text = redact.RedactableStr(message)  # expect: RL204",
    )

    def visit_call(self, ctx: Context, call: ast.Call, runtime: str | None) -> None:
        if runtime not in ("SafeStr", "RedactableStr") or ctx.in_runtime:
            return
        if runtime == "SafeStr":
            ctx.report(
                call,
                self.code,
                "SafeStr(...) constructed directly: use safe(...)",
                FixKind.SAFE_CALL,
            )
        else:
            ctx.report(
                call,
                self.code,
                "RedactableStr(...) trusts its text to be marked already: build it with "
                "unsafe(...) or redact.format(...), or suppress with a reason when "
                "reading stored redactable text back",
            )
