"""Sinks: JSON Lines appends from several processes, logging and memory."""

from __future__ import annotations

import json
import logging
import multiprocessing
from pathlib import Path

import pytest

from redactlint.events import JsonLinesSink, LoggingSink, MemorySink, Recorder
from redactlint.events.sinks import encode_line
from redactlint.redact import REDACTED, hashed, unsafe
from redactlint.redact.logging import RedactingFilter

from .sample import SearchSubmitted

PROCESSES = 4
RECORDS = 150
# Larger than PIPE_BUF, so interleaving would show if lines were written piecewise.
FILLER = "x" * 9000


def append_records(path: str, worker: int) -> None:
    """Child process: record RECORDS large events into one shared file."""
    from redactlint.redact import safe

    recorder = Recorder(JsonLinesSink(path))
    for index in range(RECORDS):
        event = SearchSubmitted(
            query=unsafe("q"),
            pattern_type="literal",
            result_count=worker * 1000 + index,
            label=safe(FILLER),
        )
        assert recorder.record(event)


def test_concurrent_processes_never_interleave_lines(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=append_records, args=(str(path), worker))
        for worker in range(PROCESSES)
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    payloads = [json.loads(line) for line in lines[:-1]]
    counts = sorted(p["properties"]["resultCount"] for p in payloads)
    assert counts == sorted(w * 1000 + i for w in range(PROCESSES) for i in range(RECORDS))
    assert all(p["properties"]["label"] == FILLER for p in payloads)


def test_json_lines_sink_appends_one_line_per_payload(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text('{"existing":true}\n', encoding="utf-8")
    with JsonLinesSink(path) as sink:
        recorder = Recorder(sink)
        recorder.record(
            SearchSubmitted(query=unsafe("a\nb"), pattern_type="regexp", result_count=1)
        )
        recorder.record(
            SearchSubmitted(query=hashed("c"), pattern_type="literal", result_count=2)
        )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    assert json.loads(lines[1])["properties"]["query"] == REDACTED + "\n" + REDACTED
    assert "\u2039\u00d7\u203a" in lines[1]  # written as UTF-8, not escaped


def test_encode_line_survives_lone_surrogates() -> None:
    line = encode_line({"event": "x", "properties": {"v": "a\ud800b"}})
    assert line.endswith(b"\n") and b"\\ud800" in line
    assert json.loads(line)["properties"]["v"] == "a\ud800b"


def test_logging_sink_logs_json(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.telemetry")
    recorder = Recorder(LoggingSink(logger))
    event = SearchSubmitted(query=unsafe("alice"), pattern_type="literal", result_count=1)
    with caplog.at_level(logging.INFO, logger="test.telemetry"):
        recorder.record(event)
    [record] = caplog.records
    assert record.levelno == logging.INFO
    assert json.loads(record.getMessage())["properties"]["query"] == REDACTED


def test_logging_sink_output_stays_readable_through_a_redacting_filter(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("test.telemetry.filtered")
    redacting = RedactingFilter()
    logger.addFilter(redacting)
    try:
        with caplog.at_level(logging.INFO, logger="test.telemetry.filtered"):
            Recorder(LoggingSink(logger)).record(
                SearchSubmitted(query=unsafe("alice"), pattern_type="literal", result_count=1)
            )
    finally:
        logger.removeFilter(redacting)
    payload = json.loads(caplog.records[0].getMessage())
    assert payload["properties"] == {
        "query": REDACTED,
        "patternType": "literal",
        "resultCount": 1,
    }


def test_memory_sink_keeps_and_clears() -> None:
    sink = MemorySink()
    sink.write({"event": "a"})
    assert sink.payloads == [{"event": "a"}]
    sink.clear()
    assert sink.payloads == []
