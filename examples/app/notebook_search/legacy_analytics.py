"""The analytics client this product used before it had a typed event registry.

Call sites look like ``track("search.submitted", {"query": ..., ...})``: an
event name and a mapping of property names to values. Nothing in the call's
types says which values are sensitive, so ``pyproject.toml`` declares the
function as a sink::

    [[tool.redactlint.sinks]]
    call = "notebook_search.legacy_analytics.track"
    event = 0
    properties = 1

and ``redactlint check`` checks every call: a known event name, known property
names, the required ones present, and every string marked.

At runtime ``track`` builds the typed event from the registry and records it,
so legacy calls go through the same export and redaction as the typed ones. A
plain ``str`` that slipped through is redacted whole there (fail closed).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from .telemetry.events import REGISTRY

log = logging.getLogger(__name__)


def track(event: str, properties: Mapping[str, object]) -> bool:
    """Record ``event`` with ``properties`` (schema property names); True when recorded.

    Telemetry never breaks the product: an unknown event or a property mapping
    that does not fit the event's schema is logged and dropped.
    """
    cls = REGISTRY.get(event)
    if cls is None:
        log.warning("unknown event %s dropped", event)
        return False
    attributes = {info.name: info.attribute for info in cls.META.fields}
    unknown = sorted(set(properties) - set(attributes))
    if unknown:
        log.warning("event %s dropped: unknown properties %s", event, unknown)
        return False
    try:
        instance = cls(**{attributes[name]: value for name, value in properties.items()})
    except TypeError as error:  # a required property is missing
        log.warning("event %s dropped: %s", event, error)
        return False
    return instance.record()
