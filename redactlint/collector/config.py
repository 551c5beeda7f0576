"""The redaction processor's configuration, built from the event schemas.

The OpenTelemetry Collector's redaction processor removes every attribute whose key
is not allowed and masks, with ``****``, the parts of allowed values that match a
blocked regular expression. Configured from the schemas, it enforces the same
contract as the product a second time, where the events arrive:

- ``allow_all_keys: false`` and ``allowed_keys``: the envelope keys and one key per
  schema property; anything else a sender adds is removed.
- ``blocked_values``: regular expressions for a marker span that is neither ``‹×›``
  nor a digest (``‹`` 8 hex digits ``›``), i.e. text that escaped redaction. The
  product's exports carry exactly those two span forms, so a correct event is left
  as it is and a leaked span becomes ``****``. A leaked span whose text is itself
  8 lowercase hex digits looks like a digest and passes: only the product can tell.
- ``summary: info``: the processor counts what it removed and masked; ``debug``
  would also send the names of removed keys, which the schemas never allowed.
- ``redact_all_types: true`` only when a schema has arrays of text: without it the
  processor reads only string values, and an array's elements go unchecked.
- no ``hash_function``: hashed fields already arrive as keyed digests, and a leaked
  span is better masked than sent as an unkeyed (md5, sha1, sha3) digest of its text.
- no ``allowed_values`` and no ``ignored_keys``: a value matching an allowed value
  anywhere, or any value of an ignored key, skips ``blocked_values``.

The processor reads attributes of the resource, the scope and each log record
through the same ``allowed_keys``, and masks a string log body with
``blocked_values``; the resource's ``service.name``, which the encoder sets, is listed.
A map log body's keys pass the same ``allowed_keys`` too, so
the events travel as log record attributes, not in a map body.

What this relies on, from open-telemetry/opentelemetry-collector-contrib:

- processor/redactionprocessor/config.schema.yaml at 3f6252b4517027e495765a027f8e197906e0a3e0:
  the configuration keys and their types (``DOCUMENTED_KEYS``);
- processor/redactionprocessor/README.md at 05df7eb5b8de340ff055e257e249c9c1941a73d8:
  ``allowed_keys`` fails closed, ``blocked_values`` masks matches of allowed keys'
  values, ``allowed_values`` take precedence, ``summary`` levels, hash functions;
- processor/redactionprocessor/processor.go at 051a8b70ca5f6b1c8365a24c8403272cfa4bcbdc:
  resource, scope and log record attributes all pass ``processAttrs``; a regex is
  compiled with Go's ``regexp`` (RE2: no look-around, no back-references), and a
  match is replaced by ``****`` when no hash function is set;
- processor/redactionprocessor/config.go at 463d7730f8e1117416fa30d6d2c467a091e6811a:
  the oldest keys (``allow_all_keys``, ``allowed_keys``, ``ignored_keys``,
  ``blocked_values``, ``summary``), which is all the generated configuration uses
  besides ``redact_all_types``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Final

from ..delivery.otlp import ENVELOPE_ATTRIBUTES
from ..delivery.otlp import PROPERTY_PREFIX as OTLP_PROPERTY_PREFIX
from ..redact.hashing import DIGEST_LENGTH
from ..redact.markers import END, REDACTED, START
from ..schema.loader import SchemaSet

PROCESSOR_NAME: Final = "redaction/redactlint"
# The attributes of the envelope one delivered event travels in, as the OTLP encoder
# names them (with the resource's ``service.name`` it sets), and the prefix of one
# attribute per schema property: one source, the encoder's.
ENVELOPE_KEYS: Final = tuple(sorted((*ENVELOPE_ATTRIBUTES, "service.name")))
PROPERTY_PREFIX: Final = OTLP_PROPERTY_PREFIX

# Every key of the processor's configuration, with the kind of its value:
# "boolean", "string", "strings" (a list of strings) or "mapping".
DOCUMENTED_KEYS: Final[Mapping[str, str]] = {
    "allow_all_keys": "boolean",
    "allowed_keys": "strings",
    "allowed_values": "strings",
    "blocked_key_patterns": "strings",
    "blocked_values": "strings",
    "db_sanitizer": "mapping",
    "hash_function": "string",
    "hmac_key": "string",
    "ignored_key_patterns": "strings",
    "ignored_keys": "strings",
    "redact_all_types": "boolean",
    "summary": "string",
    "url_sanitizer": "mapping",
}

_REDACTED_TEXT = REDACTED[1:-1]  # ×
_SPAN_CHAR = f"[^{END}]"
_HEX = "[0-9a-f]"

# Regular expressions (RE2, as the collector compiles them) that together match every
# span whose text is neither "×" nor DIGEST_LENGTH hex digits, and a "‹" never closed.
# A span is a "‹" up to the next "›", as the runtime's own scan reads it.
LEAKED_SPAN_PATTERNS: Final[Mapping[str, str]] = {
    f"{START}{_SPAN_CHAR}*[^{END}0-9a-f{_REDACTED_TEXT}]{_SPAN_CHAR}*{END}": (
        "a span holding a character neither hex nor ×"
    ),
    f"{START}{_SPAN_CHAR}+{_REDACTED_TEXT}{_SPAN_CHAR}*{END}": "× after a span's first character",
    f"{START}{_REDACTED_TEXT}{_SPAN_CHAR}+{END}": "× followed by more text",
    f"{START}{_HEX}{{0,{DIGEST_LENGTH - 1}}}{END}": "hex digits, too few for a digest",
    f"{START}{_HEX}{{{DIGEST_LENGTH + 1},}}{END}": "hex digits, too many for a digest",
    f"{START}{_SPAN_CHAR}*$": "a span never closed, to the end of the value",
}


def attribute_keys(schemas: SchemaSet, property_prefix: str = PROPERTY_PREFIX) -> list[str]:
    """The attribute keys the events may send: the envelope's and one per property."""
    properties = {
        property_prefix + each.name for event in schemas for each in event.fields
    }
    return sorted({*ENVELOPE_KEYS, *properties})


