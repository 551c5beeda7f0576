"""The event runtime: the ``Event`` base, the ``Recorder``, export modes and sinks.

Product code records generated events::

    from redactlint import events, redact
    from app.telemetry.registry import SearchSubmitted

    events.configure(events.Recorder(events.JsonLinesSink("telemetry.jsonl")))
    SearchSubmitted(query=redact.unsafe(text), result_count=n).record()

Redaction happens at export, on a copy, following :mod:`.export`. This package
imports the standard library and :mod:`redactlint.redact` only.
"""

from __future__ import annotations

from .allowlist import Allowlist, AllowlistEntry
from .default import configure, get_recorder, record
from .event import Event
from .export import MODES, Mode, Payload
from .metadata import EventMeta, FieldInfo, FieldKind, ItemKind, Sensitivity
from .recorder import Recorder
from .sinks import JsonLinesSink, LoggingSink, MemorySink, Sink
from .validation import EventValidationError

__all__ = [
    "MODES",
    "Allowlist",
    "AllowlistEntry",
    "Event",
    "EventMeta",
    "EventValidationError",
    "FieldInfo",
    "FieldKind",
    "ItemKind",
    "JsonLinesSink",
    "LoggingSink",
    "MemorySink",
    "Mode",
    "Payload",
    "Recorder",
    "Sensitivity",
    "Sink",
    "configure",
    "get_recorder",
    "record",
]
