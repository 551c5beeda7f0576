from __future__ import annotations

from typing import ClassVar

from ..findings import Finding
from .base import Rule, reason


class SyntaxErrorInFile(Rule):
    """The file is not valid Python.

    ## What it does
    Reports a file that does not parse, at the place the parser stopped.

    ## Why is this bad?
    A file that does not parse cannot be checked, so nothing it sends is proven
    marked. The run goes on with the other files.

    ## Example
    ```python
    def broken(:
    ```

    ## Use instead
    Fix the syntax error (the checker parses with the running Python's grammar).
    """

    code = "RL901"
    name = "syntax-error"
    category = "file"
    severity = "warning"  # the file could not be checked at all
    VALID: ClassVar[tuple[str, ...]] = ("x = 1",)
    INVALID: ClassVar[tuple[str, ...]] = ("def broken(:  # expect: RL901",)

    @classmethod
    def syntax_error(cls, path: str, error: SyntaxError) -> Finding:
        """The finding for a file the parser rejected, where it stopped."""
        return cls.file_finding(path, f"syntax error: {error.msg}", error.lineno or 1,
                                error.offset or 1)

    @classmethod
    def unparsable(cls, path: str, error: BaseException) -> Finding:
        """The finding for a file the parser gave up on without a position (a null
        byte, a recursion or memory limit)."""
        return cls.file_finding(path, f"cannot parse: {reason(error)}")

    @classmethod
    def too_deep(cls, path: str) -> Finding:
        """The finding for a file nested too deeply to walk even on a deep stack."""
        return cls.file_finding(path, "too deeply nested to check")
