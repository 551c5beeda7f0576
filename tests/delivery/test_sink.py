"""The delivery sink end to end, against a real HTTPS collector on loopback."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from redactlint.delivery import DeliveryConfigError, DeliverySink, acting_user, pseudonym
from redactlint.events import Recorder
from redactlint.redact import unsafe
from tests.events.sample import SearchSubmitted

from .conftest import KEY, Collector, free_port, wait_for


def payload(n: int, name: str = "search.submitted") -> dict[str, Any]:
    return {"event": name, "version": 1, "properties": {"n": n}}


def ids_in_order(collector: Collector) -> list[str]:
    seen: dict[str, None] = {}
    for event in collector.events():
        seen.setdefault(event["id"], None)
    return list(seen)


def test_events_arrive_once_each_and_in_order(
    collector: Collector, make_sink: Callable[..., DeliverySink]
) -> None:
    sink = make_sink(collector.url, batch_size=7)
    recorder = sink.recorder()
    for n in range(60):
        assert recorder.record(
            SearchSubmitted(query=unsafe(f"secret {n}"), pattern_type="literal", result_count=n)
        )
    assert sink.flush(10)
    events = collector.events()
    assert [event["properties"]["resultCount"] for event in events] == list(range(60))
    assert len({event["id"] for event in events}) == 60
    assert all(event["properties"]["query"] == "‹×›" for event in events)
    assert {event["instance"] for event in events} == {pseudonym("acme-prod", "instance", KEY)}
    assert len(collector.batches) >= 60 // 7
    batch = collector.batches[0]
    assert set(batch) == {"batch", "sent", "events"} and batch["sent"].endswith("Z")


def test_the_user_comes_from_acting_user(
    collector: Collector, make_sink: Callable[..., DeliverySink]
) -> None:
    sink = make_sink(collector.url)
    sink.write(payload(0))
    with acting_user("alice@example.com"):
        sink.write(payload(1))
    assert sink.flush(10)
    users = [event["user"] for event in collector.events()]
    assert users == [None, pseudonym("alice@example.com", "user", KEY)]


def test_down_then_503_with_retry_after_then_back_loses_nothing(
    make_collector: Callable[..., Collector], make_sink: Callable[..., DeliverySink]
) -> None:
    collector = make_collector(port=free_port())
    sink = make_sink(collector.url, batch_size=10)
    for n in range(25):
        sink.write(payload(n))
    assert wait_for(lambda: sink.sender is not None and sink.sender.last_outcome is not None)
    assert sink.sender is not None and sink.sender.last_outcome is not None
    assert sink.sender.last_outcome.status is None  # nobody listening
    collector.script((503, {"Retry-After": "1"}), (503, {"Retry-After": "1"}))
    collector.start()
    for n in range(25, 50):
        sink.write(payload(n))
    assert sink.flush(15)
    statuses = [status for _, status in collector.requests]
    assert statuses[:2] == [503, 503] and set(statuses[2:]) == {200}
    times = [when for when, _ in collector.requests]
    assert times[1] - times[0] >= 0.9 and times[2] - times[1] >= 0.9  # Retry-After honoured
    events = {event["id"]: event for event in collector.events()}
    assert sorted(event["properties"]["n"] for event in events.values()) == list(range(50))
    assert [events[i]["properties"]["n"] for i in ids_in_order(collector)] == list(range(50))
    assert sink.queue is not None and sink.queue.stored == 0


def test_a_batch_refused_for_good_is_dropped_and_counted(
    collector: Collector, make_sink: Callable[..., DeliverySink]
) -> None:
    collector.script((400, {}))
    sink = make_sink(collector.url, batch_size=100)
    for n in range(3):
        sink.write(payload(n))
    assert sink.queue is not None
    assert wait_for(lambda: sink.queue is not None and sink.queue.rejected == 3)
    sink.write(payload(3))
    assert sink.flush(10)
    assert [event["properties"]["n"] for event in collector.events()] == [3]


def test_a_full_queue_drops_the_newest_and_counts_it(
    make_sink: Callable[..., DeliverySink],
) -> None:
    sink = make_sink(f"https://127.0.0.1:{free_port()}/", max_events=5)
    for n in range(8):
        sink.write(payload(n))
    assert sink.queue is not None
    sink.queue.flush()
    assert sink.queue.stored == 5 and sink.queue.dropped == 3
    kept = [body for _, body in sink.queue.read(10)]
    assert all(b'"n":%d' % n in body for n, body in zip(range(5), kept, strict=True))


def test_a_certificate_that_does_not_verify_acknowledges_nothing(
    make_collector: Callable[..., Collector], make_sink: Callable[..., DeliverySink]
) -> None:
    import trustme

    from .conftest import server_context

    collector = make_collector(server_context(trustme.CA().issue_cert("127.0.0.1"))).start()
    sink = make_sink(collector.url)
    for n in range(4):
        sink.write(payload(n))
    assert wait_for(lambda: sink.sender is not None and sink.sender.last_outcome is not None)
    assert sink.sender is not None and sink.sender.last_outcome is not None
    assert "certificate" in sink.sender.last_outcome.detail
    assert not sink.flush(0.3)
    assert sink.queue is not None and sink.queue.stored == 4
    assert collector.batches == []


def test_keep_mode_is_refused(
    collector: Collector, make_sink: Callable[..., DeliverySink], caplog: pytest.LogCaptureFixture
) -> None:
    sink = make_sink(collector.url)
    with pytest.raises(DeliveryConfigError, match="keep mode cannot deliver"):
        sink.recorder(mode="keep")
    with caplog.at_level(logging.WARNING):
        keep = Recorder(sink, mode="keep")
    with pytest.raises(DeliveryConfigError, match="keep mode cannot deliver"):
        sink.attach(keep)
    event = SearchSubmitted(query=unsafe("alice"), pattern_type="literal", result_count=1)
    with caplog.at_level(logging.ERROR, logger="redactlint.delivery"):
        keep.record(event)
        keep.record(event)
    assert sink.refused == 2 and "keep-mode Recorder" in caplog.text
    assert sink.attach(Recorder(sink)).record(event)
    assert sink.flush(10)
    assert [e["properties"]["query"] for e in collector.events()] == ["‹×›"]


def test_write_never_raises(collector: Collector, make_sink: Callable[..., DeliverySink]) -> None:
    sink = make_sink(collector.url)
    sink.write({"no": "event"})
    assert sink.failures == 1


@pytest.mark.parametrize("how", ["setting", "environment"])
def test_the_off_switch_opens_no_socket_and_creates_no_file(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        opened.append(args)
        raise AssertionError("delivery is off: no connection may be opened")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    key_file = tmp_path / "hash.key"
    monkeypatch.setenv("REDACTLINT_HASH_KEY_FILE", str(key_file))
    monkeypatch.setenv("ACME_TELEMETRY_OFF", "1")
    threads = set(threading.enumerate())
    sink = DeliverySink(
        "https://collector.example/v1/events",
        tmp_path / "queue" / "q.db",
        instance="acme-prod",
        enabled=how != "setting",
        off_switch_env="ACME_TELEMETRY_OFF" if how == "environment" else None,
    )
    recorder = sink.recorder()
    for n in range(5):
        assert recorder.record(
            SearchSubmitted(query=unsafe("q"), pattern_type="literal", result_count=n)
        )
    assert sink.flush(1) and sink.close(1)
    assert not sink.enabled and sink.queue is None and sink.sender is None
    assert opened == [] and list(tmp_path.iterdir()) == []
    assert set(threading.enumerate()) <= threads  # none started (others may end)


@pytest.mark.parametrize("value", ["", "0", "false", "no", "OFF"])
def test_the_off_switch_variable_can_say_on(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from redactlint.delivery.sink import switched_off

    monkeypatch.setenv("ACME_TELEMETRY_OFF", value)
    assert not switched_off(True, "ACME_TELEMETRY_OFF")
    monkeypatch.setenv("ACME_TELEMETRY_OFF", "yes please")
    assert switched_off(True, "ACME_TELEMETRY_OFF")
    monkeypatch.delenv("ACME_TELEMETRY_OFF")
    assert not switched_off(True, "ACME_TELEMETRY_OFF")


def test_the_encoder_is_pluggable(
    make_collector: Callable[..., Collector], make_sink: Callable[..., DeliverySink]
) -> None:
    collector = make_collector().start()
    seen: list[int] = []

    def encoder(envelopes: Any) -> tuple[bytes, str]:
        seen.append(len(envelopes))
        from redactlint.delivery import json_batch

        return json_batch(envelopes)

    sink = make_sink(collector.url, encoder=encoder)
    sink.write(payload(1))
    assert sink.flush(10)
    assert seen == [1] and len(collector.events()) == 1


def test_no_thread_outlives_close(
    collector: Collector, make_sink: Callable[..., DeliverySink]
) -> None:
    before = set(threading.enumerate())
    sink = make_sink(collector.url)
    sink.write(payload(1))
    assert sink.close(5) and sink.close(5)
    # The sink's own threads (the collector's handler of the closed connection may
    # still be finishing: it is the test's, not the sink's).
    left = [t for t in set(threading.enumerate()) - before if t.name.startswith("redactlint-")]
    assert not left
    assert sink.queue is not None and sink.queue.path.exists()
    sink.write(payload(2))  # after close: dropped, never raised
    assert sink.failures == 0


def test_an_encoder_that_fails_keeps_the_events(
    collector: Collector, make_sink: Callable[..., DeliverySink]
) -> None:
    from redactlint.delivery import json_batch

    calls: list[int] = []

    def flaky(envelopes: Any) -> tuple[bytes, str]:
        calls.append(len(envelopes))
        if len(calls) == 1:
            raise RuntimeError("encoder bug")
        return json_batch(envelopes)

    sink = make_sink(collector.url, encoder=flaky)
    for n in range(3):
        sink.write(payload(n))
    assert sink.flush(10)
    assert len(calls) >= 2
    assert [event["properties"]["n"] for event in collector.events()] == [0, 1, 2]


def test_full_jitter_stays_within_its_cap() -> None:
    from redactlint.delivery.sender import full_jitter

    waits = [full_jitter(attempt, 0.5, 8.0) for attempt in range(40) for _ in range(20)]
    assert all(0 <= wait <= 8.0 for wait in waits)
    assert max(full_jitter(0, 0.5, 8.0) for _ in range(200)) <= 0.5
    assert max(waits) > 4.0  # the cap is reached, not only the base


def test_close_does_not_wait_for_a_collector_that_never_answers(
    collector: Collector, make_sink: Callable[..., DeliverySink]
) -> None:
    import time

    release = collector.hold()
    sink = make_sink(collector.url, timeout=30.0)
    sink.write(payload(1))
    assert collector.held.wait(10)
    started = time.monotonic()
    assert not sink.close(0.2)
    assert time.monotonic() - started < 3
    release.set()  # the post fails now and the thread, stopped, ends
    thread = sink.sender._thread if sink.sender else None
    assert thread is not None and wait_for(lambda: not thread.is_alive())
