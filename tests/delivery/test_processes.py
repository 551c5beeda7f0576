"""Across processes: a SIGKILL loses at most the flush interval, exit flushes, fork."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from redactlint.delivery import DeliverySink

from .conftest import KEY, Collector, wait_for

FLUSH_INTERVAL = 0.05

PRODUCT = textwrap.dedent(
    """
    import sys, time
    from redactlint.delivery import DeliverySink

    url, queue, ca, stored, unstored, mode = sys.argv[1:7]
    sink = DeliverySink(url, queue, instance="acme", key=b"k" * 32, ca_file=ca,
                        flush_interval=%(flush)r, backoff_base=0.02, backoff_cap=0.1,
                        timeout=30, exit_deadline=5)
    def record(first, count):
        for n in range(first, first + count):
            sink.write({"event": "e", "version": 1, "properties": {"n": n}})
    record(0, int(stored))
    time.sleep(%(flush)r * 4)  # past the flush interval: these are on disk
    print("stored", flush=True)
    record(int(stored), int(unstored))  # within the window a SIGKILL may lose
    print("recorded", flush=True)
    if mode == "wait":
        time.sleep(60)
    """
    % {"flush": FLUSH_INTERVAL}
)


def start_product(tmp_path: Path, url: str, ca_file: Path, stored: int, unstored: int,
                  mode: str) -> subprocess.Popen[str]:
    script = tmp_path / "product.py"
    script.write_text(PRODUCT)
    return subprocess.Popen(
        [sys.executable, str(script), url, str(tmp_path / "queue.db"), str(ca_file),
         str(stored), str(unstored), mode],
        stdout=subprocess.PIPE, text=True, cwd=tmp_path,
    )


def delivered(collector: Collector) -> list[int]:
    unique = {event["id"]: event["properties"]["n"] for event in collector.events()}
    return sorted(unique.values())


def test_a_sender_killed_mid_batch_loses_nothing_once_restarted(
    collector: Collector, ca_file: Path, tmp_path: Path
) -> None:
    release = collector.hold()  # the first batch reaches the server and hangs there
    product = start_product(tmp_path, collector.url, ca_file, 200, 50, "wait")
    try:
        assert product.stdout is not None
        assert product.stdout.readline().strip() == "stored"
        assert product.stdout.readline().strip() == "recorded"
        assert collector.held.wait(10)  # mid-batch: sent, not answered, not acknowledged
        product.send_signal(signal.SIGKILL)
        assert product.wait(10) == -signal.SIGKILL
    finally:
        if product.poll() is None:
            product.kill()
            product.wait()
        if product.stdout is not None:
            product.stdout.close()
    release.set()
    assert collector.events() == []
    restarted = DeliverySink(collector.url, tmp_path / "queue.db", instance="acme", key=KEY,
                             ca_file=ca_file, flush_interval=FLUSH_INTERVAL)
    try:
        assert restarted.flush(10)
    finally:
        restarted.close(1)
    numbers = delivered(collector)
    assert numbers[:200] == list(range(200))  # everything older than the flush interval
    assert len(numbers) >= 200 and set(numbers) <= set(range(250))  # at most the window lost


def test_exit_flushes_within_the_deadline(
    collector: Collector, ca_file: Path, tmp_path: Path
) -> None:
    product = start_product(tmp_path, collector.url, ca_file, 30, 20, "exit")
    out, _ = product.communicate(timeout=20)
    assert product.returncode == 0 and out.split() == ["stored", "recorded"]
    assert delivered(collector) == list(range(50))


def test_exit_does_not_hang_when_the_collector_is_down(ca_file: Path, tmp_path: Path) -> None:
    from .conftest import free_port

    script = tmp_path / "down.py"
    script.write_text(PRODUCT.replace("exit_deadline=5", "exit_deadline=0.5"))
    product = subprocess.Popen(
        [sys.executable, str(script), f"https://127.0.0.1:{free_port()}/", str(tmp_path / "q.db"),
         str(ca_file), "5", "5", "exit"],
        stdout=subprocess.PIPE, text=True,
    )
    out, _ = product.communicate(timeout=20)
    assert product.returncode == 0 and out.split() == ["stored", "recorded"]
    from redactlint.delivery import DeliveryQueue

    with DeliveryQueue(tmp_path / "q.db") as queue:
        assert queue.stored == 10  # kept for the next start


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_child_after_fork_delivers_its_own_events(
    collector: Collector, ca_file: Path, tmp_path: Path,
    make_sink: Callable[..., DeliverySink],
) -> None:
    sink = make_sink(collector.url)
    sink.write({"event": "parent", "version": 1, "properties": {"n": 0}})
    assert sink.flush(10)
    pid = os.fork()
    if pid == 0:  # the child: its own sender thread, its own connection
        code = 1
        try:
            for n in range(10):
                sink.write({"event": "child", "version": 1, "properties": {"n": n}})
            code = 0 if sink.flush(10) else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    sink.write({"event": "parent", "version": 1, "properties": {"n": 1}})
    assert sink.flush(10)
    assert wait_for(lambda: len({e["id"] for e in collector.events()}) == 12, 5)
    unique = {event["id"]: event for event in collector.events()}.values()
    child = [event["properties"]["n"] for event in unique if event["event"] == "child"]
    parent = [event["properties"]["n"] for event in unique if event["event"] == "parent"]
    assert child == list(range(10)) and parent == [0, 1]


def test_exit_does_not_hang_on_a_collector_that_never_answers(
    collector: Collector, ca_file: Path, tmp_path: Path
) -> None:
    release = collector.hold()
    script = tmp_path / "hung.py"
    script.write_text(PRODUCT.replace("exit_deadline=5", "exit_deadline=0.5"))
    started = time.monotonic()
    product = subprocess.Popen(
        [sys.executable, str(script), collector.url, str(tmp_path / "q.db"), str(ca_file),
         "5", "5", "exit"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        out, _ = product.communicate(timeout=20)
    finally:
        release.set()
    assert product.returncode == 0 and out.split() == ["stored", "recorded"]
    assert collector.held.is_set()
    assert time.monotonic() - started < 10  # the transport's timeout is 30 s
