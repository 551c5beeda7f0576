"""``fix`` over a project: apply the checker's fixes to every file, then check again.

What is left after the fixes is what the user still has to do by hand; with
``write=False`` nothing is written and what is left is what the fixes would leave.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..analysis.check import Overrides, check_paths, resolve_config
from ..analysis.engine import display_path, iter_python_files, prepare
from ..analysis.findings import Finding
from .fix import FileFix, fix_files


@dataclass(frozen=True)
class FixOutcome:
    """Each file's fixes, the findings left and how many files the check read."""

    results: list[FileFix]
    remaining: list[Finding]
    checked: int


def fix_project(
    paths: Sequence[Path], config_file: Path | None, overrides: Overrides, *, write: bool
) -> FixOutcome:
    """Fix the files under ``paths`` (the project when none) for the codes ``overrides``
    select, then check them with the same codes."""
    config = resolve_config(paths, config_file)
    fix_config = resolve_config(paths, config_file, overrides)
    settings = prepare(fix_config)
    files = list(iter_python_files(list(paths) or [config.root], config))
    # The check first, in worker processes and through the cache, as ``check`` runs it:
    # only the files it found something to fix in are checked again here and fixed (a
    # whole tree checked in this one process would hold every module's facts at once).
    found, checked_stats = check_paths(paths, fix_config)
    fixable = {finding.path for finding in found if finding.fix is not None}
    results = fix_files([f for f in files if display_path(f) in fixable], settings, write=write)
    remaining = found
    if write and any(result.changed for result in results):
        remaining, checked_stats = check_paths(paths, fix_config)
    if not write:  # nothing was written: what the fixes would leave
        applied_keys = {
            (f.path, f.span, f.code) for result in results if result.changed for f in result.applied
        }
        remaining = [f for f in remaining if (f.path, f.span, f.code) not in applied_keys]
    return FixOutcome(results, remaining, checked_stats.files)
