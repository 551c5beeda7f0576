"""What a driver records: per scenario, the events that left the process and what was raised.

The drivers run inside a product's own virtual environment, with the product's copy
(before or after ``fix``) first on the path; this module imports the standard library
only. The product's own output (logs, a kernel's stdout) goes to stderr, so stdout
carries nothing but the JSON document the benchmark reads.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TextIO


def protect_stdout() -> TextIO:
    """The real stdout, with file descriptor 1 sent to stderr from now on (subprocesses too)."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    return os.fdopen(saved, "w", encoding="utf-8")


def described(value: Any) -> dict[str, Any]:
    """A field as the benchmark reads it: the type of the value that left, and the value."""
    kind = "None" if value is None else type(value).__name__
    return {"type": kind, "value": value}


class Recorder:
    """Collects the events each scenario emits; the capturing sinks call ``record``."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self.modules: dict[str, str] = {}
        self._pending: list[tuple[str, dict[str, Any]]] = []
        self._swallowed: list[str] = []

    def record(self, event: str, fields: dict[str, Any]) -> None:
        """One event as it left: its name and its fields (JSON values)."""
        self._pending.append((event, {name: described(v) for name, v in fields.items()}))

    def swallowed(self, error: BaseException) -> None:
        """An exception the product caught and hid (its event never left)."""
        self._swallowed.append(f"swallowed by the product: {error!r}")

    def scenario(self, name: str, call: Callable[[], object]) -> None:
        """Run one scenario and file what it emitted under ``name``."""
        try:
            call()
        except Exception as error:
            self._close(name, repr(error))
        else:
            self._close(name, None)

    async def ascenario(self, name: str, call: Callable[[], Awaitable[object]]) -> None:
        """``scenario`` for a coroutine function."""
        try:
            await call()
        except Exception as error:
            self._close(name, repr(error))
        else:
            self._close(name, None)

    def _close(self, name: str, raised: str | None) -> None:
        if raised is None and self._swallowed:
            raised = "; ".join(self._swallowed)
        events, self._pending, self._swallowed = self._pending, [], []
        if not events:
            self.entries.append({"scenario": name, "event": None, "fields": {}, "raised": raised})
        for event, fields in events:
            self.entries.append(
                {"scenario": name, "event": event, "fields": fields, "raised": raised}
            )

    def dump(self, out: TextIO) -> None:
        """Write the document: the modules the product was imported from, and the events."""
        json.dump({"modules": self.modules, "events": self.entries}, out, ensure_ascii=False)
        out.write("\n")
        out.flush()
