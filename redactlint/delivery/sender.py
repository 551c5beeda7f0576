"""The background sender: queue to collector, batch by batch, until each is accepted.

A daemon thread reads the oldest stored events, encodes them as one body, posts it and
acknowledges (deletes) the batch only when the server accepted it. A batch the server
refuses for good (see :mod:`.transport`) is deleted and counted in the queue's
``rejected``. Anything else (a 5xx, 429, a timeout, no connection) keeps the batch and
tries it again after an exponential backoff with full jitter (a random wait between 0
and ``min(backoff_cap, backoff_base * 2**attempt)``), or after the server's
``Retry-After`` when it gave one (capped at ``retry_after_cap``; a flush does not cut
that wait short, it only cuts a backoff).

**At least once.** An event leaves the queue only after a 2xx; a crash or a timeout
after the server stored a batch but before the acknowledgement sends it again. Each
event's ``id`` is what the collector de-duplicates by; the order of events in one
process's queue is kept.

**Exit.** ``flush(deadline)`` stores what is buffered and waits, at most ``deadline``
seconds, for the queue to empty; ``start`` registers it with ``atexit`` (``exit_deadline``,
default 3 s). What is still queued then stays on disk for the next start: the product's
exit never waits on the network for longer than the deadline.

**Fork.** Threads do not survive ``fork``. A child process (``os.register_at_fork``)
reopens the queue with its own connection and starts its own sender thread; it sends
what it records itself. Parent and child then share one queue file, and either may send
a row the other is sending too: at least once, with the id to de-duplicate.

The body is made by an encoder, ``Callable[[Sequence[Envelope]], tuple[bytes, str]]``
returning the body and its content type. The default, ``json_batch``, writes
``{"batch": <uuid>, "sent": <RFC 3339 UTC time>, "events": [<envelope>, ...]}``
as ``application/json``.
"""

from __future__ import annotations

import atexit
import datetime
import json
import logging
import os
import random
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .envelope import Envelope
from .queue import DeliveryQueue
from .transport import Outcome, Transport

log = logging.getLogger("redactlint.delivery")

Encoder = Callable[[Sequence[Envelope]], tuple[bytes, str]]

DEFAULT_BATCH_SIZE = 2000
DEFAULT_BATCH_BYTES = 4 * 1024 * 1024
DEFAULT_EXIT_DEADLINE = 3.0
DEFAULT_BACKOFF_BASE = 0.5
DEFAULT_BACKOFF_CAP = 60.0
DEFAULT_RETRY_AFTER_CAP = 600.0


