"""Read a schema directory as it was at a git revision, for ``schema diff --against``.

Files are read straight from git's object store, so the working tree is never
touched and problems name the file as ``REV:path/in/repo.json``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .loader import SchemaSet, SchemaSource, load_schema_sources
from .problems import SchemaError, SchemaProblem

_SYMLINK_MODE = "120000"


def load_schema_revision(directory: Path | str, revision: str) -> SchemaSet:
    """The schemas ``directory`` held at ``revision``; none if it did not exist then.

    Raises :class:`SchemaError` when ``directory`` is not in a git work tree,
    the revision is unknown, or a schema file at that revision is invalid.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise SchemaError([SchemaProblem(directory, "", "schema directory does not exist")])
    if revision.startswith("-"):
        raise _error(directory, f"{revision!r} is not a git revision")
    prefix = _git(directory, "rev-parse", "--show-prefix").decode().strip()
    commit = _commit(directory, revision)
    tree = f"{commit}:{prefix}"
    location = Path(f"{revision}:{prefix or '.'}")  # shown in problems: HEAD:schemas/a.b.json
    if _run(directory, "cat-file", "-e", tree).returncode != 0:
        return SchemaSet(location, ())  # the directory is newer than the revision
    problems: list[SchemaProblem] = []
    blobs: list[tuple[Path, str]] = []
    for mode, kind, oid, name in _tree_entries(directory, tree):
        if kind != "blob" or not name.endswith(".json") or name.startswith("."):
            continue
        if mode == _SYMLINK_MODE:
            message = "is a symbolic link, which is not followed at a git revision"
            problems.append(SchemaProblem(location / name, "", message))
        else:
            blobs.append((location / name, oid))
    contents = _read_blobs(directory, [oid for _, oid in blobs])
    sources = [SchemaSource(path, data) for (path, _), data in zip(blobs, contents, strict=True)]
    return load_schema_sources(location, sources, problems)


def _commit(directory: Path, revision: str) -> str:
    result = _run(directory, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if result.returncode != 0:
        raise _error(directory, f"unknown git revision {revision!r}")
    return result.stdout.decode().strip()


def _tree_entries(directory: Path, tree: str) -> list[tuple[str, str, str, str]]:
    """``(mode, type, object id, name)`` for each entry of ``tree``.

    ``--full-tree`` lists the whole tree object; without it git keeps only what
    lies under the working directory, which here is the schema directory itself.
    """
    entries = []
    for record in _git(directory, "ls-tree", "--full-tree", "-z", tree).split(b"\0"):
        if record:
            info, _, name = record.decode(errors="surrogateescape").partition("\t")
            mode, kind, oid = info.split(" ")
            entries.append((mode, kind, oid, name))
    return entries


def _read_blobs(directory: Path, oids: list[str]) -> list[bytes]:
    """The contents of ``oids``, read in one ``git cat-file --batch`` process."""
    if not oids:
        return []
    output = _git(directory, "cat-file", "--batch", stdin="\n".join(oids) + "\n")
    contents = []
    position = 0
    for _ in oids:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split(b" ")[2])
        start = header_end + 1
        contents.append(output[start : start + size])
        position = start + size + 1  # each object is followed by a newline
    return contents


def _git(directory: Path, *args: str, stdin: str | None = None) -> bytes:
    result = _run(directory, *args, stdin=stdin)
    if result.returncode != 0:
        reason = result.stderr.decode(errors="replace").strip().splitlines()
        raise _error(directory, f"git {args[0]} failed: {reason[0] if reason else 'no message'}")
    return result.stdout


def _run(
    directory: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(directory), *args],
            input=stdin.encode() if stdin is not None else None,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise _error(directory, "git is not installed or not on PATH") from exc


def _error(directory: Path, message: str) -> SchemaError:
    return SchemaError([SchemaProblem(directory, "", message)])
