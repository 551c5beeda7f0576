"""The durable local queue events wait in until the collector has them.

One SQLite file (standard library ``sqlite3``, WAL mode) holds the encoded events in
the order they were put. ``put`` only appends to an in-memory buffer under a lock, so
the product's thread never waits for the disk; a writer thread moves the buffer to the
file, atomically, at least every ``flush_interval`` seconds (default 1 s), and at once
when ``flush_events`` events (default 2,000, a sender's batch) are waiting, so a busy
product's events reach the sender without waiting out the interval. A SIGKILL therefore
loses at most the events put in the last flush interval; a process that opens the same
file later finds everything flushed before and carries on.

Reading is separate from removing: ``read`` returns the oldest events and leaves them in
place, ``ack`` deletes them once the server has accepted them. A crash between the two
sends those events again (at-least-once); each event carries an id to de-duplicate by.

**A row per chunk of events.** The events of one flush are stored as one row of up to
``flush_events`` events (a *chunk*: each event's index, length and bytes, one after the
other; an event's sequence number is the chunk's id times ``SPAN`` plus its index), and
read and deleted a chunk at a time, usually in one statement each. ``sqlite3`` lets
other threads run while SQLite works, once per statement and row stepped: with a row
per event, a writer or sender thread beside a busy product thread waits for the
interpreter lock once per event (up to the 5 ms switch interval each time) and falls
hopelessly behind; with a row per chunk it waits a few times per batch, and keeps pace
with a thread that does nothing but record (``benchmarks/bench_delivery.py``).

**Bounds and drop policy: the newest event is refused.** The queue holds at most
``max_events`` events and ``max_bytes`` bytes of encoded events (the in-memory buffer is
bounded by ``max_events`` too). When an event does not fit, that event is dropped and
``dropped`` (kept in the file, so it survives restarts) counts it. Refusing the newest
rather than evicting the oldest keeps the hot path an append (no delete while the
collector is unreachable, which is exactly when the queue is full), never removes rows
a sender has in flight, and leaves one contiguous gap that the counter reports; it is
what OpenTelemetry's batch processor and Segment's client do when their queues are full.

Safe across threads. After ``fork`` call ``reopen_in_child`` (the sender does): the
child forgets the parent's buffer (the parent flushes it) and opens its own connection
rather than using the parent's, which SQLite forbids.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import struct
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

log = logging.getLogger("redactlint.delivery")

DEFAULT_FLUSH_INTERVAL = 1.0  # seconds: the most a SIGKILL loses
DEFAULT_MAX_EVENTS = 100_000
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_FLUSH_EVENTS = 2000  # buffered events that wake the writer before the interval

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- in the order flushed
    count INTEGER NOT NULL,                -- events in the chunk now
    bytes INTEGER NOT NULL,                -- their encoded size
    data BLOB NOT NULL                     -- per event: index, length, the bytes
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO counters VALUES ('count', 0), ('bytes', 0), ('dropped', 0),
    ('rejected', 0);
CREATE TRIGGER IF NOT EXISTS chunk_added AFTER INSERT ON chunks BEGIN
    UPDATE counters SET value = value + CASE name WHEN 'count' THEN NEW.count ELSE NEW.bytes END
        WHERE name IN ('count', 'bytes');
END;
CREATE TRIGGER IF NOT EXISTS chunk_removed AFTER DELETE ON chunks BEGIN
    UPDATE counters SET value = value - CASE name WHEN 'count' THEN OLD.count ELSE OLD.bytes END
        WHERE name IN ('count', 'bytes');
END;
CREATE TRIGGER IF NOT EXISTS chunk_changed AFTER UPDATE ON chunks BEGIN
    UPDATE counters SET value = value + CASE name
        WHEN 'count' THEN NEW.count - OLD.count ELSE NEW.bytes - OLD.bytes END
        WHERE name IN ('count', 'bytes');
END;
"""
_SIZES = (
    "SELECT (SELECT value FROM counters WHERE name = 'count'),"
    " (SELECT value FROM counters WHERE name = 'bytes')"
)
# An event's sequence number is its chunk's id times SPAN plus its index in the chunk.
SPAN = 1 << 20
_HEADER = struct.Struct(">II")  # index in the chunk, length
_ROWS_PER_STATEMENT = 200  # chunks per INSERT: 3 parameters each, under SQLite's limit

