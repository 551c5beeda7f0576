"""A real HTTPS collector on loopback, with a throw-away CA from ``trustme``.

``Collector`` records every batch it accepts; ``script`` makes it answer the next
requests with given statuses and headers (a 503 with ``Retry-After``, a 400), and
``hold`` keeps the next request waiting until released (a sender caught mid-batch).
Every server and thread a test starts is stopped by its fixture.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import trustme

from redactlint.delivery import DeliverySink

KEY = b"k" * 32


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Collector:
    """An HTTPS server on 127.0.0.1 that stores the JSON batches it accepts."""

    def __init__(self, context: ssl.SSLContext | None, port: int | None = None) -> None:
        self.context = context
        self.port = port or free_port()
        self.batches: list[dict[str, Any]] = []
        self.requests: list[tuple[float, int]] = []  # (monotonic time, status answered)
        self.scripted: deque[tuple[int, dict[str, str]]] = deque()
        self.held = threading.Event()  # set when a held request arrived
        self._hold: threading.Event | None = None
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        scheme = "http" if self.context is None else "https"
        return f"{scheme}://127.0.0.1:{self.port}/v1/events"

    def script(self, *answers: tuple[int, dict[str, str]]) -> None:
        with self._lock:
            self.scripted.extend(answers)

    def hold(self) -> threading.Event:
        """Keep the next request unanswered until the returned event is set; the
        connection is then closed without an answer."""
        release = threading.Event()
        self._hold = release
        return release

    def events(self) -> list[dict[str, Any]]:
        with self._lock:
            return [event for batch in self.batches for event in batch["events"]]

    def start(self) -> Collector:
        collector = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                release, collector._hold = collector._hold, None
                if release is not None:
                    collector.held.set()
                    release.wait(10)
                    self.close_connection = True
                    return
                with collector._lock:
                    status, headers = (
                        collector.scripted.popleft() if collector.scripted else (200, {})
                    )
                    collector.requests.append((time.monotonic(), status))
                    if 200 <= status < 300:
                        assert self.headers["Content-Type"] == "application/json"
                        collector.batches.append(json.loads(body))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # refused handshakes are what some tests are about

        server = Server(("127.0.0.1", self.port), Handler)
        if self.context is not None:
            server.socket = self.context.wrap_socket(
                server.socket, server_side=True, do_handshake_on_connect=False
            )
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._hold is not None:
            self._hold.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            assert self._thread is not None
            self._thread.join(5)
            self._server = None


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def server_context(cert: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    return context


@pytest.fixture
def make_collector(ca: trustme.CA) -> Iterator[Callable[..., Collector]]:
    """Make collectors (not started): a certificate for 127.0.0.1 from ``ca`` by default."""
    made: list[Collector] = []

    def make(
        context: ssl.SSLContext | None = None, port: int | None = None, plain: bool = False
    ) -> Collector:
        if context is None and not plain:
            context = server_context(ca.issue_cert("127.0.0.1", "localhost"))
        collector = Collector(context, port)
        made.append(collector)
        return collector

    yield make
    for collector in made:
        collector.stop()


@pytest.fixture
def collector(make_collector: Callable[..., Collector]) -> Collector:
    return make_collector().start()


FAST: dict[str, Any] = {
    "flush_interval": 0.02, "backoff_base": 0.02, "backoff_cap": 0.1, "timeout": 2.0,
}


@pytest.fixture
def make_sink(tmp_path: Path, ca_file: Path) -> Iterator[Callable[..., DeliverySink]]:
    made: list[DeliverySink] = []

    def make(url: str, **options: Any) -> DeliverySink:
        settings = {"instance": "acme-prod", "key": KEY, "ca_file": ca_file, **FAST, **options}
        sink = DeliverySink(url, tmp_path / "queue.db", **settings)
        made.append(sink)
        return sink

    yield make
    for sink in made:
        sink.close(deadline=0.2)


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        if condition():
            return True
        time.sleep(0.01)
    return condition()
