"""Fixture projects for ``redactlint init``: one call of each telemetry library's shape,
the project's own event functions, and the calls that must not be taken for either."""

from __future__ import annotations

from pathlib import Path

SHOP = {
    "shop/__init__.py": "",
    "shop/segment_calls.py": '''\
import analytics
from analytics import track as segment_track

analytics.track("user-1", "Signed Up", {"plan": "pro"})
segment_track("user-1", "Upgraded")
''',
    "shop/rudder_calls.py": '''\
import rudderstack.analytics as rudder

rudder.track("user-1", "Signed Up")
''',
    "shop/posthog_calls.py": '''\
from posthog import Posthog

ph = Posthog("key", host="https://eu.posthog.com")


def signup() -> None:
    ph.capture("signed up", distinct_id="user-1", properties={"plan": "pro"})
''',
    "shop/snowplow_calls.py": '''\
from snowplow_tracker import Emitter, StructuredEvent, Tracker
from snowplow_tracker.events import SelfDescribing

tracker = Tracker(namespace="shop", emitters=Emitter("collector.example"))
tracker.track(StructuredEvent(category="shop", action="buy"))


def relay(sender: object) -> None:
    sender.track(SelfDescribing(None))  # a receiver nobody can resolve, Snowplow's argument
''',
    "shop/amplitude_calls.py": '''\
from amplitude import Amplitude, BaseEvent


class Telemetry:
    def __init__(self) -> None:
        self.client = Amplitude("key")

    def opened(self) -> None:
        self.client.track(BaseEvent(event_type="opened", user_id="user-1"))
''',
    "shop/mixpanel_calls.py": '''\
import mixpanel

mp = mixpanel.Mixpanel("token")
mp.track("user-1", "Clicked", {"color": "blue"})
''',
    "shop/jupyter_calls.py": '''\
from jupyter_events import EventLogger


class Handler:
    def __init__(self, logger: EventLogger) -> None:
        self.event_logger: EventLogger = logger

    def save(self) -> None:
        self.event_logger.emit(schema_id="https://events.example/save", data={"action": "save"})


def relay(sink: object) -> None:
    sink.emit(schema_id="https://events.example/open", data={})  # EventLogger's shape
''',
    "shop/logging_calls.py": '''\
import logging

log = logging.getLogger(__name__)
log.info("started %d workers", 4)
logging.warning("shutting down")
''',
    "shop/telemetry.py": '''\
def track_checkout(cart_id: int, properties: dict[str, int]) -> None:
    """The project's own event function."""


def record_never_called(value: int) -> None:
    """Named like an event function, but nothing calls it."""


def log_event(event: str, data: dict[str, int]) -> None:
    """Another event function, called through an import."""


class Progress:
    def track(self, done: int) -> None:
        """A progress bar's ``track``: not an event."""
''',
    "shop/app.py": '''\
from shop import telemetry
from shop.telemetry import Progress, log_event

from .telemetry import track_checkout

telemetry.track_checkout(1, {"items": 2})
track_checkout(2, properties={"items": 1})
log_event("opened", {"count": 1})
bar = Progress()
bar.track(3)
''',
    # Tools' directories are not the project: nothing in them is counted.
    ".venv/lib/site.py": 'import analytics\nanalytics.track("u", "Installed")\n',
    "build/lib/shop/segment_calls.py": 'import analytics\nanalytics.track("u", "Built")\n',
}

# A module of the project named like Segment's: its ``track`` is the project's function.
OWN_ANALYTICS = {
    "analytics.py": "def track(name: str) -> None:\n    pass\n",
    "main.py": 'import analytics\n\nanalytics.track("started")\n',
}

# A call that sends text nobody marked, added after the configuration is written.
LEAKY = {
    "shop/leaky.py": '''\
import mixpanel

mp = mixpanel.Mixpanel("token")


def clicked(user: str, color: str) -> None:
    mp.track(user, "Clicked", {"color": color})
''',
}


def write(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` under ``root`` and return it."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
