"""``redactlint migrate``: rewrite a legacy codebase's event calls onto the registry.

``schema infer`` writes a schema stub for every event the legacy sink calls log,
``generate`` turns the schemas into the registry, ``migrate`` rewrites the calls
onto it and ``fix`` marks their values. The command only parses options, calls
the library and chooses the exit code: 0 done, 1 calls left as they were (with
``--diff`` also when it would change something), 2 when the command line,
configuration, schemas or mapping file cannot be used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..analysis import Overrides, display_path
from .errors import CHECK_ERRORS, note, user_errors
from .options import config_option, paths_argument, registry_option, schemas_option

if TYPE_CHECKING:
    from ..codemod.migration import MigrateOutcome


@click.command("migrate")
@paths_argument
@config_option
@schemas_option
@registry_option
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML or JSON file mapping legacy event names, keys and arguments the schemas do not.",
)
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
def migrate(
    paths: tuple[Path, ...],
    config_file: Path | None,
    schemas: Path | None,
    registry: Path | None,
    mapping_file: Path | None,
    show_diff: bool,
) -> None:
    """Rewrite calls of the declared legacy sinks into calls of the generated registry.

    track("Search Submitted", {"q": q}) becomes SearchSubmitted(query=q).record(),
    names and keys mapped through the schemas' legacy names or --mapping. Values
    are left unmarked: run `redactlint fix` next. Calls that cannot be mapped
    (dynamic names, unknown keys, **kwargs, extra arguments) are listed and left
    as they are.

    Exit codes: 0 every legacy call migrated, 1 calls left unmapped (with --diff,
    also when something would change), 2 usage, configuration or internal error.
    """
    from ..codemod.migration import migrate_project  # libcst: only when migrating

    overrides = Overrides(schemas=schemas, registry_path=registry)
    with user_errors(CHECK_ERRORS):
        outcome = migrate_project(paths, config_file, overrides, mapping_file, write=not show_diff)
    unmapped, failed, changed = _render(outcome, show_diff)
    raise click.exceptions.Exit(1 if unmapped or failed or (show_diff and changed) else 0)


def _render(outcome: MigrateOutcome, show_diff: bool) -> tuple[int, int, int]:
    """Say what was migrated (the diff with ``show_diff``), what was not and whether
    the registry has the classes the new calls use; returns the calls left unmapped,
    the files that failed and the files changed."""
    from ..codemod.migrate import report_line

    migrated = unmapped = changed = failed = 0
    for result in outcome.results:
        if result.error:
            note(f"{display_path(result.path)}: not migrated: {result.error}")
            failed += 1
        for call, reason in result.unmapped:
            note(report_line(call, reason))
        unmapped += len(result.unmapped)
        if result.changed:
            changed += 1
            migrated += len(result.mapped)
            if show_diff:
                click.echo(result.diff(), nl=False)
    _warn_stale_registry(outcome)
    verb = "would migrate" if show_diff else "migrated"
    summary = f"{verb} {migrated} call{'s' if migrated != 1 else ''} in {changed} file"
    summary += "s" if changed != 1 else ""
    if unmapped:
        summary += f"; {unmapped} call{'s' if unmapped != 1 else ''} left as they are"
    if failed:
        summary += f"; {failed} file{'s' if failed != 1 else ''} not migrated"
    note(summary + ".")
    return unmapped, failed, changed


def _warn_stale_registry(outcome: MigrateOutcome) -> None:
    if outcome.missing is None:
        note(
            f"warning: {display_path(outcome.registry)} does not exist yet: run redactlint "
            "generate before running the migrated code"
        )
    elif outcome.missing:
        note(
            f"warning: {display_path(outcome.registry)} has no {', '.join(outcome.missing)}: "
            "it is stale, run redactlint generate"
        )
