"""Hand-written event classes shaped like generated ones, for the runtime tests.

``SearchSubmitted`` holds camelCase properties in snake_case attributes, as
generated classes do; ``LegacyOpened`` relies on the attribute defaulting to
the property name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from redactlint.events import Event, EventMeta, FieldInfo
from redactlint.redact import RedactableStr, SafeStr

SEARCH_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "query": {"type": "string", "x-sensitivity": "sensitive"},
        "patternType": {
            "type": "string",
            "enum": ["literal", "regexp"],
            "x-sensitivity": "safe",
        },
        "resultCount": {"type": "integer", "minimum": 0},
        "durationMs": {"type": "number"},
        "label": {"type": "string", "x-sensitivity": "safe"},
        "repo": {"type": "string", "x-sensitivity": "hashed"},
        "page": {
            "type": "string",
            "x-sensitivity": "sensitive",
            "x-safe-if": "^(list|view)$",
        },
        "terms": {"type": "array", "items": {"type": "string"}, "x-sensitivity": "sensitive"},
        "scopes": {"type": "array", "items": {"type": "string"}, "x-sensitivity": "safe"},
        "cached": {"type": "boolean"},
    },
    "required": ["query", "patternType", "resultCount"],
    "additionalProperties": False,
}


@dataclass(frozen=True, slots=True)
class SearchSubmitted(Event):
    """Every kind of field the runtime handles."""

    META: ClassVar[EventMeta] = EventMeta(
        name="search.submitted",
        version=3,
        fields=(
            FieldInfo("query", "string", sensitivity="sensitive", required=True),
            FieldInfo(
                "patternType",
                "string",
                attribute="pattern_type",
                sensitivity="safe",
                enum=("literal", "regexp"),
                required=True,
            ),
            FieldInfo("resultCount", "integer", attribute="result_count", required=True),
            FieldInfo("durationMs", "number", attribute="duration_ms"),
            FieldInfo("label", "string", sensitivity="safe"),
            FieldInfo("repo", "string", sensitivity="hashed"),
            FieldInfo("page", "string", sensitivity="sensitive", safe_if="^(list|view)$"),
            FieldInfo("terms", "array", sensitivity="sensitive", item_kind="string"),
            FieldInfo("scopes", "array", sensitivity="safe", item_kind="string"),
            FieldInfo("cached", "boolean"),
        ),
        schema=SEARCH_SCHEMA,
    )

    query: RedactableStr
    pattern_type: Literal["literal", "regexp"]
    result_count: int
    duration_ms: float | None = None
    label: SafeStr | None = None
    repo: RedactableStr | None = None
    page: RedactableStr | None = None
    terms: tuple[RedactableStr, ...] | None = None
    scopes: tuple[SafeStr, ...] | None = None
    cached: bool | None = None


@dataclass(frozen=True, slots=True)
class LegacyOpened(Event):
    """An event past its expiry date, without a schema."""

    META: ClassVar[EventMeta] = EventMeta(
        name="legacy.opened",
        version=1,
        fields=(FieldInfo("count", "integer", required=True),),
        expires="2024-06-30",
    )

    count: int
