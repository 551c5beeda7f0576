"""``fix`` never loses or corrupts a file: writes are atomic, a file that changed
during the run is left alone, and encoding, BOM, line endings, the final newline
and the file mode survive."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from redactlint.codemod import fix
from redactlint.codemod.files import SourceFile, atomic_write

from .conftest import Project

FIXTURES = Path(__file__).parent / "fixtures"
INPUT = (FIXTURES / "wrap_unsafe.input.py").read_bytes()
OUTPUT = (FIXTURES / "wrap_unsafe.output.py").read_bytes()
RELATIVE = "app/legacy.py"

CALL = (
    'analytics.track("search.submitted", {"query": %s, "patternType": "literal",'
    ' "resultCount": 1, "durationMs": 1.0})'
)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def test_fix_writes_the_expected_bytes(project: Project) -> None:
    path = project.write(RELATIVE, INPUT)
    result = project.run("fix", RELATIVE)
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == OUTPUT
    assert leftovers(path.parent) == []


def test_failed_rename_leaves_the_original(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project.write(RELATIVE, INPUT)
    real_replace = os.replace

    def failing_replace(source: str | Path, target: str | Path) -> None:
        if Path(target).name == path.name:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    result = project.run("fix", RELATIVE)
    assert path.read_bytes() == INPUT
    assert leftovers(path.parent) == []
    assert f"{RELATIVE}: not fixed: cannot write the file: No space left on device" in result.stderr
    assert result.exit_code == 1  # the findings are still there


def test_failed_temporary_write_leaves_the_original(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project.write(RELATIVE, INPUT)

    real_mkstemp, real_fdopen = tempfile.mkstemp, os.fdopen
    temporaries: set[int] = set()

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, name = real_mkstemp(*args, **kwargs)
        temporaries.add(fd)
        return fd, name

    class Full:
        """The temporary file, on a disk that fills up during the write."""

        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[:10])  # a partial write, then the disk is full
            raise OSError(28, "No space left on device")

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, *args, **kwargs)
        if fd in temporaries:  # numbers are reused once closed: this one only
            temporaries.discard(fd)
            return Full(handle)
        return handle

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "fdopen", fdopen)
    result = project.run("fix", RELATIVE)
    assert path.read_bytes() == INPUT
    assert leftovers(path.parent) == []
    assert "not fixed: cannot write the file" in result.stderr
    assert result.exit_code == 1


def test_interrupted_write_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "module.py"
    path.write_bytes(b"x = 1\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, b"x = 2\n")
    assert path.read_bytes() == b"x = 1\n"
    assert leftovers(tmp_path) == []


def test_file_changed_during_the_run_is_not_overwritten(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project.write(RELATIVE, INPUT)
    edited = INPUT + b"# edited by someone else meanwhile\n"
    real_fix_source = fix.fix_source

    def fix_then_edit(*args: Any, **kwargs: Any) -> fix.FileFix:
        result = real_fix_source(*args, **kwargs)
        path.write_bytes(edited)  # between reading the file and writing it back
        return result

    monkeypatch.setattr(fix, "fix_source", fix_then_edit)
    result = project.run("fix", RELATIVE)
    assert path.read_bytes() == edited
    assert f"{RELATIVE}: not fixed: the file changed on disk" in result.stderr
    assert "fixed 0 findings in 0 files." in result.stderr
    assert result.exit_code == 1
    assert leftovers(path.parent) == []


@pytest.mark.parametrize(
    "case", ["wrap_unsafe", "multiline_template", "percent", "format_method", "import_no_imports"]
)
def test_crlf_line_endings_survive(project: Project, case: str) -> None:
    source = (FIXTURES / f"{case}.input.py").read_bytes().replace(b"\n", b"\r\n")
    expected = (FIXTURES / f"{case}.output.py").read_bytes().replace(b"\n", b"\r\n")
    path = project.write(RELATIVE, source)
    project.run("fix", RELATIVE)
    assert path.read_bytes() == expected
    again = project.run("fix", RELATIVE)
    assert again.exit_code == 0, again.stdout + again.stderr
    assert path.read_bytes() == expected


def test_latin1_coding_comment_survives(project: Project) -> None:
    source = (
        "# -*- coding: latin-1 -*-\n"
        "import analytics\n"
        "\n"
        "LABEL = 'caf\u00e9'\n"
        "\n"
        "\n"
        "def submitted(text):\n"
        f"    {CALL % 'text'}\n"
    )
    path = project.write(RELATIVE, source.encode("latin-1"))
    result = project.run("fix", RELATIVE)
    assert result.exit_code == 0, result.output
    expected = (
        source.replace("import analytics\n", "import analytics\nfrom redactlint import redact\n")
        .replace('"query": text', '"query": redact.unsafe(text)')
        .encode("latin-1")
    )
    assert path.read_bytes() == expected
    assert b"caf\xe9" in expected


def test_non_ascii_template_in_latin1_file(project: Project) -> None:
    source = (
        "# -*- coding: latin-1 -*-\n"
        "import analytics\n"
        "\n"
        "\n"
        "def submitted(text):\n"
        f"    {CALL % chr(34).join(['', 'caf' + chr(0xE9), ' + text'])}\n"
    )
    path = project.write(RELATIVE, source.encode("latin-1"))
    project.run("fix", RELATIVE)
    fixed = path.read_bytes()
    assert b'redact.format("caf\xe9{}", text)' in fixed
    compile(fixed, RELATIVE, "exec")


def test_bom_survives(project: Project) -> None:
    path = project.write(RELATIVE, b"\xef\xbb\xbf" + INPUT)
    project.run("fix", RELATIVE)
    assert path.read_bytes() == b"\xef\xbb\xbf" + OUTPUT


def test_missing_final_newline_stays_missing(project: Project) -> None:
    path = project.write(RELATIVE, INPUT.rstrip(b"\n"))
    project.run("fix", RELATIVE)
    assert path.read_bytes() == OUTPUT.rstrip(b"\n")


def test_file_mode_survives(project: Project) -> None:
    path = project.write(RELATIVE, INPUT)
    path.chmod(0o640)
    project.run("fix", RELATIVE)
    assert path.read_bytes() == OUTPUT
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_symlink_is_written_through(project: Project) -> None:
    target = project.write("real/legacy.py", INPUT)
    link = project.root / RELATIVE
    link.symlink_to(target)
    project.run("fix", RELATIVE)
    assert link.is_symlink()
    assert target.read_bytes() == OUTPUT
    assert leftovers(target.parent) == [] and leftovers(link.parent) == []


def test_diff_writes_nothing(project: Project) -> None:
    path = project.write(RELATIVE, INPUT)
    path.chmod(0o640)
    before = path.stat()
    result = project.run("fix", "--diff", RELATIVE)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- a/{RELATIVE}\n+++ b/{RELATIVE}\n")
    assert "would fix 5 findings in 1 file." in result.stderr
    after = path.stat()
    assert path.read_bytes() == INPUT
    assert (after.st_mtime_ns, after.st_ino, after.st_mode) == (
        before.st_mtime_ns,
        before.st_ino,
        before.st_mode,
    )
    assert leftovers(path.parent) == []


def test_source_file_round_trip(tmp_path: Path) -> None:
    """Decoded as Python does, encoded back to the same bytes."""
    samples = {
        "utf8.py": "x = 'caf\u00e9'\r\n".encode(),
        "bom.py": b"\xef\xbb\xbfx = 'caf\xc3\xa9'\n",
        "latin.py": b"# coding: latin-1\nx = 'caf\xe9'",
        "cp1252.py": b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = '\x80'\n",
    }
    for name, data in samples.items():
        path = tmp_path / name
        path.write_bytes(data)
        source = SourceFile.read(path)
        assert source.encode(source.text) == data, name


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_like_a_module_does_not_block(project: Project) -> None:
    path = project.write(RELATIVE, INPUT)
    os.mkfifo(project.root / "app" / "pipe.py")
    command = [sys.executable, "-c", "from redactlint.cli import main; main()", "fix", "app"]
    done = subprocess.run(command, cwd=project.root, capture_output=True, text=True, timeout=60)
    assert path.read_bytes() == OUTPUT
    assert "fixed 5 findings in 1 file." in done.stderr
    assert "app/pipe.py" in done.stdout  # reported unreadable by check, not read


