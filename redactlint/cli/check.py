"""``redactlint check``: the checker as a command, a CI gate and a pre-commit hook."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..adoption.gate import CheckOutcome, CheckRequest, check_project
from ..analysis import Overrides
from ..analysis.engine import display_path
from ..report.formats import FINGERPRINTED, FORMATS, Report, render_step_summary
from .errors import CHECK_ERRORS, note, user_errors
from .options import (
    allowlist_option,
    codes,
    config_option,
    paths_argument,
    registry_option,
    schemas_option,
)
from .output import Output, output_options
from .progress import TerminalProgress


@click.command()
@paths_argument
@config_option
@click.option("--select", multiple=True, help="Only these codes or prefixes (RL001,RL1).")
@click.option("--ignore", multiple=True, help="Skip these codes or prefixes.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help="sarif: SARIF 2.1.0; github: workflow annotations (and the step summary when "
    "$GITHUB_STEP_SUMMARY is set); gitlab: Code Quality JSON.",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fail only on findings not in this baseline (see `redactlint baseline`).",
)
@click.option(
    "--changed-since",
    metavar="REV",
    help="Check only the Python files changed since git revision REV (all of them when "
    "the configuration, schemas, registry or allowlist changed).",
)
@schemas_option
@registry_option
@allowlist_option
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@output_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: CPUs).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to keep the results cache (default: .redactlint_cache in the project).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
def check(
    paths: tuple[Path, ...],
    config_file: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    output_format: str,
    baseline_file: Path | None,
    changed_since: str | None,
    schemas: Path | None,
    registry: Path | None,
    safe_types_allowlist: Path | None,
    exit_zero: bool,
    output: Output,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
    quiet: bool,
) -> None:
    """Check that every string reaching an event is marked and every event matches its schema.

    Exit codes: 0 no findings, 1 findings, 2 usage, configuration or internal error.
    """
    overrides = Overrides(codes(select), codes(ignore), schemas, registry, safe_types_allowlist)
    request = CheckRequest(
        paths, config_file, overrides, baseline_file, changed_since,
        fingerprints=output_format in FINGERPRINTED, fix_edits=output_format == "sarif",
        jobs=jobs, cache=False if no_cache else (cache_dir or True),
    )
    with user_errors(CHECK_ERRORS):
        outcome = check_project(
            request, note=note, progress=None if quiet else TerminalProgress
        )
    _render(outcome, output_format, output)
    sys.exit(1 if outcome.findings and not exit_zero else 0)


def _render(outcome: CheckOutcome, output_format: str, output: Output) -> None:
    """The findings in ``output_format`` on stdout (or the output file), then the run's
    warnings on stderr."""
    colour = output.colour()
    report = Report(
        outcome.findings,
        outcome.stats.files,
        outcome.fingerprints,
        skipped=outcome.stats.skipped,
        baselined=outcome.baselined,
        fixed=outcome.fixed,
        colour=colour,
        show_source=output.source(),
        statistics=output.statistics,
        fixes=outcome.fixes,
    )
    output.write(FORMATS[output_format](report), colour)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format == "github" and summary_file:
        _append(Path(summary_file), render_step_summary(report))
    for warning in outcome.stats.warnings:
        note(f"redactlint: warning: {warning}")
    for call in outcome.unmatched:
        note(
            f"redactlint: warning: declared sink {call!r} matched no call in the project: "
            "check its name and how the project calls it (through an import the checker "
            "can follow, or as a method of an object of a known class)"
        )
    for found in outcome.unchecked:
        note(
            f"redactlint: warning: {display_path(found.path)}:{found.line} calls "
            f"{found.call}, which no declared sink covers: nothing it sends is checked "
            "(declare it as a sink, or the project's function that makes the call; "
            "`redactlint init` proposes both)"
        )


def _append(path: Path, text: str) -> None:
    """Add ``text`` to the GitHub job summary; a summary that cannot be written is
    said, and does not change the check's result."""
    try:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        note(f"redactlint: cannot write the step summary: {error}")
