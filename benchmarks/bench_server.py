"""How fast does ``redactlint server`` answer an edit, against ``ruff server``, and how big
does it get?

Usage:
    python benchmarks/bench_server.py [--edits N] [--files N]

In one run, in a temporary project declaring a sink (``analytics.track``):

1. a 2,000-line module whose 100 functions all call the sink (some values marked, some
   not) is opened in each server; then ``--edits`` edits (a character typed into a
   string literal, in a different function each time) are sent as ``didChange``, one
   at a time, and the time from sending each to the ``publishDiagnostics`` of that
   version is measured. Both servers run at once and each edit goes to both, one after
   the other (which first alternates), so a slow spell of the shared machine falls on
   both. The same again with a module where only the first function
   calls the sink (the others ``print``), as most modules of a product are.
   redactlint runs with no debounce (``debounceMs: 0``), so the time is the check and
   the round trip; ruff checks with its default rules.
2. ``--files`` files of 200 lines each are opened in a fresh ``redactlint server``;
   once every one has its diagnostics, the server's resident memory is read from
   ``/proc``.

It prints the medians, their ratio, and the memory, against the targets (at most 3x
ruff; the resident memory under 300 MB).

The client is a few lines of JSON-RPC over the servers' stdin and stdout, the same
for both servers, so neither is timed through a library the other does not use.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
PYPROJECT = """[tool.redactlint]

[[tool.redactlint.sinks]]
call = "analytics.track"
event = 0
properties = 1
redacts = true
"""
FUNCTION = '''

def handler_{index}(query: str, user: str, count: int) -> None:
    """Handle request {index}: search, then record it."""
    cleaned = query.strip().lower()
    words = cleaned.split()
    label = "search {index}"
    if not words:
        analytics.track("search.empty", {{"label": label, "count": count}})
        return
    first = words[0]
    total = count + len(words)
    analytics.track(
        "search.submitted",
        {{"query": redact.unsafe(cleaned), "first": {value}, "total": total}},
    )
    if total > {index}:
        analytics.track("search.large", {{"user": {user}, "label": label}})
    for word in words[1:]:
        total += len(word)
'''
HEADER = "import analytics\n\nfrom redactlint import redact\n"


def module(lines: int, every: bool = True) -> str:
    """A module of about ``lines`` lines; every third function leaks ``first``. Every
    function calls the sink, or (``every`` false) only the first: the others print."""
    parts = [HEADER]
    index = 0
    while sum(part.count("\n") for part in parts) < lines:
        leak = index % 3 == 0
        function = FUNCTION.format(
            index=index,
            value="first" if leak else "redact.unsafe(first)",
            user="user" if leak else "redact.hashed(user)",
        )
        if not every and index > 0:
            for call in ("analytics.track", "redact.unsafe", "redact.hashed"):
                function = function.replace(call + "(", "print(")
        parts.append(function)
        index += 1
    return "".join(parts)


class Client:
    """A language client: requests, notifications and the diagnostics published."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.next_id = 0
        self.waiting: dict[int, asyncio.Future[Any]] = {}
        self.published: list[tuple[float, str, int | None]] = []
        self.arrived = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, command: list[str], cwd: Path) -> Client:
        process = await asyncio.create_subprocess_exec(
            *command, cwd=cwd, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        return cls(process)

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.waiting[self.next_id] = future
        self._send({"id": self.next_id, "method": method, "params": params})
        return await future

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    async def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := await stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            message = json.loads(await stream.readexactly(length))
            if "id" in message and "method" in message:  # a request of the server's
                self._send({"id": message["id"], "result": None})
            elif "id" in message:
                self.waiting.pop(message["id"]).set_result(message.get("result"))
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self.published.append((time.perf_counter(), params["uri"], params.get("version")))
                self.arrived.set()

    async def diagnostics(self, uri: str, version: int, since: float) -> float:
        """When diagnostics of ``uri`` at ``version`` (or of no version) arrived."""
        while True:
            for at, published_uri, published_version in self.published:
                if (at >= since and published_uri == uri
                        and published_version in (version, None)):
                    return at
            self.arrived.clear()
            await self.arrived.wait()

    async def initialize(self, root: Path, options: dict[str, Any]) -> None:
        await self.request("initialize", {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "capabilities": {"textDocument": {"publishDiagnostics": {}}},
            "initializationOptions": options,
        })
        self.notify("initialized", {})

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": text,
        }})
        return uri

    async def stop(self) -> None:
        await self.request("shutdown", None)
        self.notify("exit", None)
        await asyncio.wait_for(self.process.wait(), 10)
        self.reader.cancel()


