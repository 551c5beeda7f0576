"""The base class of every generated event class.

A generated class is a frozen, slotted dataclass whose fields are the event's
properties, typed so that the type checker accepts only marked text, and whose
``META`` describes the event for export, validation and verification::

    @dataclass(frozen=True, slots=True)
    class SearchSubmitted(Event):
        META: ClassVar[EventMeta] = EventMeta(name="search.submitted", version=1, fields=(...))
        query: RedactableStr
        result_count: int

    SearchSubmitted(query=unsafe(text), result_count=n).record()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..redact.hashing import Salt
from .export import Mode, Payload, export_event
from .metadata import EventMeta

if TYPE_CHECKING:
    from .allowlist import Allowlist
    from .recorder import Recorder


class Event:
    """An event instance: immutable values, exported only through redaction."""

    __slots__ = ()

    META: ClassVar[EventMeta]

    def to_payload(
        self,
        mode: Mode = "redact",
        allowlist: Allowlist | None = None,
        *,
        salt: Salt = None,
    ) -> Payload:
        """The exported form ``{"event", "version", "properties"}``; see :mod:`.export`.

        ``salt`` keys hashed values' digests; ``None`` is the installation key.
        """
        return export_event(self, mode, allowlist, salt=salt)

    def record(self, recorder: Recorder | None = None) -> bool:
        """Record this event with ``recorder``, or with the configured default one.

        Returns whether a sink received it; see :func:`redactlint.events.record`.
        """
        from .default import record

        return record(self, recorder)
