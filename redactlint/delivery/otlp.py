"""OTLP/HTTP logs: delivered events as log records an OpenTelemetry Collector receives.

A batch of envelopes becomes one ``ExportLogsServiceRequest`` with one resource
(``service.name``) and one instrumentation scope (``redactlint`` and its version).
Each envelope is one ``LogRecord``:

- ``time_unix_nano``: the envelope's ``time`` (0, OTLP's "unknown", if it does not
  parse); ``observed_time_unix_nano``: when the batch was encoded;
- ``event_name``: the event's name (where the installed messages have that field),
  and ``body`` the event's name too, so a plain log view shows what happened;
- attributes ``event.name``, ``event.version``, ``event.id``, ``instance.id`` and,
  when there is one, ``user.id`` (pseudonyms: the raw ids never left the product);
- each property as the attribute ``event.properties.<name>``: the prefix keeps a
  product's field names from colliding with the semantic conventions (a property
  called ``user.id`` or ``service.name`` stays the product's own), and the keys are
  flat so the Collector's redaction processor can name each one in ``allowed_keys``.

Values keep their types: text as strings, ``bool``, ``int`` (one beyond int64 as its
decimal string, since OTLP has no wider integer), ``float`` as double, lists and
tuples as arrays, mappings as key-value lists, and ``None`` as OTLP's empty value
(the key stays, so "sent as null" differs from "not sent"). Properties arrive already
redacted, so nothing here reads text, except that a lone surrogate, which UTF-8
cannot carry, becomes ``?``. Any other type is refused rather than turned into a
string, which could carry what export never saw.

Protobuf (``encode_otlp_logs``) uses the official ``opentelemetry-proto`` messages,
imported on first use only: the runtime imports the standard library alone
(``pip install 'redactlint[otlp]'`` adds them). JSON (``encode_otlp_json``) is OTLP's
JSON encoding written with the standard library. Both fit the sender's encoder
interface, ``Callable[[Sequence[Envelope]], tuple[bytes, str]]``; options go through
``functools.partial``.
"""

from __future__ import annotations

import datetime
import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .. import __version__
from .envelope import Envelope

PROTOBUF = "application/x-protobuf"
JSON = "application/json"
PROPERTY_PREFIX = "event.properties."
# The attributes every record carries besides its properties (``user.id`` when known).
ENVELOPE_ATTRIBUTES = ("event.name", "event.version", "event.id", "instance.id", "user.id")
DEFAULT_SERVICE_NAME = "unknown_service"  # the semantic conventions' name for "not set"
MISSING = "OTLP encoding needs the opentelemetry-proto package: pip install 'redactlint[otlp]'"

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def encode_otlp_logs(
    envelopes: Sequence[Envelope],
    *,
    service_name: str = DEFAULT_SERVICE_NAME,
    scope_name: str = "redactlint",
    now: Callable[[], int] = time.time_ns,
) -> tuple[bytes, str]:
    """The protobuf body of an OTLP/HTTP logs request (``POST /v1/logs``) and its
    content type. ``now`` gives the observed time in nanoseconds since the epoch."""
    try:
        from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import (
            ExportLogsServiceRequest,
        )
        from opentelemetry.proto.logs.v1.logs_pb2 import LogRecord
    except ImportError as error:
        raise ImportError(MISSING, name=error.name) from error
    request = ExportLogsServiceRequest()
    if envelopes:
        has_event_name = "event_name" in LogRecord.DESCRIPTOR.fields_by_name
        _fill_request(request, envelopes, service_name, scope_name, now(), has_event_name)
    return request.SerializeToString(), PROTOBUF


def _fill_request(
    request: Any,
    envelopes: Sequence[Envelope],
    service_name: str,
    scope_name: str,
    observed: int,
    has_event_name: bool,
) -> None:
    """Fill the ``ExportLogsServiceRequest`` (typed ``Any``: its class exists only
    once the optional package is imported)."""
    resource_logs = request.resource_logs.add()
    _fill(resource_logs.resource.attributes.add(key="service.name").value, service_name)
    scope_logs = resource_logs.scope_logs.add()
    scope_logs.scope.name = scope_name
    scope_logs.scope.version = __version__
    for envelope in envelopes:
        record = scope_logs.log_records.add(
            time_unix_nano=unix_nano(envelope.time), observed_time_unix_nano=observed
        )
        if has_event_name:
            record.event_name = _text(envelope.event)
        record.body.string_value = _text(envelope.event)
        for key, value in _attributes(envelope):
            _fill(record.attributes.add(key=key).value, value, key)


