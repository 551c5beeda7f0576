"""OTLP/HTTP logs: what the encoders write, the official messages read back, exactly."""

from __future__ import annotations

import builtins
import calendar
import functools
import json
import math
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from google.protobuf import json_format
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import (
    ExportLogsServiceRequest,
    ExportLogsServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from opentelemetry.proto.logs.v1.logs_pb2 import LogRecord

from redactlint import __version__
from redactlint.delivery import Envelope
from redactlint.delivery.otlp import (
    ENVELOPE_ATTRIBUTES,
    JSON,
    MISSING,
    PROPERTY_PREFIX,
    PROTOBUF,
    encode_otlp_json,
    encode_otlp_logs,
    unix_nano,
)

Encoder = Callable[[Sequence[Envelope]], tuple[bytes, str]]
OBSERVED = 1_796_000_000_123_456_789
HAS_EVENT_NAME = "event_name" in LogRecord.DESCRIPTOR.fields_by_name  # in recent messages


def now() -> int:
    return OBSERVED


SEARCH = Envelope(
    id="0123456789abcdef0123456789abcdef",
    time="2026-12-07T03:04:05.678Z",
    event="search.submitted",
    version=2,
    instance="a" * 32,
    user="b" * 32,
    properties={
        "query": "‹×›",
        "scope": "repo:‹×›/src",
        "results": 17,
        "latency": 0.25,
        "exact": True,
        "regex": False,
        "tags": ["safe", "‹×›", 3, None, [1.5]],
        "filters": {"lang": "python", "depth": {"max": 2}, "none": None},
        "note": None,
        "empty": [],
        "nothing": {},
        "int64": 2**63 - 1,
        "huge": 2**70,
        "tiny": -(2**63) - 1,
        "user.id": "the product's own field",
    },
)
PAGE = Envelope(
    id="fedcba9876543210fedcba9876543210",
    time="2026-12-07T03:04:06Z",
    event="notebook.pageViewed",
    version=1,
    instance="a" * 32,
    user=None,
    properties={},
)
GOTO = Envelope(
    id="00000000000000000000000000000001",
    time="2026-12-07T05:04:07.000001+02:00",
    event="codeIntel.goToDefinition",
    version=3,
    instance="c" * 32,
    user="d" * 32,
    properties={"language": "go", "ms": -1.0e300},
)


def nanos(year: int, month: int, day: int, hour: int, minute: int, second: int) -> int:
    return calendar.timegm((year, month, day, hour, minute, second)) * 10**9


def tagged(value: object) -> object:
    """A Python value with the OTLP kind it should arrive as, so ``True`` differs from
    ``1``: an integer beyond int64 arrives as its decimal text."""
    if value is None:
        return ("empty",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value) if -(2**63) <= value < 2**63 else ("string", str(value))
    if isinstance(value, float):
        return ("double", value)
    if isinstance(value, str):
        return ("string", value)
    if isinstance(value, list):
        return ("array", [tagged(item) for item in value])
    assert isinstance(value, Mapping)
    return ("kvlist", [(key, tagged(item)) for key, item in value.items()])


def decoded(value: AnyValue) -> object:
    """An ``AnyValue`` read back in the form ``tagged`` gives."""
    kind = value.WhichOneof("value")
    if kind is None:
        return ("empty",)
    if kind == "array_value":
        return ("array", [decoded(item) for item in value.array_value.values])
    if kind == "kvlist_value":
        return ("kvlist", [(each.key, decoded(each.value)) for each in value.kvlist_value.values])
    return (kind.removesuffix("_value"), getattr(value, kind))


def attributes(record: Any) -> list[tuple[str, object]]:
    return [(each.key, decoded(each.value)) for each in record.attributes]


def expected_attributes(envelope: Envelope) -> list[tuple[str, object]]:
    pairs: list[tuple[str, object]] = [
        ("event.name", envelope.event),
        ("event.version", envelope.version),
        ("event.id", envelope.id),
        ("instance.id", envelope.instance),
    ]
    if envelope.user is not None:
        pairs.append(("user.id", envelope.user))
    pairs += [(PROPERTY_PREFIX + name, value) for name, value in envelope.properties.items()]
    return [(key, tagged(value)) for key, value in pairs]


def decode(body: bytes) -> ExportLogsServiceRequest:
    return ExportLogsServiceRequest.FromString(body)


def parse_json(body: bytes) -> ExportLogsServiceRequest:
    """OTLP/JSON as a receiver must read it: fields it does not know (``eventName``
    before the messages had it) are ignored."""
    return json_format.Parse(body, ExportLogsServiceRequest(), ignore_unknown_fields=True)


def records(request: ExportLogsServiceRequest) -> list[Any]:
    (resource_logs,) = request.resource_logs
    (scope_logs,) = resource_logs.scope_logs
    return list(scope_logs.log_records)


def test_every_event_decodes_with_its_attributes_and_times() -> None:
    body, content_type = encode_otlp_logs([SEARCH, PAGE, GOTO], service_name="shop", now=now)
    assert content_type == PROTOBUF == "application/x-protobuf"
    request = decode(body)
    (resource_logs,) = request.resource_logs
    assert attributes(resource_logs.resource) == [("service.name", ("string", "shop"))]
    (scope_logs,) = resource_logs.scope_logs
    assert (scope_logs.scope.name, scope_logs.scope.version) == ("redactlint", __version__)
    search, page, goto = scope_logs.log_records
    for record, envelope in ((search, SEARCH), (page, PAGE), (goto, GOTO)):
        assert attributes(record) == expected_attributes(envelope)
        if HAS_EVENT_NAME:
            assert record.event_name == envelope.event
        assert record.body.string_value == envelope.event
        assert record.observed_time_unix_nano == OBSERVED
        assert (record.severity_number, record.trace_id, record.span_id) == (0, b"", b"")
    assert search.time_unix_nano == nanos(2026, 12, 7, 3, 4, 5) + 678_000_000
    assert page.time_unix_nano == nanos(2026, 12, 7, 3, 4, 6)
    assert goto.time_unix_nano == nanos(2026, 12, 7, 3, 4, 7) + 1_000


def test_the_chosen_representations() -> None:
    (record,) = records(decode(encode_otlp_logs([SEARCH])[0]))
    found = dict(attributes(record))
    # Redacted text arrives as exported; nothing is added or removed.
    assert found["event.properties.query"] == ("string", "‹×›")
    assert found["event.properties.scope"] == ("string", "repo:‹×›/src")
    # Beyond int64 a number is its decimal text; int64's own bounds stay integers.
    assert found["event.properties.huge"] == ("string", str(2**70))
    assert found["event.properties.tiny"] == ("string", str(-(2**63) - 1))
    assert found["event.properties.int64"] == ("int", 2**63 - 1)
    # None is present and empty; empty containers stay typed.
    assert found["event.properties.note"] == ("empty",)
    assert found["event.properties.empty"] == ("array", [])
    assert found["event.properties.nothing"] == ("kvlist", [])
    # A property named like a semantic convention stays under the prefix.
    assert found["user.id"] == ("string", SEARCH.user)
    assert found["event.properties.user.id"] == ("string", "the product's own field")
    assert set(ENVELOPE_ATTRIBUTES) <= set(found)


def test_no_user_means_no_user_attribute() -> None:
    (record,) = records(decode(encode_otlp_logs([PAGE])[0]))
    assert "user.id" not in dict(attributes(record))


def test_an_empty_batch_is_an_empty_request() -> None:
    for encode in (encode_otlp_logs, encode_otlp_json):
        body, _ = encode([])
        request = decode(body) if encode is encode_otlp_logs else parse_json(body)
        assert request == ExportLogsServiceRequest()


def test_the_observed_time_defaults_to_the_clock() -> None:
    (record,) = records(decode(encode_otlp_logs([PAGE])[0]))
    assert record.observed_time_unix_nano > nanos(2020, 1, 1, 0, 0, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-07T03:04:05.678Z", nanos(2026, 12, 7, 3, 4, 5) + 678_000_000),
        ("2026-12-07T03:04:05.123456Z", nanos(2026, 12, 7, 3, 4, 5) + 123_456_000),
        ("2026-12-07T04:04:05+01:00", nanos(2026, 12, 7, 3, 4, 5)),
        ("2026-12-07T03:04:05", nanos(2026, 12, 7, 3, 4, 5)),  # no offset: UTC
        ("1970-01-01T00:00:00Z", 0),
        ("yesterday", 0),  # OTLP's "unknown"
        ("1969-12-31T23:59:59Z", 0),  # the field is unsigned
        ("2600-01-01T00:00:00Z", 0),  # beyond 64 bits of nanoseconds
        ("2554-07-21T23:34:33Z", nanos(2554, 7, 21, 23, 34, 33)),  # the last whole second
        ("", 0),
    ],
)
def test_times_are_exact_nanoseconds(text: str, expected: int) -> None:
    assert unix_nano(text) == expected


