"""Reviewed exceptions: sensitive fields that may leave the customer as they are.

Each entry names an event, a field and the reason a reviewer accepted; an entry
without a reason is refused, so every exception can be audited. A field is
named by its schema property, as in exported payloads (``resultCount``, not the
Python attribute ``result_count``). A file holds one entry a line,
``<event>[@<versions>] <field> <reason...>``; blank lines and lines starting
with ``#`` are ignored::

    # event               field   reason
    search.submitted@3    query   on-premises build: data never leaves the customer
    search.submitted@2-4  page    reviewed in PRIV-12 for versions 2 to 4
    notebook.opened@5+    path    reviewed in PRIV-31, holds for later versions too
    legacy.opened         path    no version: applies to every version (not advised)

``@<versions>`` is the event version the field was reviewed for: ``@3`` (that
version), ``@2-4`` (an inclusive range) or ``@2+`` (that version and later).
An entry matches an event only when the event's version is in its range, so a
schema change that bumps the version stops the export until someone reviews
the field again. Without ``@`` the entry matches every version, as files
written before versions existed did.

What an entry does: a ``sensitive`` field (text, or an integer id) is exported
as it is, with its markers removed, in every mode. A ``hashed`` field is still
exported as its digest, never its raw value; the entry only keeps it in ``drop``
mode.

An entry is stale when its event, field or version is not in the registry, or
when its field is not sensitive (a safe field is exported anyway). Stale
entries are errors: :meth:`Allowlist.stale` lists them, :meth:`Allowlist.validate`
raises, and :meth:`Allowlist.load` does so at load time when given the registry.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .event import Event

_VERSIONS = re.compile(r"(?P<low>[0-9]+)(?:(?P<plus>\+)|-(?P<high>[0-9]+))?")


@dataclass(frozen=True, slots=True)
class AllowlistEntry:
    """One reviewed exception: ``field`` of ``event`` is exported unredacted.

    ``min_version`` and ``max_version`` bound the event versions it was reviewed
    for (inclusive; None is unbounded). ``location`` (``file:line``) is where
    the entry was read, for messages.
    """

    event: str
    field: str
    reason: str
    min_version: int | None = None
    max_version: int | None = None
    location: str = dataclasses.field(default="", compare=False)

    def __post_init__(self) -> None:
        where = f"{self.location}: " if self.location else ""
        if not self.event or not self.field:
            raise ValueError(f"{where}allowlist entry needs an event and a field name")
        if "@" in self.event:
            raise ValueError(
                f"{where}allowlist entry event {self.event!r} holds a version: "
                "use AllowlistEntry.from_text or the min_version/max_version arguments"
            )
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise ValueError(
                f"{where}allowlist entry {self.event} {self.field} has no reason: "
                "write why exporting this field unredacted is acceptable"
            )
        for bound in (self.min_version, self.max_version):
            if bound is not None and (type(bound) is not int or bound < 1):
                raise ValueError(
                    f"{where}allowlist entry {self.event} {self.field}: "
                    f"versions are integers from 1, not {bound!r}"
                )
        low, high = self.min_version, self.max_version
        if low is not None and high is not None and low > high:
            raise ValueError(
                f"{where}allowlist entry {self.event} {self.field}: "
                f"version range {low}-{high} is empty"
            )

    @classmethod
    def from_text(
        cls, event: str, field: str, reason: str, location: str = ""
    ) -> AllowlistEntry:
        """An entry whose ``event`` may carry ``@3``, ``@2-4`` or ``@2+``."""
        name, at, versions = event.partition("@")
        if not at:
            return cls(event, field, reason, location=location)
        match = _VERSIONS.fullmatch(versions)
        if not name or match is None:
            where = f"{location}: " if location else ""
            raise ValueError(
                f"{where}allowlist event {event!r}: write the versions as "
                "<event>@3, <event>@2-4 or <event>@2+"
            )
        low = int(match["low"])
        high = None if match["plus"] else int(match["high"] or low)
        return cls(name, field, reason, low, high, location=location)

    @property
    def versions(self) -> str:
        """The reviewed versions as written in a file: ``@3``, ``@2-4``, ``@2+``, or ``""``."""
        low, high = self.min_version, self.max_version
        if low is None and high is None:
            return ""
        if high is None:
            return f"@{low}+"
        if low == high:
            return f"@{low}"
        return f"@{low or 1}-{high}"

    def covers(self, version: int) -> bool:
        """True when the entry was reviewed for ``version`` of its event."""
        low, high = self.min_version, self.max_version
        return (low is None or version >= low) and (high is None or version <= high)


class Allowlist:
    """A set of :class:`AllowlistEntry`, looked up by event, field and version."""

    __slots__ = ("_by_key", "_entries")

    def __init__(self, entries: Iterable[AllowlistEntry | tuple[str, str, str]] = ()) -> None:
        built = [
            entry if isinstance(entry, AllowlistEntry) else AllowlistEntry.from_text(*entry)
            for entry in entries
        ]
        self._entries = tuple(built)
        by_key: dict[tuple[str, str], list[AllowlistEntry]] = {}
        for entry in built:
            by_key.setdefault((entry.event, entry.field), []).append(entry)
        self._by_key = {key: tuple(found) for key, found in by_key.items()}

    @classmethod
    def parse(
        cls,
        text: str,
        source: str = "<allowlist>",
        registry: Mapping[str, type[Event]] | None = None,
    ) -> Allowlist:
        """Read entries from the one-a-line text format; errors name ``source:line``.

        With ``registry``, stale entries are refused too (see :meth:`validate`).
        """
        entries = []
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            parts = stripped.split(None, 2)
            if len(parts) < 3:
                raise ValueError(
                    f"{source}:{number}: expected '<event> <field> <reason>' (the event may "
                    "carry @<versions>), and the reason must not be empty"
                )
            entries.append(
                AllowlistEntry.from_text(parts[0], parts[1], parts[2].strip(), f"{source}:{number}")
            )
        allowlist = cls(entries)
        if registry is not None:
            allowlist.validate(registry)
        return allowlist

    @classmethod
    def load(
        cls, path: Path | str, registry: Mapping[str, type[Event]] | None = None
    ) -> Allowlist:
        """Read an allowlist file (UTF-8); with ``registry``, refuse stale entries."""
        return cls.parse(Path(path).read_text(encoding="utf-8"), str(path), registry)

    @property
    def entries(self) -> tuple[AllowlistEntry, ...]:
        """The entries, in the order given."""
        return self._entries

    def allows(self, event: str, field: str, version: int | None = None) -> bool:
        """True when an entry names ``field`` of ``event`` for ``version``.

        Without ``version`` any entry for the field counts, whatever versions it
        names (for callers that only ask whether a field is listed at all).
        """
        found = self._by_key.get((event, field), ())
        return any(version is None or entry.covers(version) for entry in found)

    def stale(self, registry: Mapping[str, type[Event]]) -> list[str]:
        """One message per entry that does not apply to ``registry``, prefixed by its location.

        An entry is stale when its event, field or versions are not in the
        registry, or its field is not sensitive. ``redactlint verify`` reports these.
        """
        problems = []
        for entry in self._entries:
            problem = _stale_reason(entry, registry)
            if problem is not None:
                problems.append(f"{entry.location}: {problem}" if entry.location else problem)
        return problems

    def validate(self, registry: Mapping[str, type[Event]]) -> None:
        """Raise ``ValueError`` naming every stale entry; see :meth:`stale`.

        A stale entry is an error rather than a no-op: it would silently
        allow a field that a later schema adds under the same name, or one
        whose meaning changed with the event's version.
        """
        problems = self.stale(registry)
        if problems:
            raise ValueError("; ".join(problems))

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Allowlist({list(self._entries)!r})"


def _stale_reason(entry: AllowlistEntry, registry: Mapping[str, type[Event]]) -> str | None:
    cls = registry.get(entry.event)
    if cls is None:
        return f"allowlist names unknown event {entry.event!r}"
    meta = cls.META
    info = meta.get_field(entry.field)
    if info is None:
        problem = f"allowlist names unknown field {entry.field!r} of event {entry.event!r}"
        attribute = meta.get_attribute(entry.field)
        if attribute is not None:
            problem += f" (that is the Python attribute; name the field {attribute.name!r})"
        return problem
    if not entry.covers(meta.version):
        return (
            f"allowlist entry {entry.event}{entry.versions} {entry.field} was reviewed for "
            f"other versions than the registry's version {meta.version}: review the field "
            f"again and write {entry.event}@{meta.version}"
        )
    if not info.is_sensitive:
        declared = info.sensitivity or "not declared sensitive"
        return (
            f"allowlist names field {entry.field!r} of event {entry.event!r}, which is "
            f"{declared} and exported anyway: remove the entry"
        )
    return None
