"""The process-wide default recorder behind ``Event.record()``.

Product code records with ``SomeEvent(...).record()`` and the application sets
the recorder once at start-up with :func:`configure`. Until it does, events are
discarded with one warning: telemetry that is not set up must not break the
product.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .event import Event
    from .recorder import Recorder

log = logging.getLogger("redactlint.events")

_default: Recorder | None = None
_warned_unconfigured = False


def configure(recorder: Recorder | None) -> Recorder | None:
    """Make ``recorder`` the default (``None`` removes it); returns the previous one."""
    global _default
    previous, _default = _default, recorder
    return previous


def get_recorder() -> Recorder | None:
    """The default recorder, if one is configured."""
    return _default


def record(event: Event, recorder: Recorder | None = None) -> bool:
    """Record ``event`` with ``recorder`` or the default; True when a sink received it."""
    global _warned_unconfigured
    target = recorder if recorder is not None else _default
    if target is None:
        if not _warned_unconfigured:
            _warned_unconfigured = True
            log.warning(
                "no recorder configured; events are discarded until "
                "redactlint.events.configure() is called"
            )
        return False
    return target.record(event)
