"""Gradual adoption on the command line: ``redactlint baseline write|prune``.

Commands only parse options, call the library and choose the exit code: 0 done, 1 when
findings that mean a call fails at run time were refused (they must be fixed),
2 usage, configuration or internal error. ``check --baseline`` and ``check
--changed-since`` are options of ``check``; their logic is in
:mod:`redactlint.adoption`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..adoption.update import prune_baseline, write_baseline
from ..analysis import Overrides
from .errors import CHECK_ERRORS, user_errors
from .options import (
    allowlist_option,
    config_option,
    paths_argument,
    registry_option,
    schemas_option,
)

DEFAULT_BASELINE = Path("redactlint-baseline.json")

_baseline = click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_BASELINE,
    show_default=True,
    help="The baseline file.",
)


@click.group("baseline")
def baseline() -> None:
    """Adopt redactlint gradually: accept today's findings, fail only on new ones.

    `redactlint baseline write` records the current findings; `redactlint check
    --baseline FILE` then fails only on findings not in it, and reports entries that
    were fixed; `redactlint baseline prune` drops those, so the baseline only shrinks.
    """


@baseline.command("write")
@paths_argument
@_baseline
@config_option
@schemas_option
@registry_option
@allowlist_option
def write(
    paths: tuple[Path, ...],
    baseline_file: Path,
    config_file: Path | None,
    schemas: Path | None,
    registry: Path | None,
    safe_types_allowlist: Path | None,
) -> None:
    """Record the findings of PATHS (the project when none) in the baseline.

    Entries of files outside PATHS are kept from an existing baseline.
    """
    overrides = Overrides(None, None, schemas, registry, safe_types_allowlist)
    with user_errors(CHECK_ERRORS):
        written = write_baseline(paths, baseline_file, config_file, overrides)
    total, files = len(written.baseline.entries), len(written.baseline.counts())
    click.echo(
        f"wrote {baseline_file}: {total} finding{'s' if total != 1 else ''} in {files} "
        f"file{'s' if files != 1 else ''}."
    )
    for finding in written.refused:
        click.echo(f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
                   f"{finding.message}", err=True)
    if written.refused:
        count = len(written.refused)
        click.echo(f"redactlint: {count} finding{'s' if count != 1 else ''} not written: the "
                   "call fails at run time (TypeError), so no baseline accepts it: fix it",
                   err=True)
        sys.exit(1)


@baseline.command("prune")
@paths_argument
@_baseline
@config_option
@schemas_option
@registry_option
@allowlist_option
def prune(
    paths: tuple[Path, ...],
    baseline_file: Path,
    config_file: Path | None,
    schemas: Path | None,
    registry: Path | None,
    safe_types_allowlist: Path | None,
) -> None:
    """Drop the entries of findings that are fixed; never add any.

    Only files under PATHS (the project when none) are checked; entries of other
    files are kept.
    """
    overrides = Overrides(None, None, schemas, registry, safe_types_allowlist)
    with user_errors(CHECK_ERRORS):
        result = prune_baseline(paths, baseline_file, config_file, overrides)
    for entry in result.fixed:
        click.echo(f"  {entry.path}: {entry.code} (line {entry.line}) fixed")
    dropped, left = len(result.fixed), len(result.baseline.entries)
    click.echo(
        f"pruned {dropped} fixed entr{'ies' if dropped != 1 else 'y'} from {baseline_file}; "
        f"{left} remain{'s' if left == 1 else ''}."
    )
