"""Test helpers: capture recorded events in memory and assert on what would leave.

Assertions compare against the exported payload, after redaction, because that
is what reaches the telemetry backend::

    from redactlint.testing import EventCapture

    def test_search_is_recorded_without_the_query():
        with EventCapture() as events:
            run_search("alice@example.com")
        events.assert_recorded(SearchSubmitted, query="‹×›", result_count=0)
        events.assert_no_leak(["alice@example.com"])

With pytest, ``from redactlint.testing import recorded_events`` in a
``conftest.py`` provides the same capture as a fixture (pytest is imported
only when that name is first used).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any

from .events import Event, EventMeta, MemorySink, Mode, Payload, Recorder, configure
from .events.allowlist import Allowlist
from .redact import Salt, escape_markers

_MISSING = object()


class _ClassRecorder(Recorder):
    """A recorder that remembers the class behind each event name it is given.

    Payloads carry only schema property names; the class maps the Python
    attribute names that assertions use onto them, also when the event is
    given by name.
    """

    def __init__(
        self,
        sink: MemorySink,
        mode: Mode,
        allowlist: Allowlist | None,
        salt: Salt,
        validate: bool,
    ) -> None:
        super().__init__(sink, mode, allowlist, salt, validate)
        self.classes: dict[str, type[Event]] = {}

    def record(self, event: Event) -> bool:
        meta = getattr(type(event), "META", None)
        if isinstance(event, Event) and isinstance(meta, EventMeta):
            self.classes[meta.name] = type(event)
        return super().record(event)


class EventCapture:
    """An in-memory recorder, installed as the default one while in a ``with`` block."""

    def __init__(
        self,
        mode: Mode = "redact",
        allowlist: Allowlist | None = None,
        salt: Salt = None,
        validate: bool = False,
    ) -> None:
        self.sink = MemorySink()
        self.recorder = _ClassRecorder(self.sink, mode, allowlist, salt, validate)
        self._previous: list[Recorder | None] = []

    def __enter__(self) -> EventCapture:
        self._previous.append(configure(self.recorder))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        configure(self._previous.pop())

    @property
    def payloads(self) -> list[Payload]:
        """Every payload recorded so far, oldest first."""
        return self.sink.payloads

    def of(self, event: type[Event] | str) -> list[Payload]:
        """The payloads of one event, given by class or name."""
        name = _event_name(event)
        return [payload for payload in self.payloads if payload.get("event") == name]

    def clear(self) -> None:
        """Forget every payload."""
        self.sink.clear()

    def assert_recorded(self, event: type[Event] | str, **fields: Any) -> Payload:
        """Return the first payload of ``event`` whose exported fields equal ``fields``.

        Keywords are the event class's attribute names, as in its constructor
        (``result_count=0``), and are looked up under the schema property names
        the payload uses (``resultCount``); an unknown keyword raises
        ``TypeError``. Values are compared as exported: a redacted field equals
        ``"‹×›"``, arrays are lists (a tuple is compared as a list), a field not
        exported matches nothing.
        """
        name = _event_name(event)
        cls = self.recorder.classes.get(name) if isinstance(event, str) else event
        wanted = {_payload_key(cls, key): _jsonish(value) for key, value in fields.items()}
        candidates = self.of(name)
        for payload in candidates:
            properties = payload.get("properties", {})
            if all(properties.get(key, _MISSING) == value for key, value in wanted.items()):
                return payload
        described = ", ".join(f"{key}={_jsonish(value)!r}" for key, value in fields.items())
        message = f"no {name} event recorded" + (f" with {described}" if described else "")
        if candidates:
            shown = "\n".join(f"  {_show(payload)}" for payload in candidates)
            message += f"; recorded {name} payloads:\n{shown}"
        elif self.payloads:
            names = sorted({str(payload.get("event")) for payload in self.payloads})
            message += f"; recorded events: {', '.join(names)}"
        else:
            message += "; nothing was recorded"
        raise AssertionError(message)

    def assert_not_recorded(self, event: type[Event] | str) -> None:
        """Fail if any payload of ``event`` was recorded."""
        found = self.of(event)
        if found:
            raise AssertionError(
                f"{_event_name(event)} was recorded {len(found)} time(s): {_show(found[0])}"
            )

    def assert_no_leak(self, canaries: Iterable[str]) -> None:
        """Fail naming event, field and canary wherever a canary appears in a payload.

        A canary also counts in its escaped form (marker characters turned
        into ``?``), the form in which export writes text.
        """
        needles = []
        for canary in canaries:
            if not canary:
                raise ValueError("an empty canary would match everything")
            needles.append((canary, {canary, escape_markers(canary)}))
        leaks = []
        for payload in self.payloads:
            for where, text in _strings(payload, str(payload.get("event"))):
                for canary, forms in needles:
                    if any(form in text for form in forms):
                        leaks.append(f"  {where} contains {canary!r}")
        if leaks:
            raise AssertionError("canary leaked into recorded events:\n" + "\n".join(leaks))


def _event_name(event: type[Event] | str) -> str:
    return event if isinstance(event, str) else event.META.name


def _payload_key(cls: type[Event] | None, attribute: str) -> str:
    """The payload key of ``cls``'s field held in ``attribute``.

    Without a class (an event given by name that this capture never recorded)
    the keyword is used as it is.
    """
    if cls is None:
        return attribute
    info = cls.META.get_attribute(attribute)
    if info is None:
        known = ", ".join(field.attribute for field in cls.META.fields) or "none"
        raise TypeError(
            f"{cls.__name__} has no field attribute {attribute!r} (its attributes: {known})"
        )
    return info.name


def _jsonish(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return [_jsonish(item) for item in value]
    return value


def _show(payload: Payload) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, default=repr)


def _strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Every string inside a payload, with a dotted location."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield where + "." + str(key), str(key)
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")


def _recorded_events() -> Iterator[EventCapture]:
    with EventCapture() as capture:
        yield capture


def __getattr__(name: str) -> Any:
    """Build the ``recorded_events`` pytest fixture on first use."""
    if name == "recorded_events":
        import pytest

        fixture = pytest.fixture(name="recorded_events")(_recorded_events)
        globals()[name] = fixture
        return fixture
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
