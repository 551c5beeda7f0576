"""``redactlint server``: the pygls language server.

Diagnostics are published when a document opens, is saved, and after it changes
(once typing pauses for the debounce delay, so a burst of keystrokes is checked
once). Checks run on the server's event loop, one at a time, on the buffer's text;
a file that does not parse is an RL901 diagnostic like in ``check``, and what stops
a document from being checked at all (no configuration, broken schemas) is one
diagnostic on its first line saying why. Fixes are computed when code actions are
asked for, and kept until the document changes.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..analysis import (
    Finding,
    InternalError,
    Settings,
    Snapshot,
    UsageError,
    is_excluded,
    reparse,
)
from ..analysis.sources import physical_lines
from .documents import DocumentFixes, check_document, fix_document
from .events import events_of
from .hover import hover_text
from .project import Projects
from .protocol import FIX_ALL, code_actions, diagnostic, problem

DEFAULT_DEBOUNCE = 0.2  # seconds after the last change before a document is checked
_WATCHED = ("**/pyproject.toml", "**/*.json", "**/*.py", "**/*.txt")
logger = logging.getLogger(__name__)


@dataclass
class Checked:
    """One version of a document as checked: its lines, findings and (once asked) fixes."""

    version: int | None
    text: str
    lines: list[str]
    findings: list[Finding]
    path: Path | None = None
    fixes: DocumentFixes | None = None
    # What the next check after an edit starts from, valid with these settings only.
    snapshot: Snapshot | None = None
    settings: Settings | None = None


@dataclass
class State:
    """What the server keeps between requests."""

    debounce: float
    projects: Projects = field(default_factory=Projects)
    checked: dict[str, Checked] = field(default_factory=dict)
    pending: dict[str, asyncio.Handle] = field(default_factory=dict)


class RedactlintServer(LanguageServer):
    """The language server, with its state."""

    def __init__(self, debounce: float) -> None:
        super().__init__("redactlint", __version__)
        self.state = State(debounce)

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def check(self, uri: str) -> Checked:
        """Check the document's current text and publish its diagnostics."""
        waiting = self.state.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()  # a no-op when it is the call running now
        document = self.workspace.get_text_document(uri)
        text = document.source
        lines = physical_lines(text)
        checked = Checked(document.version, text, lines, [])
        diagnostics = self._diagnose(uri, checked, self.state.checked.get(uri))
        self.state.checked[uri] = checked
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri, diagnostics, document.version)
        )
        if checked.snapshot is not None and checked.snapshot.tree is None:
            # The edit moved lines: the next one needs the tree of this text. Parsed
            # once the diagnostics are out, not before.
            try:
                asyncio.get_running_loop().call_soon(reparse, checked.snapshot)
            except RuntimeError:  # no loop: called outside the server's
                reparse(checked.snapshot)
        return checked

    def _diagnose(
        self, uri: str, checked: Checked, previous: Checked | None
    ) -> list[types.Diagnostic]:
        fs_path = to_fs_path(uri)
        if fs_path is None or not uri.startswith("file:"):
            return []
        path = Path(fs_path)
        try:
            config, settings = self.state.projects.settings_for(path)
            if is_excluded(path, config):
                return []
            start = previous.snapshot if previous and previous.settings is settings else None
            answers = self.state.projects.answers_for(settings)
            checked.snapshot = check_document(path, checked.text, settings, start, answers)
            checked.settings = settings
            checked.findings = checked.snapshot.findings
        except UsageError as error:
            return [problem(f"redactlint cannot check this file: {error}")]
        except (InternalError, RecursionError, MemoryError) as error:
            logger.exception("checking %s failed", path)
            return [problem(f"redactlint failed on this file (please report it): {error}")]
        checked.path = path
        events = events_of(checked.findings, checked.text, checked.lines, settings)
        return [
            diagnostic(f, checked.lines, self.encoding, events.get(f)) for f in checked.findings
        ]

    def schedule(self, uri: str) -> None:
        """Check ``uri`` once no change has come for the debounce delay."""
        waiting = self.state.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        loop = asyncio.get_running_loop()
        if self.state.debounce <= 0:
            self.state.pending[uri] = loop.call_soon(self.check, uri)
        else:
            self.state.pending[uri] = loop.call_later(self.state.debounce, self.check, uri)

    def current(self, uri: str) -> Checked:
        """The document as last checked, checked again if it changed since."""
        document = self.workspace.get_text_document(uri)
        checked = self.state.checked.get(uri)
        if checked is None or checked.text != document.source:
            checked = self.check(uri)
        return checked

    def fixes(self, checked: Checked) -> DocumentFixes:
        if checked.fixes is None:
            checked.fixes = DocumentFixes(checked.text, checked.text)
            if checked.path is not None and checked.findings:
                _, settings = self.state.projects.settings_for(checked.path)
                checked.fixes = fix_document(checked.path, checked.text, checked.findings,
                                             settings, self.state.projects.answers_for(settings))
        return checked.fixes


