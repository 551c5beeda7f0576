"""What a value validated by a schema library holds.

``item = schema.load(request.json)`` raises unless the request matches the marshmallow
schema: after it, ``request.json["dashboard"]`` is what the schema's ``dashboard =
fields.Integer()`` accepts, and ``item["dashboard"]`` what it loads. Only fields whose
kind tells are narrowed: numbers, booleans, dates (loaded), enums and strings validated
``OneOf`` safe choices; a plain ``fields.String`` stays text of unknown safety. A
``pre_load`` hook may change the input before it is validated (then the input is not
narrowed), a ``post_load`` hook what is loaded (then that is not). The checker never reads
marshmallow itself: these tables are what it assumes of it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .kinds import BOOL, DATETIME, NONE, NUMBER, SAFE_TEXT, Kind, Value, join

if TYPE_CHECKING:
    from .facts import ProjectFacts
    from .safety import Evaluator

SCHEMA_BASES = frozenset({"marshmallow.Schema", "marshmallow.schema.Schema"})
_NUMBERS = frozenset({"Integer", "Int", "Float", "Decimal", "Number"})
_BOOLS = frozenset({"Boolean", "Bool"})
_STRINGS = frozenset({"String", "Str"})
# Loaded as date/time objects; the request still holds the text they were parsed from.
_HOOKS = frozenset({"pre_load", "post_load"})
_DATES = frozenset({
    "DateTime", "NaiveDateTime", "AwareDateTime", "Date", "Time", "TimeDelta",
})


@dataclass
class SchemaFields:
    """A schema's narrowed fields: by the key the input uses, and by the loaded key."""

    raw: dict[str, Value] = field(default_factory=dict)
    loaded: dict[str, Value] = field(default_factory=dict)


def schema_fields(facts: ProjectFacts, classes: frozenset[str]) -> SchemaFields | None:
    """The fields of the one marshmallow schema class in ``classes``, else None."""
    if len(classes) != 1:
        return None
    (schema,) = classes
    order = facts.mro(schema)
    if not any(base in SCHEMA_BASES for base in order):
        return None
    found = SchemaFields()
    hooks: set[str] = set()
    for base in reversed(order):  # a subclass's field replaces its base's
        located = facts.class_summary(base)
        if located is None:
            continue
        summary, module = located
        summary.complete()
        hooks.update(
            hook for method in summary.methods.values() for decorator in method.decorators
            if (hook := decorator.split("(", 1)[0].rsplit(".", 1)[-1]) in _HOOKS
        )
        for name, text in summary.values.items():
            raw_key, raw, loaded = _field(facts, module, text)
            for table, key, value in ((found.raw, raw_key or name, raw),
                                      (found.loaded, name, loaded)):
                if value is None:
                    table.pop(key, None)
                else:
                    table[key] = value
    # A ``pre_load`` hook may turn the input into something else before the fields
    # validate it; a ``post_load`` hook may make the loaded data anything.
    if "pre_load" in hooks:
        found.raw.clear()
    if "post_load" in hooks:
        found.loaded.clear()
    return found


def _field(
    facts: ProjectFacts, module: str, text: str | None
) -> tuple[str | None, Value | None, Value | None]:
    """A field's input key (``data_key``), what the input holds there and what is
    loaded; a None value where the field does not narrow (or is no field)."""
    located = facts.expression(module, text)
    if located is None:
        return None, None, None
    evaluator, node = located
    if not isinstance(node, ast.Call):
        return None, None, None
    scope = evaluator.scopes.module
    callee = evaluator.scopes.resolve(node.func, scope) or ""
    if not callee.startswith("marshmallow."):
        return None, None, None
    kind = callee.rsplit(".", 1)[-1]
    keywords = {k.arg: k.value for k in node.keywords if k.arg}
    data_key = keywords.get("data_key")
    raw_key = (
        data_key.value
        if isinstance(data_key, ast.Constant) and isinstance(data_key.value, str)
        else None
    )
    raw: Value | None = None
    loaded: Value | None = None
    if kind in _NUMBERS:
        raw = loaded = NUMBER
    elif kind in _BOOLS:
        raw = loaded = BOOL
    elif kind in _DATES:
        loaded = DATETIME
    elif kind in _STRINGS and "validate" in keywords:
        if _one_of_safe(keywords["validate"], evaluator):
            raw = loaded = SAFE_TEXT
    elif kind == "Enum" and node.args:
        raw = SAFE_TEXT  # a member's name, or its value with by_value
        enum = evaluator.value(node.args[0], {}, scope)
        if enum.kinds == Kind.CLASS and len(enum.classes) == 1:
            (cls,) = enum.classes
            if facts.is_enum(cls):
                loaded = facts.instance(cls)
    allow_none = keywords.get("allow_none")
    if isinstance(allow_none, ast.Constant) and allow_none.value is True:
        raw = join(raw, NONE) if raw is not None else None
        loaded = join(loaded, NONE) if loaded is not None else None
    return raw_key, raw, loaded


def _one_of_safe(validate: ast.expr, evaluator: Evaluator) -> bool:
    """Whether ``validate`` (one validator or a list) includes ``OneOf(choices)`` whose
    choices are all safe text."""
    scope = evaluator.scopes.module
    validators = validate.elts if isinstance(validate, (ast.List, ast.Tuple)) else [validate]
    for validator in validators:
        if not isinstance(validator, ast.Call):
            continue
        callee = evaluator.scopes.resolve(validator.func, scope) or ""
        if not (callee.startswith("marshmallow.") and callee.endswith(".OneOf")):
            continue
        choices = validator.args[0] if validator.args else next(
            (k.value for k in validator.keywords if k.arg == "choices"), None
        )
        if choices is not None and evaluator.safe_choices(choices, scope):
            return True
    return False
