"""Issue 15 item 8: ``JsonLinesSink`` writes every line whole, even 100 kB lines into a
pipe from many threads (a pipe takes such a write in pieces)."""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from redactlint.events import JsonLinesSink, Recorder
from redactlint.redact import safe, unsafe

from .sample import SearchSubmitted

THREADS = 8
LINES = 100
FILLER = "x" * 100_000  # far beyond PIPE_BUF


def _drain(fd: int, into: list[bytes]) -> None:
    while chunk := os.read(fd, 1 << 16):
        into.append(chunk)


def _write_concurrently(sink: JsonLinesSink, reader_fd: int, close: Callable[[], None]) -> bytes:
    received: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(reader_fd, received))
    reader.start()
    recorder = Recorder(sink, raise_errors=True)
    start = threading.Barrier(THREADS)

    def worker(number: int) -> None:
        start.wait()
        for index in range(LINES):
            event = SearchSubmitted(
                query=unsafe("SECRET-TOKEN-123"),
                pattern_type="literal",
                result_count=number * 1000 + index,
                label=safe(FILLER),
            )
            assert recorder.record(event)

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    close()
    reader.join(timeout=60)
    return b"".join(received)


def _check(data: bytes) -> None:
    lines = data.split(b"\n")
    assert lines[-1] == b""
    counts = sorted(json.loads(line)["properties"]["resultCount"] for line in lines[:-1])
    assert counts == sorted(n * 1000 + i for n in range(THREADS) for i in range(LINES))
    assert b"SECRET-TOKEN-123" not in data


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="needs /dev/fd")
def test_threads_writing_long_lines_to_a_pipe_by_path_never_break_a_line() -> None:
    read_fd, write_fd = os.pipe()
    sink = JsonLinesSink(f"/dev/fd/{write_fd}")

    def close() -> None:
        sink.close()
        os.close(write_fd)

    try:
        _check(_write_concurrently(sink, read_fd, close))
    finally:
        os.close(read_fd)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_threads_writing_long_lines_to_a_pipe_descriptor_never_break_a_line() -> None:
    read_fd, write_fd = os.pipe()
    sink = JsonLinesSink(write_fd)
    try:
        _check(_write_concurrently(sink, read_fd, lambda: (sink.close(), os.close(write_fd))))
    finally:
        os.close(read_fd)


def test_a_given_descriptor_is_never_closed_by_the_sink() -> None:
    read_fd, write_fd = os.pipe()
    try:
        sink = JsonLinesSink(write_fd)
        sink.write({"event": "e", "version": 1, "properties": {}})
        sink.close()
        os.write(write_fd, b"still open\n")
        expected = b'{"event":"e","version":1,"properties":{}}\nstill open\n'
        assert os.read(read_fd, 1 << 10) == expected
    finally:
        os.close(read_fd)
        os.close(write_fd)


@pytest.mark.parametrize("bad", [-1, True])
def test_a_bad_descriptor_is_refused(bad: int) -> None:
    with pytest.raises(ValueError, match="needs an open file descriptor"):
        JsonLinesSink(bad)

