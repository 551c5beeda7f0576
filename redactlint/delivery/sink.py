"""``DeliverySink``: the Recorder's sink that sends events to the vendor's collector.

``write(payload)`` wraps the exported (already redacted) payload in an envelope (see
:mod:`.envelope`: event id, time, keyed pseudonyms of the instance and the user) and puts
it in the durable queue's memory buffer; that is all it does on the product's thread.
So ``Recorder.record`` returns once the event is queued in memory, the event is on disk
within ``flush_interval`` (default 1 s), and the sender thread delivers it at least once
(see :mod:`.sender`). ``write`` never raises and never touches the network: a failure is
logged and counted in ``failures``, a full queue in ``queue.dropped``.

**The user.** The envelope's ``user`` is the pseudonym of the id that ``user()`` returns
when the event is written; by default that is the id set with ``acting_user(...)`` (a
context variable, so each request, thread or task sees its own), and None outside one.

**Off switch.** ``enabled=False``, or the environment variable named by
``off_switch_env`` set to anything but ``""``, ``0``, ``false``, ``no`` or ``off``
(an unreadable value counts as off: an air-gapped customer must not be surprised), turns
delivery off for the instance: no queue file, no key file (``recorder()`` then gives
its Recorder a throw-away key), no thread, no connection; ``write`` returns at once.
Both are read when the sink is made.

**Never with ``keep`` mode.** ``keep`` exports sensitive text in clear, for local
development: it must never leave the machine. ``DeliverySink.recorder(...)`` and
``attach(recorder)`` raise ``DeliveryConfigError`` for a keep-mode recorder; a sink
handed to ``Recorder(sink, mode="keep")`` directly notices the recording Recorder on its
first ``write`` and then refuses every event (logged as an error, counted in
``refused``).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import secrets
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..events.export import Mode, Payload
from ..events.recorder import Recorder
from ..redact.hashing import installation_key
from .envelope import envelope_json
from .queue import DEFAULT_FLUSH_INTERVAL, DEFAULT_MAX_BYTES, DEFAULT_MAX_EVENTS, DeliveryQueue
from .sender import (
    DEFAULT_BACKOFF_BASE,
    DEFAULT_BACKOFF_CAP,
    DEFAULT_BATCH_SIZE,
    DEFAULT_EXIT_DEADLINE,
    DEFAULT_RETRY_AFTER_CAP,
    Encoder,
    Sender,
    json_batch,
)
from .transport import DEFAULT_TIMEOUT, DeliveryConfigError, Transport

log = logging.getLogger("redactlint.delivery")

_acting_user: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "redactlint_acting_user", default=None
)
_RECORD_CODE = Recorder.record.__code__
_NOT_OFF = frozenset({"", "0", "false", "no", "off"})


@contextlib.contextmanager
def acting_user(user: str | None) -> Iterator[None]:
    """Events written inside the block carry the pseudonym of ``user``."""
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


def current_user() -> str | None:
    """The id set by the innermost ``acting_user`` block, else None."""
    return _acting_user.get()


def switched_off(enabled: bool, off_switch_env: str | None) -> bool:
    if not enabled:
        return True
    if off_switch_env is None:
        return False
    value = os.environ.get(off_switch_env)
    return value is not None and value.strip().lower() not in _NOT_OFF


class DeliverySink:
    """Queue each exported payload for delivery to the collector at ``url``.

    ``queue_path`` is the SQLite file events wait in; ``instance`` the product's id for
    this installation (sent only as a keyed pseudonym, under ``key``, by default the
    installation's secret). ``ca_file``, ``client_cert``, ``client_key`` and ``timeout``
    configure the connection (:class:`.transport.Transport`); ``encoder`` the wire format
    (:func:`.sender.json_batch` by default); ``flush_interval``, ``max_events`` and
    ``max_bytes`` the queue (:class:`.queue.DeliveryQueue`, which stores chunks of
    ``batch_size`` events, so a sender's batch is a chunk); the rest the sender
    (:class:`.sender.Sender`).

    Making the sink raises on a configuration that cannot work (``DeliveryConfigError``,
    a certificate that cannot be loaded, a queue file that cannot be opened), where the
    product sets telemetry up; from then on nothing it does raises into the product.
    """

    def __init__(
        self,
        url: str,
        queue_path: Path | str,
        *,
        instance: str,
        user: Callable[[], str | None] = current_user,
        key: bytes | None = None,
        enabled: bool = True,
        off_switch_env: str | None = None,
        ca_file: Path | str | None = None,
        client_cert: Path | str | None = None,
        client_key: Path | str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        encoder: Encoder = json_batch,
        flush_interval: float = DEFAULT_FLUSH_INTERVAL,
        max_events: int = DEFAULT_MAX_EVENTS,
        max_bytes: int = DEFAULT_MAX_BYTES,
        exit_deadline: float = DEFAULT_EXIT_DEADLINE,
        batch_size: int = DEFAULT_BATCH_SIZE,
        backoff_base: float = DEFAULT_BACKOFF_BASE,
        backoff_cap: float = DEFAULT_BACKOFF_CAP,
        retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP,
    ) -> None:
        self.instance = instance
        self.user = user
        self.failures = 0
        self.refused = 0
        self._lock = threading.Lock()
        self._checked_recorders: dict[int, bool] = {}
        self._closed = False
        self._delivered_at_close = False
        self.enabled = not switched_off(enabled, off_switch_env)
        self.queue: DeliveryQueue | None = None
        self.sender: Sender | None = None
        if not self.enabled:
            return
        transport = Transport(
            url, ca_file=ca_file, client_cert=client_cert, client_key=client_key,
            timeout=timeout,
        )
        self._key = installation_key() if key is None else key
        self.queue = DeliveryQueue(
            queue_path, max_events=max_events, max_bytes=max_bytes,
            flush_interval=flush_interval, flush_events=batch_size,
        )
        self.sender = Sender(
            self.queue, transport, encoder=encoder, exit_deadline=exit_deadline,
            batch_size=batch_size, backoff_base=backoff_base, backoff_cap=backoff_cap,
            retry_after_cap=retry_after_cap,
        )
        self.sender.start()

    def write(self, payload: Payload) -> None:
        """Queue ``payload`` in memory; never raises, never waits on the network."""
        if self.queue is None:
            return
        try:
            if not self._caller_allowed():
                with self._lock:
                    self.refused += 1
                return
            text = envelope_json(payload, instance=self.instance, user=self.user(),
                                 key=self._key)
            self.queue.put(text.encode("utf-8", "surrogatepass"))
        except Exception:
            with self._lock:
                self.failures += 1
            log.exception("cannot queue an event for delivery; it is lost")

    def _caller_allowed(self) -> bool:
        """False when the Recorder calling ``write`` is in keep mode (checked once each)."""
        try:
            frame = sys._getframe(2)
        except ValueError:
            return True
        if frame.f_code is not _RECORD_CODE:
            return True
        caller = frame.f_locals.get("self")
        if not isinstance(caller, Recorder):
            return True
        allowed = self._checked_recorders.get(id(caller))
        if allowed is None:
            allowed = self._checked_recorders[id(caller)] = caller.mode != "keep"
            if not allowed:
                log.error("a keep-mode Recorder writes to a DeliverySink: its events are never "
                          "delivered (keep mode exports sensitive text in clear)")
        return allowed

    def attach(self, recorder: Recorder) -> Recorder:
        """Check that ``recorder`` may deliver through this sink and return it."""
        if recorder.mode == "keep":
            raise DeliveryConfigError(
                "a Recorder in keep mode cannot deliver events: keep exports sensitive text "
                "in clear, for local development only; use mode='redact' or 'drop'"
            )
        if recorder.sink is not self:
            raise DeliveryConfigError("the Recorder writes to another sink")
        return recorder

    def recorder(self, mode: Mode = "redact", **options: Any) -> Recorder:
        """A Recorder writing to this sink; keep mode is refused. With delivery off and
        no ``salt`` given, the Recorder hashes with a throw-away key rather than reading
        (or making) the installation's key file: nothing it exports goes anywhere."""
        if not self.enabled:
            options.setdefault("salt", secrets.token_bytes(32))
        if mode == "keep":
            raise DeliveryConfigError(
                "a Recorder in keep mode cannot deliver events: keep exports sensitive text "
                "in clear, for local development only; use mode='redact' or 'drop'"
            )
        return self.attach(Recorder(self, mode, **options))

    def flush(self, deadline: float | None = None) -> bool:
        """Deliver what is queued, waiting at most ``deadline`` seconds; True when done."""
        if self.sender is None:
            return True
        return not self._closed and self.sender.flush(deadline)

    def close(self, deadline: float | None = None) -> bool:
        """Flush (as ``flush``), stop the sender and close the queue."""
        if self.sender is None or self.queue is None:
            return True
        with self._lock:
            if self._closed:
                return self._delivered_at_close
            self._closed = True
        self._delivered_at_close = self.sender.stop(deadline)
        self.queue.close()
        return self._delivered_at_close
