"""How the generated registry names things: classes, constants, attributes, field order.

Shared by the generator and the checker (which must name the generated classes and
their keyword arguments without importing the generated module), so it imports
nothing heavier than ``re``.
"""

from __future__ import annotations

import re

from .model import EventSchema, FieldSchema

_WORD = re.compile(
    r"[A-Z]{2,}s(?![a-z])"  # a plural acronym: IDs, URLs
    r"|[A-Z]+[0-9]*(?![a-z])"  # an acronym, digits attached: HTTP, ID, HTTP2
    r"|[A-Z]?[a-z][a-z0-9]*"  # a word, digits attached: notebook, Id, sha256
    r"|[0-9][a-z0-9]*"  # digits that start a word
)


def class_name(schema: EventSchema) -> str:
    """The class for an event: ``codeIntel.goToDefinition`` → ``CodeIntelGoToDefinition``."""
    return "".join(part[:1].upper() + part[1:] for part in _name_parts(schema))


def constant_name(schema: EventSchema) -> str:
    """The name constant: ``codeIntel.goToDefinition`` → ``CODE_INTEL_GO_TO_DEFINITION``."""
    words = (re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", part) for part in _name_parts(schema))
    return "_".join(words).upper()


def _name_parts(schema: EventSchema) -> list[str]:
    return [part for part in re.split(r"[^A-Za-z0-9]+", schema.name) if part]


def attribute_name(name: str) -> str:
    """The snake_case Python attribute for a schema property name.

    Case changes, ``-``, ``.`` and ``_`` separate words, a run of capitals is
    one word (``HTTPStatus`` → ``http_status``, ``userIDs`` → ``user_ids``) and
    digits stay with the word before them (``sha256Sum`` → ``sha256_sum``).
    Leading underscores are kept, so a private-looking name stays visible as
    one. The result is not checked to be an identifier.
    """
    stripped = name.lstrip("_")
    words = _WORD.findall(stripped)
    return name[: len(name) - len(stripped)] + "_".join(word.lower() for word in words)


def ordered_fields(schema: EventSchema) -> list[FieldSchema]:
    """The fields in the generated class's order: required ones first, each in schema order."""
    return [f for f in schema.fields if f.required] + [f for f in schema.fields if not f.required]
