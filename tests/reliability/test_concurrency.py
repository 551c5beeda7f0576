"""8 threads and 4 processes each record 20,000 events into one JSON Lines file at the
same time: every event is there exactly once, every line is valid JSON, no line is
interleaved with another (one in fifty is larger than a pipe buffer, so a line
written in pieces would show)."""

from __future__ import annotations

import json
import multiprocessing
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from redactlint.events import JsonLinesSink, Recorder
from redactlint.redact import safe, unsafe

from ..events.sample import SearchSubmitted

THREADS = 8
PROCESSES = 4
EVENTS = 20_000
LARGE_EVERY = 50
LARGE = 9_000  # characters: more than PIPE_BUF (4096 bytes)


def label(writer: int, index: int) -> str:
    tag = f"w{writer}i{index}"
    return tag + "x" * LARGE if index % LARGE_EVERY == 0 else tag


def record_all(recorder: Recorder, writer: int, start: Any) -> None:
    """Record EVENTS events, each naming its writer and index."""
    start.wait()
    for index in range(EVENTS):
        event = SearchSubmitted(
            query=unsafe("q"),
            pattern_type="literal",
            result_count=writer * 1_000_000 + index,
            label=safe(label(writer, index)),
        )
        if not recorder.record(event):
            raise AssertionError(f"writer {writer} lost event {index}")


def process_main(path: str, writer: int, start: Any) -> None:
    """A child process: its own recorder and sink on the shared file."""
    recorder = Recorder(JsonLinesSink(path), raise_errors=True)
    record_all(recorder, writer, start)


def test_threads_and_processes_share_one_json_lines_file(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    processes = [
        context.Process(target=process_main, args=(str(path), THREADS + n, start))
        for n in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    sink = JsonLinesSink(path)
    shared = Recorder(sink, raise_errors=True)  # one recorder and sink for all threads
    errors: list[BaseException] = []

    def thread_main(writer: int) -> None:
        try:
            record_all(shared, writer, start)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=thread_main, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    start.set()  # everyone at once
    for thread in threads:
        thread.join(120)
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    sink.close()
    assert not errors, errors

    data = path.read_bytes()
    assert data.endswith(b"\n")
    lines = data.split(b"\n")[:-1]
    assert len(lines) == (THREADS + PROCESSES) * EVENTS
    seen: Counter[int] = Counter()
    for line in lines:
        payload = json.loads(line)  # a line mixed with another would not parse
        count = payload["properties"]["resultCount"]
        writer, index = divmod(count, 1_000_000)
        assert payload["properties"]["label"] == label(writer, index), line[:80]
        seen[count] += 1
    expected = {
        writer * 1_000_000 + index
        for writer in range(THREADS + PROCESSES)
        for index in range(EVENTS)
    }
    assert set(seen) == expected
    assert set(seen.values()) == {1}
