"""Skip, on the raw bytes, every file that cannot contain a finding.

A finding needs one of: a sink call (whose callee's last name, a generated
event class's name or a ``*.method`` name is then written in the file, since the
checker resolves calls through names it can see), the runtime or a directive
(``redactlint``), a ``__safe_format__`` method, or a marker character in a
literal. A file whose bytes contain none of these words cannot produce one, so
it is skipped before decoding or parsing. Files declaring an encoding in which
marker characters are neither UTF-8 bytes nor impossible (cp1252...) are
never skipped. Syntax errors and undecodable bytes
are reported for the files that are checked: a file that mentions no sink and
no runtime cannot leak, whatever its syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .config import SinkSpec
from .registry import Registry

_ALWAYS = (
    b"redactlint",
    b"__safe_format__",
    "\u2039".encode(),
    "\u203a".encode(),
    "\u2020".encode(),
)
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.MULTILINE)
# Encodings where the marker characters are either UTF-8 bytes or cannot occur.
_PLAIN_ENCODINGS = frozenset({"utf-8", "utf8", "ascii", "latin-1", "latin1", "iso-8859-1"})


class Prefilter:
    """Decides from a file's bytes whether it needs to be checked."""

    def __init__(self, words: Iterable[bytes]) -> None:
        self.words = tuple(sorted(set(words), key=len, reverse=True))
        self._pattern = re.compile(b"|".join(re.escape(word) for word in self.words))

    @classmethod
    def build(cls, sinks: Iterable[SinkSpec], registry: Registry) -> Prefilter:
        words = list(_ALWAYS)
        for sink in sinks:
            words.append(sink.call.rsplit(".", 1)[-1].encode())
        for qualname in registry.classes:
            words.append(qualname.rsplit(".", 1)[-1].encode())
        return cls(words)

    def needs_check(self, data: bytes) -> bool:
        """True unless the bytes certainly hold nothing the checker reports."""
        if self._pattern.search(data) is not None:
            return True
        declared = _CODING.search(b"\n".join(data[:1024].splitlines()[:2]))
        if declared is None:
            return False
        name = declared.group(1).decode("ascii", "replace").lower().replace("_", "-")
        return not any(name == plain or name.startswith(plain + "-") for plain in _PLAIN_ENCODINGS)
