"""A temporary project with a declared sink, and a real LSP client talking to
``redactlint server`` over stdio, started in that project."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import make_test_lsp_client

PYPROJECT = """\
[tool.redactlint]

[[tool.redactlint.sinks]]
call = "analytics.track"
event = 0
properties = 1
redacts = true  # behind the redacting boundary: its values can be fixed
"""
LEAK = """\
import analytics


def f(q: str) -> None:
    analytics.track("search.submitted", {"q": q})
"""


def make_project(directory: Path) -> Path:
    """A project declaring ``analytics.track`` as a sink, with ``app.py`` leaking to it."""
    (directory / "pyproject.toml").write_text(PYPROJECT)
    (directory / "analytics.py").write_text("def track(event, properties):\n    pass\n")
    (directory / "app.py").write_text(LEAK)
    return directory


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture(scope="module")
def shared_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project for the tests that share a server: each works on a file of its own."""
    return make_project(tmp_path_factory.mktemp("shared"))


async def start(directory: Path, debounce_ms: int = 0) -> LanguageClient:
    """A client with an initialized session against a server running in ``directory``."""
    client = make_test_lsp_client()

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        """Accept the server's file watchers (the editor would watch the files)."""
    await client.start_io(
        sys.executable, "-c", "from redactlint.cli import main; main()", "server",
        cwd=directory,
    )
    await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=directory.as_uri(),
        initialization_options={"debounceMs": debounce_ms},
    ))
    return client


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(shared_project: Path) -> AsyncIterator[LanguageClient]:
    """One server for the module (starting one takes a second or more)."""
    started = await start(shared_project)
    yield started
    await started.shutdown_session()
    await started.stop()


async def open_document(client: LanguageClient, path: Path, text: str | None = None) -> str:
    """Open ``path`` (with ``text``, else its content) and wait for its diagnostics."""
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri, "python", 1, path.read_text() if text is None else text
    )))
    await wait_for_diagnostics(client, uri)
    return uri


async def wait_for_diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The next diagnostics published for ``uri``."""
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri:
            return list(params.diagnostics)