def build_server(debounce: float = DEFAULT_DEBOUNCE) -> RedactlintServer:
    """The server with its features registered (``debounce`` in seconds; the client's
    ``initializationOptions.debounceMs`` overrides it)."""
    server = RedactlintServer(debounce)

    @server.feature(types.INITIALIZE)
    def initialize(ls: RedactlintServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounceMs"), (int, float)):
            ls.state.debounce = max(float(options["debounceMs"]), 0.0) / 1000

    @server.feature(types.INITIALIZED)
    def initialized(ls: RedactlintServer, params: types.InitializedParams) -> None:
        capabilities = ls.client_capabilities.workspace
        watched = capabilities.did_change_watched_files if capabilities else None
        if watched is None or not watched.dynamic_registration:
            return  # the inputs are compared before each check anyway
        watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in _WATCHED]
        ls.client_register_capability(types.RegistrationParams([types.Registration(
            "redactlint-watched-files",
            types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            types.DidChangeWatchedFilesRegistrationOptions(watchers),
        )]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: RedactlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: RedactlintServer, params: types.DidChangeTextDocumentParams) -> None:
        # The last check stays: what the next one starts from (``current`` notices that
        # its text is no longer the document's).
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: RedactlintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.state.projects.forget_answers()
        for uri in list(ls.state.checked):
            if uri != params.text_document.uri:
                ls.schedule(uri)
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: RedactlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        waiting = ls.state.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        ls.state.checked.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: RedactlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.endswith("pyproject.toml") for change in params.changes):
            ls.state.projects.forget()
        ls.state.projects.forget_answers()
        for uri in list(ls.state.checked):
            ls.schedule(uri)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL],
            resolve_provider=False,
        ),
    )
    def code_action(
        ls: RedactlintServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        checked = ls.current(params.text_document.uri)
        if not checked.findings:
            return None
        try:
            fixes = ls.fixes(checked)
        except (UsageError, InternalError, RecursionError) as error:
            logger.warning("fixing %s failed: %s", params.text_document.uri, error)
            fixes = DocumentFixes(checked.text, checked.text)
        return code_actions(
            params.text_document.uri, checked.findings, fixes, checked.lines, params.range,
            ls.encoding, params.context.only,
        )

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: RedactlintServer, params: types.HoverParams) -> types.Hover | None:
        checked = ls.current(params.text_document.uri)
        settings = None
        if checked.path is not None:
            try:
                _, settings = ls.state.projects.settings_for(checked.path)
            except UsageError:  # the configuration broke since: its diagnostic says so
                settings = None
        text = hover_text(checked.findings, checked.text, checked.lines, params.position,
                          ls.encoding, settings)
        if text is None:
            return None
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text))

    return server


def serve(debounce: float = DEFAULT_DEBOUNCE) -> None:
    """Run the server over stdin and stdout until the client says exit."""
    build_server(debounce).start_io()
