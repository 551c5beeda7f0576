"""The event a sink call records, and its schema as the hover shows it.

A call names its event in one of two ways the schemas let the server recognise
without running the checker: a generated event class (``SearchSubmitted(...)``, by
the class name the registry derives from the schema) or, for a declared sink
(matched by its last name, ``track`` for ``analytics.track``), a string literal
argument that is a schema's event name or legacy name.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Sequence

from ..analysis import Finding, Settings
from ..analysis.registry import EventInfo
from ..redact.markers import REDACTED
from ..schema.model import FieldSchema

_MODES = ("redact", "drop", "keep")


def event_at(
    tree: ast.Module, lines: Sequence[str], line: int, column: int, settings: Settings
) -> tuple[ast.Call, EventInfo] | None:
    """The innermost call around the 1-based ``line`` and character ``column`` that
    records a known event, with that event."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    at = (line, len(text[: column - 1].encode("utf-8")))  # ast counts UTF-8 bytes
    found: tuple[ast.Call, EventInfo] | None = None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or node.end_lineno is None:
            continue
        if not (node.lineno, node.col_offset) <= at <= (node.end_lineno, node.end_col_offset or 0):
            continue
        info = _event_of(node, settings)
        if info is not None and (found is None or _inside(node, found[0])):
            found = (node, info)
    return found


def events_of(
    findings: Sequence[Finding], text: str, lines: Sequence[str], settings: Settings
) -> dict[Finding, EventInfo]:
    """The event each schema finding (RL003, RL1xx) is about, where the call says."""
    about = [f for f in findings if f.code == "RL003" or f.code.startswith("RL1")]
    if not about or not settings.registry.known:
        return {}
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    found = {}
    for finding in about:
        at = event_at(tree, lines, finding.span.line, finding.span.column, settings)
        if at is not None:
            found[finding] = at[1]
    return found


def _inside(node: ast.Call, other: ast.Call) -> bool:
    return (node.lineno, node.col_offset) >= (other.lineno, other.col_offset)


def _event_of(call: ast.Call, settings: Settings) -> EventInfo | None:
    name = _last_name(call.func)
    if name is None:
        return None
    registry = settings.registry
    for qualname, info in registry.classes.items():
        if qualname.rsplit(".", 1)[-1] == name:
            return info
    if not any(spec.call.rsplit(".", 1)[-1] == name for spec in settings.config.sinks):
        return None
    for argument in [*call.args, *(keyword.value for keyword in call.keywords)]:
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            named = registry.event(argument.value)
            if named is not None:
                return named
    return None


def _last_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def schema_markdown(info: EventInfo, root: str) -> str:
    """The event's schema: what it is, each field, and what of it leaves in each
    export mode (an allowlisted field leaves as in ``keep``, a hashed one as its digest)."""
    schema = info.schema
    try:
        shown = os.path.relpath(schema.path, root)
    except ValueError:
        shown = str(schema.path)
    rows = [
        f"**{schema.name}** (version {schema.version}, owner {schema.owner})",
        "",
        schema.description,
        "",
        f"Schema: `{shown}`",
        "",
        "| field | type | sensitivity | " + " | ".join(_MODES) + " |",
        "|---|---|---|---|---|---|",
    ]
    for each in schema.fields:
        kind = each.type if each.item_type is None else f"array of {each.item_type}"
        kind += "" if each.required else ", optional"
        sensitivity = each.sensitivity or ("—" if not each.is_text else "undeclared")
        cells = [f"`{each.name}`", kind, sensitivity, *(_leaves(each, mode) for mode in _MODES)]
        rows.append("| " + " | ".join(cells) + " |")
    rows += ["", f"Unmarked text (a plain `str`) leaves as {REDACTED} in every field and mode."]
    return "\n".join(rows)


def _leaves(field: FieldSchema, mode: str) -> str:
    """What of ``field`` leaves the process in export ``mode``."""
    sensitivity = field.sensitivity
    if not field.is_text and sensitivity is None:
        return "as is"
    if sensitivity == "safe":
        if field.safe_if is not None:
            return f"as is when it matches `{field.safe_if}`, else {REDACTED}"
        return "as is (enum values only)" if field.enum else "as is"
    if mode == "keep":
        return "as is, markers removed"
    if mode == "drop":
        return "removed"
    if sensitivity == "hashed":
        return "keyed digest"
    return f"marked parts {REDACTED}" if field.is_text else REDACTED
