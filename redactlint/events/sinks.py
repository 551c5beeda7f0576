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
    """Append one JSON line per payload to ``path``, or to an open file descriptor.

    Each line is written whole: within the process a lock serialises writes,
    and one line goes out through a single loop of ``os.write`` calls on an
    unbuffered descriptor, finishing any partial write before another thread
    may write. So threads sharing a sink never interleave, whatever the line's
    length or the target (file, pipe, FIFO, terminal).

    Across processes the operating system decides. A file is opened with
    ``O_APPEND``, and each line is one ``write``, so appends from several
    processes stay whole on local file systems. A pipe or FIFO only guarantees
    that writes of at most ``PIPE_BUF`` bytes (4096 on Linux, 512 by POSIX)
    are atomic: longer lines from different processes sharing one pipe can
    interleave. With many processes, give each its own file (or pipe), or keep
    lines under ``PIPE_BUF``.

    ``path`` may be an ``int``, an open descriptor (``sys.stdout.fileno()``,
    the write end of ``os.pipe()``): the sink writes to it and never closes
    it. Writes are unbuffered: a line is in the operating system's hands when
    ``write`` returns (no ``fsync``).
    """

    def __init__(self, path: Path | str | int) -> None:
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._owns_fd = True
        self.path: Path | None = None
        if isinstance(path, int):
            if isinstance(path, bool) or path < 0:
                raise ValueError(f"JsonLinesSink needs an open file descriptor, not {path!r}")
            self._fd = path
            self._owns_fd = False
        else:
            self.path = Path(path)

    def write(self, payload: Payload) -> None:
        """Append ``payload`` as one line, whole."""
        data = memoryview(encode_line(payload))
        with self._lock:
            fd = self._open()
            written = 0
            while written < len(data):  # a pipe takes a long line in pieces: finish it
                written += os.write(fd, data[written:])

    def _open(self) -> int:
        """The descriptor to write to; the caller holds the lock."""
        if self._fd is None:
            assert self.path is not None
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
            self._fd = os.open(self.path, flags, 0o666)
        return self._fd

    def close(self) -> None:
        """Close the file; a later ``write`` opens it again. A given descriptor stays open."""
        with self._lock:
            if self._fd is not None and self._owns_fd:
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
