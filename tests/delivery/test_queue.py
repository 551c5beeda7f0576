"""The durable queue: order, bounds and the drop policy, persistence across openings."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from redactlint.delivery import DeliveryQueue


def test_rows_come_back_in_order_until_acknowledged(tmp_path: Path) -> None:
    with DeliveryQueue(tmp_path / "q.db", flush_interval=0.05) as queue:
        for n in range(5):
            assert queue.put(b"%d" % n)
        queue.flush()
        batch = queue.read(3)
        assert [body for _, body in batch] == [b"0", b"1", b"2"]
        assert queue.read(3) == batch  # read does not remove
        queue.ack([seq for seq, _ in batch])
        assert [body for _, body in queue.read(10)] == [b"3", b"4"]
        assert queue.stored == 2 and queue.stored_bytes == 2


def test_the_writer_stores_within_the_flush_interval(tmp_path: Path) -> None:
    with DeliveryQueue(tmp_path / "q.db", flush_interval=0.05) as queue:
        queue.put(b"x")
        assert queue.written.wait(2)
        assert queue.stored == 1 and queue.buffered == 0


def test_a_full_queue_refuses_the_newest_and_counts_it(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    with DeliveryQueue(path, max_events=3, flush_interval=10) as queue:
        for n in range(5):
            queue.put(b"%d" % n)
        queue.flush()
        assert [body for _, body in queue.read(10)] == [b"0", b"1", b"2"]
        assert queue.dropped == 2
        queue.put(b"5")  # still full: the memory buffer takes it, the file refuses it
        queue.flush()
        assert queue.dropped == 3
    with DeliveryQueue(path, max_events=3, max_bytes=4, flush_interval=10) as queue:
        assert queue.dropped == 3  # the counter lives in the file
        queue.ack([seq for seq, _ in queue.read(10)])
        for body in (b"aa", b"bbb", b"c", b"d"):
            queue.put(body)
        queue.flush()
        assert [body for _, body in queue.read(10)] == [b"aa", b"c"]  # 4 bytes at most
        assert queue.dropped == 5


def test_the_memory_buffer_is_bounded_too(tmp_path: Path) -> None:
    with DeliveryQueue(tmp_path / "q.db", max_events=2, flush_interval=10) as queue:
        assert [queue.put(b"x") for _ in range(4)] == [True, True, False, False]
        assert queue.dropped == 2


def test_a_reopened_file_continues(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    with DeliveryQueue(path) as queue:
        queue.put(b"a")
        queue.put(b"b")  # close stores the buffer
    with DeliveryQueue(path) as queue:
        assert [body for _, body in queue.read(10)] == [b"a", b"b"]
        assert queue.rejected == 0
        queue.ack([seq for seq, _ in queue.read(1)], rejected=True)
        assert queue.rejected == 1
    with DeliveryQueue(path) as queue:
        assert queue.rejected == 1 and queue.stored == 1


def test_threads_share_a_queue(tmp_path: Path) -> None:
    with DeliveryQueue(tmp_path / "q.db", flush_interval=0.01) as queue:
        def put(worker: int) -> None:
            for n in range(200):
                queue.put(b"%d-%d" % (worker, n))

        threads = [threading.Thread(target=put, args=(w,)) for w in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        queue.flush()
        bodies = [body for _, body in queue.read(10_000)]
    assert len(bodies) == 800
    for worker in range(4):
        mine = [body for body in bodies if body.startswith(b"%d-" % worker)]
        assert mine == [b"%d-%d" % (worker, n) for n in range(200)]


def test_bad_bounds_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one event"):
        DeliveryQueue(tmp_path / "q.db", max_events=0)
    with pytest.raises(ValueError, match="flush_interval"):
        DeliveryQueue(tmp_path / "q.db", flush_interval=0)
