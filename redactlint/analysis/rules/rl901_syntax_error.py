from __future__ import annotations

from typing import ClassVar

from .base import Rule


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
    severity = "warning"  # the file could not be checked at all
    VALID: ClassVar[tuple[str, ...]] = ("x = 1",)
    INVALID: ClassVar[tuple[str, ...]] = ("def broken(:  # expect: RL901",)
