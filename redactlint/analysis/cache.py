"""Per-file results keyed by everything that decides them.

A file's findings depend on its bytes, its path and module name, and on the
run's settings: configuration, schemas, allowlist, redactlint's own code and
the Python version. ``settings_key`` hashes the latter once per run; each entry
is named by a hash of the former under that key's directory. Entries are written
to a temporary file and renamed, so concurrent runs never read half an entry;
directories of other settings keys are stale and pruned.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from .findings import Finding, FixKind, Span

CACHE_DIRECTORY = ".redactlint_cache"
_FORMAT = "v1"


def code_fingerprint() -> str:
    """A hash of redactlint's analysis code, so a changed checker never reads old results."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for path in sorted([*package.glob("analysis/**/*.py"), *package.glob("schema/*.py")]):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def settings_key(parts: Sequence[object]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (__version__, sys.version, code_fingerprint(), *parts):
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


class Cache:
    """Findings per file under ``directory/<format>/<settings key>/``."""

    def __init__(self, directory: Path, key: str) -> None:
        self.root = directory
        self.directory = directory / _FORMAT / key
        self.hits = 0
        self.misses = 0

    @staticmethod
    def entry_key(path: str, module: tuple[str, bool], data: bytes) -> str:
        digest = hashlib.blake2b(digest_size=20)
        digest.update(f"{path}\0{module[0]}\0{module[1]}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str, path: str) -> list[Finding] | None:
        try:
            text = (self.directory / key[:2] / key).read_text(encoding="utf-8")
            rows = json.loads(text)
            if not isinstance(rows, list):
                raise ValueError("not a list of findings")
            findings = [_finding(path, row) for row in rows]
        except (OSError, ValueError, TypeError):  # missing, or damaged: check again
            self.misses += 1
            return None
        self.hits += 1
        return findings

    def put(self, key: str, findings: Sequence[Finding]) -> None:
        directory = self.directory / key[:2]
        data = json.dumps([_row(finding) for finding in findings]).encode("utf-8")
        temporary: str | None = None
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._ignore_in_git()
            fd, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
            os.replace(temporary, directory / key)
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)  # a cache that cannot be written is only slower

    def prune(self) -> None:
        """Remove the results of other settings (stale) and of older formats."""
        for stale in (
            *self._siblings(self.root / _FORMAT, self.directory.name),
            *self._siblings(self.root, _FORMAT),
        ):
            shutil.rmtree(stale, ignore_errors=True)

    @staticmethod
    def _siblings(parent: Path, keep: str) -> list[Path]:
        with contextlib.suppress(OSError):
            return [p for p in parent.iterdir() if p.is_dir() and p.name != keep]
        return []

    def _ignore_in_git(self) -> None:
        marker = self.root / ".gitignore"
        if not marker.exists():
            marker.write_text(
                "# Created by redactlint: the cache is never committed.\n*\n", encoding="utf-8"
            )


def _row(finding: Finding) -> list[object]:
    span = finding.span
    return [
        span.line,
        span.column,
        span.end_line,
        span.end_column,
        finding.code,
        finding.message,
        finding.fix.value if finding.fix else None,
        *finding.statement,
    ]


def _finding(path: str, row: list[object]) -> Finding:
    line, column, end_line, end_column, code, message, fix, first, last = row
    return Finding(
        path,
        Span(int(line), int(column), int(end_line), int(end_column)),  # type: ignore[call-overload]
        str(code),
        str(message),
        FixKind(fix) if fix else None,
        (int(first), int(last)),  # type: ignore[call-overload]
    )
