"""What the last run learnt, so the next one stats unchanged files instead of reading them.

One JSON file per settings key (``.redactlint_cache/v2/<key>/index.json``) holds, for
every file the run saw, its stat signature, content hash and prefilter verdict; for
every checked file, its findings with the module files and call-site answers they
were computed from; the files each searched function name was found in; and those
answers with what they were computed from. A result is reused only while the file,
every module it consulted and every answer it used are unchanged. The file is
written to a temporary name and renamed, so concurrent runs never read half of one;
a damaged index is an empty one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import Finding, FixKind, Span
from .kinds import Safety, Value
from .sources import read_source

FORMAT = "v3"


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file does: modification time, size and inode."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


@dataclass
class FileResult:
    """One file's findings and what they were computed from."""

    findings: list[Finding]
    used: dict[str, str] = field(default_factory=dict)  # module file -> content hash
    questions: frozenset[str] = frozenset()  # functions whose call sites it needed
    matched: tuple[tuple[str, int], ...] = ()  # (declared sink, line) of each sink call
    answers: dict[str, Any] = field(default_factory=dict)  # the answers it saw
    telemetry: bool = False  # it imports a telemetry library (see ``prefilter``)


def value_to_json(value: Value) -> list[Any]:
    return [value.kinds, int(value.safety), sorted(value.classes), value.literal, value.enum]


def value_from_json(data: list[Any]) -> Value:
    kinds, safety, classes, literal, enum = data
    return Value(int(kinds), Safety(safety), frozenset(classes), literal, bool(enum))


def answers_to_json(answers: dict[str, Value]) -> dict[str, list[Any]]:
    return {name: value_to_json(value) for name, value in sorted(answers.items())}


