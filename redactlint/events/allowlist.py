"""Reviewed exceptions: sensitive fields that may leave the customer as they are.

Each entry names an event, a field and the reason a reviewer accepted; an entry
without a reason is refused, so every exception can be audited. A field is
named by its schema property, as in exported payloads (``resultCount``, not the
Python attribute ``result_count``). A file holds
one entry a line, ``<event> <field> <reason...>``; blank lines and lines
starting with ``#`` are ignored::

    # event             field   reason
    search.submitted    query   on-premises build: data never leaves the customer
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .event import Event


@dataclass(frozen=True, slots=True)
class AllowlistEntry:
    """One reviewed exception: ``field`` of ``event`` is exported unredacted."""

    event: str
    field: str
    reason: str

    def __post_init__(self) -> None:
        if not self.event or not self.field:
            raise ValueError("allowlist entry needs an event and a field name")
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise ValueError(
                f"allowlist entry {self.event} {self.field} has no reason: "
                "write why exporting this field unredacted is acceptable"
            )


class Allowlist:
    """A set of :class:`AllowlistEntry`, looked up by event and field name."""

    __slots__ = ("_entries", "_keys")

    def __init__(self, entries: Iterable[AllowlistEntry | tuple[str, str, str]] = ()) -> None:
        built = [
            entry if isinstance(entry, AllowlistEntry) else AllowlistEntry(*entry)
            for entry in entries
        ]
        self._entries = tuple(built)
        self._keys = frozenset((entry.event, entry.field) for entry in built)

    @classmethod
    def parse(cls, text: str, source: str = "<allowlist>") -> Allowlist:
        """Read entries from the one-a-line text format; errors name ``source:line``."""
        entries = []
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            parts = stripped.split(None, 2)
            if len(parts) < 3:
                raise ValueError(
                    f"{source}:{number}: expected '<event> <field> <reason>', "
                    "and the reason must not be empty"
                )
            entries.append(AllowlistEntry(parts[0], parts[1], parts[2].strip()))
        return cls(entries)

    @classmethod
    def load(cls, path: Path | str) -> Allowlist:
        """Read an allowlist file (UTF-8)."""
        return cls.parse(Path(path).read_text(encoding="utf-8"), str(path))

    @property
    def entries(self) -> tuple[AllowlistEntry, ...]:
        """The entries, in the order given."""
        return self._entries

    def allows(self, event: str, field: str) -> bool:
        """True when ``field`` of ``event`` is exported unredacted."""
        return (event, field) in self._keys

    def validate(self, registry: Mapping[str, type[Event]]) -> None:
        """Raise ``ValueError`` naming every entry whose event or field does not exist.

        A stale entry is an error rather than a no-op: it would silently
        allow a field that a later schema adds under the same name.
        """
        problems = []
        for entry in self._entries:
            cls = registry.get(entry.event)
            if cls is None:
                problems.append(f"allowlist names unknown event {entry.event!r}")
            elif cls.META.get_field(entry.field) is None:
                problem = f"allowlist names unknown field {entry.field!r} of event {entry.event!r}"
                info = cls.META.get_attribute(entry.field)
                if info is not None:
                    problem += f" (that is the Python attribute; name the field {info.name!r})"
                problems.append(problem)
        if problems:
            raise ValueError("; ".join(problems))

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Allowlist({list(self._entries)!r})"
