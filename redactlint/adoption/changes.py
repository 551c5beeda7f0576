"""``--changed-since REV``: the files a change touched, or "everything".

The files changed since the merge base of ``REV`` and ``HEAD``, in commits, in the
index, in the working tree, or new and not ignored. A change to what every check
depends on (the configuration file, an event schema, the registry, the safe-types
allowlist) can change findings in files nobody touched, so it asks for a full run.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..analysis.config import Config
from ..errors import UsageError


@dataclass(frozen=True)
class Changes:
    """What changed since a revision."""

    revision: str
    files: tuple[Path, ...]  # changed files that exist now (absolute)
    everything: str | None = None  # why every file must be checked, when it must


def changed_since(revision: str, config: Config) -> Changes:
    """The changes since ``revision`` in the git work tree holding the project."""
    if not revision or revision.startswith("-"):
        raise UsageError(f"{revision!r} is not a git revision", "--changed-since")
    directory = config.root
    top = Path(_git(directory, "rev-parse", "--show-toplevel").strip())
    base = _run(directory, "merge-base", revision, "HEAD")
    if base.returncode != 0:
        verified = _run(directory, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        if verified.returncode != 0:
            raise UsageError(f"unknown git revision {revision!r}", "--changed-since")
        commit = verified.stdout.strip()
    else:
        commit = base.stdout.strip()
    names = _names(_git(directory, "diff", "--name-only", "--no-renames", "-z", commit, "--"))
    names += _names(
        _git(directory, "ls-files", "--others", "--exclude-standard", "-z", "--full-name")
    )
    changed = sorted({Path(os.path.normpath(top / name)) for name in names})
    reason = global_change(changed, config, top)
    return Changes(revision, tuple(path for path in changed if path.is_file()), reason)


def global_change(changed: list[Path], config: Config, top: Path | None = None) -> str | None:
    """Why every file must be checked when ``changed`` (absolute, resolved paths) holds
    what every check depends on, shown relative to ``top`` (else as given)."""
    watched: list[tuple[Path, bool, str]] = []  # (path, is a directory, what it is)
    if config.source is not None:
        watched.append((config.source, False, "the configuration"))
    if config.schemas is not None:
        watched.append((config.schemas, True, "the event schemas"))
    if config.registry_path is not None:
        watched.append((config.registry_path, False, "the registry"))
    if config.safe_types_allowlist is not None:
        watched.append((config.safe_types_allowlist, False, "the safe-types allowlist"))
    for path in changed:
        for target, is_directory, what in watched:
            resolved = target.resolve()
            if path == resolved or (is_directory and resolved in path.parents):
                shown = (
                    path.relative_to(top).as_posix()
                    if top is not None and top in path.parents
                    else path
                )
                return f"{what} changed ({shown})"
    return None


def _names(output: str) -> list[str]:
    return [name for name in output.split("\0") if name]


def _run(directory: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *arguments],
            cwd=directory,
            capture_output=True,
            text=True,
            errors="surrogateescape",
            check=False,
        )
    except OSError as error:
        raise UsageError(f"cannot run git: {error.strerror}", "--changed-since") from None


def _git(directory: Path, *arguments: str) -> str:
    result = _run(directory, *arguments)
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()[-1:] or [f"git {arguments[0]} failed"]
        raise UsageError(message[0], "--changed-since")
    return result.stdout
