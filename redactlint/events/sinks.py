"""Where exported payloads go: a JSON Lines file, a logger, or memory.

A sink receives payloads that are already redacted; it only serialises and
delivers them. A sink may raise: the recorder logs the failure and carries on.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from types import TracebackType
from typing import Protocol

from ..redact import RedactableStr
from .export import Payload


class Sink(Protocol):
    """Anything with ``write(payload)``."""

    def write(self, payload: Payload) -> None:
        """Deliver one exported payload."""


def encode_line(payload: Payload) -> bytes:
    """One payload as a compact JSON line (UTF-8, newline-terminated).

    Text that cannot be UTF-8 (a lone surrogate) falls back to ASCII escapes
    rather than losing the record.
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    try:
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(payload, separators=(",", ":")) + "\n").encode("ascii")


class JsonLinesSink:
    """Append one JSON line per payload to ``path``.

    The file is opened with ``O_APPEND`` and each line goes out in a single
    ``os.write``, so processes and threads appending to the same file never
    interleave their lines. Writes are unbuffered: a line is in the operating
    system's hands when ``write`` returns (no ``fsync``).
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._fd: int | None = None
        self._lock = threading.Lock()

    def write(self, payload: Payload) -> None:
        """Append ``payload`` as one line."""
        data = encode_line(payload)
        fd = self._open()
        written = os.write(fd, data)
        while written < len(data):  # only on a full disk or a signal: finish the line
            written += os.write(fd, data[written:])

    def _open(self) -> int:
        with self._lock:
            if self._fd is None:
                flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
                self._fd = os.open(self.path, flags, 0o666)
            return self._fd

    def close(self) -> None:
        """Close the file; a later ``write`` opens it again."""
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> JsonLinesSink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class LoggingSink:
    """Log each payload as a JSON message through stdlib ``logging``.

    The message is passed as ``RedactableStr`` so that a ``RedactingFilter`` on
    the same handler keeps it readable instead of redacting it whole again.
    """

    def __init__(self, logger: logging.Logger | str, level: int = logging.INFO) -> None:
        self.logger = logging.getLogger(logger) if isinstance(logger, str) else logger
        self.level = level

    def write(self, payload: Payload) -> None:
        """Log ``payload`` at the sink's level."""
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        self.logger.log(self.level, RedactableStr(text))


class MemorySink:
    """Keep payloads in a list, for tests and local inspection."""

    def __init__(self) -> None:
        self.payloads: list[Payload] = []

    def write(self, payload: Payload) -> None:
        """Append ``payload``."""
        self.payloads.append(payload)

    def clear(self) -> None:
        """Forget every payload."""
        self.payloads.clear()
