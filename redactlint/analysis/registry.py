"""What the checker knows of the events: names, classes, fields, from the schemas.

The generated registry module is derived from the schemas, so the checker reads
the schemas (not the generated file) and derives the same class names, constant
names, attribute names and field order with the generator's own functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..schema.model import EventSchema, FieldSchema
from ..schema.naming import attribute_name, class_name, constant_name, ordered_fields
from .scopes import module_name_for


@dataclass(frozen=True)
class EventInfo:
    """One event as the checker sees it."""

    schema: EventSchema
    by_attribute: dict[str, FieldSchema]  # keyword arguments of the generated class
    by_key: dict[str, FieldSchema]  # property names and legacy names, for mappings
    positional: tuple[FieldSchema, ...]  # the generated class's field order

    @property
    def name(self) -> str:
        return self.schema.name


@dataclass
class Registry:
    """Events by name, legacy name, generated class and name constant."""

    events: dict[str, EventInfo] = field(default_factory=dict)
    legacy: dict[str, EventInfo] = field(default_factory=dict)
    classes: dict[str, EventInfo] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    module: str | None = None

    @classmethod
    def build(cls, schemas: Iterable[EventSchema], registry_path: Path | None) -> Registry:
        module = module_name_for(str(registry_path)) if registry_path is not None else None
        registry = cls(module=module)
        for schema in schemas:
            info = EventInfo(
                schema,
                {attribute_name(f.name): f for f in schema.fields},
                {
                    **{f.legacy_name: f for f in schema.fields if f.legacy_name},
                    **{f.name: f for f in schema.fields},
                },
                tuple(ordered_fields(schema)),
            )
            registry.events[schema.name] = info
            if schema.legacy_name:
                registry.legacy[schema.legacy_name] = info
            if module is not None:
                registry.classes[f"{module}.{class_name(schema)}"] = info
                registry.constants[f"{module}.{constant_name(schema)}"] = schema.name
        return registry

    def event(self, name: str) -> EventInfo | None:
        """The event called ``name``, by its schema name or its legacy name."""
        return self.events.get(name) or self.legacy.get(name)

    @property
    def known(self) -> bool:
        """True when schemas were loaded, so schema conformance can be checked."""
        return bool(self.events)
