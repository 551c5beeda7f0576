"""The one error type a user can cause: a message with a location.

Every mistake a user can make (a bad option, configuration, schema, registry) is a
``UsageError``, or a kind of one that says more (``SchemaError`` with its problems,
``GenerateError``, ``VerifyError``); the command line turns each into one message and
exit 2 in one place. Standard library only, so the runtime's errors can be one too.
"""

from __future__ import annotations

from pathlib import Path


class UsageError(Exception):
    """Bad configuration or arguments; the command line turns it into exit code 2."""

    def __init__(self, message: str, location: Path | str | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)
