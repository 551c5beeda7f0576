from __future__ import annotations

from typing import ClassVar

from .base import Rule


class UnusedSuppression(Rule):
    """A suppression comment that suppresses nothing.

    ## What it does
    Flags ``# redactlint: ignore[CODE] reason`` when no finding with that code
    belongs to the statement it sits on.

    ## Why is this bad?
    A stale suppression hides the next real finding on that statement, and its
    reason misleads whoever reads it. Suppressions are part of the review
    surface (``redactlint audit``): each must still be needed.

    ## Example
    ```python
    label = "x"  # redactlint: ignore[RL001] legacy
    ```

    ## Use instead
    Delete the comment.
    """

    code = "RL900"
    name = "unused-suppression"
    severity = "note"  # an unused suppression hides nothing
    VALID: ClassVar[tuple[str, ...]] = (
        "label = SafeStr(kind)  # redactlint: ignore[RL204] read back from the audit log",
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        'label = "x"  # redactlint: ignore[RL001] legacy  # expect: RL900',
    )
