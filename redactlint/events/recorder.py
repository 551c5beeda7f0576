"""Record events: check expiry, optionally validate, export, hand to a sink.

A recorder never lets telemetry break the product: when recording fails (a
sink that raises, a value that cannot be exported, an object that is not an
``Event``) the event is lost, the failure is counted in ``Recorder.failures``
and logged on the ``redactlint.events`` logger with its traceback, ``record``
returns False, and the next event is tried again. Tests that want the error
itself pass ``raise_errors=True``. With ``validate=True`` (meant for development
and tests) an event that breaks its schema raises ``EventValidationError``.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable, Iterable

from ..redact.hashing import Salt, resolve_salt
from .allowlist import Allowlist, AllowlistEntry
from .event import Event
from .export import Mode, check_mode
from .metadata import EventMeta
from .sinks import Sink
from .validation import Check, EventValidationError, compile_check, validate_event

log = logging.getLogger("redactlint.events")


class Recorder:
    """Export events in one mode and deliver them to one sink.

    ``mode`` is ``redact`` (the default), ``drop`` or ``keep`` (local development
    only); see :mod:`redactlint.events.export`. ``allowlist`` lists the reviewed
    fields exported unredacted. ``salt`` keys the digests of hashed values: by
    default the installation key (:func:`redactlint.redact.installation_key`), read
    or made when the recorder is made so a key that cannot be had fails here, not
    as lost events; an empty salt is a ``ValueError``; ``redact.UNKEYED`` asks for
    plain SHA-256, which a candidate list reverses.
    Events past their ``expires`` date are not recorded; each expired event
    type is warned about once. ``clock`` gives today's date.

    ``failures`` counts the events lost to an error since the recorder was made;
    ``raise_errors=True`` lets such errors propagate out of ``record`` instead
    (for tests: product code should never see them).
    """

    def __init__(
        self,
        sink: Sink,
        mode: Mode = "redact",
        allowlist: Allowlist | Iterable[AllowlistEntry | tuple[str, str, str]] | None = None,
        salt: Salt = None,
        validate: bool = False,
        *,
        clock: Callable[[], datetime.date] = datetime.date.today,
        raise_errors: bool = False,
    ) -> None:
        self.sink = sink
        self.mode: Mode = check_mode(mode)
        if allowlist is None or isinstance(allowlist, Allowlist):
            self.allowlist = allowlist
        else:
            self.allowlist = Allowlist(allowlist)
        self.salt = salt
        self._key = resolve_salt(salt)
        self.validate = validate
        self.clock = clock
        self.raise_errors = raise_errors
        self.failures = 0
        self._expired_warned: set[type[Event]] = set()
        self._checks: dict[type[Event], Check] = {}
        self._lock = threading.Lock()
        if self.mode == "keep":
            log.warning("recorder in keep mode exports sensitive values: local development only")

    def record(self, event: Event) -> bool:
        """Export ``event`` and deliver it; True when the sink accepted it.

        Never raises (unless ``raise_errors``, or ``validate`` finds the event
        breaks its schema): a failure is counted, logged, and returns False.
        """
        step = "export"
        try:
            if not isinstance(event, Event):
                raise TypeError(f"record() expects an Event, not {type(event).__name__}")
            cls = type(event)
            expires = cls.META.expires_on
            if expires is not None and self.clock() > expires:
                self._warn_expired(cls, expires)
                return False
            if self.validate:
                validate_event(event, self._check(cls))
            payload = event.to_payload(self.mode, self.allowlist, salt=self._key)
            step = "sink"
            self.sink.write(payload)
        except EventValidationError:
            raise
        except Exception:
            if self.raise_errors:
                raise
            self._failed(event, step)
            return False
        return True

    def _failed(self, event: object, step: str) -> None:
        with self._lock:
            self.failures += 1
        meta = getattr(type(event), "META", None)
        name = meta.name if isinstance(meta, EventMeta) else type(event).__name__
        if step == "sink":
            log.exception("sink %s failed to record event %s", type(self.sink).__name__, name)
        else:
            log.exception("cannot export event %s; it is not recorded", name)

    def _warn_expired(self, cls: type[Event], expires: datetime.date) -> None:
        with self._lock:
            if cls in self._expired_warned:
                return
            self._expired_warned.add(cls)
        log.warning(
            "event %s expired on %s and is no longer recorded; remove its calls or extend "
            "its schema's expiry",
            cls.META.name,
            expires.isoformat(),
        )

    def _check(self, cls: type[Event]) -> Check:
        check = self._checks.get(cls)
        if check is None:
            schema = cls.META.schema
            if schema is None:
                raise EventValidationError(
                    f"event {cls.META.name!r} carries no JSON schema to validate against; "
                    "regenerate the registry from the schema files"
                )
            check = self._checks[cls] = compile_check(schema)
        return check
