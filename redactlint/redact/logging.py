"""Redact log records with the same marking rules as telemetry.

``RedactingFilter`` redacts every part of a record a formatter can show, so a
value marked unsafe for an event is just as safe in a log:

    handler.addFilter(RedactingFilter())
    log.info("search for %s returned %d results", query, count)
    # -> "search for ‹×› returned 12 results"

What is redacted, and why:

- The message. A message with arguments is a trusted template (the logging
  idiom keeps data in the arguments); a message without arguments is data
  unless it is marked, so ``log.info(f"user {email}")`` is redacted whole. A
  template that does not fit its arguments (``log.info("100% done for %s",
  email)``) is no longer trustworthy: the whole message becomes ``‹×›``, and
  the record goes on (logging must never raise into product code).
- Every ``extra`` attribute (anything that is not a standard ``LogRecord``
  field), as data: a ``SafeStr``, exact numbers, bools and ``None`` pass
  unchanged (so ``%(count)d`` still works); anything else is embedded as a
  ``format`` argument would be and redacted, so plain text becomes ``‹×›``.
- The standard text fields, as data unless marked safe: ``name`` (a logger name
  can embed input: ``getLogger(f"user.{email}")``; use
  ``getLogger(redact.safe(__name__))`` to show one), ``pathname``,
  ``filename``, ``module`` (a path can name a person: ``/home/alice/...``),
  ``funcName``, ``threadName``, ``processName``, ``taskName``, and stale
  formatter output such as ``asctime``. ``levelname`` is kept when it is the
  name logging gives ``levelno``. Numeric fields (``levelno``, ``lineno``,
  ``created``, ``msecs``, ``relativeCreated``, ``thread``, ``process``) are
  kept when they are exact numbers or ``None``.
- Tracebacks. A live exception (``exc_info``) keeps its shape (frames, line
  numbers, function and exception type names) with file paths and exception
  messages redacted. Text rendered before the filter saw it (``exc_text``
  without ``exc_info``, as records received from a ``SocketHandler`` carry,
  and ``stack_info``) cannot be split into code and data soundly (an
  exception message may imitate frames), so each of its lines is redacted,
  except the fixed header lines logging and traceback write themselves.

Records are changed in place, so every handler after the filter (and every
formatter kind: ``%``, ``{``, JSON dumps of ``record.__dict__``) sees the
redacted values. Add the filter to handlers, after any filter that routes by
logger name: the redacted ``name`` no longer matches ``logging.Filter("app")``.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from types import TracebackType

from .builder import Builder
from .hashing import Salt, check_salt, resolve_salt
from .markers import REDACTED
from .printf import write_printf
from .strings import RedactableStr, SafeStr

# Values that pass unchanged: they cannot carry text, and keeping their type
# keeps numeric conversions such as ``%(lineno)d`` working.
_PASSING_TYPES: frozenset[type] = frozenset(
    {SafeStr, int, float, bool, complex, Decimal, Fraction, type(None)}
)
_NUMERIC_FIELDS = frozenset(
    {"levelno", "lineno", "created", "msecs", "relativeCreated", "thread", "process"}
)
# Fields the filter rewrites itself; every other attribute is redacted as data.
_HANDLED_FIELDS = frozenset(
    {"msg", "args", "exc_info", "exc_text", "stack_info", "levelname", "message"}
)
# Lines that traceback and logging write verbatim; they carry no data.
_HEADER_LINES = frozenset(
    {
        "Traceback (most recent call last):",
        "Stack (most recent call last):",
        "During handling of the above exception, another exception occurred:",
        "The above exception was the direct cause of the following exception:",
    }
)


def render_message(record: logging.LogRecord) -> RedactableStr:
    """The record's message as redactable text (not yet redacted).

    Raises as ``%`` does when the template does not fit its arguments.
    """
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


def render_text(text: object) -> RedactableStr:
    """Already-rendered text (a traceback, a stack) with every line but headers marked.

    Only lines equal to a fixed header are kept: telling frames from an
    exception message that imitates them is not possible from the text alone.
    """
    if type(text) is SafeStr:
        return RedactableStr(text)
    builder = Builder()
    for line in str(text).splitlines(keepends=True):
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        if body in _HEADER_LINES:
            builder.safe(body)
        else:
            builder.unsafe(body)
        builder.safe(line[len(body) :])
    return builder.build()


class RedactingFilter(logging.Filter):
    """A ``logging.Filter`` that redacts each record in place before it is formatted."""

    def __init__(self, name: str = "", *, hash: bool = False, salt: Salt = None):
        """``hash=True`` logs hash spans as digests keyed by ``salt``, by default the
        installation key (read or made now, so a bad key fails at setup, not per line)."""
        super().__init__(name)
        self.hash = hash
        self.salt: Salt = resolve_salt(salt) if hash else check_salt(salt)

    def filter(self, record: logging.LogRecord) -> bool:
        if not super().filter(record):
            return False
        try:
            self._redact_record(record)
        except Exception:
            # Fail closed: a record that could not be redacted part by part
            # is redacted whole rather than raised into product code.
            _redact_whole(record)
        return True

    def _redact(self, text: RedactableStr) -> str:
        return str(text.redact(hash=self.hash, salt=self.salt))

    def _redact_value(self, value: object) -> object:
        """``value`` as a formatter may show it: unchanged if it cannot carry text."""
        if type(value) in _PASSING_TYPES:
            return value
        try:
            builder = Builder()
            builder.print(value)
            return self._redact(builder.build())
        except Exception:
            return REDACTED

    def _redact_record(self, record: logging.LogRecord) -> None:
        try:
            message = self._redact(render_message(record))
        except Exception:
            message = REDACTED
        record.msg = message
        record.args = None
        fields = vars(record)
        if "message" in fields:
            record.message = message
        self._redact_exception(record)
        if record.stack_info:
            record.stack_info = self._redact_text(record.stack_info)
        levelname = record.levelname
        if type(record.levelno) is not int or levelname != logging.getLevelName(record.levelno):
            fields["levelname"] = self._redact_value(levelname)
        for key, value in list(fields.items()):
            if key in _HANDLED_FIELDS:
                continue
            if key in _NUMERIC_FIELDS and type(value) in _PASSING_TYPES:
                continue
            fields[key] = self._redact_value(value)

    def _redact_exception(self, record: logging.LogRecord) -> None:
        exc_info = record.exc_info
        if exc_info and exc_info[0] is not None:
            exc_type, exc, tb = exc_info
            record.exc_text = self._redact(render_exception(exc_type, exc, tb))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self._redact_text(record.exc_text)

    def _redact_text(self, text: object) -> str:
        try:
            return self._redact(render_text(text))
        except Exception:
            return REDACTED


def _redact_whole(record: logging.LogRecord) -> None:
    """Replace every field that could carry data by ``‹×›``; never raises."""
    fields = vars(record)
    for key, value in list(fields.items()):
        if key in _NUMERIC_FIELDS and type(value) in _PASSING_TYPES:
            continue
        if key in ("args", "exc_info") or (key in ("exc_text", "stack_info") and not value):
            fields[key] = None
        else:
            fields[key] = REDACTED


__all__ = ["RedactingFilter", "render_exception", "render_message", "render_text"]
