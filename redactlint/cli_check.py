"""``redactlint check`` and ``redactlint explain``: thin commands over the analysis."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .analysis.config import Config, check_codes, load_config
from .analysis.engine import InternalError, iter_python_files, prepare
from .analysis.errors import UsageError
from .analysis.findings import Finding
from .cli_errors import fail, user_errors
from .declaration import RuleDeclaration

if TYPE_CHECKING:
    from .analysis.runner import RunStats

# The option every command that reads [tool.redactlint] takes.
config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="pyproject.toml to read (default: the nearest one with [tool.redactlint]).",
)


def _codes(values: Sequence[str]) -> tuple[str, ...] | None:
    codes = tuple(code.strip().upper() for value in values for code in value.split(",") if code)
    return codes or None


def resolve_config(
    paths: Sequence[Path],
    config_file: Path | None,
    **overrides: object,
) -> Config:
    """The configuration for ``paths``, with command-line values on top."""
    config = load_config(list(paths), config_file)
    for option in ("select", "ignore"):
        codes = overrides.get(option)
        if isinstance(codes, tuple):
            check_codes(codes, f"--{option}")
    return config.with_overrides(**overrides)


def run_check(
    paths: Sequence[Path],
    config: Config,
    *,
    jobs: int | None = None,
    cache_directory: Path | bool | None = True,
    quiet: bool = True,
) -> tuple[list[Finding], RunStats]:
    """Findings for ``paths`` (the config root when none) and what the run did.

    ``cache_directory`` True means the project's ``.redactlint_cache``; None or
    False, no cache.
    """
    from .analysis.cache import CACHE_DIRECTORY
    from .analysis.runner import run

    targets = list(paths) or [config.root]
    files = list(iter_python_files(targets, config))
    directory = (
        config.root / CACHE_DIRECTORY if cache_directory is True else (cache_directory or None)
    )
    progress = None if quiet else _Progress()
    whole = [target.resolve() for target in targets] == [config.root]
    findings, stats = run(
        files,
        config,
        jobs=jobs,
        cache_directory=directory,
        progress=progress,
        project_files=files if whole else None,
    )
    if progress is not None:
        progress.close()
    return findings, stats


class _Progress:
    """A one-line progress count on a terminal, shown once a run has taken a second."""

    def __init__(self) -> None:
        import time

        self.started = time.monotonic()
        self.shown = False
        self.enabled = sys.stderr.isatty() and not os.environ.get("CI")

    def __call__(self, done: int, total: int) -> None:
        import time

        if self.enabled and time.monotonic() - self.started > 1.0:
            self.shown = True
            sys.stderr.write(f"\rredactlint: checked {done}/{total} files")
            sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@click.option("--select", multiple=True, help="Only these codes or prefixes (RL001,RL1).")
@click.option("--ignore", multiple=True, help="Skip these codes or prefixes.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "sarif", "github", "gitlab"]),
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
@click.option("--schemas", type=click.Path(path_type=Path), help="Event schema directory.")
@click.option("--registry", type=click.Path(path_type=Path), help="Generated registry module.")
@click.option(
    "--safe-types-allowlist",
    type=click.Path(path_type=Path),
    help="Reviewed safe-types allowlist file.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--color/--no-color", default=None, help="Colour the text output (default: on a terminal)."
)
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
    color: bool | None,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
    quiet: bool,
) -> None:
    """Check that every string reaching an event is marked and every event matches its schema.

    Exit codes: 0 no findings, 1 findings, 2 usage, configuration or internal error.
    """
    try:
        config = resolve_config(
            paths,
            config_file,
            select=_codes(select),
            ignore=_codes(ignore),
            schemas=schemas,
            registry=registry,
            safe_types_allowlist=safe_types_allowlist,
        )
        targets: list[Path] = list(paths)
        nothing_changed = False
        if changed_since is not None:
            from .cli_baseline import changed_targets

            changed = changed_targets(paths, config, changed_since)
            if changed is not None:
                targets, nothing_changed = changed, not changed
        cache: Path | bool = False if no_cache else (cache_dir or True)
        from .analysis.runner import RunStats

        findings, stats = (
            ([], RunStats())
            if nothing_changed
            else run_check(targets, config, jobs=jobs, cache_directory=cache, quiet=quiet)
        )
        files = stats.files
        whole_project = not paths and changed_since is None
        unmatched = [
            sink.call for sink in config.sinks
            if whole_project and sink.call not in stats.matched
        ]
        fingerprinted: list[str] = []
        if baseline_file is not None or output_format in ("sarif", "gitlab"):
            from .analysis.fingerprints import fingerprints

            fingerprinted = fingerprints(findings, config.root)
        baselined = fixed = 0
        if baseline_file is not None:
            from .cli_baseline import compare_with_baseline

            findings, fingerprinted, baselined, fixed = compare_with_baseline(
                findings, fingerprinted, config, baseline_file, targets
            )
    except (UsageError, InternalError) as error:
        fail(error)
        return
    if output_format == "json":
        from .report.json import render_json

        click.echo(render_json(findings, files), nl=False)
    elif output_format == "sarif":
        from .codemod.edits import fix_edits
        from .report.sarif import render_sarif

        with user_errors():
            fixes = fix_edits(findings, config)
        click.echo(render_sarif(findings, fingerprinted, fixes=fixes), nl=False)
    elif output_format == "gitlab":
        from .report.gitlab import render_gitlab

        click.echo(render_gitlab(findings, fingerprinted), nl=False)
    elif output_format == "github":
        from .report.github import render_github, render_github_summary

        click.echo(render_github(findings, files), nl=False)
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            summary = render_github_summary(findings, files, baselined=baselined, fixed=fixed)
            try:
                with open(summary_file, "a", encoding="utf-8") as stream:
                    stream.write(summary)
            except OSError as error:
                click.echo(f"redactlint: cannot write the step summary: {error}", err=True)
    else:
        from .report.text import render_text

        colour = sys.stdout.isatty() if color is None else color
        click.echo(render_text(findings, files, colour=colour, skipped=stats.skipped), nl=False)
    for warning in stats.warnings:
        click.echo(f"redactlint: warning: {warning}", err=True)
    for call in unmatched:
        click.echo(
            f"redactlint: warning: declared sink {call!r} matched no call in the project: "
            "check its name and how the project calls it (through an import the checker "
            "can follow, or as a method of an object of a known class)",
            err=True,
        )
    sys.exit(1 if findings and not exit_zero else 0)


@click.command()
@click.argument("code", required=False)
def explain(code: str | None) -> None:
    """Show what a rule checks, why, an example and the fix (all rules without CODE):
    the checker's RL rules and the schema lint's RS rules."""
    from .analysis.rules.registry import RULES, find_rule

    if code is None:
        for each in RULES:
            click.echo(f"{each.code}  {each.name:<36} {each.description}")
        return
    rule = find_rule(code)
    if rule is None:
        click.echo(
            f"redactlint: error: no rule {code!r}; `redactlint explain` lists them", err=True
        )
        sys.exit(2)
    click.echo(render_rule_doc(rule))


def render_rule_doc(rule: RuleDeclaration) -> str:
    """A rule's doc as Markdown: a ``# CODE name`` heading, the summary, its parts."""
    return rule.markdown()


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def audit(paths: tuple[Path, ...], config_file: Path | None, output_format: str) -> None:
    """List every place data can leave in clear: safe() of non-constants, safe types and
    suppressions, each with its justification."""
    from .analysis.audit import audit_files
    from .report.audit import render_audit_json, render_audit_text

    try:
        config = resolve_config(paths, config_file)
        settings = prepare(config)
        files = list(iter_python_files(list(paths) or [config.root], config))
        entries = audit_files(files, settings)
    except (UsageError, InternalError) as error:
        fail(error)
        return
    render = render_audit_json if output_format == "json" else render_audit_text
    click.echo(render(entries), nl=False)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
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
    from .codemod.fix import fix_files

    try:
        config = resolve_config(paths, config_file)
        fix_config = resolve_config(
            paths, config_file, select=_codes(select), ignore=_codes(ignore)
        )
        settings = prepare(fix_config)
        files = list(iter_python_files(list(paths) or [config.root], config))
        results = fix_files(files, settings, write=not show_diff)
        remaining, checked_stats = run_check(paths, fix_config)
        checked = checked_stats.files
        if show_diff:  # nothing was written: what the fixes would leave
            applied_keys = {
                (f.path, f.span, f.code)
                for result in results
                if result.changed
                for f in result.applied
            }
            remaining = [f for f in remaining if (f.path, f.span, f.code) not in applied_keys]
    except (UsageError, InternalError) as error:
        fail(error)
        return
    applied = 0
    for result in results:
        if result.error:
            click.echo(f"{result.path}: not fixed: {result.error}", err=True)
            continue
        for finding, reason in result.skipped:
            click.echo(
                f"{finding.path}:{finding.line}:{finding.column}: {finding.code} not "
                f"fixed: {reason}",
                err=True,
            )
        if result.changed:
            applied += len(result.applied)
            if show_diff:
                click.echo(result.diff(), nl=False)
    changed = sum(1 for result in results if result.changed)
    verb = "would fix" if show_diff else "fixed"
    click.echo(
        f"{verb} {applied} finding{'s' if applied != 1 else ''} in {changed} "
        f"file{'s' if changed != 1 else ''}.",
        err=True,
    )
    if remaining:
        from .report.text import render_text

        click.echo(render_text(remaining, checked), nl=False, err=show_diff)
    sys.exit(1 if remaining or (show_diff and applied) else 0)
