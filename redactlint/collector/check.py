"""Where an existing collector configuration lets more through than the schemas.

A collector configuration is wider than the schemas when an event attribute the
schemas do not name can pass, or a leaked marker span can pass unmasked: a redaction
processor missing from a logs pipeline, ``allow_all_keys: true``, an allowed key no
schema has, ``ignored_keys`` and ``allowed_values`` (both skip ``blocked_values``),
``blocked_values`` that leave a leaked span readable, an unkeyed ``hash_function``
(a leaked span's digest can be reversed by trying candidates), ``summary: debug``
(the names of removed keys are sent), and arrays of text left unchecked without
``redact_all_types``. A narrower configuration (fewer keys, more patterns) is not a
problem. Each redaction processor is judged on its own, as if no other ran.

The blocked values are judged by what they do: each is applied, as the processor
applies it, to sample values holding a leaked span, and every sample's secret text
must be gone afterwards. Patterns are compiled with Python's ``re``; one that only
Go's ``regexp`` reads counts as blocking nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import UsageError
from ..redact.markers import END, HASH, START
from ..schema.loader import SchemaSet
from .config import DOCUMENTED_KEYS, PROPERTY_PREFIX, attribute_keys, has_text_arrays

Path = tuple[str | int, ...]

_SECRET = "alice@example.com"
# Values a leak could take: each must lose its secret to blocked_values.
LEAK_SAMPLES = (
    f"{START}{_SECRET}{END}",
    f"query {START}{_SECRET}{END} from {START}×{END}",
    f"{START}{HASH}{_SECRET}{END}",
    f"{START}×{_SECRET}{END}",
    f"{START}0123abcd{_SECRET}{END}",
    f"{START}0123abc{END}",
    f"{START}0123abcd0{END}",
    f"path {START}{_SECRET}",
)
UNKEYED_HASHES = ("md5", "sha1", "sha3")


@dataclass(frozen=True)
class CollectorProblem:
    """One way a collector configuration is wider than the schemas, and where."""

    file: str
    path: str  # the YAML path, such as processors.redaction.allowed_keys[2]
    line: int | None
    message: str

    def __str__(self) -> str:
        line = f":{self.line}" if self.line is not None else ""
        return f"{self.file}{line}: {self.path}: {self.message}"


def check_collector_config(
    existing_yaml: str,
    schemas: SchemaSet,
    *,
    source: str = "<collector config>",
    property_prefix: str = PROPERTY_PREFIX,
) -> list[CollectorProblem]:
    """The problems of ``existing_yaml`` (read from ``source``) against ``schemas``.

    YAML that cannot be read, or is not a mapping, is a ``UsageError``.
    """
    try:
        root = yaml.compose(existing_yaml, Loader=yaml.SafeLoader)
        document = yaml.safe_load(existing_yaml)
    except yaml.YAMLError as error:
        raise UsageError(f"not valid YAML: {error}", source) from None
    if not isinstance(document, Mapping):
        raise UsageError("a collector configuration is a YAML mapping", source)
    found: list[tuple[Path, str]] = []
    processors = _mapping(document.get("processors"))
    names = [name for name in processors if _is_redaction(name)]
    if not names:
        found.append((("processors",), "no redaction processor: every attribute passes"))
    in_logs = _check_pipelines(document, names, found)
    for name in names:
        if name not in in_logs:
            found.append((("processors", name), "in no logs pipeline: it enforces nothing"))
        settings = _mapping(processors[name])
        allowed = set(attribute_keys(schemas, property_prefix))
        _check_processor(("processors", name), settings, allowed, schemas, found)
    return [
        CollectorProblem(source, _dotted(path), _line(root, path), message)
        for path, message in found
    ]


def _is_redaction(name: object) -> bool:
    return isinstance(name, str) and (name == "redaction" or name.startswith("redaction/"))


def _is_logs(name: object) -> bool:
    return isinstance(name, str) and (name == "logs" or name.startswith("logs/"))


def _mapping(value: object) -> Mapping[Any, Any]:
    return value if isinstance(value, Mapping) else {}


def _check_pipelines(
    document: Mapping[Any, Any], names: Sequence[str], found: list[tuple[Path, str]]
) -> set[str]:
    """Report logs pipelines without a redaction processor; return the ones used."""
    pipelines = _mapping(_mapping(document.get("service")).get("pipelines"))
    logs = [name for name in pipelines if _is_logs(name)]
    if not logs:
        found.append((("service", "pipelines"), "no logs pipeline runs a redaction processor"))
    used: set[str] = set()
    for pipeline in logs:
        listed = _mapping(pipelines[pipeline]).get("processors")
        redacting = [step for step in names if step in _list(listed)]
        used.update(redacting)
        if not redacting:
            path: Path = ("service", "pipelines", pipeline, "processors")
            found.append((path, "this logs pipeline runs no redaction processor"))
    return used


def _list(value: object) -> list[object]:
    """``value`` as a list, or empty when it is not a YAML sequence."""
    return list(value) if isinstance(value, Sequence) and not isinstance(value, str) else []


def _strings(value: object) -> list[str] | None:
    """``value`` as a list of strings, or None when it is not one."""
    if not isinstance(value, Sequence) or isinstance(value, str):
        return None
    items = list(value)
    return items if all(isinstance(item, str) for item in items) else None


def _check_processor(
    at: Path,
    settings: Mapping[Any, Any],
    allowed: set[str],
    schemas: SchemaSet,
    found: list[tuple[Path, str]],
) -> None:
    for key, value in settings.items():
        kind = DOCUMENTED_KEYS.get(key) if isinstance(key, str) else None
        if kind is None:
            found.append(((*at, str(key)), "not a key of the redaction processor"))
        elif not _has_kind(value, kind):
            found.append(((*at, key), f"expected {_KIND_NAMES[kind]}"))
    if settings.get("allow_all_keys") is True:
        found.append(((*at, "allow_all_keys"), "true lets every attribute key through"))
    keys = settings.get("allowed_keys")
    for index, key in enumerate(_list(keys)):
        if key not in allowed:
            found.append(((*at, "allowed_keys", index), f"{key!r} is in no event schema"))
    for key, why in _SKIPS_BLOCKED_VALUES.items():
        if settings.get(key):
            found.append(((*at, key), why))
    _check_blocked_values(at, settings.get("blocked_values"), found)
    hashing = settings.get("hash_function")
    if isinstance(hashing, str) and hashing.lower() in UNKEYED_HASHES:
        found.append(((*at, "hash_function"), _UNKEYED))
    if settings.get("summary") == "debug":
        found.append(((*at, "summary"), "debug sends the names of removed keys; use info"))
    if has_text_arrays(schemas) and settings.get("redact_all_types") is not True:
        path = (*at, "redact_all_types")
        found.append((path, "arrays of text go unchecked by blocked_values unless true"))


_KIND_NAMES = {
    "boolean": "true or false",
    "string": "a string",
    "strings": "a list of strings",
    "mapping": "a mapping",
}
_SKIPS_BLOCKED_VALUES = {
    "ignored_keys": "ignored keys pass with any value, unchecked by blocked_values",
    "ignored_key_patterns": "keys matching these pass with any value, unchecked",
    "allowed_values": "a value matching one of these anywhere is never masked",
}
_UNKEYED = "a leaked span would leave as an unkeyed digest of its text; leave it unset"


def _has_kind(value: object, kind: str) -> bool:
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "strings":
        return _strings(value) is not None
    return value is None or isinstance(value, Mapping)


def _check_blocked_values(at: Path, patterns: object, found: list[tuple[Path, str]]) -> None:
    compiled = []
    for pattern in _strings(patterns) or []:
        try:
            compiled.append(re.compile(pattern))
        except re.error:
            continue
    leaks = [sample for sample in LEAK_SAMPLES if _secret_of(sample) in _masked(sample, compiled)]
    if len(leaks) == len(LEAK_SAMPLES):
        message = f"no pattern masks a leaked marker span such as {leaks[0]!r}"
        found.append(((*at, "blocked_values"), message))
    elif leaks:
        shown = ", ".join(repr(sample) for sample in leaks)
        found.append(((*at, "blocked_values"), f"leaked marker spans pass unmasked: {shown}"))


def _secret_of(sample: str) -> str:
    """The text of ``sample`` that must not survive: its first span's content."""
    start = sample.index(START) + 1
    end = sample.find(END, start)
    return sample[start:] if end < 0 else sample[start:end]


def _masked(value: str, patterns: Sequence[re.Pattern[str]]) -> str:
    """``value`` after the processor's masking: each pattern in turn, matches to ``****``."""
    for pattern in patterns:
        value = pattern.sub("****", value)
    return value


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + part
    return text


def _line(root: yaml.Node | None, path: Path) -> int | None:
    """The 1-based line of the deepest part of ``path`` found in ``root``: a mapping
    entry's key, a list's item."""
    if root is None:
        return None
    node, line = root, root.start_mark.line + 1
    for part in path:
        found = _child(node, part)
        if found is None:
            break
        node, line = found[0], found[1].start_mark.line + 1
    return line


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """The node at ``part`` of ``node`` and the node whose line locates it."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return value, key
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item, item
    return None