class Index:
    """The persisted state of a project's runs under one settings key."""

    def __init__(self, root: Path, key: str) -> None:
        _CWD.clear()  # a run's relative paths are relative to where it runs from
        self.root = root
        self.directory = root / FORMAT / key
        self.path = self.directory / "index.json"
        self.files: dict[str, list[Any]] = {}  # path -> [mtime, size, inode, hash, verdict]
        self.results: dict[str, dict[str, Any]] = {}
        self.words: dict[str, list[str]] = {}
        self.answers: dict[str, dict[str, Any]] = {}
        # The project's files as last listed: the root, each directory walked with its
        # modification time, and the files.
        self.listing: dict[str, Any] = {}
        self.changed: set[str] = set()  # files whose content differs from the last run
        self._hashes: dict[str, str | None] = {}
        self._signatures: dict[str, tuple[int, int, int] | None] = {}
        self._refreshed = False
        self._dirty = False
        self._load()

    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
            digest, _, body = raw.partition(b"\n")
            if content_hash(body).encode() != digest:
                raise ValueError("damaged")
            data = json.loads(body)
            files, results = data["files"], data["results"]
            words, answers = data["words"], data["answers"]
            if not all(isinstance(x, dict) for x in (files, results, words, answers)):
                raise ValueError("not an index")
            for entry in files.values():
                if not (isinstance(entry, list) and len(entry) == 5 and isinstance(entry[3], str)):
                    raise ValueError("not a file entry")
            if not all(isinstance(p, list) for p in words.values()):
                raise ValueError("not a word list")
        except (OSError, ValueError, KeyError, TypeError):
            return
        self.files, self.results, self.words, self.answers = files, results, words, answers
        listing = data.get("listing", {})
        if isinstance(listing, dict):
            self.listing = listing

    # -- files ---------------------------------------------------------------------

    def _signature(self, key: str) -> tuple[int, int, int] | None:
        if key in self._signatures:
            return self._signatures[key]
        found: tuple[int, int, int] | None
        try:
            status = os.stat(key)
            found = (status.st_mtime_ns, status.st_size, status.st_ino)
        except OSError:
            found = None
        self._signatures[key] = found
        return found

    def known(self, path: Path) -> tuple[str, bool | None] | None:
        """The content hash and verdict of an unchanged file, without reading it."""
        key = _key(path)
        entry = self.files.get(key)
        if entry is None:
            return None
        current = self._signature(key)
        if current is None or list(current) != entry[:3]:
            return None
        return entry[3], entry[4]

    def record(self, path: Path, data: bytes, verdict: bool | None) -> str:
        """Note what a file read now holds; returns its content hash."""
        digest = content_hash(data)
        key = _key(path)
        current = self._signature(key)
        previous = self.files.get(key)
        if previous is None or previous[3] != digest:
            self.changed.add(key)
            self._reword(key, data)
        if current is not None:
            if verdict is None and previous is not None and previous[3] == digest:
                verdict = previous[4]
            self.files[key] = [*current, digest, verdict]
            self._dirty = True
        self._hashes[key] = digest
        return digest

    def hash_of(self, path: str) -> str | None:
        """The current content hash of a file (None when it is gone)."""
        path = _key(Path(path))
        if path in self._hashes:
            return self._hashes[path]
        known = self.known(Path(path))
        if known is not None:
            digest: str | None = known[0]
        else:
            try:
                digest = self.record(Path(path), read_source(Path(path)), None)
            except OSError:
                digest = None
        self._hashes[path] = digest
        return digest

    def deps_unchanged(self, used: dict[str, str]) -> bool:
        return all(self.hash_of(path) == digest for path, digest in used.items())

    # -- words ---------------------------------------------------------------------

    def _reword(self, key: str, data: bytes) -> None:
        """Keep the files of each searched name right for a file whose content changed."""
        if not self.words:
            return
        found = set(words_in(data, list(self.words)))
        for name, paths in self.words.items():
            if key in paths and name not in found:
                paths.remove(key)
            elif name in found and key not in paths:
                paths.append(key)
        self._dirty = True

    def files_containing(
        self, files: Iterable[Path], names: Iterable[str]
    ) -> dict[str, list[Path]]:
        """For each name, the files among ``files`` whose text holds it as a word: the
        files read when the name was first searched, kept right as files change."""
        files = list(files)
        keyed = [(_key(path), path) for path in files]
        if not self._refreshed:  # once a run: changed files are read, their words redone
            self._refreshed = True
            for _, path in keyed:
                if self.known(path) is None:
                    try:
                        self.record(path, read_source(path), None)
                    except OSError:
                        continue
        new = sorted({name for name in names if name not in self.words})
        if new:
            for name in new:
                self.words[name] = []
            for key, path in keyed:
                try:
                    data = read_source(path)
                except OSError:
                    continue
                for name in words_in(data, new):
                    self.words[name].append(key)
            self._dirty = True
        present = dict(keyed)
        return {
            name: [present[p] for p in self.words.get(name, []) if p in present]
            for name in names
        }

    def listed(self, root: Path) -> list[Path] | None:
        """The project's files under ``root`` as last listed, when no directory walked
        then has gained, lost or renamed an entry since (one stat a directory instead of
        reading them all)."""
        listing = self.listing
        if listing.get("root") != str(root):
            return None
        directories, files = listing.get("directories"), listing.get("files")
        if not isinstance(directories, dict) or not isinstance(files, list):
            return None
        for directory, modified in directories.items():
            try:
                if os.stat(directory).st_mtime_ns != modified:
                    return None
            except OSError:
                return None
        return [Path(file) for file in files]

    def remember_listing(
        self, root: Path, directories: dict[str, int], files: list[Path]
    ) -> None:
        """Remember the project's files under ``root`` and the directories walked."""
        listing = {"root": str(root), "directories": directories,
                   "files": [str(file) for file in files]}
        if listing != self.listing:
            self.listing = listing
            self._dirty = True

    # -- results -------------------------------------------------------------------

    def answer(self, qualname: str) -> dict[str, Any] | None:
        """A stored call-site answer: its values, what it used and the files searched."""
        stored = self.answers.get(qualname)
        try:
            if (
                isinstance(stored, dict)
                and isinstance(stored["used"], dict)
                and isinstance(stored["files"], dict)
                and all(isinstance(named, list) for named in stored["files"].values())
                and isinstance(stored["values"], dict)
            ):
                {name: value_from_json(value) for name, value in stored["values"].items()}
                return stored
        except (KeyError, ValueError, TypeError):
            pass
        return None

    def result(self, key: str, shown: str) -> FileResult | None:
        entry = self.results.get(key)
        if entry is None:
            return None
        try:
            used = entry["used"]
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in used.items()):
                raise ValueError("not a map of files to hashes")
            return FileResult(
                [_finding(shown, row) for row in entry["findings"]],
                dict(used),
                frozenset(str(q) for q in entry["questions"]),
                tuple((str(m[0]), int(m[1])) for m in entry["matched"]),
                {str(k): dict(v) for k, v in entry["answers"].items()},
                bool(entry.get("telemetry", False)),
            )
        except (KeyError, ValueError, TypeError, AttributeError):
            return None

    def store(self, key: str, result: FileResult) -> None:
        self.results[key] = {
            "findings": [_row(f) for f in result.findings],
            "used": result.used,
            "questions": sorted(result.questions),
            "matched": [list(m) for m in result.matched],
            "answers": result.answers,
            "telemetry": result.telemetry,
        }
        self._dirty = True

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget the results of files no longer checked (renamed, deleted, changed)."""
        wanted = set(keys)
        stale = [key for key in self.results if key not in wanted]
        for key in stale:
            del self.results[key]
        self._dirty = self._dirty or bool(stale)

    def save(self) -> None:
        if not self._dirty:
            return
        from ..atomic import atomic_write

        data = {
            "files": self.files, "results": self.results, "words": self.words,
            "answers": self.answers, "listing": self.listing,
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._ignore_in_git()
            body = json.dumps(data, separators=(",", ":")).encode("utf-8")
            atomic_write(self.path, content_hash(body).encode() + b"\n" + body)
        except OSError:
            pass  # a cache that cannot be written is only slower
        self._dirty = False

    def mark_dirty(self) -> None:
        self._dirty = True

    def prune(self) -> None:
        """Remove the state of other settings and of older formats."""
        for stale in (
            *_siblings(self.root / FORMAT, self.directory.name),
            *_siblings(self.root, FORMAT, keep_also=("summaries", ".gitignore")),
        ):
            shutil.rmtree(stale, ignore_errors=True)

    def _ignore_in_git(self) -> None:
        marker = self.root / ".gitignore"
        if not marker.exists():
            marker.write_text(
                "# Created by redactlint: the cache is never committed.\n*\n", encoding="utf-8"
            )


_PATTERNS: dict[tuple[str, ...], re.Pattern[bytes]] = {}


def words_in(data: bytes, names: list[str]) -> set[str]:
    """Which of ``names`` occur in ``data`` as words."""
    key = tuple(sorted(names))
    pattern = _PATTERNS.get(key)
    if pattern is None:
        if len(_PATTERNS) > 64:
            _PATTERNS.clear()
        # No \b around the alternation: it would cost the scan its literal prefix, which
        # makes it many times faster; the boundaries are checked on the (few) matches.
        pattern = _PATTERNS[key] = re.compile(
            b"|".join(re.escape(n.encode()) for n in sorted(key, key=len, reverse=True))
        )
    found: set[str] = set()
    for match in pattern.finditer(data):
        start, end = match.span()
        if (start == 0 or not _is_word(data[start - 1])) and (
            end == len(data) or not _is_word(data[end])
        ):
            found.add(match.group().decode())
    return found


def _is_word(byte: int) -> bool:
    return byte == 95 or 48 <= byte <= 57 or 65 <= byte <= 90 or 97 <= byte <= 122 or byte > 127


_CWD: list[str] = []


def _key(path: Path | str) -> str:
    """A file's key: its absolute path (the working directory read once)."""
    text = os.fspath(path)
    if text.startswith("/"):
        return text if "/." not in text and "//" not in text else os.path.normpath(text)
    if not _CWD:
        _CWD.append(os.getcwd())
    return os.path.normpath(os.path.join(_CWD[0], text))


def entry_key(path: str, module: tuple[str, bool], digest: str) -> str:
    return hashlib.blake2b(
        f"{path}\0{module[0]}\0{module[1]}\0{digest}".encode(), digest_size=20
    ).hexdigest()


def _siblings(parent: Path, keep: str, keep_also: tuple[str, ...] = ()) -> list[Path]:
    with contextlib.suppress(OSError):
        return [
            p for p in parent.iterdir()
            if p.is_dir() and p.name != keep and p.name not in keep_also
        ]
    return []


def _row(finding: Finding) -> list[object]:
    span = finding.span
    return [
        span.line, span.column, span.end_line, span.end_column, finding.code, finding.message,
        finding.fix.value if finding.fix else None, *finding.statement,
        [list(pair) for pair in finding.fix_with],
    ]


def _finding(path: str, row: list[Any]) -> Finding:
    line, column, end_line, end_column, code, message, fix, first, last, fix_with = row
    return Finding(
        path,
        Span(int(line), int(column), int(end_line), int(end_column)),
        str(code),
        str(message),
        FixKind(fix) if fix else None,
        (int(first), int(last)),
        tuple((str(name), str(text)) for name, text in fix_with),
    )
