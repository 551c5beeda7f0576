"""Reading and writing source files without ever losing or corrupting one.

A file is read once as bytes and decoded as Python does (BOM, coding comment);
the rewritten text is encoded back the same way and written to a temporary file
in the same directory, flushed, given the original's permissions, then renamed
over it. If the file changed on disk since it was read, it is left alone.
"""

from __future__ import annotations

import codecs
import io
import tokenize
from dataclasses import dataclass
from pathlib import Path

from ..analysis.sources import read_source
from ..atomic import atomic_write


class FileChanged(Exception):
    """The file changed on disk between reading and writing; it was not overwritten."""


@dataclass(frozen=True)
class SourceFile:
    """A file's original bytes and how to write text back the same way."""

    path: Path
    data: bytes
    encoding: str
    bom: bool
    text: str

    @classmethod
    def read(cls, path: Path) -> SourceFile:
        data = read_source(path)  # a FIFO or a device is refused, never read
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        bom = data.startswith(codecs.BOM_UTF8)
        text = data.decode("utf-8-sig" if bom else encoding)
        return cls(path, data, "utf-8" if encoding == "utf-8-sig" else encoding, bom, text)

    def encode(self, text: str) -> bytes:
        data = text.encode(self.encoding)
        return codecs.BOM_UTF8 + data if self.bom else data

    def write(self, text: str) -> None:
        """Replace the file's content atomically; raise FileChanged if it moved on."""
        new = self.encode(text)
        if read_source(self.path) != self.data:
            raise FileChanged(str(self.path))
        atomic_write(self.path, new)
