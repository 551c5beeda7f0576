"""Skip, on the raw bytes, every file that cannot contain a finding.

A finding needs one of: a sink call (whose callee's last name, a generated
event class's name or a ``*.method`` name is then written in the file, with the
sink's top-level module imported by name or a relative import, since the checker
resolves calls only through imports it can see), the runtime or a directive
(``redactlint``), a ``__safe_format__`` method, or a marker character in a
literal; with ``logging = true``, the word ``logging`` or a level method called
on something (``.info``). A file whose bytes contain none of these words cannot
produce one, so it is skipped before decoding or parsing. Files declaring an
encoding in which marker characters are neither UTF-8 bytes nor impossible
(cp1252...) are never skipped. Syntax errors and undecodable bytes
are reported for the files that are checked: a file that mentions no sink and
no runtime cannot leak, whatever its syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .config import SinkSpec
from .logging_calls import PREFILTER_WORDS
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


# The top-level modules of the telemetry libraries whose event calls ``init`` knows
# (``redactlint.init.vendors``): a file importing one is checked, so that a call of the
# library no declared sink covers can be named.
TELEMETRY_LIBRARIES = (
    "amplitude", "analytics", "jupyter_events", "mixpanel", "posthog", "rudder_analytics",
    "rudderstack", "segment", "snowplow_tracker",
)
_TELEMETRY_WORDS = tuple(name.encode() for name in TELEMETRY_LIBRARIES)
_TELEMETRY_IMPORT = re.compile(
    rb"^[ \t]*(?:from|import)[ \t]+(?:" + b"|".join(_TELEMETRY_WORDS) + rb")\b", re.MULTILINE
)


def imports_telemetry_library(data: bytes) -> bool:
    """Whether a file's bytes import one of ``TELEMETRY_LIBRARIES`` (a word test first:
    most files name none of them)."""
    return any(word in data for word in _TELEMETRY_WORDS) and (
        _TELEMETRY_IMPORT.search(data) is not None
    )


class Prefilter:
    """Decides from a file's bytes whether it needs to be checked.

    A file needs a check when it holds any word of ``always``, or, for some
    declared sink, both the sink's last name and either its top-level module's
    name or a relative import: the checker resolves a call to ``a.b.track`` only
    through an import that names ``a`` (or, inside the package, a relative one).
    Each test is a ``bytes.find``, which scans far faster than a regex alternation.
    """

    def __init__(
        self, always: Iterable[bytes], pairs: Iterable[tuple[bytes, bytes | None]] = ()
    ) -> None:
        self.always = tuple(sorted(set(always), key=len, reverse=True))
        # (last name, module) pairs; module None: the last name alone suffices.
        self.pairs = tuple(sorted(set(pairs), key=lambda pair: (pair[1] is None, pair)))

    @classmethod
    def build(
        cls, sinks: Iterable[SinkSpec], registry: Registry, *, logging: bool = False
    ) -> Prefilter:
        """``logging``: the standard library's logging calls are sinks too."""
        always = list(_ALWAYS)
        if logging:
            always += PREFILTER_WORDS
        pairs: list[tuple[bytes, bytes | None]] = []
        for sink in sinks:
            parts = sink.call.split(".")
            if parts[0] == "*" or len(parts) == 1:
                pairs.append((parts[-1].encode(), None))
            elif parts[-1] == "__call__" and len(parts) > 2:
                # Its objects are called by whatever name holds one, imported from the
                # module that makes it (which that import names) or made in the file.
                pairs.append((parts[-3].encode(), parts[0].encode()))
                always.append(parts[-2].encode())
            else:
                pairs.append((parts[-1].encode(), parts[0].encode()))
        for qualname in registry.classes:
            always.append(qualname.rsplit(".", 1)[-1].encode())
        return cls(always, pairs)

    def needs_check(self, data: bytes) -> bool:
        """True unless the bytes certainly hold nothing the checker reports."""
        for word in self.always:
            if word in data:
                return True
        relative: bool | None = None
        for last, module in self.pairs:
            if last not in data:
                continue
            if module is None or module in data:
                return True
            if relative is None:
                relative = b"from ." in data
            if relative:
                return True
        return self._declares_other_encoding(data)

    @staticmethod
    def _declares_other_encoding(data: bytes) -> bool:
        if b"coding" not in data[:1024]:
            return False
        declared = _CODING.search(b"\n".join(data[:1024].splitlines()[:2]))
        if declared is None:
            return False
        name = declared.group(1).decode("ascii", "replace").lower().replace("_", "-")
        return not any(name == plain or name.startswith(plain + "-") for plain in _PLAIN_ENCODINGS)
