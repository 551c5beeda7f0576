from __future__ import annotations

from ..findings import Finding
from .base import Rule, reason


class UndecodableFile(Rule):
    """The file cannot be read as text in its declared encoding.

    ## What it does
    Reports a file whose bytes are not valid in its encoding (UTF-8 unless a
    PEP 263 coding comment says otherwise), or that cannot be read at all.

    ## Why is this bad?
    A file that cannot be decoded cannot be checked. The run goes on with the
    other files.

    ## Example
    A Latin-1 file without a coding comment: ``b"name = '\\xe9'"``.

    ## Use instead
    Save the file as UTF-8, or declare its encoding: ``# -*- coding: latin-1 -*-``.
    """

    code = "RL902"
    name = "undecodable-file"
    category = "file"
    severity = "warning"  # the file could not be checked at all

    @classmethod
    def unreadable(cls, path: str, error: OSError) -> Finding:
        """The finding for a file that could not be read (a FIFO or a device is refused
        as one too)."""
        return cls.file_finding(
            path, f"cannot read the file: {error.strerror or type(error).__name__}"
        )

    @classmethod
    def undecodable(cls, path: str, error: BaseException) -> Finding:
        """The finding for bytes that are not text in the file's declared encoding (or
        a coding comment naming no known encoding)."""
        if isinstance(error, UnicodeDecodeError) and isinstance(error.object, bytes):
            line, column = _position(error.object, error.start)
            byte = error.object[error.start : error.start + 1].hex()
            return cls.file_finding(
                path,
                f"cannot decode the file: byte 0x{byte} is not {error.encoding}",
                line,
                column,
            )
        return cls.file_finding(path, f"cannot decode the file: {reason(error)}")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and character column of byte ``offset``, as an editor shows
    it (the line's earlier bytes decoded leniently)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset].decode("utf-8", errors="replace")
    return data.count(b"\n", 0, offset) + 1, len(before) + 1
