"""A recorder never raises into product code: a sink that raises, a value that
cannot be exported or serialised, an object that is not an event. Each failure
is counted in ``Recorder.failures`` and logged; ``raise_errors=True`` lets tests
see the error itself."""

from __future__ import annotations

import json
import logging
import math
import threading
from pathlib import Path

import pytest

from redactlint import events
from redactlint.events import EventValidationError, JsonLinesSink, LoggingSink, MemorySink, Recorder
from redactlint.events.export import Payload
from redactlint.redact import REDACTED, unsafe
from redactlint.redact.logging import RedactingFilter

from ..events.sample import SearchSubmitted

CANARY = "zq7leak.alice@example.com"


def search(count: int = 1, **fields: object) -> SearchSubmitted:
    return SearchSubmitted(
        query=unsafe(CANARY),
        pattern_type="literal",
        result_count=count,
        **fields,  # type: ignore[arg-type]
    )


class BrokenSink:
    """Raises on every write."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error or OSError(28, "No space left on device")
        self.calls = 0

    def write(self, payload: Payload) -> None:
        self.calls += 1
        raise self.error


class Unfloatable(float):
    """A float the export cannot convert (as a buggy numeric type might be)."""

    def __float__(self) -> float:
        raise ArithmeticError("cannot be a float")


def test_a_raising_sink_is_counted_logged_and_survived(caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(BrokenSink())
    with caplog.at_level(logging.ERROR, logger="redactlint.events"):
        assert recorder.record(search(1)) is False
        assert recorder.record(search(2)) is False
    assert recorder.failures == 2
    assert [r.getMessage() for r in caplog.records] == [
        "sink BrokenSink failed to record event search.submitted"
    ] * 2
    assert all(r.exc_info is not None for r in caplog.records)
    assert CANARY not in caplog.text


def test_the_next_event_gets_through_after_a_failure() -> None:
    class FailsOnce(MemorySink):
        def write(self, payload: Payload) -> None:
            if not hasattr(self, "failed"):
                self.failed = True
                raise ConnectionResetError("collector went away")
            super().write(payload)

    sink = FailsOnce()
    recorder = Recorder(sink)
    assert [recorder.record(search(n)) for n in range(3)] == [False, True, True]
    assert recorder.failures == 1
    assert [p["properties"]["resultCount"] for p in sink.payloads] == [1, 2]


@pytest.mark.parametrize(
    "event",
    [
        pytest.param({"event": "search.submitted"}, id="a dict"),
        pytest.param(None, id="None"),
        pytest.param(search(duration_ms=Unfloatable(1.0)), id="a value export cannot convert"),
    ],
)
def test_what_cannot_be_exported_is_counted_not_raised(
    event: object, caplog: pytest.LogCaptureFixture
) -> None:
    sink = MemorySink()
    recorder = Recorder(sink)
    with caplog.at_level(logging.ERROR, logger="redactlint.events"):
        assert recorder.record(event) is False  # type: ignore[arg-type]
    assert recorder.failures == 1 and sink.payloads == []
    [record] = caplog.records
    assert record.getMessage().startswith("cannot export event ")
    with pytest.raises((TypeError, ArithmeticError)):
        Recorder(sink, raise_errors=True).record(event)  # type: ignore[arg-type]


def test_raise_errors_lets_tests_see_the_sink_error() -> None:
    recorder = Recorder(BrokenSink(), raise_errors=True)
    with pytest.raises(OSError, match="No space left"):
        recorder.record(search())
    assert recorder.failures == 0


def test_a_failing_clock_is_a_failure_too() -> None:
    def clock() -> object:
        raise RuntimeError("no time")

    recorder = Recorder(MemorySink(), clock=clock)  # type: ignore[arg-type]
    from ..events.sample import LegacyOpened

    assert recorder.record(LegacyOpened(count=1)) is False
    assert recorder.failures == 1


def test_interrupts_are_not_swallowed() -> None:
    recorder = Recorder(BrokenSink(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        recorder.record(search())


def test_validation_still_raises_when_asked_for() -> None:
    recorder = Recorder(MemorySink(), validate=True)
    with pytest.raises(EventValidationError):
        recorder.record(search(-1))


def test_event_record_through_the_default_recorder_never_raises() -> None:
    recorder = Recorder(BrokenSink())
    previous = events.configure(recorder)
    try:
        assert search().record() is False
        assert events.record(search()) is False
    finally:
        events.configure(previous)
    assert recorder.failures == 2


def test_failures_are_counted_exactly_across_threads() -> None:
    recorder = Recorder(BrokenSink())
    logging.getLogger("redactlint.events").disabled = True
    try:
        threads = [
            threading.Thread(target=lambda: [recorder.record(search(n)) for n in range(500)])
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        logging.getLogger("redactlint.events").disabled = False
    assert recorder.failures == 8 * 500


def test_a_json_lines_sink_that_cannot_open_its_file(tmp_path: Path) -> None:
    recorder = Recorder(JsonLinesSink(tmp_path))  # a directory
    assert recorder.record(search()) is False
    assert recorder.failures == 1
    missing = Recorder(JsonLinesSink(tmp_path / "no" / "such" / "dir.jsonl"))
    assert missing.record(search()) is False
    assert missing.failures == 1


def test_the_failure_log_stays_redacted_through_a_redacting_filter(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A sink error message carrying data is redacted like any log record."""
    recorder = Recorder(BrokenSink(ValueError(f"rejected payload for {CANARY}")))
    caplog.handler.addFilter(RedactingFilter())
    try:
        with caplog.at_level(logging.ERROR, logger="redactlint.events"):
            recorder.record(search())
    finally:
        caplog.handler.filters.clear()
    formatted = caplog.handler.format(caplog.records[0])
    assert "ValueError" in formatted and CANARY not in formatted


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_still_give_valid_json_lines(tmp_path: Path, value: float) -> None:
    path = tmp_path / "events.jsonl"
    recorder = Recorder(JsonLinesSink(path))
    assert recorder.record(search(duration_ms=value)) is True

    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    [line] = path.read_text(encoding="utf-8").splitlines()
    payload = json.loads(line, parse_constant=refuse)
    assert payload["properties"]["durationMs"] == REDACTED


def test_an_integer_too_long_to_serialise_is_a_counted_failure(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    recorder = Recorder(JsonLinesSink(path))
    assert recorder.record(search(count=10**5000)) is False
    assert recorder.failures == 1
    assert recorder.record(search(count=1)) is True
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1


def test_a_logging_sink_whose_handler_raises(caplog: pytest.LogCaptureFixture) -> None:
    class Exploding(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raise RuntimeError("handler down")

    logger = logging.getLogger("reliability.exploding")
    logger.propagate = False
    logger.addHandler(Exploding())
    previous, logging.raiseExceptions = logging.raiseExceptions, False
    try:
        recorder = Recorder(LoggingSink(logger))
        assert recorder.record(search()) is True  # logging swallows handler errors itself
    finally:
        logging.raiseExceptions = previous
        logger.handlers.clear()
