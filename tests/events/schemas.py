"""EventSchema records built directly, covering every field shape the generator maps."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from redactlint.schema.model import EventSchema, FieldSchema

NOTES = 'Say """hi""" \\ to C:\\temp and "quotes"\x07 at the end"'


def _raw(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


SEARCH = EventSchema(
    feature="search",
    action="submitted",
    version=2,
    owner="search-team",
    description="A user ran a search: how it went, never what was searched.",
    fields=(
        FieldSchema("query", "string", True, "The query as typed.", sensitivity="sensitive"),
        FieldSchema(
            "patternType", "string", True, "How the query is read.", sensitivity="safe",
            enum=("literal", "regexp"),
        ),
        FieldSchema("resultCount", "integer", True, "Results returned."),
        FieldSchema("durationMs", "number", False, "Time to first result."),
        FieldSchema("cached", "boolean", False, "Served from cache."),
        FieldSchema("label", "string", False, NOTES, sensitivity="safe"),
        FieldSchema("repo", "string", False, "Repository searched.", sensitivity="hashed"),
        FieldSchema(
            "scopes", "array", False, "Scopes.", sensitivity="safe", item_type="string"
        ),
        FieldSchema(
            "terms", "array", False, "Terms.", sensitivity="sensitive", item_type="string"
        ),
        FieldSchema("pages", "array", False, "Result pages.", item_type="integer"),
    ),
    path=Path("schemas/search.submitted.json"),
    raw=_raw(
        {
            "query": {"type": "string", "x-sensitivity": "sensitive"},
            "patternType": {
                "type": "string",
                "enum": ["literal", "regexp"],
                "x-sensitivity": "safe",
            },
            "resultCount": {"type": "integer", "minimum": 0},
            "durationMs": {"type": "number", "minimum": 0.5},
            "cached": {"type": "boolean"},
            "label": {"type": "string", "x-sensitivity": "safe", "description": NOTES},
            "repo": {"type": "string", "x-sensitivity": "hashed"},
            "scopes": {"type": "array", "items": {"type": "string"}, "x-sensitivity": "safe"},
            "terms": {"type": "array", "items": {"type": "string"}, "x-sensitivity": "sensitive"},
            "pages": {"type": "array", "items": {"type": "integer"}},
        },
        ["query", "patternType", "resultCount"],
    ),
)

PAGE_VIEWED = EventSchema(
    feature="notebook",
    action="pageViewed",
    version=1,
    owner="notebooks",
    description="A notebook page was opened.",
    fields=(
        FieldSchema(
            "page", "string", True, "The page kind.", sensitivity="sensitive",
            safe_if="^(list|view|edit)$",
        ),
        FieldSchema("notebookId", "string", True, "The notebook.", sensitivity="hashed"),
    ),
    path=Path("schemas/notebook.pageViewed.json"),
    expires=datetime.date(2031, 1, 31),
    raw=_raw(
        {
            "page": {
                "type": "string",
                "x-sensitivity": "sensitive",
                "x-safe-if": "^(list|view|edit)$",
            },
            "notebookId": {"type": "string", "x-sensitivity": "hashed"},
        },
        ["page", "notebookId"],
    ),
)

GO_TO_DEFINITION = EventSchema(
    feature="codeIntel",
    action="goToDefinition",
    version=1,
    owner="",
    description="",
    fields=(FieldSchema("precise", "boolean", True),),
    path=Path("schemas/codeIntel.goToDefinition.json"),
)

ALL = (SEARCH, PAGE_VIEWED, GO_TO_DEFINITION)
