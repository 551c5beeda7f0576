"""The telemetry libraries ``init`` recognises, with where each takes its event name
and properties.

Positions never count ``self`` and are given only where every released version of the
library agrees on them: the checker reads the signature when the library is installed,
and a position the installed version lacks is a configuration error. Where versions
disagree (PostHog moved ``distinct_id`` from first to keyword-only in 6.0) or a
parameter is keyword-only (``EventLogger.emit``), the name alone is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis.config import Parameter


@dataclass(frozen=True)
class Vendor:
    """One event-logging call of a telemetry library."""

    library: str  # shown to the user: which product this is
    call: str  # the qualified name to declare, as the library documents it
    matches: tuple[str, ...]  # qualified names a call may resolve to (aliases, modules)
    event: Parameter | None = None
    properties: Parameter | None = None


_TRACK_EVENT = Parameter("event", 1)  # track(user_id, event, properties, ...)
_TRACK_PROPERTIES = Parameter("properties", 2)

VENDORS: tuple[Vendor, ...] = (
    # Segment (analytics-python, segment-analytics-python): module functions proxy
    # to a default Client with the same parameters.
    Vendor("Segment", "analytics.track", ("analytics.track",), _TRACK_EVENT, _TRACK_PROPERTIES),
    Vendor("Segment", "analytics.Client.track",
           ("analytics.Client.track", "analytics.client.Client.track"),
           _TRACK_EVENT, _TRACK_PROPERTIES),
    Vendor("Segment", "segment.analytics.track", ("segment.analytics.track",),
           _TRACK_EVENT, _TRACK_PROPERTIES),
    Vendor("Segment", "segment.analytics.Client.track",
           ("segment.analytics.Client.track", "segment.analytics.client.Client.track"),
           _TRACK_EVENT, _TRACK_PROPERTIES),
    # RudderStack (rudder-sdk-python) copies Segment's API.
    Vendor("RudderStack", "rudderstack.analytics.track", ("rudderstack.analytics.track",),
           _TRACK_EVENT, _TRACK_PROPERTIES),
    Vendor("RudderStack", "rudderstack.analytics.Client.track",
           ("rudderstack.analytics.Client.track", "rudderstack.analytics.client.Client.track"),
           _TRACK_EVENT, _TRACK_PROPERTIES),
    Vendor("RudderStack", "rudder_analytics.track", ("rudder_analytics.track",),
           _TRACK_EVENT, _TRACK_PROPERTIES),
    # PostHog: capture(distinct_id, event, properties) before 6.0, capture(event, **kwargs)
    # since (distinct_id and properties keyword-only).
    Vendor("PostHog", "posthog.capture", ("posthog.capture",),
           Parameter("event"), Parameter("properties")),
    Vendor("PostHog", "posthog.Posthog.capture",
           ("posthog.Posthog.capture", "posthog.client.Client.capture", "posthog.Client.capture"),
           Parameter("event"), Parameter("properties")),
    # Snowplow: track(event) takes an event object (StructuredEvent, SelfDescribing,
    # PageView ...) that holds the values; the older per-kind methods take them directly.
    Vendor("Snowplow", "snowplow_tracker.Tracker.track",
           ("snowplow_tracker.Tracker.track", "snowplow_tracker.tracker.Tracker.track")),
    Vendor("Snowplow", "snowplow_tracker.Tracker.track_struct_event",
           ("snowplow_tracker.Tracker.track_struct_event",
            "snowplow_tracker.tracker.Tracker.track_struct_event"),
           event=Parameter("action", 1)),
    Vendor("Snowplow", "snowplow_tracker.Tracker.track_self_describing_event",
           ("snowplow_tracker.Tracker.track_self_describing_event",
            "snowplow_tracker.tracker.Tracker.track_self_describing_event"),
           properties=Parameter("event_json", 0)),
    # Amplitude (amplitude-analytics): track(BaseEvent(event_type=..., event_properties=...)).
    Vendor("Amplitude", "amplitude.Amplitude.track",
           ("amplitude.Amplitude.track", "amplitude.client.Amplitude.track")),
    # Mixpanel: track(distinct_id, event_name, properties=None, meta=None).
    Vendor("Mixpanel", "mixpanel.Mixpanel.track", ("mixpanel.Mixpanel.track",),
           Parameter("event_name", 1), Parameter("properties", 2)),
    # Jupyter Events: emit(*, schema_id, data, timestamp_override=None), keyword-only.
    Vendor("Jupyter Events", "jupyter_events.EventLogger.emit",
           ("jupyter_events.EventLogger.emit", "jupyter_events.logger.EventLogger.emit"),
           Parameter("schema_id"), Parameter("data")),
)

BY_QUALIFIED_NAME: dict[str, Vendor] = {name: v for v in VENDORS for name in v.matches}

# A method call on a receiver the discovery cannot resolve is still the library's when
# its arguments have the library's shape: (method, keyword it always passes or the
# module the first argument's class comes from) -> the vendor call.
EMIT_KEYWORD = "schema_id"  # EventLogger.emit's arguments are keyword-only
BY_ARGUMENT_MODULE: dict[tuple[str, str], str] = {
    ("track", "snowplow_tracker"): "snowplow_tracker.Tracker.track",
    ("track", "amplitude"): "amplitude.Amplitude.track",
}
