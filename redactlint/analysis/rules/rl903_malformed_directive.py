from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from ..findings import Finding, Span
from .base import Rule


class MalformedDirective(Rule):
    """A ``# redactlint:`` comment that is not a valid directive.

    ## What it does
    Flags ``# redactlint: ignore`` without codes or without a reason, codes that
    are not rule codes, ``# redactlint: safe`` without a reason, and unknown
    directives.

    ## Why is this bad?
    A suppression must say what it suppresses and why, or the review surface
    (``redactlint audit``) has nothing to review. A malformed comment suppresses
    nothing, which its author did not intend.

    ## Example
    ```python
    track("x", {"q": q})  # redactlint: ignore
    ```

    ## Use instead
    ```python
    track("x", {"q": q})  # redactlint: ignore[RL001] q is the public query template id
    ```
    """

    code = "RL903"
    name = "malformed-directive"
    category = "file"
    severity = "warning"  # a malformed comment suppresses nothing it meant to
    VALID: ClassVar[tuple[str, ...]] = ("x = 1  # redactlint: safe -- constant",)
    INVALID: ClassVar[tuple[str, ...]] = (
        "x = 1  # redactlint: ignore  # expect: RL903",
        "x = 1  # redactlint: ignore[RL001]  # expect: RL903",
    )

    @classmethod
    def findings(cls, path: str, malformed: Sequence[tuple[int, int, int, str]]) -> list[Finding]:
        """One finding per malformed comment: (line, column, end column, problem)."""
        return [
            Finding(
                path,
                Span(line, column, line, end),
                cls.code,
                f"malformed redactlint comment: {problem}",
                statement=(line, line),
            )
            for line, column, end, problem in malformed
        ]
