"""Drive jupyter_server's event emits and record the JSON lines jupyter_events writes.

Run with the product's copy first on ``PYTHONPATH``, in jupyter_server's own
environment (the real jupyter_events, jupyter_client and tornado). The event logger is
the server's own (``ServerApp.init_event_logger``: the three core schemas), and what is
recorded is what its ``logging`` handler receives: the JSON text jupyter_events'
formatter makes of each event, parsed back. Every ``emit`` call site is reached through
the product's own methods:

- the contents service: get, save, rename, copy, delete, on the file manager, its async
  twin and the large-file managers' chunked saves, under a directory and file names
  holding canaries;
- kernel actions: a local kernel (a ``cat`` kernelspec, as jupyter_server's own tests
  use) started, interrupted, restarted and shut down, and a kernelspec that does not
  exist; a gateway kernel whose gateway answers with errors;
- the gateway client: url validation, and requests that succeed, fail with an HTTP
  error whose reason holds a canary, cannot connect, cannot resolve the host, and
  cannot be sent (a header value tornado refuses, quoted in its error);
- the events a frontend posts to ``/api/events``, through a real ``ServerApp``.

The gateway and the server listen on the loopback interface, started here.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from canaries import EMAIL, PATH, TOKEN
from capture import Recorder, protect_stdout

KERNEL_ID = "0f5b7c3e-2a4d-4e6f-8a9b-1c2d3e4f5a6b"
KERNELSPEC = TOKEN.lower()  # kernelspec names are lower case


class Capture(logging.Handler):
    """A handler on the event logger: records each event's JSON as jupyter_events wrote it."""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self.recorder = recorder

    def emit(self, record: logging.LogRecord) -> None:
        event = json.loads(self.format(record))
        schema = str(event.get("__schema__", "?")).rstrip("/").split("/")
        self.recorder.record("/".join(schema[-2:]), event)

    def handleError(self, record: logging.LogRecord) -> None:
        """A formatting failure loses the event: record it instead of printing it."""
        error = sys.exc_info()[1]
        if error is not None:
            self.recorder.swallowed(error)


def environment(home: Path) -> None:
    """Jupyter's directories under ``home``, with the ``cat`` kernelspec installed."""
    for name, sub in (("JUPYTER_DATA_DIR", "data"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                      ("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_PATH", "data")):
        os.environ[name] = str(home / sub)
    os.environ["HOME"] = str(home)
    os.environ["JUPYTER_GATEWAY_MAX_REQUEST_RETRIES"] = "0"
    spec = home / "data" / "kernels" / KERNELSPEC
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps({"argv": ["cat", "{connection_file}"], "display_name": "Test kernel"}),
        encoding="utf-8",
    )


