"""The durable local queue events wait in until the collector has them.

One SQLite file (standard library ``sqlite3``, WAL mode) holds the encoded events in
the order they were put. ``put`` only appends to an in-memory buffer under a lock, so
the product's thread never waits for the disk; a writer thread moves the buffer to the
file at least every ``flush_interval`` seconds (default 1 s), in one transaction. A
SIGKILL therefore loses at most the events put in the last flush interval; a process
that opens the same file later finds everything flushed before and carries on.

Reading is separate from removing: ``read`` returns the oldest rows and leaves them in
place, ``ack`` deletes them once the server has accepted them. A crash between the two
sends those rows again (at-least-once); each event carries an id to de-duplicate by.

**Bounds and drop policy: the newest event is refused.** The queue holds at most
``max_events`` rows and ``max_bytes`` bytes of encoded events (the in-memory buffer is
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

import logging
import sqlite3
import threading
from collections import deque
from pathlib import Path
from types import TracebackType

log = logging.getLogger("redactlint.delivery")

DEFAULT_FLUSH_INTERVAL = 1.0  # seconds: the most a SIGKILL loses
DEFAULT_MAX_EVENTS = 100_000
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO counters VALUES ('count', 0), ('bytes', 0), ('dropped', 0),
    ('rejected', 0);
CREATE TRIGGER IF NOT EXISTS events_added AFTER INSERT ON events BEGIN
    UPDATE counters SET value = value + 1 WHERE name = 'count';
    UPDATE counters SET value = value + length(NEW.body) WHERE name = 'bytes';
END;
CREATE TRIGGER IF NOT EXISTS events_removed AFTER DELETE ON events BEGIN
    UPDATE counters SET value = value - 1 WHERE name = 'count';
    UPDATE counters SET value = value - length(OLD.body) WHERE name = 'bytes';
END;
"""

# Connections a forked child inherited: never closed there (closing would touch the
# parent's locks), only kept from the garbage collector.
_inherited: list[sqlite3.Connection] = []


class DeliveryQueue:
    """A bounded, durable FIFO of encoded events in the SQLite file ``path``."""

    def __init__(
        self,
        path: Path | str,
        *,
        max_events: int = DEFAULT_MAX_EVENTS,
        max_bytes: int = DEFAULT_MAX_BYTES,
        flush_interval: float = DEFAULT_FLUSH_INTERVAL,
    ) -> None:
        if max_events < 1 or max_bytes < 1:
            raise ValueError("a delivery queue needs room for at least one event")
        if not 0 < flush_interval <= 60:
            raise ValueError(f"flush_interval must be in (0, 60] seconds, not {flush_interval}")
        self.path = Path(path)
        self.max_events = max_events
        self.max_bytes = max_bytes
        self.flush_interval = flush_interval
        self._start()

    def _start(self) -> None:
        self._lock = threading.Lock()  # the buffer and the in-memory drop count
        self._db_lock = threading.Lock()  # the connection
        self._buffer: deque[bytes] = deque()
        self._unsaved_drops = 0
        self._closed = False
        self._wake = threading.Event()
        self.written = threading.Event()  # set after each flush that stored something
        self._db = self._connect()
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
        return db

    def put(self, body: bytes) -> bool:
        """Buffer ``body`` for the file; False (and counted) when it is dropped."""
        with self._lock:
            if self._closed or len(self._buffer) >= self.max_events:
                self._unsaved_drops += 1
                return False
            self._buffer.append(body)
            return True

    def flush(self) -> None:
        """Store the buffer in the file now (what the writer does every interval)."""
        with self._lock:
            pending = list(self._buffer)
            self._buffer.clear()
            drops, self._unsaved_drops = self._unsaved_drops, 0
        if not pending and not drops:
            return
        stored = False
        with self._db_lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                count, size = self._sizes(db)
                fitting = []
                for body in pending:
                    if count + 1 > self.max_events or size + len(body) > self.max_bytes:
                        drops += 1
                        continue
                    fitting.append((body,))
                    count, size = count + 1, size + len(body)
                db.executemany("INSERT INTO events (body) VALUES (?)", fitting)
                stored = bool(fitting)
                if drops:
                    db.execute(
                        "UPDATE counters SET value = value + ? WHERE name = 'dropped'", (drops,)
                    )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        if stored:
            self.written.set()

    @staticmethod
    def _sizes(db: sqlite3.Connection) -> tuple[int, int]:
        rows = dict(db.execute("SELECT name, value FROM counters WHERE name IN ('count', 'bytes')"))
        return int(rows["count"]), int(rows["bytes"])

    def read(self, limit: int, max_bytes: int | None = None) -> list[tuple[int, bytes]]:
        """The oldest stored rows, ``(seq, body)``, at most ``limit`` of them and (past the
        first) at most ``max_bytes`` in all; they stay stored until ``ack``."""
        with self._db_lock:
            rows = self._db.execute(
                "SELECT seq, body FROM events ORDER BY seq LIMIT ?", (limit,)
            ).fetchall()
        batch: list[tuple[int, bytes]] = []
        total = 0
        for seq, body in rows:
            total += len(body)
            if batch and max_bytes is not None and total > max_bytes:
                break
            batch.append((int(seq), bytes(body)))
        return batch

    def ack(self, seqs: list[int], *, rejected: bool = False) -> None:
        """Delete the rows ``seqs``: delivered, or (``rejected``) refused by the server
        for good, which is counted."""
        if not seqs:
            return
        with self._db_lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("DELETE FROM events WHERE seq = ?", [(seq,) for seq in seqs])
                if rejected:
                    db.execute(
                        "UPDATE counters SET value = value + ? WHERE name = 'rejected'",
                        (len(seqs),),
                    )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _counter(self, name: str) -> int:
        with self._db_lock:
            row = self._db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
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
            self._wake.wait(self.flush_interval)
            self._wake.clear()
            try:
                self.flush()
            except Exception:
                # A full disk or a locked file: the buffer is lost, as a crash would lose it;
                # the next interval tries again with what comes next.
                log.exception("cannot store buffered events in %s", self.path)

    def reopen_in_child(self) -> None:
        """After ``fork``, in the child: a fresh buffer, connection, locks and writer."""
        _inherited.append(self._db)
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
        with self._db_lock:
            self._db.close()

    def __enter__(self) -> DeliveryQueue:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
