"""Cost of delivering events against writing them to a JSON Lines file, in one run.

Usage: python benchmarks/bench_delivery.py [--events N] [--rounds R] [--memory-events M]

Prints, against the JSON Lines sink measured in the same run (the machine is shared
and noisy, so read the ratios; each measure is the median over ``--rounds`` rounds, each
round measuring the JSON Lines sink and then the delivery sink, so a slow spell of the
machine falls on both):
- ``Recorder.record`` per event, median and p99, into the ``DeliverySink`` (queued in
  memory, saved and sent by background threads) and into the ``JsonLinesSink``
  (target: at most 2x);
- sustained delivery: events per second from the first ``record`` until a loopback
  HTTPS server (a throw-away CA from ``trustme``) has received all of them, against the
  JSON Lines sink's write rate (target: at least 0.5x). After the last ``record`` the
  product calls ``flush()``, as it does at exit: the events put since the last store
  would otherwise wait out the flush interval (at most 1 s), a bound on latency that is
  not a rate;
- resident memory before and after recording ``--memory-events`` events with the
  collector reachable (target: flat), how many the bounded queue refused, and the rate
  delivered meanwhile: the worst case, a product thread that does nothing but record,
  so the sender gets the interpreter only when the switch interval forces it.
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


def deliver(url: str, ca_file: Path, work: Path, count: int, context: ssl.SSLContext,
            round_: int) -> tuple[list[float], float, bool]:
    """One round into a fresh delivery sink: per-record times, the sustained rate (events
    per second until the collector has them all) and whether they all arrived."""
    sink = DeliverySink(url, work / f"queue-{round_}.db", instance="bench", key=KEY,
                        ca_file=ca_file)
    before = received(url, context)
    started = time.perf_counter()
    times = per_event(sink.recorder(salt=KEY), count)
    sink.flush(0)
    arrived = wait_for(before + count, url, context, time.monotonic() + 120)
    sustained = count / (time.perf_counter() - started)
    sink.close(5)
    return times, sustained, arrived


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory-events", type=int, default=200_000)
    options = parser.parse_args()
    count = options.events
    ca = trustme.CA()
    medians: dict[str, list[float]] = {key: [] for key in
                                       ("json", "json99", "delivery", "delivery99", "written",
                                        "sustained")}
    all_arrived = True
    with tempfile.TemporaryDirectory() as work, collector(ca, Path(work)) as (url, context):
        ca_file = Path(work) / "ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        for round_ in range(options.rounds):
            lines = JsonLinesSink(Path(work) / f"events-{round_}.jsonl")
            baseline = per_event(Recorder(lines, salt=KEY), count)
            lines.close()
            delivered, sustained, arrived = deliver(url, ca_file, Path(work), count, context,
                                                    round_)
            all_arrived = all_arrived and arrived
            medians["json"].append(statistics.median(baseline))
            medians["json99"].append(percentile(baseline, 99))
            medians["delivery"].append(statistics.median(delivered))
            medians["delivery99"].append(percentile(delivered, 99))
            medians["written"].append(count / sum(baseline))
            medians["sustained"].append(sustained)

        sink = DeliverySink(url, Path(work) / "queue.db", instance="bench", key=KEY,
                            ca_file=ca_file)
        recorder = sink.recorder(salt=KEY)
        before, first = rss_mib(), received(url, context)
        started = time.perf_counter()
        for index in range(options.memory_events):
            recorder.record(event(index))
        busy = time.perf_counter() - started
        busy_delivered = received(url, context) - first
        sink.flush(5)
        after = rss_mib()
        dropped = sink.queue.dropped if sink.queue is not None else 0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        sink.close(5)

    m = {key: statistics.median(values) for key, values in medians.items()}
    print(f"events: {count} per round, {options.rounds} rounds (medians); "
          f"cpu count: {os.cpu_count()}")
    print(f"{'measure':<34} {'delivery':>10} {'json lines':>11} {'ratio':>7}")
    print(f"{'record median (us)':<34} {m['delivery'] * 1e6:>10.1f} {m['json'] * 1e6:>11.1f} "
          f"{m['delivery'] / m['json']:>7.2f}   (target: at most 2x)")
    print(f"{'record p99 (us)':<34} {m['delivery99'] * 1e6:>10.1f} "
          f"{m['json99'] * 1e6:>11.1f} {m['delivery99'] / m['json99']:>7.2f}   "
          "(target: at most 2x)")
    print(f"{'sustained (events/s)':<34} {m['sustained']:>10.0f} {m['written']:>11.0f} "
          f"{m['sustained'] / m['written']:>7.2f}   (target: at least 0.5x)")
    print(f"all {count * options.rounds} delivered: {all_arrived}")
    print(f"memory over {options.memory_events} events recorded as fast as the loop goes: "
          f"{before:.0f} MiB -> {after:.0f} MiB (peak {peak:.0f} MiB); {dropped} refused by the "
          "bounded queue (default bounds) while the collector kept up as it could")
    print(f"while recording without pause ({options.memory_events / busy:.0f} events/s, a "
          f"thread doing nothing else): {busy_delivered / busy:.0f} events/s delivered")


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1]


if __name__ == "__main__":
    main()
