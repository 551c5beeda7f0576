"""The transport keeps its connection open between posts, and a connection the server
closed meanwhile costs one more attempt, not a lost batch."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest

from redactlint.delivery import Transport


class KeepAlive(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # connections stay open unless closed
    connections: ClassVar[set[int]] = set()
    posts = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        KeepAlive.connections.add(id(self.connection))
        KeepAlive.posts += 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[http.server.ThreadingHTTPServer]:
    KeepAlive.connections, KeepAlive.posts = set(), 0
    running = http.server.ThreadingHTTPServer(("127.0.0.1", 0), KeepAlive)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()


def test_one_connection_serves_many_posts(server: http.server.ThreadingHTTPServer) -> None:
    transport = Transport(f"http://127.0.0.1:{server.server_address[1]}/v1/events")
    for _ in range(5):
        assert transport.post(b"{}", "application/json").verdict == "accepted"
    assert KeepAlive.posts == 5 and len(KeepAlive.connections) == 1
    transport.close()


def test_a_connection_closed_by_the_server_is_replaced(
    server: http.server.ThreadingHTTPServer,
) -> None:
    transport = Transport(f"http://127.0.0.1:{server.server_address[1]}/v1/events")
    assert transport.post(b"{}", "application/json").verdict == "accepted"
    kept = transport._open
    assert kept is not None and kept.sock is not None
    kept.sock.close()  # as a server closing an idle connection leaves it
    assert transport.post(b"{}", "application/json").verdict == "accepted"
    assert KeepAlive.posts == 2 and transport._open is not kept
    transport.close()
