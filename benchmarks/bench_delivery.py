"""Cost of delivering events against writing them to a JSON Lines file, in one run.

Usage: python benchmarks/bench_delivery.py [--events N] [--memory-events M]

Prints, against the JSON Lines sink measured in the same run (the machine is shared
and noisy, so read the ratios):
- ``Recorder.record`` per event, median and p99, into the ``DeliverySink`` (queued in
  memory, saved and sent by background threads) and into the ``JsonLinesSink``
  (target: at most 2x);
- sustained delivery: events per second from ``record`` until a loopback HTTPS server
  (a throw-away CA from ``trustme``) has received all of them, against the JSON Lines
  sink's write rate (target: at least 0.5x);
- resident memory before and after recording ``--memory-events`` events with the
  collector reachable (target: flat).
"""

from __future__ import annotations

import argparse
import os
import resource
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import trustme

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples" / "app"))
from notebook_search.telemetry.events import SearchSubmitted

from redactlint.delivery.sink import DeliverySink
from redactlint.events import Recorder
from redactlint.events.sinks import JsonLinesSink
from redactlint.redact import safe, unsafe

KEY = b"k" * 32


COLLECTOR = """
import http.server, ssl, sys, threading
count = 0
lock = threading.Lock()
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a collector serves
    def do_POST(self):
        global count
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            count += body.count(b'"id":"')
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def do_GET(self):
        with lock:
            data = str(count).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1])
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


@contextmanager
def collector(ca: trustme.CA, work: Path) -> Iterator[tuple[str, ssl.SSLContext]]:
    """A collector in its own process (as it would be), counting the events it gets."""
    chain = work / "server.pem"
    ca.issue_cert("127.0.0.1").private_key_and_cert_chain_pem.write_to_path(str(chain))
    process = subprocess.Popen([sys.executable, "-c", COLLECTOR, str(chain)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    port = int(process.stdout.readline())
    context = ssl.create_default_context()
    ca.configure_trust(context)
    try:
        yield f"https://127.0.0.1:{port}/v1/events", context
    finally:
        process.terminate()
        process.wait()


def received(url: str, context: ssl.SSLContext) -> int:
    with urllib.request.urlopen(url, context=context) as answer:
        return int(answer.read())


def event(index: int) -> SearchSubmitted:
    return SearchSubmitted(
        query=unsafe(f"user query {index}"), pattern_type=safe("literal"),
        result_count=index % 50, duration_ms=1.5,
    )


def per_event(recorder: Recorder, count: int) -> list[float]:
    """Seconds per ``record`` call."""
    times = []
    clock = time.perf_counter
    for index in range(count):
        started = clock()
        recorder.record(event(index))
        times.append(clock() - started)
    return times


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as stream:
        return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def wait_for(count: int, url: str, context: ssl.SSLContext, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if received(url, context) >= count:
            return True
        time.sleep(0.02)
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--memory-events", type=int, default=200_000)
    options = parser.parse_args()
    count = options.events
    ca = trustme.CA()
    with tempfile.TemporaryDirectory() as work, collector(ca, Path(work)) as (url, context):
        ca_file = Path(work) / "ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        lines = JsonLinesSink(Path(work) / "events.jsonl")
        baseline = per_event(Recorder(lines, salt=KEY), count)
        lines.close()

        sink = DeliverySink(url, Path(work) / "queue.db", instance="bench", key=KEY,
                            ca_file=ca_file)
        started = time.perf_counter()
        delivered = per_event(sink.recorder(salt=KEY), count)
        arrived = wait_for(count, url, context, time.monotonic() + 120)
        sustained = count / (time.perf_counter() - started)
        written = count / sum(baseline)

        recorder = sink.recorder(salt=KEY)
        before = rss_mib()
        for index in range(options.memory_events):
            recorder.record(event(index))
        sink.flush(5)
        after = rss_mib()
        dropped = sink.queue.dropped if sink.queue is not None else 0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        sink.close(5)

    def us(values: list[float], q: float) -> float:
        return statistics.quantiles(values, n=100)[int(q) - 1] * 1e6 if q < 100 else 0.0

    json_median, json_p99 = statistics.median(baseline) * 1e6, us(baseline, 99)
    median, p99 = statistics.median(delivered) * 1e6, us(delivered, 99)
    print(f"events: {count}; cpu count: {os.cpu_count()}")
    print(f"{'measure':<34} {'delivery':>10} {'json lines':>11} {'ratio':>7}")
    print(f"{'record median (us)':<34} {median:>10.1f} {json_median:>11.1f} "
          f"{median / json_median:>7.2f}")
    print(f"{'record p99 (us)':<34} {p99:>10.1f} {json_p99:>11.1f} {p99 / json_p99:>7.2f}")
    print(f"{'sustained (events/s)':<34} {sustained:>10.0f} {written:>11.0f} "
          f"{sustained / written:>7.2f}")
    print(f"all {count} delivered: {arrived}")
    print(f"memory over {options.memory_events} events recorded as fast as the loop goes: "
          f"{before:.0f} MiB -> {after:.0f} MiB (peak {peak:.0f} MiB); {dropped} refused by the "
          "bounded queue (default bounds) while the collector kept up as it could")


if __name__ == "__main__":
    main()
