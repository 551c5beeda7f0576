"""The one error type a user can cause: a message with a location."""

from __future__ import annotations

from pathlib import Path


class UsageError(Exception):
    """Bad configuration or arguments; the command line turns it into exit code 2."""

    def __init__(self, message: str, location: Path | str | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)
