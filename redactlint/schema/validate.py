"""Check one parsed event schema: redactlint's meta-schema, JSON Schema itself, its regexes.

The meta-schema (``event.schema.json``, shipped in the package) fixes the shape;
the checks here cover what JSON Schema cannot say: that regexes compile in
Python, that ``x-safe-if`` is anchored as a whole, and that ``required`` names
existing properties. Naming, metadata and sensitivity are left to the linter,
which can explain them rule by rule.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from .anchors import is_anchored
from .problems import json_pointer

META_SCHEMA_FILE = "event.schema.json"


@functools.cache
def meta_schema() -> dict[str, Any]:
    """redactlint's meta-schema for one event schema file."""
    text = resources.files("redactlint.schema").joinpath(META_SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@functools.cache
def _event_validator() -> Draft202012Validator:
    return Draft202012Validator(meta_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


@functools.cache
def _json_schema_validator() -> Draft202012Validator:
    return Draft202012Validator(Draft202012Validator.META_SCHEMA)


def check_document(document: object) -> list[tuple[str, str]]:
    """Every ``(pointer, message)`` that makes ``document`` unusable as an event schema."""
    found = _schema_errors(_event_validator(), document)
    if found:
        return found  # the checks below rely on the shape the meta-schema guarantees
    found = _schema_errors(_json_schema_validator(), document)
    if found:
        return [(pointer, f"not a valid JSON Schema: {message}") for pointer, message in found]
    assert isinstance(document, dict)
    return _regex_problems(document) + _required_problems(document)


def _schema_errors(validator: Draft202012Validator, document: object) -> list[tuple[str, str]]:
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    return [(json_pointer(error.absolute_path), _message(error)) for error in errors]


def _message(error: ValidationError) -> str:
    """The meta-schema's own ``errorMessage`` where it has one, else jsonschema's message."""
    custom = error.schema.get("errorMessage") if isinstance(error.schema, dict) else None
    if not isinstance(custom, str):
        return error.message
    if error.validator == "not" or not isinstance(error.instance, str | int | float):
        return custom
    return f"{custom} (got {error.instance!r})"


def _regex_problems(document: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name, prop in document["properties"].items():
        base = ["properties", name]
        candidates = [(base, prop), ([*base, "items"], prop.get("items", {}))]
        for parts, schema in candidates:
            for keyword in ("pattern", "x-safe-if"):
                if keyword in schema:
                    found.extend(_check_regex(json_pointer([*parts, keyword]), schema[keyword]))
    return found


def _check_regex(pointer: str, pattern: str) -> list[tuple[str, str]]:
    try:
        re.compile(pattern)
    except re.error as exc:
        return [(pointer, f"invalid regular expression {pattern!r}: {exc}")]
    if pointer.endswith("/x-safe-if") and not is_anchored(pattern):
        message = f"x-safe-if {pattern!r} is not anchored as a whole; group alternatives: ^(a|b)$"
        return [(pointer, message)]
    return []


def _required_problems(document: dict[str, Any]) -> list[tuple[str, str]]:
    properties = document["properties"]
    return [
        (json_pointer(["required", index]), f"required names {name!r}, which is not a property")
        for index, name in enumerate(document.get("required", []))
        if name not in properties
    ]