def json_batch(envelopes: Sequence[Envelope]) -> tuple[bytes, str]:
    """The JSON batch envelope: a batch id, when it was sent, and the events in order."""
    sent = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
    document = {
        "batch": str(uuid.uuid4()),
        "sent": sent.replace("+00:00", "Z"),
        "events": [envelope.to_dict() for envelope in envelopes],
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass"), "application/json"


def _spliced_json_batch(bodies: Sequence[bytes]) -> tuple[bytes, str]:
    """``json_batch`` of events stored as the sink wrote them (``Envelope.to_dict`` in
    compact JSON), byte for byte, without decoding them."""
    sent = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
    head = f'{{"batch":"{uuid.uuid4()}","sent":"{sent.replace("+00:00", "Z")}","events":['
    return head.encode("ascii") + b",".join(bodies) + b"]}", "application/json"


def full_jitter(attempt: int, base: float, cap: float) -> float:
    """A random wait in [0, min(cap, base * 2**attempt)]: retries from many instances
    spread out instead of arriving together."""
    return random.uniform(0.0, min(cap, base * 2 ** min(attempt, 32)))


@dataclass(frozen=True)
class _Batch:
    seqs: list[int]
    body: bytes
    content_type: str


class Sender:
    """Delivers what ``queue`` holds through ``transport`` on a daemon thread."""

    def __init__(
        self,
        queue: DeliveryQueue,
        transport: Transport,
        *,
        encoder: Encoder = json_batch,
        batch_size: int = DEFAULT_BATCH_SIZE,
        batch_bytes: int = DEFAULT_BATCH_BYTES,
        backoff_base: float = DEFAULT_BACKOFF_BASE,
        backoff_cap: float = DEFAULT_BACKOFF_CAP,
        retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP,
        exit_deadline: float = DEFAULT_EXIT_DEADLINE,
    ) -> None:
        self.queue = queue
        self.transport = transport
        self.encoder = encoder
        self.batch_size = batch_size
        self.batch_bytes = batch_bytes
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.retry_after_cap = retry_after_cap
        self.exit_deadline = exit_deadline
        self.last_outcome: Outcome | None = None
        self._thread: threading.Thread | None = None
        self._registered = False
        self._reset()

    def _reset(self) -> None:
        self._stop = threading.Event()
        self._hurry = threading.Event()  # cuts a backoff short (flush, stop)
        self._idle = threading.Condition()  # notified after each attempt

    def start(self) -> None:
        """Start the thread; register the exit flush and the fork handler once."""
        self._thread = threading.Thread(
            target=self._run, name="redactlint-delivery-sender", daemon=True
        )
        self._thread.start()
        if not self._registered:
            self._registered = True
            ref = weakref.ref(self)
            atexit.register(_flush_at_exit, ref)
            os.register_at_fork(after_in_child=lambda: _restart_in_child(ref))

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._deliver()
            except Exception:
                if self._stop.is_set():
                    return  # the queue was closed under a last attempt: it is resent later
                # A queue that cannot be written (a full disk): the events stay where they
                # are; the thread pauses and carries on rather than ending delivery.
                log.exception("event delivery failed; trying again")
                self._hurry.wait(self.backoff_cap)
                self._hurry.clear()

    def _deliver(self) -> None:
        attempt = 0
        pending: _Batch | None = None  # kept, encoded, across retries
        while not self._stop.is_set():
            if pending is None:
                pending = self._next_batch()
                if pending is None:
                    self.queue.written.wait(self.queue.flush_interval)
                    self.queue.written.clear()
                    continue
            outcome = self._send(pending)
            if outcome.verdict == "retry":
                attempt += 1
                if outcome.retry_after is not None:
                    # The server said when: not even a flush asks it sooner.
                    self._stop.wait(min(outcome.retry_after, self.retry_after_cap))
                else:
                    self._hurry.wait(full_jitter(attempt - 1, self.backoff_base,
                                                 self.backoff_cap))
                    self._hurry.clear()
            else:
                pending, attempt = None, 0

    def _next_batch(self) -> _Batch | None:
        """The oldest stored events, encoded; None when there are none (or the encoder
        failed: the events stay stored, and are tried again after a pause)."""
        try:
            rows = self.queue.read(self.batch_size, self.batch_bytes)
        except Exception:
            log.exception("cannot read the delivery queue")
            return None
        if self.encoder is json_batch and rows:
            # The default format holds the stored events as they were written: splice
            # them in rather than decode and encode each again (what keeps the sender
            # ahead of a busy product).
            seqs = [seq for seq, _ in rows]
            return _Batch(seqs, *_spliced_json_batch([body for _, body in rows]))
        seqs = []
        envelopes: list[Envelope] = []
        unreadable: list[int] = []
        for seq, body in rows:
            try:
                envelopes.append(Envelope.from_dict(json.loads(body)))
                seqs.append(seq)
            except (ValueError, KeyError, TypeError):
                unreadable.append(seq)
        if unreadable:
            log.error("dropping %d unreadable events from the delivery queue", len(unreadable))
            self.queue.ack(unreadable, rejected=True)
        if not envelopes:
            return None
        try:
            body, content_type = self.encoder(envelopes)
        except Exception:
            log.exception("cannot encode a batch of %d events", len(envelopes))
            self._hurry.wait(self.backoff_cap)
            return None
        return _Batch(seqs, body, content_type)

    def _send(self, batch: _Batch) -> Outcome:
        try:
            try:
                outcome = self.transport.post(batch.body, batch.content_type)
            except Exception as error:
                log.exception("cannot send a batch of %d events", len(batch.seqs))
                outcome = Outcome("retry", detail=f"{type(error).__name__}: {error}")
            self.last_outcome = outcome
            if outcome.verdict == "accepted":
                self.queue.ack(batch.seqs)
            elif outcome.verdict == "rejected":
                log.error("the collector refused %d events for good (%s); dropped",
                          len(batch.seqs), outcome.detail)
                self.queue.ack(batch.seqs, rejected=True)
            else:
                log.info("delivery of %d events failed (%s); will retry",
                         len(batch.seqs), outcome.detail)
        finally:
            with self._idle:
                self._idle.notify_all()
        return outcome

    def flush(self, deadline: float | None = None) -> bool:
        """Store the buffer and wait at most ``deadline`` seconds (``exit_deadline`` by
        default) for every stored event to be delivered; True when the queue is empty."""
        limit = time.monotonic() + (self.exit_deadline if deadline is None else deadline)
        try:
            self.queue.flush()
        except Exception:
            log.exception("cannot store buffered events before flushing")
            return False
        if self._thread is None or not self._thread.is_alive():
            return self.queue.stored == 0
        self._hurry.set()  # one attempt now rather than after the current backoff
        self.queue.written.set()
        while True:
            if self.queue.stored == 0 and self.queue.buffered == 0:
                return True
            remaining = limit - time.monotonic()
            if remaining <= 0:
                return False
            with self._idle:
                self._idle.wait(min(remaining, 0.05))

    def stop(self, deadline: float | None = None) -> bool:
        """Flush (as ``flush``), then stop the thread; True when everything was delivered.

        A post still waiting for its answer is not waited for beyond a second: its batch
        stays queued and is sent again by the next sender (at least once)."""
        done = self.flush(deadline)
        self._stop.set()
        self._hurry.set()
        self.queue.written.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=1.0)
            if not self._thread.is_alive():
                self.transport.close()
        return done

    def _restart_in_child(self) -> None:
        self.queue.reopen_in_child()
        self._reset()
        if self._thread is not None:
            self.start()


def _flush_at_exit(ref: weakref.ReferenceType[Sender]) -> None:
    sender = ref()
    if sender is not None and sender._thread is not None and not sender._stop.is_set():
        try:
            sender.flush()
        except Exception:
            log.exception("flushing events at exit failed")


def _restart_in_child(ref: weakref.ReferenceType[Sender]) -> None:
    sender = ref()
    if sender is not None and not sender._stop.is_set():
        try:
            sender._restart_in_child()
        except Exception:
            log.exception("cannot restart event delivery in the forked child")