def test_a_time_otlp_cannot_hold_is_sent_as_unknown() -> None:
    before = Envelope("i" * 32, "1969-12-31T23:59:59Z", "x.y", 1, "a" * 32, None, {})
    (record,) = records(decode(encode_otlp_logs([before], now=now)[0]))
    assert (record.time_unix_nano, record.observed_time_unix_nano) == (0, OBSERVED)
    (record,) = records(parse_json(encode_otlp_json([before], now=now)[0]))
    assert (record.time_unix_nano, record.observed_time_unix_nano) == (0, OBSERVED)


@pytest.mark.parametrize("encode", [encode_otlp_logs, encode_otlp_json])
@pytest.mark.parametrize(
    ("properties", "message"),
    [
        ({"blob": b"raw"}, r"event\.properties\.blob: bytes has no OTLP value"),
        ({"when": object()}, r"event\.properties\.when: object has no OTLP value"),
        ({"deep": {"x": [1, {2}]}}, r"event\.properties\.deep\.x\[1\]: set has no OTLP value"),
        ({"keys": {1: "one"}}, r"event\.properties\.keys: a mapping key must be text, not int"),
    ],
)
def test_a_value_without_an_otlp_kind_is_refused_not_stringified(
    encode: Encoder, properties: dict[str, Any], message: str
) -> None:
    envelope = Envelope("i" * 32, PAGE.time, "x.y", 1, "a" * 32, None, properties)
    with pytest.raises(TypeError, match=message):
        encode([envelope])


