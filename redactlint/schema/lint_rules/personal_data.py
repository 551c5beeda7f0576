"""RS004 unbounded-safe-personal-data: a personal-sounding property is safe without bounds.

## What it does
Reports a string property declared ``safe`` whose name suggests personal or
secret data (a word such as email, name, user, path, file, url, query, token,
password, secret, key, ip, address or phone, matched on camelCase and
snake_case word parts and their plurals, so ``keyboard`` is not ``key``), unless its values are
bounded by an ``enum``, an anchored ``pattern`` or an ``x-safe-if``.

## Why is this bad?
``safe`` values leave the customer in clear. A field called ``userEmail`` or
``filePath`` will hold exactly what its name says sooner or later, whatever the
first call site passes today.

## Example
```json
"filePath": {"type": "string", "x-sensitivity": "safe"}
```

## Use instead
```json
"filePath": {"type": "string", "x-sensitivity": "sensitive"}
```
or bound what may pass as safe:
```json
"fileKind": {"type": "string", "x-sensitivity": "safe", "enum": ["source", "test"]}
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..anchors import is_anchored
from ..model import EventSchema, FieldSchema
from .base import LintContext, LintFinding, each_event, rule

CODE = "RS004"

PERSONAL_WORDS = frozenset(
    {
        # people and how to reach them
        "email", "mail", "name", "user", "username", "login", "phone", "mobile",
        "address", "addr", "birthday", "ssn",
        # machines, places and locations of data
        "ip", "host", "hostname", "url", "uri", "path", "filepath", "file", "filename",
        "repo", "repository",
        # secrets
        "token", "password", "passwd", "secret", "key", "apikey", "credential",
        "credentials", "cookie", "session",
        # free text typed by a person
        "query", "message", "comment",
    }
)  # fmt: skip

_WORD = re.compile(r"[A-Z]+s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def name_words(name: str) -> list[str]:
    """The lowercase words of a camelCase, PascalCase or snake_case name."""
    return [word.lower() for word in _WORD.findall(name)]


def personal_words(name: str) -> list[str]:
    """The words of ``name`` that suggest personal or secret data, plurals included."""
    return sorted({word for word in map(_singular, name_words(name)) if word in PERSONAL_WORDS})


def _singular(word: str) -> str:
    if word in PERSONAL_WORDS:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("es", "s"):
        if word.endswith(suffix) and word[: -len(suffix)] in PERSONAL_WORDS:
            return word[: -len(suffix)]
    return word


def check_event(event: EventSchema, context: LintContext) -> Iterator[LintFinding]:
    """Report personal-sounding safe text fields whose values are not bounded."""
    for field in event.fields:
        if not field.is_text or field.sensitivity != "safe" or _bounded(field):
            continue
        words = personal_words(field.name)
        if words:
            message = (
                f"property {field.name!r} sounds personal ({', '.join(words)}) but is safe "
                "without an enum, anchored pattern or x-safe-if; declare it sensitive or "
                "hashed, or bound its values"
            )
            yield LintFinding(CODE, event.path, field.pointer, message)


def _bounded(field: FieldSchema) -> bool:
    if field.enum is not None:
        return True
    return any(p is not None and is_anchored(p) for p in (field.pattern, field.safe_if))


RULE = rule(CODE, "unbounded-safe-personal-data", each_event(check_event), __doc__)
