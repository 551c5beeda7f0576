"""``redactlint server`` driven over stdio by a real LSP client."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import LEAK, open_document, start, wait_for_diagnostics

pytestmark = pytest.mark.asyncio(loop_scope="module")


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """``edits`` applied to ``text`` (positions in UTF-16 units, as the client agreed)."""
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        before = "".join(lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, character in enumerate(line):
            if units >= position.character:
                return len(before) + index
            units += 2 if ord(character) > 0xFFFF else 1
        return len(before) + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(version, uri),
        [types.TextDocumentContentChangeWholeDocument(text)],
    ))


async def actions_at(
    client: LanguageClient, uri: str, diagnostic: types.Diagnostic, only: list[str] | None = None
) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), diagnostic.range,
        types.CodeActionContext([diagnostic], only=only),
    ))
    return [action for action in found or [] if isinstance(action, types.CodeAction)]


def own_file(project: Path, name: str, text: str = LEAK) -> Path:
    """A file of the shared project for one test only."""
    path = project / f"{name}.py"
    path.write_text(text)
    return path


async def test_a_leak_is_a_diagnostic_with_its_exact_range(
    client: LanguageClient, shared_project: Path
) -> None:
    uri = await open_document(client, own_file(shared_project, "exact"))
    (found,) = client.diagnostics[uri]
    assert found.code == "RL001"
    assert found.source == "redactlint"
    assert found.severity == types.DiagnosticSeverity.Error
    # line 5, the `q` in {"q": q}, 0-based
    assert found.range == types.Range(types.Position(4, 46), types.Position(4, 47))


async def test_the_quick_fix_makes_the_document_clean(
    client: LanguageClient, shared_project: Path
) -> None:
    text = LEAK
    uri = await open_document(client, own_file(shared_project, "quick"))
    (found,) = client.diagnostics[uri]
    actions = await actions_at(client, uri, found)
    titles = [action.title for action in actions]
    assert titles[0].startswith("Fix RL001")
    assert any(title.startswith("Suppress RL001") for title in titles)
    fix = actions[0]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.edit and fix.edit.changes
    fixed = apply(text, fix.edit.changes[uri])
    assert "unsafe(q)" in fixed or "mark(q)" in fixed
    change(client, uri, 2, fixed)
    assert await wait_for_diagnostics(client, uri) == []


async def test_fix_all_in_file(client: LanguageClient, shared_project: Path) -> None:
    text = LEAK.replace('{"q": q}', '{"q": q, "r": q.upper()}')
    uri = await open_document(client, own_file(shared_project, "all", text))
    assert len(client.diagnostics[uri]) == 2
    actions = await actions_at(
        client, uri, client.diagnostics[uri][0], only=["source.fixAll.redactlint"]
    )
    (fix_all,) = actions
    assert fix_all.edit and fix_all.edit.changes
    change(client, uri, 2, apply(text, fix_all.edit.changes[uri]))
    assert await wait_for_diagnostics(client, uri) == []


async def test_suppressing_needs_the_reason_edited(
    client: LanguageClient, shared_project: Path
) -> None:
    text = LEAK
    uri = await open_document(client, own_file(shared_project, "suppress"))
    (found,) = client.diagnostics[uri]
    (suppress,) = [a for a in await actions_at(client, uri, found) if "Suppress" in a.title]
    assert suppress.edit and suppress.edit.changes
    suppressed = apply(text, suppress.edit.changes[uri])
    assert suppressed.splitlines()[4].endswith(
        '{"q": q})  # redactlint: ignore[RL001] <reason>'
    )
    change(client, uri, 2, suppressed)
    assert await wait_for_diagnostics(client, uri) == []


async def test_diagnostics_follow_changes_and_syntax_errors(
    client: LanguageClient, shared_project: Path
) -> None:
    uri = await open_document(client, own_file(shared_project, "changes"))
    assert [d.code for d in client.diagnostics[uri]] == ["RL001"]
    change(client, uri, 2, "import analytics\n\ndef f(:\n")
    assert [d.code for d in await wait_for_diagnostics(client, uri)] == ["RL901"]
    change(client, uri, 3, "import analytics\n\nanalytics.track('a.b', {'n': 1})\n")
    assert await wait_for_diagnostics(client, uri) == []


async def test_edits_inside_a_function_move_and_update_the_diagnostics(
    client: LanguageClient, shared_project: Path
) -> None:
    """Edits inside one function are checked alone; lines they add move what follows."""
    two = LEAK + "\n\ndef g(r: str) -> None:\n    analytics.track('search.submitted', {'r': r})\n"
    uri = await open_document(client, own_file(shared_project, "moving", two))
    assert sorted(d.range.start.line for d in client.diagnostics[uri]) == [4, 8]
    lines = two.split("\n")
    lines.insert(4, "    analytics.track('search.submitted', {'extra': str(q)})")
    change(client, uri, 2, "\n".join(lines))  # a leak and a line more in f
    found = await wait_for_diagnostics(client, uri)
    assert sorted(d.range.start.line for d in found) == [4, 5, 9]
    lines[4] = "    analytics.track('search.submitted', {'extra': 'literal'})"
    change(client, uri, 3, "\n".join(lines))  # fixed again, on the tree of the last text
    assert sorted(d.range.start.line for d in await wait_for_diagnostics(client, uri)) == [5, 9]
    del lines[4]
    change(client, uri, 4, "\n".join(lines))
    assert sorted(d.range.start.line for d in await wait_for_diagnostics(client, uri)) == [4, 8]


async def test_columns_are_utf16_units_on_non_ascii_lines(
    client: LanguageClient, shared_project: Path
) -> None:
    text = LEAK.replace('analytics.track(', 'x = "😀é"; analytics.track(')
    uri = await open_document(client, own_file(shared_project, "utf16", text))
    (found,) = client.diagnostics[uri]
    line = text.splitlines()[4]
    start = line.index("q})")
    # 😀 is one character but two UTF-16 units
    assert found.range.start == types.Position(4, start + 1)
    assert found.range.end == types.Position(4, start + 2)
    (fix, *_) = await actions_at(client, uri, found)
    assert fix.edit and fix.edit.changes
    change(client, uri, 2, apply(text, fix.edit.changes[uri]))
    assert await wait_for_diagnostics(client, uri) == []


async def test_hover_shows_the_rule_doc(client: LanguageClient, shared_project: Path) -> None:
    uri = await open_document(client, own_file(shared_project, "hover"))
    (found,) = client.diagnostics[uri]
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), found.range.start)
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "RL001" in hover.contents.value


async def test_configuration_changes_are_seen_on_the_next_check(project: Path) -> None:
    """Schemas added (the editor reports it), then the configuration changed and broken
    (nothing reported: the server compares the files before each check)."""
    client = await start(project)
    try:
        uri = await open_document(client, project / "app.py")
        assert [d.code for d in client.diagnostics[uri]] == ["RL001"]
        await add_schemas(client, project)
        found = await wait_for_diagnostics(client, uri)
        assert {"RL001", "RL104"} <= {d.code for d in found}  # "q" is query's legacy name
        (missing, *_) = [d for d in found if d.code == "RL104"]
        assert missing.related_information is not None
        (schema,) = missing.related_information
        assert schema.location.uri == (project / "schemas/search.submitted.json").as_uri()
        assert schema.message == "the schema of search.submitted"
        await hover_shows_the_event_schema(client, uri)

        pyproject = project / "pyproject.toml"
        ignoring = '[tool.redactlint]\nignore = ["RL0", "RL1"]\n'
        pyproject.write_text(pyproject.read_text().replace("[tool.redactlint]\n", ignoring))
        change(client, uri, 2, LEAK + "\n")
        assert await wait_for_diagnostics(client, uri) == []

        pyproject.write_text("[tool.redactlint\n")  # broken: one diagnostic says why
        change(client, uri, 3, LEAK)
        (broken,) = await wait_for_diagnostics(client, uri)
        assert broken.message.startswith("redactlint cannot check this file:")
        assert "pyproject.toml" in broken.message
    finally:
        await client.shutdown_session()
        await client.stop()


async def add_schemas(client: LanguageClient, project: Path) -> None:
    """The seed event ``search.submitted`` in ``schemas/``, configured, and reported."""
    schemas = project / "schemas"
    schemas.mkdir()
    example = Path(__file__).parents[2] / "examples/app/schemas/search.submitted.json"
    (schemas / "search.submitted.json").write_text(example.read_text())
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(
        "[tool.redactlint]\n", '[tool.redactlint]\nschemas = "schemas"\n'
    ))
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([
        types.FileEvent(pyproject.as_uri(), types.FileChangeType.Changed),
        types.FileEvent((schemas / "search.submitted.json").as_uri(),
                        types.FileChangeType.Created),
    ]))


async def hover_shows_the_event_schema(client: LanguageClient, uri: str) -> None:
    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(4, 15)  # on `track`
    ))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    shown = hover.contents.value
    assert "**search.submitted** (version 1, owner search-team)" in shown
    assert "| `query` | string | sensitive | marked parts ‹×› | removed |" in shown
    assert "| `patternType` | string | safe | as is (enum values only) |" in shown
    assert "| `repo` | string, optional | hashed | keyed digest | removed |" in shown
    elsewhere = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri), types.Position(0, 3)
    ))
    assert elsewhere is None


async def test_without_a_configuration_one_diagnostic_says_where_it_looked(
    tmp_path: Path,
) -> None:
    (tmp_path / "lone.py").write_text("x = 1\n")
    client = await start(tmp_path)
    try:
        uri = await open_document(client, tmp_path / "lone.py")
        (found,) = client.diagnostics[uri]
        assert "no pyproject.toml with a [tool.redactlint] table" in found.message
        assert str(tmp_path) in found.message
    finally:
        await client.shutdown_session()
        await client.stop()


async def test_changes_are_debounced(project: Path) -> None:
    client = await start(project, debounce_ms=300)
    try:
        uri = await open_document(client, project / "app.py")
        published: list[int | None] = []
        text = LEAK
        for version in range(2, 7):
            change(client, uri, version, text + "\n" * version)
        while not published or published[-1] != 6:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            published.append(params.version)
        assert published == [6]
    finally:
        await client.shutdown_session()
        await client.stop()