def processor_config(
    schemas: SchemaSet, property_prefix: str = PROPERTY_PREFIX
) -> dict[str, Any]:
    """The redaction processor's settings for ``schemas``."""
    config: dict[str, Any] = {
        "allow_all_keys": False,
        "allowed_keys": attribute_keys(schemas, property_prefix),
        "blocked_values": list(LEAKED_SPAN_PATTERNS),
        "summary": "info",
    }
    if has_text_arrays(schemas):
        config["redact_all_types"] = True
    return config


def has_text_arrays(schemas: SchemaSet) -> bool:
    """Whether an event has an array of text, which only ``redact_all_types`` checks."""
    return any(
        each.type == "array" and each.is_text for event in schemas for each in event.fields
    )


def collector_config(
    schemas: SchemaSet, property_prefix: str = PROPERTY_PREFIX
) -> dict[str, Any]:
    """The collector configuration's ``processors`` section with the one processor."""
    return {"processors": {PROCESSOR_NAME: processor_config(schemas, property_prefix)}}


WIRING: Final = f"""\
# Put {PROCESSOR_NAME} in every logs pipeline that carries the events, first
# among the processors, for example:
#
# service:
#   pipelines:
#     logs:
#       receivers: [otlp]
#       processors: [{PROCESSOR_NAME}, batch]
#       exporters: [otlphttp]
"""


def render_yaml(config: Mapping[str, Any], events: int | None = None) -> str:
    """``config`` as YAML, followed by how to wire the processor into a logs pipeline.

    Written by hand rather than dumped so that each blocked value carries its reason
    as a comment; every string is double-quoted, so no key or pattern can be read
    back as another type.
    """
    header = "# The redaction processor for the event schemas"
    if events is not None:
        header += f" ({events} event{'' if events == 1 else 's'})"
    lines = [header + ", from `redactlint collector-config`."]
    _emit(config, 0, lines)
    return "\n".join(lines) + "\n\n" + WIRING


def _emit(value: Mapping[str, Any], depth: int, lines: list[str]) -> None:
    indent = "  " * depth
    for key, item in value.items():
        if isinstance(item, Mapping):
            lines.append(f"{indent}{key}:")
            _emit(item, depth + 1, lines)
        elif isinstance(item, Sequence) and not isinstance(item, str):
            lines.append(f"{indent}{key}:" + ("" if item else " []"))
            for element in item:
                note = LEAKED_SPAN_PATTERNS.get(element) if key == "blocked_values" else None
                comment = f"  # {note}" if note else ""
                lines.append(f"{indent}  - {_scalar(element)}{comment}")
        else:
            lines.append(f"{indent}{key}: {_scalar(item)}")


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} as YAML here")
    return _quoted(value)


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: JSON's escapes, which YAML shares,
    plus ``\\u`` for what YAML reads as a line break or does not allow unescaped."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(_escaped(char) for char in quoted)


def _escaped(char: str) -> str:
    if unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
