from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import ClassVar

from ..directives import Suppression
from ..findings import Finding, Span
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
    category = "file"
    severity = "note"  # an unused suppression hides nothing
    VALID: ClassVar[tuple[str, ...]] = (
        "label = SafeStr(kind)  # redactlint: ignore[RL204] read back from the audit log",
    )
    INVALID: ClassVar[tuple[str, ...]] = (
        'label = "x"  # redactlint: ignore[RL001] legacy  # expect: RL900',
    )

    @classmethod
    def findings(
        cls,
        path: str,
        suppressions: Sequence[Suppression],
        used: Collection[tuple[int, str]],
        enabled: Callable[[str], bool],
    ) -> list[Finding]:
        """One finding per well-formed suppression with codes that suppressed nothing.

        ``used`` holds (index in ``suppressions``, code) for each code that suppressed a
        finding. A code whose rule is not ``enabled`` in this run may well be needed, so
        it is never reported; a malformed suppression is RL903's.
        """
        found = []
        for index, suppression in enumerate(suppressions):
            if suppression.problem is not None:
                continue
            unused = [
                code
                for code in suppression.codes
                if (index, code) not in used and enabled(code)
            ]
            if unused:
                found.append(cls._finding(path, suppression, unused))
        return found

    @classmethod
    def _finding(cls, path: str, suppression: Suppression, unused: list[str]) -> Finding:
        codes = ",".join(unused)
        if len(unused) == len(suppression.codes):
            message = f"suppression of {codes} matches no finding: delete it"
        else:
            message = f"{codes} in this suppression matches no finding: remove it from the list"
        line = suppression.line
        return Finding(
            path,
            Span(line, suppression.column, line, suppression.end_column),
            cls.code,
            message,
            statement=(line, line),
        )
