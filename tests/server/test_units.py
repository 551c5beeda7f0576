"""The server's pure parts: positions, suppression edits, fixes of a buffer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from lsprotocol import types

from redactlint.analysis import Finding, Span, load_config, prepare
from redactlint.analysis.runner import ProjectCheck
from redactlint.cli import main
from redactlint.server.documents import buffer_source, check_document, fix_document
from redactlint.server.positions import UTF8, UTF16, UTF32, from_lsp, to_lsp
from redactlint.server.protocol import suppress_edit

from .conftest import LEAK


def test_columns_in_each_encoding() -> None:
    lines = ["x = '😀é' + q"]
    column = lines[0].index("q") + 1  # 1-based characters
    assert to_lsp(lines, 1, column, UTF32) == (0, 11)
    assert to_lsp(lines, 1, column, UTF16) == (0, 12)
    assert to_lsp(lines, 1, column, UTF8) == (0, 15)
    for encoding, units in ((UTF32, 11), (UTF16, 12), (UTF8, 15)):
        assert from_lsp(lines, 0, units, encoding) == (1, column)
    assert to_lsp(lines, 9, 1, UTF16) == (0, 0)  # past the end: clamped
    assert from_lsp(lines, 0, 99, UTF16) == (1, len(lines[0]) + 1)


def _finding(line: int, statement: tuple[int, int], code: str = "RL001") -> Finding:
    return Finding("a.py", Span(line, 1, line, 2), code, "m", statement=statement)


def test_a_suppression_goes_at_the_end_of_the_statement() -> None:
    lines = ["track('e', {", "    'q': q,", "})   "]
    edit = suppress_edit(_finding(2, (1, 3)), lines, UTF16)
    assert edit is not None
    assert edit.range.start == types.Position(2, 2) == edit.range.end
    assert edit.new_text == "  # redactlint: ignore[RL001] <reason>"


def test_a_suppression_joins_the_one_on_the_line() -> None:
    lines = ["track(q)  # redactlint: ignore[RL002] reviewed"]
    edit = suppress_edit(_finding(1, (1, 1)), lines, UTF16)
    assert edit is not None
    assert edit.range.start == types.Position(0, lines[0].index("]"))
    assert edit.new_text == ", RL001"
    assert suppress_edit(_finding(1, (1, 1), "RL002"), lines, UTF16) is None
    assert suppress_edit(_finding(1, (1, 1), "RL901"), lines, UTF16) is None


def test_a_buffer_is_encoded_as_its_coding_comment_says() -> None:
    assert buffer_source(Path("a.py"), "# coding: latin-1\nx = 'é'\n").data.endswith(b"'\xe9'\n")
    assert buffer_source(Path("a.py"), "x = 'é'\n").data == "x = 'é'\n".encode()
    assert buffer_source(Path("a.py"), "# coding: nope\n").encoding == "utf-8"


def test_the_fixes_of_a_buffer_are_those_of_fix(project: Path) -> None:
    path = project / "app.py"
    text = LEAK.replace("{\"q\": q}", "{\"q\": q, \"r\": q.upper()}")  # not what is on disk
    settings = prepare(load_config([path]))
    findings = check_document(path, text, settings).findings
    assert [f.code for f in findings] == ["RL001", "RL001"]
    fixes = fix_document(path, text, findings, settings)
    assert set(fixes.edits) == set(findings)
    assert 'redact.unsafe(q), "r": redact.unsafe(q.upper())' in fixes.fixed
    assert check_document(path, fixes.fixed, settings).findings == []
    assert fix_document(path, fixes.fixed, [], settings).edits == {}


def test_a_buffer_is_checked_with_what_the_project_calls_pass(project: Path) -> None:
    """As ``check`` does: a parameter every call in the project passes a literal holds
    safe text; once a caller on disk passes something else (a file was saved), the
    finding is back."""
    package = project / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "views.py").write_text(LEAK)
    (package / "caller.py").write_text("from shop.views import f\n\nf('fixed')\n")
    path = package / "views.py"
    settings = prepare(load_config([path]))
    answers = ProjectCheck(settings)
    assert [f.code for f in check_document(path, LEAK, settings).findings] == ["RL001"]
    assert check_document(path, LEAK, settings, answers=answers).findings == []
    cli = CliRunner().invoke(main, ["check", "--format", "json", str(package)])
    assert '"findings": []' in cli.output
    (package / "caller.py").write_text("import sys\nfrom shop.views import f\n\nf(sys.argv[1])\n")
    answers.forget()
    found = check_document(path, LEAK, settings, answers=answers).findings
    assert [f.code for f in found] == ["RL001"]


def test_check_does_not_load_the_server(project: Path) -> None:
    """pygls and lsprotocol are loaded only by ``redactlint server``."""
    script = (
        "import sys\n"
        "from redactlint.cli import main\n"
        "try:\n    main(['check', '-q', 'app.py'])\nexcept SystemExit as done:\n"
        "    assert done.code == 1, done.code\n"
        "assert not {'pygls', 'lsprotocol'} & set(sys.modules), 'the server was imported'\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=project, check=True,
                   capture_output=True)