def redactlint_command() -> list[str]:
    return [sys.executable, "-c", "from redactlint.cli import main; main()", "server"]


def edited(text: str, version: int) -> str:
    """One character typed into the label literal of a different function each time."""
    functions = text.count('label = "search ')
    marker = f'label = "search {version * 7 % functions}"'
    assert marker in text, marker
    return text.replace(marker, marker[:-1] + 'x"', 1)


async def change(client: Client, uri: str, text: str, version: int) -> float:
    """Seconds from the ``didChange`` of ``version`` to its diagnostics."""
    sent = time.perf_counter()
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"text": text}],
    })
    return await client.diagnostics(uri, version, sent) - sent


async def latency(
    project: Path, edits: int, every: bool
) -> tuple[list[float], list[float]]:
    """Both servers run at once; each edit goes to one, then the other (which first
    alternates), so a slow spell of the machine falls on both."""
    text = module(2000, every)
    path = project / ("every.py" if every else "one.py")
    path.write_text(text)
    clients = []
    for command, options in (
        (redactlint_command(), {"debounceMs": 0}),
        ([str(BIN / "ruff"), "server"], {}),
    ):
        client = await Client.start(command, project)
        await client.initialize(project, options)
        uri = client.open(path, text)
        await client.diagnostics(uri, 1, 0.0)
        clients.append((client, uri))
    times: list[list[float]] = [[], []]
    for version in range(2, edits + 2):
        text = edited(text, version)
        order = (0, 1) if version % 2 else (1, 0)
        for which in order:
            client, uri = clients[which]
            times[which].append(await change(client, uri, text, version))
    for client, _ in clients:
        await client.stop()
    return times[0], times[1]


async def memory(project: Path, files: int) -> tuple[float, float]:
    """Resident MB of a server with ``files`` files open, and the seconds they took."""
    directory = project / "many"
    directory.mkdir()
    (directory / "__init__.py").write_text("")
    client = await Client.start(redactlint_command(), project)
    await client.initialize(project, {"debounceMs": 0})
    started = time.perf_counter()
    uris = []
    for index in range(files):
        path = directory / f"module_{index}.py"
        text = module(200).replace("handler_", f"handler_{index}_")
        path.write_text(text)
        uris.append(client.open(path, text))
    for uri in uris:
        await client.diagnostics(uri, 1, 0.0)
    took = time.perf_counter() - started
    status = Path(f"/proc/{client.process.pid}/status").read_text()
    (resident,) = [line for line in status.splitlines() if line.startswith("VmRSS:")]
    await client.stop()
    return int(resident.split()[1]) / 1024, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--files", type=int, default=200)
    arguments = parser.parse_args()
    if shutil.which("ruff", path=str(BIN)) is None:
        sys.exit(f"ruff is not installed next to {sys.executable}")
    with tempfile.TemporaryDirectory() as temporary:
        project = Path(temporary)
        (project / "pyproject.toml").write_text(PYPROJECT)
        (project / "analytics.py").write_text("def track(event, properties):\n    pass\n")
        for every, title in ((True, "all 100 functions call the sink"),
                             (False, "one function of 100 calls the sink")):
            ours, ruff = asyncio.run(latency(project, arguments.edits, every))
            show(f"2,000 lines, {title}", arguments.edits, ours, ruff)
        resident, took = asyncio.run(memory(project, arguments.files))
    print(f"resident memory after opening {arguments.files} files: {resident:.0f} MB "
          f"(target: under 300 MB; all checked in {took:.1f} s)")


def show(title: str, edits: int, ours: list[float], ruff: list[float]) -> None:
    mine, theirs = statistics.median(ours) * 1000, statistics.median(ruff) * 1000
    print(f"didChange -> publishDiagnostics, {title}, median of {edits} edits:")
    print(f"  redactlint server  {mine:8.1f} ms  (min {min(ours) * 1000:.1f}, "
          f"max {max(ours) * 1000:.1f})")
    print(f"  ruff server        {theirs:8.1f} ms  (min {min(ruff) * 1000:.1f}, "
          f"max {max(ruff) * 1000:.1f})")
    print(f"  ratio              {mine / theirs:8.1f}x  (target: at most 3x)")


if __name__ == "__main__":
    main()
