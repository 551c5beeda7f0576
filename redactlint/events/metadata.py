"""What an event class declares about itself: its name, version, expiry and fields.

The registry generator writes one :class:`EventMeta` per event class; export,
validation and ``redactlint verify`` read it, so the schema's privacy decisions
travel with the class into production code without the schema files.
"""

from __future__ import annotations

import datetime
import keyword
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Sensitivity = Literal["safe", "sensitive", "hashed"]
FieldKind = Literal["string", "integer", "number", "boolean", "array"]
ItemKind = Literal["string", "integer", "number", "boolean"]


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """One field of an event and how its value may leave the customer.

    ``name`` is the schema's property name, the key in exported payloads and
    allowlists; ``attribute`` is the Python attribute holding the value on the
    event class (``resultCount`` → ``result_count``). Omitted, ``attribute``
    is ``name`` itself; the generator always writes it.
    """

    name: str
    kind: FieldKind
    attribute: str = field(default="", kw_only=True)
    # For text, None is treated as sensitive; integers (personal ids) may be
    # ``sensitive`` or ``hashed``, and None means an ordinary number.
    sensitivity: Sensitivity | None = None
    safe_if: str | None = None  # a value matching this regex (whole) is exported as safe
    enum: tuple[str, ...] | None = None  # the allowed text values
    item_kind: ItemKind | None = None  # for arrays: the element kind
    required: bool = False

    def __post_init__(self) -> None:
        if not self.attribute:
            object.__setattr__(self, "attribute", self.name)
        if not self.attribute.isidentifier() or keyword.iskeyword(self.attribute):
            where = "" if self.attribute == self.name else f" (attribute {self.attribute!r})"
            raise ValueError(
                f"field {self.name!r}{where} needs a Python identifier as its attribute"
            )
        integer_ok = self.is_integer and self.sensitivity != "safe"
        if self.sensitivity is not None and not self.is_text and not integer_ok:
            raise ValueError(
                f"field {self.name!r}: only text and integer fields declare a sensitivity, "
                f"and integers only sensitive or hashed, not {self.sensitivity!r}"
            )

    @property
    def is_text(self) -> bool:
        """True for strings and arrays of strings: the fields whose values are marked."""
        return self.kind == "string" or (self.kind == "array" and self.item_kind == "string")

    @property
    def is_integer(self) -> bool:
        """True for integers and arrays of integers: the numbers that may be personal ids."""
        return self.kind == "integer" or (self.kind == "array" and self.item_kind == "integer")

    @property
    def is_sensitive(self) -> bool:
        """True for text not reviewed as safe (``sensitive``, ``hashed`` or undeclared)
        and for integers declared ``sensitive`` or ``hashed``."""
        if self.is_text:
            return self.sensitivity != "safe"
        return self.is_integer and self.sensitivity in ("sensitive", "hashed")

    @property
    def is_literal_enum(self) -> bool:
        """True when the field takes one of its enum values as a plain ``str`` constant.

        Only safe enums: their values were reviewed in the schema, and the
        ``Literal`` type lets the type checker admit nothing else.
        """
        return self.enum is not None and self.sensitivity == "safe"


@dataclass(frozen=True, slots=True)
class EventMeta:
    """The class-level description of one event.

    ``expires`` is an ISO date (``YYYY-MM-DD``), the last day the event is
    recorded; it is text so that generated modules need no ``datetime`` import.
    ``schema`` is the event's JSON Schema, used only when a recorder validates.
    """

    name: str
    version: int
    fields: tuple[FieldInfo, ...]
    expires: str | None = None
    schema: Mapping[str, Any] | None = field(default=None, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.expires is not None:
            try:
                datetime.date.fromisoformat(self.expires)
            except ValueError:
                raise ValueError(
                    f"event {self.name!r}: expires must be a date written YYYY-MM-DD, "
                    f"not {self.expires!r}"
                ) from None
        names = [info.name for info in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"event {self.name!r}: field names repeat")
        attributes = [info.attribute for info in self.fields]
        if len(set(attributes)) != len(attributes):
            raise ValueError(f"event {self.name!r}: field attributes repeat")

    @property
    def expires_on(self) -> datetime.date | None:
        """The expiry as a date."""
        return None if self.expires is None else datetime.date.fromisoformat(self.expires)

    def get_field(self, name: str) -> FieldInfo | None:
        """The field whose schema property (payload key) is ``name``, if any."""
        for info in self.fields:
            if info.name == name:
                return info
        return None

    def get_attribute(self, attribute: str) -> FieldInfo | None:
        """The field held in the Python attribute ``attribute``, if any."""
        for info in self.fields:
            if info.attribute == attribute:
                return info
        return None
