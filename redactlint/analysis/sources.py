"""Reading a source file safely, and decoding it as Python does."""

from __future__ import annotations

import ast
import errno
import io
import os
import re
import stat
import tokenize
from pathlib import Path

from .stack import on_deep_stack


def read_source(path: Path) -> bytes:
    """A file's bytes; anything but a regular file is refused with ``OSError``.

    A FIFO named ``x.py`` would block the run forever and a link to a device
    might never end, so they are reported as unreadable instead of read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


def decode(data: bytes) -> str:
    """Decode source as Python does: BOM, PEP 263 coding comment, else UTF-8."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def parse_source(source: str, filename: str) -> ast.Module:
    """``ast.parse`` of decoded source, retried on a deep stack when the parser runs out
    of recursion (how deep it may go depends on how deep its caller already is)."""
    try:
        return ast.parse(source, filename=filename)
    except RecursionError:
        return on_deep_stack(lambda: ast.parse(source, filename=filename))


# What reading, decoding and parsing a file may raise (``read_source``, ``decode``,
# ``parse_source``) for a file that is not a readable Python module.
UNREADABLE = (OSError, SyntaxError, UnicodeDecodeError, LookupError, ValueError, RecursionError,
              MemoryError)


LINE_END = re.compile(r"\r\n|\r|\n")


def physical_lines(source: str) -> list[str]:
    """The lines as Python numbers them: only ``\\n``, ``\\r\\n`` and ``\\r`` end one.

    ``str.splitlines`` also splits at form feeds and other separators, which would
    shift every later line against the parser's line numbers.
    """
    return LINE_END.split(source)


def file_lines(path: Path) -> list[str]:
    """A file's physical lines, to show or fingerprint what a finding is about: read as
    ``check`` reads it (a FIFO refused), decoded as Python does, else leniently as UTF-8;
    none when it cannot be read."""
    try:
        data = read_source(path)
    except OSError:
        return []
    try:
        text = decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        text = data.decode("utf-8", errors="replace")
    return physical_lines(text)
