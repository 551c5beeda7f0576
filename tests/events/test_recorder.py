"""Recorder: expiry, validation, failing sinks and the default recorder."""

from __future__ import annotations

import datetime
import logging

import pytest

from redactlint import events
from redactlint.events import EventValidationError, MemorySink, Recorder
from redactlint.events.export import Payload
from redactlint.redact import REDACTED, unsafe

from .sample import LegacyOpened, SearchSubmitted


def search(count: int = 1) -> SearchSubmitted:
    return SearchSubmitted(query=unsafe("alice"), pattern_type="literal", result_count=count)


class FlakySink:
    """Fails on the first write, then stores."""

    def __init__(self) -> None:
        self.calls = 0
        self.payloads: list[Payload] = []

    def write(self, payload: Payload) -> None:
        self.calls += 1
        if self.calls == 1:
            raise OSError("disk full")
        self.payloads.append(payload)


def test_record_exports_in_the_recorder_mode() -> None:
    sink = MemorySink()
    recorder = Recorder(sink, mode="drop")
    assert recorder.record(search(2)) is True
    assert sink.payloads == [
        {
            "event": "search.submitted",
            "version": 3,
            "properties": {"patternType": "literal", "resultCount": 2},
        }
    ]


def test_record_with_salt_hashes_with_it() -> None:
    from redactlint.redact import hashed

    sink = MemorySink()
    event = SearchSubmitted(
        query=unsafe("q"), pattern_type="literal", result_count=1, repo=hashed("acme/secret")
    )
    Recorder(sink, salt="pepper").record(event)
    expected = hashed("acme/secret").redact(hash=True, salt="pepper")
    assert sink.payloads[0]["properties"]["repo"] == expected


def test_a_failing_sink_is_logged_and_does_not_raise(caplog: pytest.LogCaptureFixture) -> None:
    sink = FlakySink()
    recorder = Recorder(sink)
    with caplog.at_level(logging.ERROR, logger="redactlint.events"):
        assert recorder.record(search(1)) is False
        assert recorder.record(search(2)) is True
    assert [p["properties"]["resultCount"] for p in sink.payloads] == [2]
    [record] = caplog.records
    assert "sink FlakySink failed to record event search.submitted" in record.getMessage()
    assert record.exc_info is not None and "disk full" in str(record.exc_info[1])


def test_expired_events_are_dropped_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    sink = MemorySink()
    recorder = Recorder(sink, clock=lambda: datetime.date(2024, 7, 1))
    with caplog.at_level(logging.WARNING, logger="redactlint.events"):
        assert recorder.record(LegacyOpened(count=1)) is False
        assert recorder.record(LegacyOpened(count=2)) is False
    assert sink.payloads == []
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert "legacy.opened expired on 2024-06-30" in warnings[0]


def test_an_event_is_recorded_on_its_expiry_day() -> None:
    sink = MemorySink()
    Recorder(sink, clock=lambda: datetime.date(2024, 6, 30)).record(LegacyOpened(count=1))
    assert len(sink.payloads) == 1


def test_validate_accepts_a_valid_event() -> None:
    sink = MemorySink()
    Recorder(sink, validate=True).record(search(4))
    assert sink.payloads[0]["properties"]["query"] == REDACTED


def test_validate_raises_without_revealing_the_value() -> None:
    recorder = Recorder(MemorySink(), validate=True)
    bad = SearchSubmitted(
        query=unsafe("alice"),
        pattern_type="secret-value",  # type: ignore[arg-type]
        result_count=-5,
    )
    with pytest.raises(EventValidationError) as caught:
        recorder.record(bad)
    message = str(caught.value)
    assert "patternType: fails 'enum'" in message
    assert "resultCount: fails 'minimum'" in message
    assert "secret-value" not in message and "-5" not in message


def test_validate_needs_a_schema() -> None:
    recorder = Recorder(MemorySink(), validate=True, clock=lambda: datetime.date(2024, 1, 1))
    with pytest.raises(EventValidationError, match="carries no JSON schema"):
        recorder.record(LegacyOpened(count=1))


def test_keep_mode_warns_at_construction(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="redactlint.events"):
        Recorder(MemorySink(), mode="keep")
    assert "local development only" in caplog.text


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown export mode"):
        Recorder(MemorySink(), mode="loud")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="salt must be bytes or str"):
        Recorder(MemorySink(), salt=12)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="expects an Event"):
        Recorder(MemorySink(), raise_errors=True).record({"event": "x"})  # type: ignore[arg-type]


def test_allowlist_given_as_tuples() -> None:
    sink = MemorySink()
    Recorder(sink, allowlist=[("search.submitted", "query", "reviewed")]).record(search())
    assert sink.payloads[0]["properties"]["query"] == "alice"


def test_event_record_uses_the_configured_default() -> None:
    sink = MemorySink()
    recorder = Recorder(sink)
    previous = events.configure(recorder)
    try:
        assert events.get_recorder() is recorder
        assert search(9).record() is True
        other = MemorySink()
        assert search(10).record(Recorder(other)) is True
    finally:
        assert events.configure(previous) is recorder
    assert [p["properties"]["resultCount"] for p in sink.payloads] == [9]
    assert other.payloads[0]["properties"]["resultCount"] == 10


def test_without_a_default_events_are_discarded(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from redactlint.events import default

    monkeypatch.setattr(default, "_default", None)
    monkeypatch.setattr(default, "_warned_unconfigured", False)
    with caplog.at_level(logging.WARNING, logger="redactlint.events"):
        assert search().record() is False
        assert search().record() is False
    assert [r.getMessage() for r in caplog.records].count(
        "no recorder configured; events are discarded until "
        "redactlint.events.configure() is called"
    ) == 1
