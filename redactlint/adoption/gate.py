"""A check run as CI gates on it: only the files changed since a revision when asked,
and only the findings a baseline does not accept.

``check_project`` is the whole of ``redactlint check`` below the command line: it
loads the configuration, picks the files, runs the checker, fingerprints the
findings when a baseline or an output format needs them, and drops the findings the
baseline accepts. What it does on the way (which files, what the baseline accepted)
is said through ``note``, at the moment it happens, as a user watching a long run
expects. The adoption modules are imported only when a run uses them, so the
pre-commit case (a few files, no baseline) does not pay for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.check import Overrides, Progress, check_paths, resolve_config
from ..analysis.config import Config
from ..analysis.findings import Finding, TextEdit
from ..analysis.runner import RunStats

if TYPE_CHECKING:
    from ..init.discover import VendorCall


@dataclass(frozen=True)
class CheckRequest:
    """What to check and how, as the command line says it."""

    paths: tuple[Path, ...] = ()
    config_file: Path | None = None
    overrides: Overrides = field(default_factory=Overrides)
    baseline_file: Path | None = None
    changed_since: str | None = None  # a git revision
    fingerprints: bool = False  # wanted even without a baseline (by the output format)
    fix_edits: bool = False  # the edits `redactlint fix` would make, by finding (for SARIF)
    jobs: int | None = None
    cache: Path | bool = True  # a directory, True for the project's, False for none


@dataclass(frozen=True)
class CheckOutcome:
    """The findings to report and what the run did."""

    findings: list[Finding]
    fingerprints: list[str]  # aligned with findings; empty when not asked for
    stats: RunStats
    unmatched: list[str]  # declared sinks no call matched, in a run over the whole project
    baselined: int = 0  # findings the baseline accepted
    fixed: int = 0  # baseline entries no finding matches any more
    fixes: Mapping[Finding, tuple[TextEdit, ...]] = field(default_factory=dict)
    # Calls of a telemetry library's event API no declared sink checks (whole project).
    unchecked: list[VendorCall] = field(default_factory=list)


def check_project(
    request: CheckRequest,
    *,
    note: Callable[[str], None],
    progress: Callable[[], Progress] | None = None,
) -> CheckOutcome:
    """Check what ``request`` names; raises ``UsageError`` for what the user can fix."""
    config = resolve_config(request.paths, request.config_file, request.overrides)
    targets: list[Path] = list(request.paths)
    nothing_changed = False
    widened = False
    if request.paths:
        from .scope import given_files

        given = given_files(request.paths, config)
        if given.everything is not None:
            note(f"redactlint: checking every file: {given.everything}.")
            widened = True
        targets, nothing_changed = given.files, not given.files and not widened
    if request.changed_since is not None and not widened:
        from .scope import changed_targets

        changed = changed_targets(request.paths, config, request.changed_since)
        note(changed.note)
        if changed.files is not None:
            targets, nothing_changed = changed.files, not changed.files
    findings, stats = (
        ([], RunStats())
        if nothing_changed
        else check_paths(
            targets, config, jobs=request.jobs, cache_directory=request.cache, progress=progress
        )
    )
    # ``redactlint check .`` from the root checks the project as a whole, as no path does.
    from .scope import within

    covers_root = any(within(config.root, path) for path in request.paths)
    whole_project = (
        not request.paths or widened or covers_root
    ) and request.changed_since is None
    unmatched = [
        sink.call for sink in config.sinks if whole_project and sink.call not in stats.matched
    ]
    fingerprinted: list[str] = []
    if request.baseline_file is not None or request.fingerprints:
        from .fingerprints import fingerprints

        fingerprinted = fingerprints(findings, config.root)
    baselined = fixed = 0
    if request.baseline_file is not None:
        findings, fingerprinted, baselined, fixed = compare_with_baseline(
            findings, fingerprinted, config, request.baseline_file, targets, note
        )
    edits: Mapping[Finding, tuple[TextEdit, ...]] = {}
    if request.fix_edits:
        from ..codemod.edits import fix_edits

        edits = fix_edits(findings, config)
    unchecked = unchecked_vendor_calls(config, stats) if whole_project else []
    return CheckOutcome(
        findings, fingerprinted, stats, unmatched, baselined, fixed, edits, unchecked
    )


def unchecked_vendor_calls(config: Config, stats: RunStats) -> list[VendorCall]:
    """The calls of a telemetry library's event API (PostHog's ``capture``, Segment's
    ``track`` ...) in the files the run found importing one, that no declared sink
    checks: neither matched as a sink's call nor made inside a declared sink, whose body
    is checked for what it passes on. A project that declares its wrappers but calls the
    library directly elsewhere would otherwise send those values unchecked with a green
    run."""
    from ..init.discover import vendor_calls

    covered = {
        (Path(path).resolve(), line) for calls in stats.matched.values() for path, line in calls
    }
    declared = {sink.call for sink in config.sinks}
    return [
        found for found in vendor_calls(config.root, [Path(p) for p in stats.telemetry])
        if (found.path, found.line) not in covered and found.caller not in declared
    ]


def compare_with_baseline(
    findings: Sequence[Finding],
    fingerprinted: Sequence[str],
    config: Config,
    baseline_file: Path,
    targets: Sequence[Path],
    note: Callable[[str], None],
) -> tuple[list[Finding], list[str], int, int]:
    """The findings not in ``baseline_file`` with their fingerprints, and how many
    were accepted and how many entries were fixed; both are also said through ``note``."""
    from .baseline import Baseline, compare
    from .scope import scope_of

    baseline = Baseline.load(baseline_file)
    comparison = compare(baseline, findings, fingerprinted, config.root, scope_of(targets, config))
    known, fixed = len(comparison.known), len(comparison.fixed)
    if known:
        note(
            f"redactlint: {known} known finding{'s' if known != 1 else ''} accepted by "
            f"the baseline {baseline_file}."
        )
    if fixed:
        note(
            f"redactlint: {fixed} baseline entr{'ies' if fixed != 1 else 'y'} fixed; run "
            f"`redactlint baseline prune --baseline {baseline_file}` to shrink the baseline:"
        )
        for entry in comparison.fixed:
            note(f"  {entry.path}: {entry.code} (line {entry.line}) fixed")
    new = set(comparison.new)
    pairs = [pair for pair in zip(findings, fingerprinted, strict=True) if pair[0] in new]
    return [f for f, _ in pairs], [fp for _, fp in pairs], known, fixed
