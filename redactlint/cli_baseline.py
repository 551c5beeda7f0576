"""Gradual adoption on the command line: ``redactlint baseline write|prune`` and the
pieces ``check --baseline`` and ``check --changed-since`` use.

Commands only parse options, call the library and choose the exit code: 0 done,
2 usage, configuration or internal error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from .analysis.baseline import Baseline, BaselineEntry, compare, pruned
from .analysis.config import Config
from .analysis.engine import InternalError
from .analysis.errors import UsageError
from .analysis.findings import Finding
from .analysis.fingerprints import fingerprints
from .cli_check import config_option
from .cli_errors import fail

DEFAULT_BASELINE = Path("redactlint-baseline.json")


def changed_targets(paths: Sequence[Path], config: Config, revision: str) -> list[Path] | None:
    """What ``check --changed-since REV`` checks: ``None`` for all of ``paths``, else
    the changed Python files under them (possibly none). Says which on stderr."""
    from .analysis.changes import changed_since

    changes = changed_since(revision, config)
    if changes.everything is not None:
        click.echo(f"redactlint: checking every file: {changes.everything}.", err=True)
        return None
    scopes = [Path(os.path.abspath(path)) for path in paths] or [config.root]
    files = [
        path
        for path in changes.files
        if path.suffix == ".py" and any(_within(path, scope) for scope in scopes)
    ]
    count = len(files)
    click.echo(
        f"redactlint: {count} Python file{'s' if count != 1 else ''} changed since {revision}.",
        err=True,
    )
    return [Path(os.path.relpath(path)) if _within(path, Path.cwd()) else path for path in files]


def _within(path: Path, scope: Path) -> bool:
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
        return not scopes or any(_within(config.root / entry.path, scope) for scope in scopes)

    return in_scope


def compare_with_baseline(
    findings: Sequence[Finding],
    fingerprinted: Sequence[str],
    config: Config,
    baseline_file: Path,
    targets: Sequence[Path],
) -> tuple[list[Finding], list[str], int, int]:
    """The findings not in ``baseline_file`` with their fingerprints, and how many
    were accepted and how many entries were fixed; both are also said on stderr."""
    baseline = Baseline.load(baseline_file)
    comparison = compare(baseline, findings, fingerprinted, config.root, scope_of(targets, config))
    known, fixed = len(comparison.known), len(comparison.fixed)
    if known:
        click.echo(
            f"redactlint: {known} known finding{'s' if known != 1 else ''} accepted by "
            f"the baseline {baseline_file}.",
            err=True,
        )
    if fixed:
        click.echo(
            f"redactlint: {fixed} baseline entr{'ies' if fixed != 1 else 'y'} fixed; run "
            f"`redactlint baseline prune --baseline {baseline_file}` to shrink the baseline:",
            err=True,
        )
        for entry in comparison.fixed:
            click.echo(f"  {entry.path}: {entry.code} (line {entry.line}) fixed", err=True)
    new = set(comparison.new)
    pairs = [pair for pair in zip(findings, fingerprinted, strict=True) if pair[0] in new]
    return [f for f, _ in pairs], [fp for _, fp in pairs], known, fixed


def _run(
    paths: tuple[Path, ...],
    config_file: Path | None,
    schemas: Path | None,
    registry: Path | None,
    safe_types_allowlist: Path | None,
) -> tuple[Config, list[Finding], list[str]]:
    from .cli_check import resolve_config, run_check

    config = resolve_config(
        paths,
        config_file,
        schemas=schemas,
        registry=registry,
        safe_types_allowlist=safe_types_allowlist,
    )
    findings, _stats = run_check(paths, config)
    return config, findings, fingerprints(findings, config.root)


_paths = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
_baseline = click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_BASELINE,
    show_default=True,
    help="The baseline file.",
)
_schemas = click.option(
    "--schemas", type=click.Path(path_type=Path), help="Event schema directory."
)
_registry = click.option(
    "--registry", type=click.Path(path_type=Path), help="Generated registry module."
)
_allowlist = click.option(
    "--safe-types-allowlist",
    type=click.Path(path_type=Path),
    help="Reviewed safe-types allowlist file.",
)


@click.group("baseline")
def baseline() -> None:
    """Adopt redactlint gradually: accept today's findings, fail only on new ones.

    `redactlint baseline write` records the current findings; `redactlint check
    --baseline FILE` then fails only on findings not in it, and reports entries that
    were fixed; `redactlint baseline prune` drops those, so the baseline only shrinks.
    """


@baseline.command("write")
@_paths
@_baseline
@config_option
@_schemas
@_registry
@_allowlist
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
    try:
        config, findings, fingerprinted = _run(
            paths, config_file, schemas, registry, safe_types_allowlist
        )
        current = Baseline.from_findings(findings, fingerprinted, config.root)
        kept: tuple[BaselineEntry, ...] = ()
        if paths and baseline_file.exists():
            in_scope = scope_of(paths, config)
            kept = tuple(e for e in Baseline.load(baseline_file).entries if not in_scope(e))
        result = Baseline(
            tuple(
                sorted(
                    (*kept, *current.entries), key=lambda e: (e.path, e.line, e.code, e.fingerprint)
                )
            )
        )
        result.write(baseline_file)
    except (UsageError, InternalError) as error:
        fail(error)
        return
    total, files = len(result.entries), len(result.counts())
    click.echo(
        f"wrote {baseline_file}: {total} finding{'s' if total != 1 else ''} in {files} "
        f"file{'s' if files != 1 else ''}."
    )


@baseline.command("prune")
@_paths
@_baseline
@config_option
@_schemas
@_registry
@_allowlist
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
    try:
        config, findings, fingerprinted = _run(
            paths, config_file, schemas, registry, safe_types_allowlist
        )
        old = Baseline.load(baseline_file)
        comparison = compare(old, findings, fingerprinted, config.root, scope_of(paths, config))
        current = Baseline.from_findings(findings, fingerprinted, config.root)
        new = pruned(old, comparison, current)
        if new != old:
            new.write(baseline_file)
    except (UsageError, InternalError) as error:
        fail(error)
        return
    for entry in comparison.fixed:
        click.echo(f"  {entry.path}: {entry.code} (line {entry.line}) fixed")
    dropped, left = len(comparison.fixed), len(new.entries)
    click.echo(
        f"pruned {dropped} fixed entr{'ies' if dropped != 1 else 'y'} from {baseline_file}; "
        f"{left} remain{'s' if left == 1 else ''}."
    )
