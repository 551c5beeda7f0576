"""A whole run: read every file once, skip what cannot matter, reuse what is cached,
and check the rest, in worker processes when there are enough files to pay for it.

Small runs (pre-commit's handful of files) stay in one process: starting workers
costs more than checking a few files. Each worker prepares the settings once.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .cache import Cache, settings_key
from .config import Config
from .engine import Settings, check_source, display_path, prepare
from .findings import Finding, Span
from .prefilter import Prefilter
from .sources import read_source

# Below this many files to parse, one process is faster than a pool.
PARALLEL_THRESHOLD = 48
_CHUNK = 16


@dataclass
class RunStats:
    """What a run did, for the summary and the benchmark."""

    files: int = 0
    skipped: int = 0  # by the prefilter
    cached: int = 0
    checked: int = 0
    jobs: int = 1
    seconds: float = 0.0


def run(
    files: Sequence[Path],
    config: Config,
    *,
    jobs: int | None = None,
    cache_directory: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    use_prefilter: bool = True,
) -> tuple[list[Finding], RunStats]:
    """Findings for ``files`` (sorted) and what it took."""
    started = time.perf_counter()
    settings = prepare(config)
    prefilter = Prefilter.build(config.sinks, settings.registry)
    cache = (
        Cache(cache_directory, settings_key(_settings_parts(settings)))
        if cache_directory is not None
        else None
    )
    stats = RunStats(files=len(files))
    findings: list[Finding] = []
    pending: list[tuple[Path, str, tuple[str, bool], str | None]] = []
    for path in files:
        try:
            data = read_source(path)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            findings.append(
                Finding(
                    display_path(path),
                    Span(1, 1, 1, 1),
                    "RL902",
                    f"cannot read the file: {reason}",
                    statement=(1, 1),
                )
            )
            continue
        if use_prefilter and not prefilter.needs_check(data):
            stats.skipped += 1
            continue
        shown = display_path(path)
        module = settings.module_name(str(path))
        key = Cache.entry_key(shown, module, data) if cache is not None else None
        if cache is not None and key is not None:
            cached = cache.get(key, shown)
            if cached is not None:
                stats.cached += 1
                findings.extend(cached)
                continue
        pending.append((path, shown, module, key))
    stats.checked = len(pending)
    workers = _workers(jobs, len(pending))
    stats.jobs = workers
    for (_, _, _, key), result in zip(
        pending, _check_all(pending, settings, config, workers, progress), strict=True
    ):
        findings.extend(result)
        if cache is not None and key is not None:
            cache.put(key, result)
    if cache is not None:
        cache.prune()
    stats.seconds = time.perf_counter() - started
    return sorted(findings, key=Finding.sort_key), stats


def _workers(jobs: int | None, count: int) -> int:
    available = jobs if jobs is not None else (os.cpu_count() or 1)
    if available <= 1 or count < PARALLEL_THRESHOLD:
        return 1
    return min(available, max(1, count // _CHUNK))


def _check_all(
    pending: Sequence[tuple[Path, str, tuple[str, bool], str | None]],
    settings: Settings,
    config: Config,
    workers: int,
    progress: Callable[[int, int], None] | None,
) -> list[list[Finding]]:
    total = len(pending)
    if workers == 1:
        results = []
        for done, (path, shown, module, _) in enumerate(pending, start=1):
            results.append(_check_one(settings, path, shown, module))
            if progress is not None:
                progress(done, total)
        return results
    tasks = [(str(path), shown, module) for path, shown, module, _ in pending]
    with ProcessPoolExecutor(workers, initializer=_initialise, initargs=(config,)) as pool:
        results = []
        for done, result in enumerate(pool.map(_check_in_worker, tasks, chunksize=_CHUNK), start=1):
            results.append(result)
            if progress is not None:
                progress(done, total)
        return results


def _check_one(
    settings: Settings, path: Path, shown: str, module: tuple[str, bool]
) -> list[Finding]:
    try:
        data = read_source(path)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return [
            Finding(
                shown,
                Span(1, 1, 1, 1),
                "RL902",
                f"cannot read the file: {reason}",
                statement=(1, 1),
            )
        ]
    return check_source(shown, data, settings, module=module)


_WORKER_SETTINGS: Settings | None = None


def _initialise(config: Config) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = prepare(config)


def _check_in_worker(task: tuple[str, str, tuple[str, bool]]) -> list[Finding]:
    assert _WORKER_SETTINGS is not None
    path, shown, module = task
    return _check_one(_WORKER_SETTINGS, Path(path), shown, module)


def _settings_parts(settings: Settings) -> list[object]:
    config = settings.config
    schemas: list[tuple[str, bytes]] = []
    if config.schemas is not None and config.schemas.is_dir():
        schemas = sorted((p.name, p.read_bytes()) for p in config.schemas.glob("*.json"))
    return [
        config.sinks,
        config.select,
        config.ignore,
        config.per_file_ignores,
        settings.registry.module,
        schemas,
        sorted(settings.safe_types),
        str(config.root),
    ]
