"""The progress count of a long check, for a person watching a terminal."""

from __future__ import annotations

import os
import sys
import time


class TerminalProgress:
    """A one-line progress count on a terminal, shown once a run has taken a second
    (never in CI, where nobody watches and the log would fill with it)."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = False
        self.enabled = sys.stderr.isatty() and not os.environ.get("CI")

    def __call__(self, done: int, total: int) -> None:
        if self.enabled and time.monotonic() - self.started > 1.0:
            self.shown = True
            sys.stderr.write(f"\rredactlint: checked {done}/{total} files")
            sys.stderr.flush()

    def close(self) -> None:
        """Clear the line, so what follows starts at its beginning."""
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