def encode_otlp_json(
    envelopes: Sequence[Envelope],
    *,
    service_name: str = DEFAULT_SERVICE_NAME,
    scope_name: str = "redactlint",
    now: Callable[[], int] = time.time_ns,
) -> tuple[bytes, str]:
    """The same request in OTLP's JSON encoding, for a receiver that takes JSON only.

    It follows the protobuf JSON mapping as OTLP restricts it (camelCase keys, 64-bit
    integers as decimal strings; no trace or span ids, the fields OTLP encodes as
    hex) and is written with the standard library, so it needs no extra package.
    ``eventName`` is always written: OTLP/JSON receivers must ignore a field they do
    not know."""
    request: dict[str, Any] = {"resourceLogs": []}
    if envelopes:
        observed = str(now())
        records = [
            {
                "timeUnixNano": str(unix_nano(envelope.time)),
                "observedTimeUnixNano": observed,
                "body": {"stringValue": _text(envelope.event)},
                "attributes": [
                    {"key": key, "value": _json_value(value, key)}
                    for key, value in _attributes(envelope)
                ],
                "eventName": _text(envelope.event),
            }
            for envelope in envelopes
        ]
        request["resourceLogs"].append(
            {
                "resource": {
                    "attributes": [{"key": "service.name", "value": {"stringValue": service_name}}]
                },
                "scopeLogs": [
                    {"scope": {"name": scope_name, "version": __version__}, "logRecords": records}
                ],
            }
        )
    text = json.dumps(request, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8"), JSON


def _attributes(envelope: Envelope) -> list[tuple[str, object]]:
    """A record's attributes in order: the envelope's, then the prefixed properties."""
    found: list[tuple[str, object]] = [
        ("event.name", envelope.event),
        ("event.version", envelope.version),
        ("event.id", envelope.id),
        ("instance.id", envelope.instance),
    ]
    if envelope.user is not None:
        found.append(("user.id", envelope.user))
    found.extend(
        (_text(PROPERTY_PREFIX + name), value) for name, value in envelope.properties.items()
    )
    return found


def _fill(target: Any, value: object, where: str = "") -> None:
    """Set the ``AnyValue`` ``target`` to ``value``; ``where`` names it in an error."""
    if value is None:
        target.SetInParent()  # present and empty: OTLP's null
    elif isinstance(value, str):
        target.string_value = _text(value)
    elif isinstance(value, bool):
        target.bool_value = value
    elif isinstance(value, int):
        if _INT64_MIN <= value <= _INT64_MAX:
            target.int_value = int(value)
        else:
            target.string_value = str(int(value))
    elif isinstance(value, float):
        target.double_value = value
    elif isinstance(value, (list, tuple)):
        values = target.array_value.values
        target.array_value.SetInParent()  # an empty list stays an (empty) array
        for index, item in enumerate(value):
            _fill(values.add(), item, f"{where}[{index}]")
    elif isinstance(value, Mapping):
        entries = target.kvlist_value.values
        target.kvlist_value.SetInParent()
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: a mapping key must be text, not {type(key).__name__}")
            _fill(entries.add(key=_text(key)).value, item, f"{where}.{key}")
    else:
        raise _no_value(value, where)


def _text(value: str) -> str:
    """``value``, with any lone surrogate (which UTF-8 cannot carry) as ``?``."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


def _no_value(value: object, where: str) -> TypeError:
    return TypeError(
        f"{where}: {type(value).__name__} has no OTLP value"
        " (text, numbers, bools, None, lists and mappings do)"
    )


def unix_nano(text: str) -> int:
    """Nanoseconds since the epoch of an RFC 3339 time (UTC when it names no offset),
    exactly, or 0 (OTLP's "unknown") when ``text`` is not one or lies outside what
    OTLP's unsigned 64-bit field holds (before 1970, after 2554)."""
    try:
        when = datetime.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return 0
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    delta = when - _EPOCH
    nanos = ((delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds) * 1_000
    return nanos if 0 <= nanos < 2**64 else 0


def _json_value(value: object, where: str) -> dict[str, Any]:
    """``value`` as an ``AnyValue`` in the JSON encoding, by the rules of ``_fill``."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {"stringValue": _text(value)}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int):
        if _INT64_MIN <= value <= _INT64_MAX:
            return {"intValue": str(int(value))}
        return {"stringValue": str(int(value))}
    if isinstance(value, float):
        if math.isnan(value):
            return {"doubleValue": "NaN"}  # the JSON mapping's names for what JSON lacks
        if math.isinf(value):
            return {"doubleValue": "Infinity" if value > 0 else "-Infinity"}
        return {"doubleValue": value}
    if isinstance(value, (list, tuple)):
        return {
            "arrayValue": {
                "values": [
                    _json_value(item, f"{where}[{index}]") for index, item in enumerate(value)
                ]
            }
        }
    if isinstance(value, Mapping):
        entries = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: a mapping key must be text, not {type(key).__name__}")
            entries.append({"key": _text(key), "value": _json_value(item, f"{where}.{key}")})
        return {"kvlistValue": {"values": entries}}
    raise _no_value(value, where)
