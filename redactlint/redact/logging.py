"""Redact log records with the same marking rules as telemetry.

``RedactingFilter`` renders each record's message as redactable text and
redacts it, so a value marked unsafe for an event is just as safe in a log:

    handler.addFilter(RedactingFilter())
    log.info("search for %s returned %d results", query, count)
    # -> "search for ‹×› returned 12 results"

A message with arguments is a trusted template (the logging idiom keeps data in
the arguments); a message without arguments is data unless it is marked, so
``log.info(f"user {email}")`` cannot leak: it is redacted whole. Tracebacks keep
their shape (frames, line numbers, function and exception type names) with file
paths and exception messages redacted.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from types import TracebackType

from .builder import Builder
from .hashing import Salt, check_salt, resolve_salt
from .marking import unsafe
from .printf import write_printf
from .strings import RedactableStr, SafeStr


def render_message(record: logging.LogRecord) -> RedactableStr:
    """The record's message as redactable text (not yet redacted)."""
    msg = record.msg
    args = record.args
    builder = Builder()
    if args and isinstance(msg, str):
        if isinstance(args, Mapping):
            write_printf(builder, msg, (args,))
        else:
            write_printf(builder, msg, tuple(args))
    elif isinstance(msg, (SafeStr, RedactableStr)):
        builder.print(msg)
    else:
        builder.unsafe(msg)
    return builder.build()


def render_exception(
    exc_type: type[BaseException] | None,
    exc: BaseException | None,
    tb: TracebackType | None,
) -> RedactableStr:
    """A traceback whose file paths and exception messages are marked unsafe."""
    builder = Builder()
    if tb is not None:
        builder.safe("Traceback (most recent call last):\n")
        for frame in traceback.extract_tb(tb):
            builder.format(
                '  File "{}", line {}, in {}\n',
                frame.filename,
                frame.lineno or 0,
                SafeStr(frame.name),
            )
    if exc_type is not None:
        builder.safe(f"{exc_type.__module__}.{exc_type.__qualname__}")
    if exc is not None and str(exc):
        builder.safe(": ")
        builder.print(exc if isinstance(exc, RedactableStr) else str(exc))
    return builder.build()


class RedactingFilter(logging.Filter):
    """A ``logging.Filter`` that replaces each record's message by its redacted form."""

    def __init__(self, name: str = "", *, hash: bool = False, salt: Salt = None):
        """``hash=True`` logs hash spans as digests keyed by ``salt``, by default the
        installation key (read or made now, so a bad key fails at setup, not per line)."""
        super().__init__(name)
        self.hash = hash
        self.salt: Salt = resolve_salt(salt) if hash else check_salt(salt)

    def filter(self, record: logging.LogRecord) -> bool:
        if not super().filter(record):
            return False
        record.msg = str(render_message(record).redact(hash=self.hash, salt=self.salt))
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, exc, tb = record.exc_info
            text = render_exception(exc_type, exc, tb)
            record.exc_text = str(text.redact(hash=self.hash, salt=self.salt))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = str(unsafe(record.stack_info).redact())
        return True


__all__ = ["RedactingFilter", "render_exception", "render_message"]
