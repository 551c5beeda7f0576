"""Keeping a baseline current: record today's findings, or drop the entries fixed since.

A run over some paths only touches the entries of files under them; the entries of
other files are kept as they are, so a team can adopt one directory at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..analysis.check import Overrides, check_paths, resolve_config
from ..analysis.config import Config
from ..analysis.findings import Finding
from .baseline import Baseline, BaselineEntry, compare, pruned, unbaselinable_codes
from .fingerprints import fingerprints
from .scope import scope_of


@dataclass(frozen=True)
class Written:
    """A written baseline and the findings it refused (they mean the call crashes)."""

    baseline: Baseline
    refused: tuple[Finding, ...]


@dataclass(frozen=True)
class Pruned:
    """A pruned baseline and the entries it dropped."""

    baseline: Baseline
    fixed: tuple[BaselineEntry, ...]


def write_baseline(
    paths: Sequence[Path], baseline_file: Path, config_file: Path | None, overrides: Overrides
) -> Written:
    """Record the findings of ``paths`` (the project when none) in ``baseline_file``,
    keeping an existing baseline's entries of files outside ``paths``. Findings that
    mean the call fails at run time are refused, and returned to be fixed."""
    config, findings, fingerprinted = _findings(paths, config_file, overrides)
    refused_codes = unbaselinable_codes()
    refused = tuple(finding for finding in findings if finding.code in refused_codes)
    current = Baseline.from_findings(findings, fingerprinted, config.root)
    kept: tuple[BaselineEntry, ...] = ()
    if paths and baseline_file.exists():
        in_scope = scope_of(paths, config)
        kept = tuple(e for e in Baseline.load(baseline_file).entries if not in_scope(e))
    result = Baseline(
        tuple(
            sorted((*kept, *current.entries), key=lambda e: (e.path, e.line, e.code, e.fingerprint))
        )
    )
    result.write(baseline_file)
    return Written(result, refused)


def prune_baseline(
    paths: Sequence[Path], baseline_file: Path, config_file: Path | None, overrides: Overrides
) -> Pruned:
    """Drop the entries of ``baseline_file`` whose findings are fixed; never add any.
    The file is rewritten only when something changed."""
    config, findings, fingerprinted = _findings(paths, config_file, overrides)
    old = Baseline.load(baseline_file)
    comparison = compare(old, findings, fingerprinted, config.root, scope_of(paths, config))
    current = Baseline.from_findings(findings, fingerprinted, config.root)
    new = pruned(old, comparison, current)
    if new != old:
        new.write(baseline_file)
    return Pruned(new, comparison.fixed)


def _findings(
    paths: Sequence[Path], config_file: Path | None, overrides: Overrides
) -> tuple[Config, list[Finding], list[str]]:
    config = resolve_config(paths, config_file, overrides)
    findings, _stats = check_paths(paths, config)
    return config, findings, fingerprints(findings, config.root)
