"""The loaded form of an event schema: what every other layer reads.

Loading (``loader.py``) turns a validated JSON document into these frozen
records; lint, diff, infer and the registry generator work on them, never on
raw JSON, so a schema's meaning is decided in one place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Sensitivity = Literal["safe", "sensitive", "hashed"]
FieldType = Literal["string", "integer", "number", "boolean", "array"]
ItemType = Literal["string", "integer", "number", "boolean"]


@dataclass(frozen=True)
class FieldSchema:
    """One property of an event."""

    name: str
    type: FieldType
    required: bool
    description: str = ""
    # For strings, and arrays of strings: how the value may leave the customer.
    # Integers (and arrays of them) that are personal ids: sensitive or hashed.
    sensitivity: Sensitivity | None = None
    enum: tuple[str, ...] | None = None
    pattern: str | None = None  # JSON Schema "pattern"
    safe_if: str | None = None  # "x-safe-if": safe when it matches, redacted otherwise
    item_type: ItemType | None = None  # for arrays: the element type
    legacy_name: str | None = None  # "x-legacy-name": the key in untyped legacy calls
    pointer: str = ""  # JSON pointer of the property inside its file

    @property
    def is_text(self) -> bool:
        """True for strings and arrays of strings: the fields that need a sensitivity."""
        return self.type == "string" or (self.type == "array" and self.item_type == "string")

    @property
    def is_integer(self) -> bool:
        """True for integers and arrays of integers: numbers that may declare a sensitivity."""
        return self.type == "integer" or (self.type == "array" and self.item_type == "integer")

    @property
    def declares_sensitivity(self) -> bool:
        """True when the field's ``x-sensitivity`` counts: text, or an integer id."""
        return self.is_text or (self.is_integer and self.sensitivity is not None)


@dataclass(frozen=True)
class EventSchema:
    """One event: ``feature.action`` with its metadata and fields."""

    feature: str
    action: str
    version: int
    owner: str
    description: str
    fields: tuple[FieldSchema, ...]
    path: Path
    expires: datetime.date | None = None
    legacy_name: str | None = None  # "x-event.legacy-name": the name in legacy calls
    # Governance facts a privacy reviewer records against the event: optional, and
    # required per project by ``require-event-keys`` (RS009).
    purpose: str | None = None
    retention: str | None = None
    destination: str | None = None
    data_category: str | None = None  # "x-event.data-category": the organisation's own term
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        """The event name, ``feature.action`` (for example ``search.submitted``)."""
        return f"{self.feature}.{self.action}"

    def get_field(self, name: str) -> FieldSchema | None:
        """The field called ``name``, if the event has one."""
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        return None
