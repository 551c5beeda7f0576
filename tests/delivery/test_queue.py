"""The durable queue: order, bounds and the drop policy, persistence across openings."""

from __future__ import annotations

import sqlite3
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


def test_a_full_buffer_is_stored_without_waiting_out_the_interval(tmp_path: Path) -> None:
    with DeliveryQueue(tmp_path / "q.db", flush_interval=60, flush_events=50) as queue:
        for n in range(49):
            queue.put(b"%d" % n)
        assert not queue.written.wait(0.3)  # below the threshold: the interval rules
        queue.put(b"49")
        assert queue.written.wait(10)
        assert queue.stored == 50 and queue.stored_bytes == sum(len(b"%d" % n) for n in range(50))


def test_a_busy_writer_stores_whole_chunks_and_a_reader_takes_whole_chunks(
    tmp_path: Path,
) -> None:
    with DeliveryQueue(tmp_path / "q.db", flush_interval=60, flush_events=10) as queue:
        queue.flush_events = 10**6  # no wake-up: this test flushes by hand
        for n in range(25):
            queue.put(b"%d" % n)
        queue.flush_events = 10
        queue.flush(whole_chunks=True)
        assert (queue.stored, queue.buffered) == (20, 5)  # the newest wait for the next
        first = queue.read(15)
        assert [body for _, body in first] == [b"%d" % n for n in range(10)]  # one chunk
        queue.ack([seq for seq, _ in first])
        queue.flush()
        assert [body for _, body in queue.read(100)] == [b"%d" % n for n in range(10, 25)]


def test_acknowledging_rows_already_gone_keeps_the_totals_true(tmp_path: Path) -> None:
    """Two processes sharing a file may both deliver (and acknowledge) one batch."""
    with DeliveryQueue(tmp_path / "q.db", flush_interval=10) as queue:
        for body in (b"a", b"bb", b"ccc"):
            queue.put(body)
        queue.flush()
        seqs = [seq for seq, _ in queue.read(10)]
        queue.ack(seqs[:2])
        queue.ack(seqs)
        assert (queue.stored, queue.stored_bytes) == (0, 0)
        many = [b"%d" % n for n in range(1_200)]  # more ids than one statement takes
        for body in many:
            queue.put(body)
        queue.flush()
        queue.ack([seq for seq, _ in queue.read(2_000)][:1_100])
        assert (queue.stored, queue.stored_bytes) == (100, sum(len(b) for b in many[1_100:]))


def test_a_file_from_the_earlier_format_keeps_its_events_and_totals(tmp_path: Path) -> None:
    """Files written with a row per event (totals kept by triggers) are read on."""
    path = tmp_path / "q.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript("""
        CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB NOT NULL);
        CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO counters VALUES ('count', 2), ('bytes', 5), ('dropped', 4),
            ('rejected', 0);
        CREATE TRIGGER events_added AFTER INSERT ON events BEGIN
            UPDATE counters SET value = value + 1 WHERE name = 'count';
        END;
        INSERT INTO events (seq, body) VALUES (7, CAST('older' AS BLOB)), (9, CAST('new' AS BLOB));
    """)
    db.close()
    with DeliveryQueue(path, flush_interval=10) as queue:
        queue.put(b"newest")
        queue.flush()
        assert [body for _, body in queue.read(10)] == [b"older", b"new", b"newest"]
        assert (queue.stored, queue.stored_bytes, queue.dropped) == (3, 14, 4)
        queue.ack([seq for seq, _ in queue.read(2)])
        assert [body for _, body in queue.read(10)] == [b"newest"]
        assert (queue.stored, queue.stored_bytes) == (1, 6)


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
    with pytest.raises(ValueError, match="flush_events"):
        DeliveryQueue(tmp_path / "q.db", flush_events=0)
