from __future__ import annotations

import ast
from typing import ClassVar

from ...declaration import FixSafety
from ..context import Context
from ..findings import FixKind
from .base import Rule

_MARKERS = ("\u2039", "\u203a", "\u2020")


class MarkerInLiteral(Rule):
    """A string literal contains a redaction marker character (``‹ › †``).

    ## What it does
    Flags string literals outside redactlint's runtime that contain ``‹``, ``›``
    or ``†``.

    ## Why is this bad?
    Marker characters in safe text are escaped to ``?`` when formatted, so the
    literal does not say what it seems to; built into a ``RedactableStr`` some
    other way, they could open or close a span. Either way it is a bug.

    ## Example
    ```python
    label = "‹draft›"
    ```

    ## Use instead
    Use other characters, or write them as escapes (``"\\u2039draft\\u203a"``)
    when they are really meant. The fix writes the escapes.

    ## Fix safety
    The fix is safe: the escapes spell the same characters, so the literal's value is
    unchanged; only how the source writes it changes.
    """

    code = "RL205"
    name = "marker-in-literal"
    category = "runtime-api"
    fix = FixSafety.SAFE
    VALID: ClassVar[tuple[str, ...]] = (
        'label = "<draft>"',
        'label = "\\u2039draft\\u203a"',
        'label = "\\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}draft"',
    )
    INVALID: ClassVar[tuple[str, ...]] = ('label = "\u2039draft\u203a"  # expect: RL205',)

    def visit_constant(self, ctx: Context, node: ast.Constant) -> None:
        value = node.value
        if (
            isinstance(value, str)
            and not value.isascii()
            and not ctx.in_runtime
            and any(marker in value for marker in _MARKERS)
            # Written as escapes ("\u2039") the characters are meant: that is the fix.
            and any(marker in ctx.source_text(node) for marker in _MARKERS)
        ):
            ctx.report(
                node,
                self.code,
                "redaction marker character in a string literal: "
                "escape it or use another character",
                FixKind.ESCAPE_MARKERS,
            )