def test_a_lone_surrogate_becomes_a_question_mark() -> None:
    envelope = Envelope("i" * 32, PAGE.time, "x.y", 1, "a" * 32, None, {"t": "a\ud800b"})
    (record,) = records(decode(encode_otlp_logs([envelope])[0]))
    assert dict(attributes(record))["event.properties.t"] == ("string", "a?b")
    body, _ = encode_otlp_json([envelope])
    assert json.loads(body)["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0]["attributes"][
        -1
    ] == {"key": "event.properties.t", "value": {"stringValue": "a?b"}}


def test_json_is_the_same_request_in_otlp_json() -> None:
    infinite = Envelope(
        "i" * 32, PAGE.time, "x.y", 1, "a" * 32, None, {"up": math.inf, "down": -math.inf}
    )
    batch = [SEARCH, PAGE, GOTO, infinite]
    body, content_type = encode_otlp_json(batch, service_name="shop", now=now)
    assert content_type == JSON == "application/json"
    protobuf, _ = encode_otlp_logs(batch, service_name="shop", now=now)
    assert parse_json(body) == decode(protobuf)
    text = body.decode("utf-8")
    # OTLP's JSON rules: camelCase keys, 64-bit integers as decimal strings.
    assert '"timeUnixNano":"' in text and '"resourceLogs":' in text
    assert '"intValue":"17"' in text and '"eventName":"search.submitted"' in text
    assert '"stringValue":"‹×›"' in text  # UTF-8, not escapes


def test_json_names_nan() -> None:
    envelope = Envelope("i" * 32, PAGE.time, "x.y", 1, "a" * 32, None, {"r": math.nan})
    body, _ = encode_otlp_json([envelope])
    (record,) = records(parse_json(body))
    assert math.isnan(
        dict((a.key, a.value) for a in record.attributes)["event.properties.r"].double_value
    )


def test_without_the_package_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def without_opentelemetry(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("opentelemetry"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_opentelemetry)
    with pytest.raises(ImportError, match=r"pip install 'redactlint\[otlp\]'") as raised:
        encode_otlp_logs([PAGE])
    assert str(raised.value) == MISSING
    assert isinstance(raised.value.__cause__, ModuleNotFoundError)
    # JSON needs no extra package.
    assert encode_otlp_json([PAGE])[1] == JSON


def test_importing_the_encoders_loads_no_protobuf() -> None:
    code = (
        "import sys, redactlint.delivery.otlp\n"
        "loaded = [m for m in sys.modules if m.startswith(('opentelemetry', 'google'))]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


class Collector(BaseHTTPRequestHandler):
    """An OTLP/HTTP logs receiver, as far as a test needs one."""

    received: ClassVar[list[tuple[str, ExportLogsServiceRequest]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        content_type = self.headers["Content-Type"]
        if self.path != "/v1/logs":
            self.send_error(404)
            return
        if content_type == PROTOBUF:
            request = ExportLogsServiceRequest.FromString(body)
        else:
            request = parse_json(body)
        self.received.append((content_type, request))
        reply = ExportLogsServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", PROTOBUF)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture()
def collector() -> Iterator[str]:
    Collector.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1/logs"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("encode", [encode_otlp_logs, encode_otlp_json])
def test_a_receiver_decodes_what_was_posted(collector: str, encode: Encoder) -> None:
    encoder: Encoder = functools.partial(encode, service_name="shop", now=now)
    body, content_type = encoder([SEARCH, PAGE])
    post = urllib.request.Request(
        collector, data=body, method="POST", headers={"Content-Type": content_type}
    )
    with urllib.request.urlopen(post, timeout=10) as response:
        assert response.status == 200
        ExportLogsServiceResponse.FromString(response.read())
    ((received_type, request),) = Collector.received
    assert received_type == content_type
    assert [attributes(record) for record in records(request)] == [
        expected_attributes(SEARCH),
        expected_attributes(PAGE),
    ]
