"""One checker run over paths, the way every command starts one.

The configuration for the paths with the command line's values on top, then the
findings of the files under them; ``sinks`` and ``audit`` are the same run seen from
another side. Commands call these and only render what they return.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .config import Config, check_codes, load_config
from .engine import iter_python_files
from .findings import Finding

if TYPE_CHECKING:
    from .audit import AuditEntry
    from .runner import RunStats


# A declared sink and the (path, line) of each call it matched.
SinkCalls = tuple[str, list[tuple[str, int]]]


@dataclass(frozen=True)
class Overrides:
    """Values given on the command line; each replaces the configured one unless None."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    schemas: Path | None = None
    registry_path: Path | None = None
    safe_types_allowlist: Path | None = None


class Progress(Protocol):
    """A display of how far a run is: called with (done, total), closed when it ends."""

    def __call__(self, done: int, total: int) -> None: ...

    def close(self) -> None: ...


def resolve_config(
    paths: Sequence[Path], config_file: Path | None, overrides: Overrides | None = None
) -> Config:
    """The configuration for ``paths``, with command-line values on top.

    A ``select`` or ``ignore`` code that matches no rule is a ``UsageError`` here, before
    anything runs, as a typo in the configuration file is.
    """
    config = load_config(list(paths), config_file)
    if overrides is None:
        return config
    for option in ("select", "ignore"):
        codes = getattr(overrides, option)
        if codes is not None:
            check_codes(codes, f"--{option}")
    return config.with_overrides(
        **{field.name: getattr(overrides, field.name) for field in fields(overrides)}
    )


def check_paths(
    paths: Sequence[Path],
    config: Config,
    *,
    jobs: int | None = None,
    cache_directory: Path | bool | None = True,
    progress: Callable[[], Progress] | None = None,
) -> tuple[list[Finding], RunStats]:
    """Findings for ``paths`` (the config root when none) and what the run did.

    ``cache_directory`` True means the project's ``.redactlint_cache``; None or False,
    no cache. ``progress`` makes the display when the run starts, so its clock starts
    with the run, and it is closed as soon as the run ends.
    """
    from .cache import CACHE_DIRECTORY
    from .runner import run

    targets = list(paths) or [config.root]
    files = list(iter_python_files(targets, config))
    directory = (
        config.root / CACHE_DIRECTORY if cache_directory is True else (cache_directory or None)
    )
    display = None if progress is None else progress()
    whole = [target.resolve() for target in targets] == [config.root]
    findings, stats = run(
        files,
        config,
        jobs=jobs,
        cache_directory=directory,
        progress=display,
        project_files=files if whole else None,
    )
    if display is not None:
        display.close()
    return findings, stats


def sink_calls(config_file: Path | None, *, cache: bool = True) -> list[SinkCalls]:
    """Each declared sink with the (path, line) of the calls it matched in the whole
    project, in declaration order: what a configuration covers."""
    config = resolve_config([], config_file)
    _, stats = check_paths([], config, cache_directory=cache)
    return [(spec.call, stats.matched.get(spec.call, [])) for spec in config.sinks]


def audit_paths(paths: Sequence[Path], config_file: Path | None) -> list[AuditEntry]:
    """Every place under ``paths`` (the project when none) that lets data leave in clear."""
    from .audit import audit_files
    from .engine import prepare

    config = resolve_config(paths, config_file)
    settings = prepare(config)
    files = list(iter_python_files(list(paths) or [config.root], config))
    return audit_files(files, settings)
