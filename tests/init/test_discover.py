"""Finding the calls that log events: each library's shape, the project's own event
functions, and what must not be taken for them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from redactlint.analysis.config import Parameter
from redactlint.init.discover import discover

from .projects import OWN_ANALYTICS, SHOP, write


def _calls(root: Path) -> dict[str, tuple[str, int]]:
    return {p.call: (p.origin, len(p.sites)) for p in discover(root).proposals}


def test_each_library_and_the_projects_own_functions_are_proposed(tmp_path: Path) -> None:
    assert _calls(write(tmp_path, SHOP)) == {
        "analytics.track": ("Segment", 2),  # import analytics; from analytics import track
        "rudderstack.analytics.track": ("RudderStack", 1),
        "posthog.Posthog.capture": ("PostHog", 1),  # ph = Posthog(...); ph.capture(...)
        "snowplow_tracker.Tracker.track": ("Snowplow", 2),  # one through its argument's class
        "amplitude.Amplitude.track": ("Amplitude", 1),  # self.client = Amplitude(...)
        "mixpanel.Mixpanel.track": ("Mixpanel", 1),
        "jupyter_events.EventLogger.emit": ("Jupyter Events", 2),  # one by its shape
        "shop.telemetry.track_checkout": ("project function", 2),  # absolute and relative
        "shop.telemetry.log_event": ("project function", 1),
    }


def test_parameters_follow_each_api(tmp_path: Path) -> None:
    found = {p.call: p for p in discover(write(tmp_path, SHOP)).proposals}
    segment = found["analytics.track"]  # track(user_id, event, properties)
    assert (segment.event, segment.properties) == (Parameter("event", 1),
                                                   Parameter("properties", 2))
    mixpanel = found["mixpanel.Mixpanel.track"]
    assert mixpanel.event is not None and mixpanel.event.name == "event_name"
    assert mixpanel.event.position == 1
    emit = found["jupyter_events.EventLogger.emit"]  # keyword-only: names, no positions
    assert emit.event is not None and emit.properties is not None
    assert (emit.event.name, emit.event.position) == ("schema_id", None)
    assert (emit.properties.name, emit.properties.position) == ("data", None)
    own = found["shop.telemetry.log_event"]  # read from the signature
    assert own.event is not None and own.event.name == "event"
    assert own.properties is not None and own.properties.name == "data"
    assert found["shop.telemetry.track_checkout"].event is None
    assert found["snowplow_tracker.Tracker.track"].event is None  # an event object


def test_examples_and_logging_calls_are_located(tmp_path: Path) -> None:
    found = discover(write(tmp_path, SHOP))
    checkout = next(p for p in found.proposals if p.call == "shop.telemetry.track_checkout")
    assert checkout.sites == (("shop/app.py", 6), ("shop/app.py", 7))
    assert found.logging == (("shop/logging_calls.py", 4), ("shop/logging_calls.py", 5))
    assert found.files == 11  # .venv and build are not the project


def test_what_is_not_an_event_is_not_proposed(tmp_path: Path) -> None:
    calls = _calls(write(tmp_path, SHOP))
    assert "shop.telemetry.Progress.track" not in calls  # bar.track(3): a progress bar
    assert "shop.telemetry.record_never_called" not in calls  # never called
    assert calls["analytics.track"] == ("Segment", 2)  # not the .venv's or build's calls


def test_a_project_module_named_like_a_library_is_the_projects(tmp_path: Path) -> None:
    assert _calls(write(tmp_path, OWN_ANALYTICS)) == {"analytics.track": ("project function", 1)}


def test_a_method_of_an_unrelated_class_is_not_the_librarys(tmp_path: Path) -> None:
    write(tmp_path, {
        "player.py": (
            "class Playlist:\n    def track(self, n: int) -> None:\n        pass\n\n"
            "music = Playlist()\nmusic.track(1)\n"
            "def emit(self, schema_id: str) -> None:\n    pass\n"
            "music.emit(schema_id='x')  # no jupyter_events in the project\n"
        ),
    })
    assert _calls(tmp_path) == {}


def test_unreadable_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    write(tmp_path, {"good.py": "import mixpanel\nmixpanel.Mixpanel('t').track('u', 'e')\n"})
    (tmp_path / "broken.py").write_text("def (:\n", encoding="utf-8")
    (tmp_path / "latin.py").write_bytes(b"x = '\xff'\n")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.py")  # would block a plain read forever
    found = discover(tmp_path)
    reasons = dict(found.skipped)
    assert reasons["broken.py"].startswith("syntax error at line 1")
    assert "decoded" in reasons["latin.py"]
    if hasattr(os, "mkfifo"):
        assert reasons["pipe.py"] == "not a regular file"


@pytest.mark.parametrize("name", ["record_usage_event", "_record_event", "log_event"])
def test_a_name_that_says_event_is_proposed(tmp_path: Path, name: str) -> None:
    write(tmp_path, {"app.py": f"def {name}(event: str) -> None:\n    pass\n\n{name}('x')\n"})
    assert _calls(tmp_path) == {f"app.{name}": ("project function", 1)}


def test_a_name_alone_is_listed_apart(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": "def record_exception(e: Exception) -> None:\n    pass\n\n"
                               "record_exception(ValueError())\n"})
    found = discover(tmp_path)
    assert found.proposals == ()
    assert [(p.call, p.sites) for p in found.unlikely] == [
        ("app.record_exception", (("app.py", 4),))
    ]


def test_a_telemetry_module_or_a_wrapper_makes_a_name_a_sink(tmp_path: Path) -> None:
    write(tmp_path, {
        "app/__init__.py": "",
        "app/tracking.py": "def track_run(n: int) -> None:\n    pass\n",
        "app/jobs.py": (
            "import analytics\nfrom app.tracking import track_run\n\n"
            "def track_job(n: int) -> None:\n    analytics.track('u', 'Job', {'n': n})\n\n"
            "def track_progress(n: int) -> None:\n    print(n)\n\n"
            "track_run(1)\ntrack_job(2)\ntrack_progress(3)\n"
        ),
    })
    found = discover(tmp_path)
    assert [p.call for p in found.proposals] == [
        "analytics.track", "app.jobs.track_job", "app.tracking.track_run",
    ]
    assert [p.call for p in found.unlikely] == ["app.jobs.track_progress"]


def test_methods_of_an_exported_telemetry_object(tmp_path: Path) -> None:
    write(tmp_path, {
        "web/__init__.py": "from web.log import EventLogger\n\nevent_logger = EventLogger()\n",
        "web/log.py": (
            "class EventLogger:\n"
            "    def log_with_context(self, action: str, **payload: object) -> None:\n"
            "        pass\n\n"
            "    def log_this(self, f: object) -> object:\n        return f\n"
        ),
        "web/views.py": (
            "import logging\nfrom web import event_logger\n\nlogger = logging.getLogger()\n\n"
            "@event_logger.log_this\ndef index() -> None:\n"
            "    event_logger.log_with_context(action='index')\n"
            "    logger.log(logging.INFO, 'not an event')\n"
        ),
    })
    found = {p.call: p for p in discover(tmp_path).proposals}
    assert sorted(found) == ["web.event_logger.log_this", "web.event_logger.log_with_context"]
    assert found["web.event_logger.log_this"].decorator
    assert found["web.event_logger.log_with_context"].event == Parameter("action")


def test_a_wrapper_that_passes_its_parameter_to_a_sink_is_proposed(tmp_path: Path) -> None:
    write(tmp_path, {
        "nb/__init__.py": "",
        "nb/manager.py": (
            "from jupyter_events import EventLogger\n\n\n"
            "class ContentsManager:\n"
            "    event_logger: EventLogger\n\n"
            "    def emit(self, data: dict[str, str]) -> None:\n"
            "        self.event_logger.emit(schema_id='https://events.example/c', data=data)\n\n"
            "    def opened(self) -> None:\n"
            "        self.event_logger.emit(schema_id='https://events.example/o', data={})\n"
        ),
        "nb/files.py": (
            "from nb.manager import ContentsManager\n\n\n"
            "class FileManager(ContentsManager):\n"
            "    def delete(self, path: str) -> None:\n"
            "        self.emit(data={'action': 'delete'})\n"
        ),
        "tests/test_events.py": (
            "def event_logger() -> None:\n    pass\n\n\n"
            "def test_emit(event_logger: object) -> None:\n"
            "    event_logger.emit(schema_id='https://events.example/t', data={})\n"
        ),
    })
    found = {p.call: p for p in discover(tmp_path).proposals}
    assert sorted(found) == ["jupyter_events.EventLogger.emit", "nb.manager.ContentsManager.emit"]
    # ``opened`` sends only its own literals: not a wrapper, not a sink.
    assert found["nb.manager.ContentsManager.emit"].sites == (("nb/files.py", 6),)
    assert found["nb.manager.ContentsManager.emit"].properties == Parameter("data")
    # The fixture's emit is a parameter's, not the module's function's.
    assert ("tests/test_events.py", 6) in found["jupyter_events.EventLogger.emit"].sites


def test_a_module_no_import_can_name_has_nothing_to_declare(tmp_path: Path) -> None:
    write(tmp_path, {"my-script.py": "def log_event(event: str) -> None:\n    pass\n\n"
                                     "log_event('x')\n"})
    assert _calls(tmp_path) == {}
