"""``redactlint fix``: apply the checker's fixes, and show what is left to do by hand."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..analysis import Overrides
from .errors import CHECK_ERRORS, note, user_errors
from .options import codes, config_option, paths_argument

if TYPE_CHECKING:
    from ..codemod.project import FixOutcome


@click.command()
@paths_argument
@config_option
@click.option("--select", multiple=True, help="Only fix these codes or prefixes.")
@click.option("--ignore", multiple=True, help="Do not fix these codes or prefixes.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
def fix(
    paths: tuple[Path, ...],
    config_file: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    show_diff: bool,
) -> None:
    """Apply the checker's fixes: unknown values wrapped in unsafe(...) (never safe(...)),
    f-strings, %-formats, .format() and + turned into redact.format/sprintf.

    Exit codes: 0 nothing left to report, 1 findings remain, 2 usage or internal error.
    """
    from ..codemod.project import fix_project  # libcst: only when fixing

    overrides = Overrides(select=codes(select), ignore=codes(ignore))
    with user_errors(CHECK_ERRORS):
        outcome = fix_project(paths, config_file, overrides, write=not show_diff)
    applied = _render(outcome, show_diff)
    sys.exit(1 if outcome.remaining or (show_diff and applied) else 0)


def _render(outcome: FixOutcome, show_diff: bool) -> int:
    """Say what was fixed (the diff with ``show_diff``) and what is left; returns how
    many findings the fixes took care of."""
    applied = 0
    for result in outcome.results:
        if result.error:
            note(f"{result.path}: not fixed: {result.error}")
            continue
        for finding, reason in result.skipped:
            note(
                f"{finding.path}:{finding.line}:{finding.column}: {finding.code} not "
                f"fixed: {reason}"
            )
        if result.changed:
            applied += len(result.applied)
            if show_diff:
                click.echo(result.diff(), nl=False)
    changed = sum(1 for result in outcome.results if result.changed)
    verb = "would fix" if show_diff else "fixed"
    note(
        f"{verb} {applied} finding{'s' if applied != 1 else ''} in {changed} "
        f"file{'s' if changed != 1 else ''}."
    )
    if outcome.remaining:
        from ..report.text import render_text

        click.echo(render_text(outcome.remaining, outcome.checked), nl=False, err=show_diff)
    return applied
