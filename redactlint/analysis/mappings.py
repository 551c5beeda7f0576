"""Mappings whose keys are known: what a pydantic model's ``model_dump()`` holds.

``config.model_dump()`` is a dict of the model's fields, each holding what its
annotation says, and nothing else (pydantic drops unknown input unless the model allows
extra fields). Telemetry often sends a few of them: ``model_dump(include={...})``, or
``{k: dump.get(k) for k in FLAGS}``; knowing each key's value lets the checker tell
booleans from text there instead of calling the whole mapping unknown.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from .kinds import Value, closed_mapping
from .summary import ClassSummary

if TYPE_CHECKING:
    from .facts import ProjectFacts

# A model's base, as canonical names read from the environment or as written.
MODEL_BASES = frozenset({
    "pydantic.BaseModel", "pydantic.main.BaseModel", "pydantic.v1.BaseModel",
    "pydantic.v1.main.BaseModel", "sqlmodel.SQLModel", "sqlmodel.main.SQLModel",
})
# ``extra="allow"``, ``extra=Extra.allow``, ``"extra": "allow"`` in a model's settings.
_ALLOWS_EXTRA = re.compile(r"""["']?extra["']?\s*[=:]\s*(["']allow["']|[\w.]*Extra\.allow)""")
# ``model_dump`` and pydantic 1's ``dict``.
DUMPS = frozenset({"model_dump", "dict"})


def dumped(
    facts: ProjectFacts, classes: frozenset[str], keywords: dict[str, ast.expr]
) -> Value | None:
    """What ``x.model_dump(**keywords)`` gives for ``x`` of one of ``classes`` (all of
    them models whose fields are known), or None when the checker cannot tell."""
    if "by_alias" in keywords and not _is_false(keywords["by_alias"]):
        return None  # keyed by aliases the checker does not read
    include = _names(keywords.get("include"))
    exclude = _names(keywords.get("exclude")) or set()
    found: dict[str, Value] = {}
    for owner in sorted(classes):
        fields = model_fields(facts, owner)
        if fields is None:
            return None
        for name, value in fields.items():
            if (include is None or name in include) and name not in exclude:
                found[name] = value
    return closed_mapping(found)


def model_fields(facts: ProjectFacts, owner: str) -> dict[str, Value] | None:
    """The fields of model class ``owner`` with what each holds, or None when it is no
    model, keeps extra fields, or has a base the checker cannot read."""
    order = facts.mro(owner)
    if not any(base in MODEL_BASES for base in order):
        return None
    names: list[str] = []
    for base in order:
        if base in MODEL_BASES or base == "object":
            continue
        found = facts.class_summary(base)
        if found is None:
            if base.startswith(("pydantic.", "sqlmodel.", "typing.", "abc.")):
                continue  # the library's own classes declare no fields of the model
            return None
        summary, _module = found
        summary = summary.complete()
        if allows_extra(summary):
            return None
        for name, annotation in summary.annotations.items():
            if name.startswith("_") or "ClassVar" in annotation or name in names:
                continue
            if name in summary.instance_values:
                continue  # ``self.x: T`` in a method: an attribute, not a field
            names.append(name)
    classes = frozenset({owner})
    return {name: facts.member(classes, name, instance=True) for name in names}


def allows_extra(summary: ClassSummary) -> bool:
    """``model_config = ConfigDict(extra="allow")``, ``class Config: extra = "allow"``
    or ``class M(BaseModel, extra="allow")``: input keys become fields."""
    settings = [summary.values.get("model_config") or ""]
    if "extra" in summary.keywords:
        settings.append(f"extra={summary.keywords['extra']}")
    config = summary.classes.get("Config")
    if config is not None and "extra" in config.values:
        settings.append(f"extra={config.values['extra']}")
    written = settings[0].strip()
    if written and ("**" in written or not re.match(r"(\w+\.)*\w*ConfigDict\(|\{", written)):
        return True  # settings the checker cannot read (another object's, or spread)
    return any(_ALLOWS_EXTRA.search(text) for text in settings)


def _names(node: ast.expr | None) -> set[str] | None:
    """The keys a literal ``include=``/``exclude=`` set or dict names, else None."""
    if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        items = node.elts
    elif isinstance(node, ast.Dict):
        items = [k for k in node.keys if k is not None]
    else:
        return None
    names = {i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)}
    return names if len(names) == len(items) else None


def _is_false(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is False