# Connections a forked child inherited: never closed there (closing would touch the
# parent's locks), only kept from the garbage collector.
_inherited: list[sqlite3.Connection] = []


def pack(events: Iterable[tuple[int, bytes]]) -> bytes:
    """A chunk's data: each event's index and length, then its bytes, in order."""
    return b"".join(_HEADER.pack(index, len(body)) + body for index, body in events)


def unpack(data: bytes) -> Iterator[tuple[int, bytes]]:
    """The ``(index, body)`` of each event of a chunk, in order."""
    view, offset = memoryview(data), 0
    while offset < len(view):
        index, length = _HEADER.unpack_from(view, offset)
        offset += _HEADER.size
        yield index, bytes(view[offset:offset + length])
        offset += length


def chunk_rows(bodies: list[bytes], size: int) -> list[tuple[int, int, bytes]]:
    """``bodies`` as rows ``(count, bytes, data)`` of at most ``size`` events each."""
    rows = []
    for start in range(0, len(bodies), size):
        part = bodies[start:start + size]
        rows.append((len(part), sum(map(len, part)), pack(enumerate(part))))
    return rows


class DeliveryQueue:
    """A bounded, durable FIFO of encoded events in the SQLite file ``path``."""

    def __init__(
        self,
        path: Path | str,
        *,
        max_events: int = DEFAULT_MAX_EVENTS,
        max_bytes: int = DEFAULT_MAX_BYTES,
        flush_interval: float = DEFAULT_FLUSH_INTERVAL,
        flush_events: int = DEFAULT_FLUSH_EVENTS,
    ) -> None:
        if max_events < 1 or max_bytes < 1:
            raise ValueError("a delivery queue needs room for at least one event")
        if not 0 < flush_interval <= 60:
            raise ValueError(f"flush_interval must be in (0, 60] seconds, not {flush_interval}")
        if flush_events < 1:
            raise ValueError(f"flush_events must be at least 1, not {flush_events}")
        self.flush_events = flush_events
        self.path = Path(path)
        self.max_events = max_events
        self.max_bytes = max_bytes
        self.flush_interval = flush_interval
        self._start()

    def _start(self) -> None:
        self._lock = threading.Lock()  # the buffer and the in-memory drop count
        # Two connections, so storing a flush never waits for a read or an
        # acknowledgement (SQLite's WAL lets them run side by side): the writer's, and
        # the sender's (``read``, ``ack`` and the counters).
        self._db_lock = threading.Lock()
        self._sender_lock = threading.Lock()
        self._buffer: deque[bytes] = deque()
        self._unsaved_drops = 0
        self._closed = False
        self._wake = threading.Event()
        self.written = threading.Event()  # set after each flush that stored something
        self._db = self._connect()
        self._sender_db = self._connect()
        # The events of each chunk the last read returned whole: acknowledging exactly
        # those deletes the chunk in one statement.
        self._whole_chunks_read: dict[int, frozenset[int]] = {}
        self._writer = threading.Thread(
            target=self._write_loop, name="redactlint-queue-writer", daemon=True
        )
        self._writer.start()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(
            self.path, timeout=10.0, isolation_level=None, check_same_thread=False
        )
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        _upgrade(db)
        return db

    def put(self, body: bytes) -> bool:
        """Buffer ``body`` for the file; False (and counted) when it is dropped."""
        with self._lock:
            if self._closed or len(self._buffer) >= self.max_events:
                self._unsaved_drops += 1
                return False
            self._buffer.append(body)
            if len(self._buffer) == self.flush_events:
                self._wake.set()
            return True

    def flush(self, whole_chunks: bool = False) -> None:
        """Store the buffer in the file now (what the writer does every interval);
        ``whole_chunks`` stores only the oldest ``flush_events`` events, or a multiple,
        leaving the rest for the next flush (what the writer does when woken by a full
        buffer, so a busy product's chunks are all the size of a sender's batch)."""
        with self._lock:
            taken = len(self._buffer)
            if whole_chunks:
                taken -= taken % self.flush_events
            pending = [self._buffer.popleft() for _ in range(taken)]
            drops, self._unsaved_drops = self._unsaved_drops, 0
        if not pending and not drops:
            return
        with self._db_lock:
            stored = self._store_one_chunk(pending) if not drops else False
            if not stored:
                stored = self._store(pending, drops)
        if stored:
            self.written.set()

    def _store_one_chunk(self, pending: list[bytes]) -> bool:
        """Store ``pending`` as one chunk in one statement when it fits whole (the usual
        case: one statement keeps SQLite's write lock for the shortest time)."""
        if not pending or len(pending) > self.flush_events:
            return False
        size = sum(map(len, pending))
        cursor = self._db.execute(
            "INSERT INTO chunks (count, bytes, data) SELECT ?, ?, ? WHERE"
            " (SELECT value FROM counters WHERE name = 'count') + ? <= ? AND"
            " (SELECT value FROM counters WHERE name = 'bytes') + ? <= ?",
            (len(pending), size, pack(enumerate(pending)),
             len(pending), self.max_events, size, self.max_bytes),
        )
        return cursor.rowcount == 1

    def _store(self, pending: list[bytes], drops: int) -> bool:
        """Store what fits of ``pending``, in chunks, and count what does not."""
        db = self._db
        with _transaction(db):
            count, size = db.execute(_SIZES).fetchone()
            fitting = []
            for body in pending:
                if count + 1 > self.max_events or size + len(body) > self.max_bytes:
                    drops += 1
                    continue
                fitting.append(body)
                count, size = count + 1, size + len(body)
            rows = chunk_rows(fitting, min(self.flush_events, SPAN))
            for start in range(0, len(rows), _ROWS_PER_STATEMENT):
                part = rows[start:start + _ROWS_PER_STATEMENT]
                db.execute(
                    "INSERT INTO chunks (count, bytes, data) VALUES "
                    + ", ".join(["(?, ?, ?)"] * len(part)),
                    [value for row in part for value in row],
                )
            if drops:
                db.execute(
                    "UPDATE counters SET value = value + ? WHERE name = 'dropped'", (drops,)
                )
        return bool(rows)

    def read(self, limit: int, max_bytes: int | None = None) -> list[tuple[int, bytes]]:
        """The oldest stored events, ``(seq, body)``, at most ``limit`` of them and (past
        the first) at most ``max_bytes`` in all; they stay stored until ``ack``. Whole
        chunks are taken while they fit, so most acknowledgements delete whole chunks."""
        batch: list[tuple[int, bytes]] = []
        whole: dict[int, frozenset[int]] = {}
        total = 0
        with self._sender_lock:
            cursor = self._sender_db.execute(
                "SELECT id, count, bytes, data FROM chunks ORDER BY id"
            )
            try:
                for chunk, count, size, data in iter(cursor.fetchone, None):
                    if batch and (len(batch) + count > limit or (
                        max_bytes is not None and total + size > max_bytes
                    )):
                        break
                    indices = []
                    for index, body in unpack(data):
                        total += len(body)
                        if len(batch) >= limit or (
                            batch and max_bytes is not None and total > max_bytes
                        ):
                            return batch
                        batch.append((chunk * SPAN + index, body))
                        indices.append(index)
                    whole[chunk] = frozenset(indices)
                    if len(batch) >= limit:
                        break  # rather than step SQLite to a row that cannot be taken
            finally:
                cursor.close()
                self._whole_chunks_read = whole
        return batch

    def ack(self, seqs: list[int], *, rejected: bool = False) -> None:
        """Delete the events ``seqs``: delivered, or (``rejected``) refused by the server
        for good, which is counted."""
        if not seqs:
            return
        indices: dict[int, set[int]] = {}
        for seq in seqs:
            indices.setdefault(seq // SPAN, set()).add(seq % SPAN)
        by_chunk = {chunk: frozenset(taken) for chunk, taken in indices.items()}
        with self._sender_lock:
            read = self._whole_chunks_read
            if not rejected and all(read.get(c) == gone for c, gone in by_chunk.items()):
                # Whole chunks as last read: one statement (another process may have
                # taken some of their events since; what is left was delivered too).
                self._sender_db.execute(
                    f"DELETE FROM chunks WHERE id IN ({', '.join('?' * len(by_chunk))})",
                    list(by_chunk),
                )
                return
            self._ack_events(by_chunk, rejected)

    def _ack_events(self, by_chunk: dict[int, frozenset[int]], rejected: bool) -> None:
        db = self._sender_db
        with _transaction(db):
            removed = 0
            for chunk, gone in by_chunk.items():
                row = db.execute("SELECT data FROM chunks WHERE id = ?", (chunk,)).fetchone()
                if row is None:
                    continue
                events = list(unpack(row[0]))
                kept = [(index, body) for index, body in events if index not in gone]
                removed += len(events) - len(kept)
                if not kept:
                    db.execute("DELETE FROM chunks WHERE id = ?", (chunk,))
                elif len(kept) < len(events):
                    db.execute(
                        "UPDATE chunks SET count = ?, bytes = ?, data = ? WHERE id = ?",
                        (len(kept), sum(len(body) for _, body in kept), pack(kept), chunk),
                    )
            if rejected and removed:
                db.execute(
                    "UPDATE counters SET value = value + ? WHERE name = 'rejected'", (removed,)
                )

    def _counter(self, name: str) -> int:
        with self._sender_lock:
            row = self._sender_db.execute(
                "SELECT value FROM counters WHERE name = ?", (name,)
            ).fetchone()
        return int(row[0])

    @property
    def stored(self) -> int:
        """Events in the file, waiting for delivery."""
        return self._counter("count")

    @property
    def stored_bytes(self) -> int:
        return self._counter("bytes")

    @property
    def buffered(self) -> int:
        """Events put but not yet in the file."""
        with self._lock:
            return len(self._buffer)

    @property
    def dropped(self) -> int:
        """Events refused because the queue was full, over the file's whole life."""
        with self._lock:
            unsaved = self._unsaved_drops
        return self._counter("dropped") + unsaved

    @property
    def rejected(self) -> int:
        """Events the server refused for good (a 4xx answer), over the file's whole life."""
        return self._counter("rejected")

    def _write_loop(self) -> None:
        while not self._closed:
            filled = self._wake.wait(self.flush_interval)
            self._wake.clear()
            try:
                self.flush(whole_chunks=filled and not self._closed)
            except Exception:
                # A full disk or a locked file: the buffer is lost, as a crash would lose it;
                # the next interval tries again with what comes next.
                log.exception("cannot store buffered events in %s", self.path)

    def reopen_in_child(self) -> None:
        """After ``fork``, in the child: a fresh buffer, connection, locks and writer."""
        _inherited.extend((self._db, self._sender_db))
        self._start()

    def close(self) -> None:
        """Flush the buffer and close the file; later ``put`` calls drop and count."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._wake.set()
        if self._writer is not threading.current_thread():
            self._writer.join(timeout=5.0)
        self.flush()
        with self._db_lock, self._sender_lock:
            self._db.close()
            self._sender_db.close()

    def __enter__(self) -> DeliveryQueue:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _upgrade(db: sqlite3.Connection) -> None:
    """Move the events of a file in the earlier format (a row per event, totals kept by
    row triggers) into chunks, in order."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone() is None:
        return
    with _transaction(db):
        db.execute("DROP TRIGGER IF EXISTS events_added")
        db.execute("DROP TRIGGER IF EXISTS events_removed")
        db.execute("UPDATE counters SET value = 0 WHERE name IN ('count', 'bytes')")
        bodies = [bytes(body) for (body,) in db.execute("SELECT body FROM events ORDER BY seq")]
        db.executemany("INSERT INTO chunks (count, bytes, data) VALUES (?, ?, ?)",
                       chunk_rows(bodies, DEFAULT_FLUSH_EVENTS))
        db.execute("DROP TABLE events")


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (so two processes never both read the
    totals, then both add), rolled back on any error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
