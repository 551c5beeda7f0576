"""What a run covers: the files changed since a revision under the paths given, and
the baseline entries a run over those paths could report.

A baseline entry outside a run's scope is neither matched nor fixed by it, so a run
over one directory (or over the changed files) never calls the rest of the baseline
fixed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..analysis.config import Config
from .baseline import BaselineEntry


@dataclass(frozen=True)
class ChangedTargets:
    """The files a ``--changed-since`` run checks, and the line that tells the user."""

    files: list[Path] | None  # None: every file under the paths (a global change)
    note: str


def changed_targets(paths: Sequence[Path], config: Config, revision: str) -> ChangedTargets:
    """The changed Python files under ``paths`` (the project when none), possibly none,
    or every file when something every check depends on changed."""
    from .changes import changed_since

    changes = changed_since(revision, config)
    if changes.everything is not None:
        return ChangedTargets(None, f"redactlint: checking every file: {changes.everything}.")
    scopes = [Path(os.path.abspath(path)) for path in paths] or [config.root]
    files = [
        path
        for path in changes.files
        if path.suffix == ".py" and any(within(path, scope) for scope in scopes)
    ]
    count = len(files)
    note = f"redactlint: {count} Python file{'s' if count != 1 else ''} changed since {revision}."
    shown = [Path(os.path.relpath(path)) if within(path, Path.cwd()) else path for path in files]
    return ChangedTargets(shown, note)


# Files a hook passes that are project inputs, never Python to check: a schema, the
# configuration.
_DATA_SUFFIXES = frozenset({".json", ".toml"})


@dataclass(frozen=True)
class GivenFiles:
    """What a run over the paths a user (or pre-commit) named checks."""

    files: list[Path]  # the paths to check as Python; empty with ``everything``
    everything: str | None = None  # why every file of the project is checked instead


def given_files(paths: Sequence[Path], config: Config) -> GivenFiles:
    """The paths to check: every file of the project when one of them is what every
    check depends on (the configuration, an event schema, the registry, the safe-types
    allowlist), as ``--changed-since`` decides; JSON and TOML files are left out."""
    from .changes import global_change

    reason = global_change([path.resolve() for path in paths], config, Path.cwd().resolve())
    if reason is not None:
        return GivenFiles([], reason)
    return GivenFiles(
        [path for path in paths if not (path.is_file() and path.suffix in _DATA_SUFFIXES)]
    )


def within(path: Path, scope: Path) -> bool:
    """Whether ``path`` is ``scope`` or below it (both taken from the working directory)."""
    path, scope = Path(os.path.abspath(path)), Path(os.path.abspath(scope))
    return path == scope or scope in path.parents


def _enabled(code: str, config: Config) -> bool:
    if config.select and not any(code.startswith(prefix) for prefix in config.select):
        return False
    return not any(code.startswith(prefix) for prefix in config.ignore)


def scope_of(targets: Sequence[Path], config: Config) -> Callable[[BaselineEntry], bool]:
    """Whether a run over ``targets`` (the project when empty) could report an entry."""
    scopes = [Path(os.path.abspath(target)) for target in targets]

    def in_scope(entry: BaselineEntry) -> bool:
        if not _enabled(entry.code, config):
            return False
        return not scopes or any(within(config.root / entry.path, scope) for scope in scopes)

    return in_scope
