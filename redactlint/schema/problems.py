"""What goes wrong when schemas are read: problems, and the one error that carries them.

Loading collects every problem it finds instead of stopping at the first, so a
user fixes a whole directory in one pass; the command line turns the error into
exit code 2 and prints each problem with its file and JSON pointer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError


@dataclass(frozen=True, order=True)
class SchemaProblem:
    """One reason a schema file cannot be used, located by file and JSON pointer."""

    path: Path
    pointer: str  # RFC 6901; "" is the whole document
    message: str

    def __str__(self) -> str:
        return f"{format_location(self.path, self.pointer)}: {self.message}"


class SchemaError(UsageError):
    """A user error in the schemas or their source (files, git revision): each problem
    carries its own location."""

    def __init__(self, problems: Sequence[SchemaProblem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))


def format_location(path: Path | str, pointer: str) -> str:
    """``path#pointer``, or just ``path`` for the whole document."""
    return f"{path}#{pointer}" if pointer else str(path)


def json_pointer(parts: Iterable[str | int]) -> str:
    """An RFC 6901 pointer built from keys and indexes."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "".join(f"/{part}" for part in escaped)