def notebook() -> dict[str, Any]:
    """A notebook model whose cells hold canaries (they never reach an event)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(f"open('{PATH}').read()  # {EMAIL}"))
    return {"type": "notebook", "content": nb}


async def contents(recorder: Recorder, logger: Any, root: Path) -> None:
    """Every contents-service emit, on the sync and async managers."""
    from jupyter_server.services.contents.filemanager import (
        AsyncFileContentsManager,
        FileContentsManager,
    )
    from jupyter_server.services.contents.largefilemanager import (
        AsyncLargeFileManager,
        LargeFileManager,
    )

    folder = TOKEN
    source = f"{folder}/alice-private-notes.ipynb"
    renamed = f"{folder}/{EMAIL}.ipynb"
    for label, cls in (("FileContentsManager", FileContentsManager),
                       ("AsyncFileContentsManager", AsyncFileContentsManager)):
        directory = root / label
        directory.mkdir()
        manager = cls(root_dir=str(directory), event_logger=logger)

        async def call(method: str, *args: Any, manager: Any = manager, **kwargs: Any) -> Any:
            result = getattr(manager, method)(*args, **kwargs)
            return await result if asyncio.iscoroutine(result) else result

        await recorder.ascenario(f"{label}.save directory",
                                 lambda call=call: call("save", {"type": "directory"}, folder))
        await recorder.ascenario(f"{label}.save notebook",
                                 lambda call=call: call("save", notebook(), source))
        await recorder.ascenario(f"{label}.get", lambda call=call: call("get", source))
        await recorder.ascenario(f"{label}.rename",
                                 lambda call=call: call("rename", source, renamed))
        await recorder.ascenario(f"{label}.copy", lambda call=call: call("copy", renamed, folder))
        await recorder.ascenario(f"{label}.delete", lambda call=call: call("delete", renamed))
    for label, cls in (("LargeFileManager", LargeFileManager),
                       ("AsyncLargeFileManager", AsyncLargeFileManager)):
        directory = root / label
        directory.mkdir()
        manager = cls(root_dir=str(directory), event_logger=logger)
        path = f"{EMAIL}-upload.txt"
        for chunk in (1, -1):
            model = {"type": "file", "format": "text", "content": PATH, "chunk": chunk}

            async def save(manager: Any = manager, model: dict[str, Any] = model,
                           path: str = path) -> Any:
                result = manager.save(model, path)
                return await result if asyncio.iscoroutine(result) else result

            await recorder.ascenario(f"{label}.save chunk {chunk}", save)


async def kernels(recorder: Recorder, logger: Any) -> None:
    """Every kernel action on a local kernel that runs, and on one that cannot start."""
    from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

    for label, name in (("running", KERNELSPEC), ("missing", EMAIL)):
        manager = ServerKernelManager(kernel_name=name, kernel_id=KERNEL_ID, event_logger=logger)
        for action in ("start_kernel", "interrupt_kernel", "restart_kernel", "shutdown_kernel"):
            await recorder.ascenario(
                f"ServerKernelManager {label}.{action}",
                lambda manager=manager, action=action: getattr(manager, action)(),
            )


def gateway_app() -> Any:
    """A gateway that starts kernels and refuses everything else, with canaries in its
    reasons (a remote server's answers are input the product does not control)."""
    from tornado import web

    class Kernels(web.RequestHandler):
        def post(self) -> None:
            self.set_status(201)
            self.finish({"id": KERNEL_ID, "name": KERNELSPEC, "execution_state": "starting"})

    class Kernel(web.RequestHandler):
        def get(self, kernel_id: str) -> None:
            self.finish({"id": kernel_id, "name": KERNELSPEC, "execution_state": "idle"})

        def delete(self, kernel_id: str) -> None:
            self.set_status(404, reason=f"No kernel {kernel_id} for {EMAIL}")
            self.finish()

    class Forbidden(web.RequestHandler):
        def get(self, kernel_id: str = "") -> None:
            self.set_status(403, reason=f"Forbidden for {EMAIL}")
            self.finish()

        post = get

    class Interrupt(web.RequestHandler):
        def post(self, kernel_id: str) -> None:
            self.set_status(500)
            self.finish({"reason": TOKEN, "message": f"cannot interrupt {PATH}"})

    class Ping(web.RequestHandler):
        def get(self) -> None:
            self.finish({"ok": True})

    return web.Application([
        (r"/api/kernels", Kernels),
        (r"/api/kernels/([^/]+)", Kernel),
        (r"/api/kernels/([^/]+)/restart", Forbidden),
        (r"/api/kernels/([^/]+)/interrupt", Interrupt),
        (r"/api/ping", Ping),
        (r"/api/forbidden", Forbidden),
    ])


async def gateway(recorder: Recorder, logger: Any) -> None:
    """The gateway client's validation and request emits, and a gateway kernel's actions."""
    from jupyter_server.gateway.gateway_client import GatewayClient, gateway_request
    from jupyter_server.gateway.managers import GatewayKernelManager
    from tornado.httpserver import HTTPServer
    from tornado.netutil import bind_sockets

    sockets = bind_sockets(0, "127.0.0.1")
    port = sockets[0].getsockname()[1]
    server = HTTPServer(gateway_app())
    server.add_sockets(sockets)
    base = f"http://127.0.0.1:{port}"
    client = GatewayClient.instance(event_logger=logger)

    def configure(name: str, value: str) -> None:
        setattr(client, name, value)

    recorder.scenario("GatewayClient url validation",
                      lambda: configure("url", f"ftp://{EMAIL}/{TOKEN}"))
    recorder.scenario("GatewayClient ws_url validation",
                      lambda: configure("ws_url", f"http://{EMAIL}/{TOKEN}"))
    client.url = base
    client.ws_url = base.replace("http", "ws")
    for label, endpoint, headers in (
        ("success", f"{base}/api/ping", {}),
        ("HTTP error", f"{base}/api/forbidden", {}),
        ("connection refused", "http://127.0.0.1:1/api/kernels", {}),
        ("unknown host", f"http://{KERNELSPEC}.invalid/api/kernels", {}),
        # A header value the client refuses to send: tornado's ValueError quotes it.
        ("bad header", f"{base}/api/ping", {"X-Gateway-User": f"{EMAIL}\r\n"}),
    ):
        await recorder.ascenario(
            f"gateway_request {label}",
            lambda endpoint=endpoint, headers=headers: gateway_request(
                endpoint, method="GET", headers=dict(headers)),
        )
    manager = GatewayKernelManager(kernel_name=KERNELSPEC, event_logger=logger)
    await recorder.ascenario("GatewayKernelManager.start_kernel",
                             lambda: manager.start_kernel(kernel_name=KERNELSPEC))
    for action in ("interrupt_kernel", "restart_kernel", "shutdown_kernel"):
        await recorder.ascenario(f"GatewayKernelManager.{action}",
                                 lambda action=action: getattr(manager, action)())
    server.stop()


async def rest_events(recorder: Recorder, home: Path) -> None:
    """Events a frontend posts to ``/api/events``, through a real, initialized server."""
    from jupyter_server.serverapp import ServerApp
    from tornado.httpclient import AsyncHTTPClient
    from tornado.httpserver import HTTPServer
    from tornado.netutil import bind_sockets

    root = home / "server-root"
    root.mkdir()
    app = ServerApp.instance()
    app.init_signal = lambda: None  # type: ignore[method-assign]
    app.initialize(argv=[f"--ServerApp.root_dir={root}", "--IdentityProvider.token=driver",
                         "--ServerApp.open_browser=False"], new_httpserver=False)
    app.event_logger.register_handler(Capture(recorder))
    sockets = bind_sockets(0, "127.0.0.1")
    server = HTTPServer(app.web_app)
    server.add_sockets(sockets)
    url = f"http://127.0.0.1:{sockets[0].getsockname()[1]}/api/events"
    base = "https://events.jupyter.org/jupyter_server"
    for label, schema, data in (
        ("contents", "contents_service", {"action": "rename", "path": f"{TOKEN}/{EMAIL}.ipynb",
                                          "source_path": PATH}),
        ("gateway_client", "gateway_client", {"status": "error", "status_code": 502,
                                              "msg": f"proxy refused {EMAIL}"}),
    ):
        body = json.dumps({"schema_id": f"{base}/{schema}/v1", "version": "1", "data": data})
        await recorder.ascenario(
            f"POST /api/events {label}",
            lambda body=body: AsyncHTTPClient().fetch(
                url, method="POST", body=body, headers={"Authorization": "token driver"}),
        )
    server.stop()


async def run(recorder: Recorder, home: Path) -> None:
    """All scenarios, on one event loop, with the server's own event logger."""
    import jupyter_server.gateway.gateway_client as gateway_client
    import jupyter_server.services.contents.manager as contents_manager
    import jupyter_server.services.events.handlers as events_handlers
    import jupyter_server.services.kernels.kernelmanager as kernelmanager
    from jupyter_server.serverapp import ServerApp

    recorder.modules = {module.__name__: module.__file__ or "" for module in
                        (gateway_client, contents_manager, events_handlers, kernelmanager)}
    app = ServerApp()
    app.init_event_logger()
    logger = app.event_logger
    logger.register_handler(Capture(recorder))
    root = home / "contents"
    root.mkdir()
    await contents(recorder, logger, root)
    await kernels(recorder, logger)
    await gateway(recorder, logger)
    await rest_events(recorder, home)


def main() -> int:
    out = protect_stdout()
    home = Path(tempfile.mkdtemp(prefix="jupyter-driver-"))
    environment(home)
    recorder = Recorder()
    asyncio.run(run(recorder, home))
    recorder.dump(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
