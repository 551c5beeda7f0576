"""A whole run: stat every file, read only what changed, skip what cannot matter, reuse
what is still valid, and check the rest, in worker processes when there are enough.

1. Each file is stat'ed; one whose signature matches the index is not read: its content
   hash and prefilter verdict are known. The others are read, hashed and prefiltered.
2. A file the prefilter lets through reuses its last result when its content, every
   module file that result consulted and every call-site answer it used are unchanged.
3. The rest are checked (in workers for large runs). A check may ask for the call-site
   kinds of functions whose parameters are unannotated; those are answered in one pass
   over the project (``callsites``), and the files whose answers tell something are
   checked again with them.

Small runs (pre-commit's handful of files) stay in one process: starting workers costs
more than checking a few files. Each worker prepares the settings once.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .cache import settings_key
from .callsites import answer, files_containing
from .config import Config
from .engine import Settings, check_source_result, display_path, iter_python_files, prepare
from .findings import Finding
from .index import FileResult, Index, answers_to_json, content_hash, entry_key, value_from_json
from .prefilter import Prefilter, imports_telemetry_library
from .rules.rl902_undecodable import UndecodableFile
from .sources import read_source

# Parsing allocates millions of short-lived nodes, and the facts kept across files make a
# large heap: with the default thresholds, collections scanning it take more time than
# parsing. The checker makes few reference cycles, so it collects rarely.
_GC_THRESHOLD = (100_000, 50, 100)
# Below this many files to parse, one process is faster than a pool.
PARALLEL_THRESHOLD = 48
_CHUNK = 16

Task = tuple[Path, str, tuple[str, bool], str]  # path, shown path, module, result key


@dataclass
class RunStats:
    """What a run did, for the summary and the benchmark."""

    files: int = 0
    read: int = 0  # files whose bytes this run read (the others were unchanged)
    skipped: int = 0  # by the prefilter: they name no sink
    cached: int = 0  # results reused
    checked: int = 0  # parsed and walked
    jobs: int = 1
    seconds: float = 0.0
    # Each declared sink matched: the (path, line) of its calls.
    matched: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # about the configuration
    # The files checked that import a telemetry library (shown paths).
    telemetry: list[str] = field(default_factory=list)


def run(
    files: Sequence[Path],
    config: Config,
    *,
    jobs: int | None = None,
    cache_directory: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    use_prefilter: bool = True,
    project_files: Sequence[Path] | None = None,
) -> tuple[list[Finding], RunStats]:
    """Findings for ``files`` (sorted) and what it took. ``project_files`` are the files
    call sites are searched in (default: every file under the configuration's root)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLD)
    try:
        return _run(files, config, jobs, cache_directory, progress, use_prefilter, project_files)
    finally:
        gc.set_threshold(*thresholds)


def _run(
    files: Sequence[Path],
    config: Config,
    jobs: int | None,
    cache_directory: Path | None,
    progress: Callable[[int, int], None] | None,
    use_prefilter: bool,
    project_files: Sequence[Path] | None,
) -> tuple[list[Finding], RunStats]:
    started = time.perf_counter()
    settings = prepare(config, cache=cache_directory is not None)
    worth_checking = worth_checking_in(settings)
    index = (
        Index(cache_directory, settings_key(_settings_parts(settings)))
        if cache_directory is not None
        else None
    )
    stats = RunStats(files=len(files), warnings=settings.warnings)
    findings: list[Finding] = []
    results: dict[str, FileResult] = {}
    waiting: list[tuple[Task, FileResult]] = []  # cached, valid once their answers are
    pending: list[Task] = []
    shown_as: dict[str, str] = {}  # result key -> the path shown
    checker = _Checker(settings, config, jobs, len(files))
    for seen, path in enumerate(files, start=1):
        known = index.known(path) if index is not None else None
        if known is not None and (known[1] is not None or not use_prefilter):
            digest, verdict = known[0], bool(known[1])
        else:
            try:
                data = read_source(path)
            except OSError as error:
                findings.append(UndecodableFile.unreadable(display_path(path), error))
                continue
            stats.read += 1
            verdict = worth_checking(path, data)
            digest = index.record(path, data, verdict) if index else content_hash(data)
        if use_prefilter and not verdict:
            stats.skipped += 1
            continue
        shown = display_path(path)
        module = settings.module_name(str(path))
        task = (path, shown, module, entry_key(shown, module, digest))
        shown_as[task[3]] = shown
        cached = index.result(task[3], shown) if index is not None else None
        if cached is not None and index is not None and index.deps_unchanged(cached.used):
            if cached.questions:
                waiting.append((task, cached))
            else:
                results[task[3]] = cached
            continue
        pending.append(task)
        checker.add(task, seen)
    counted = _counted_over(progress, len(files) - len(pending))
    checked = dict(zip([task[3] for task in pending], checker.results(counted), strict=True))
    stats.jobs = checker.workers
    questions = {q for r in checked.values() for q in r.questions}
    questions |= {q for _, r in waiting for q in r.questions}
    recheck: list[Task] = []
    if questions:
        everything = (
            project_files if project_files is not None else _project_files(config, index)
        )
        current = _answers(settings, index, questions, everything)
        for task in pending:
            result = checked[task[3]]
            if any(current.get(q) for q in result.questions):
                recheck.append(task)
        for task, result in waiting:
            if all(result.answers.get(q, {}) == current.get(q, {}) for q in result.questions):
                results[task[3]] = result
            else:
                recheck.append(task)
    for task in recheck:  # in this process, which has the answers
        checked[task[3]] = _check_one(settings, task)
    stats.checked = len({t[3] for t in pending} | {t[3] for t in recheck})
    stats.cached = len(results)
    results.update(checked)
    for key, result in results.items():
        findings.extend(result.findings)
        for sink, line in result.matched:
            stats.matched.setdefault(sink, []).append((shown_as[key], line))
        if result.telemetry:
            stats.telemetry.append(shown_as[key])
        if index is not None and key in checked:
            index.store(key, result)
    for calls in stats.matched.values():
        calls.sort()
    if index is not None:
        if project_files is files:  # a run over the whole project: others are stale
            index.keep_only([*results, *(task[3] for task in pending)])
        index.save()
        index.prune()
        if settings.facts.cache is not None:
            settings.facts.cache.prune()
    stats.seconds = time.perf_counter() - started
    return sorted(findings, key=Finding.sort_key), stats


class ProjectCheck:
    """Check files one at a time in this process as a run over the project checks them:
    the questions a file asks of the project's call sites are answered (once, from every
    file of the project) before its findings are taken. ``fix`` checks what it rewrites
    so, and its fixes are those ``check`` reports."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._files: list[Path] | None = None

    def __call__(self, path: Path, data: bytes) -> list[Finding]:
        settings = self.settings
        shown, module = display_path(path), settings.module_name(str(path))
        findings = check_source_result(shown, data, settings, module).findings
        if not self.answer_asked():
            return findings
        return check_source_result(shown, data, settings, module).findings

    def answer_asked(self) -> bool:
        """Answer what the last check asked and was not answered yet; whether it asked
        anything new (then its findings may change: check it again)."""
        facts = self.settings.facts
        asked = {q for q in facts.questions if q not in facts.answers}
        if not asked:
            return False
        if self._files is None:
            self._files = _project_files(self.settings.config, None)
        _answers(self.settings, None, asked, self._files)
        return True

    def forget(self) -> None:
        """Files of the project changed: the answers are found again when next asked."""
        self._files = None
        self.settings.facts.answers.clear()
        self.settings.facts.learned()


def _project_files(config: Config, index: Index | None) -> list[Path]:
    """Every Python file of the project, where call sites are searched: as the index last
    listed them while no directory changed, else walked (a one-file run in a large
    project would spend most of its time walking)."""
    listed = index.listed(config.root) if index is not None else None
    if listed is not None:
        return listed
    directories: dict[str, int] = {}
    files = list(iter_python_files([config.root], config, directories))
    if index is not None:
        index.remember_listing(config.root, directories, files)
    return files


def worth_checking_in(settings: Settings) -> Callable[[Path, bytes], bool]:
    """Whether a file (its path and bytes) may hold a finding: it names a sink, an event
    class or the runtime (the prefilter), or it defines a declared sink, whose own
    calls of it are sink calls. Any other is skipped unparsed: it has nothing to report
    and nothing to fix."""
    config = settings.config
    prefilter = Prefilter.build(config.sinks, settings.registry, logging=config.logging)
    defining = _sink_modules(settings)
    names = {path.name for path in defining}  # resolving every skipped path costs a stat
    return lambda path, data: prefilter.needs_check(data) or (
        path.name in names and path.resolve() in defining
    ) or imports_telemetry_library(data)


def _sink_modules(settings: Settings) -> set[Path]:
    """The project files that define a declared sink: their own calls of it are sink calls,
    whether or not they name the sink's top-level package."""
    found: set[Path] = set()
    for defined in settings.matcher.canonical.values():
        parts = defined.split(".")
        for cut in (1, 2):
            if len(parts) > cut and settings.facts.in_project(".".join(parts[:-cut])):
                location = settings.facts.location(".".join(parts[:-cut]))
                if location is not None:
                    found.add(location[0].resolve())
                break
    return found


def _answers(
    settings: Settings, index: Index | None, questions: Iterable[str], files: Sequence[Path]
) -> dict[str, dict[str, list[object]]]:
    """The call-site answer of each function asked about, reusing the stored ones that
    still hold; ``settings.facts.answers`` gets them all."""
    facts = settings.facts
    todo: list[str] = []
    stored_answers = {
        qualname: index.answer(qualname) if index is not None else None
        for qualname in sorted(set(questions))
    }
    # A stored answer holds while the files it read are unchanged and every name it
    # searched (the function's, and its callers' when a parameter is passed on) is
    # named by the same files.
    consulted_names = sorted({
        name for stored in stored_answers.values()
        if stored for name in stored["files"]
    })
    searched = index.files_containing(files, consulted_names) if index is not None else {}
    for qualname, stored in stored_answers.items():
        if (
            stored is not None
            and index is not None
            and index.deps_unchanged(stored["used"])
            and all(sorted(map(str, searched[name])) == sorted(named)
                    for name, named in stored["files"].items())
        ):
            facts.answers[qualname] = {
                param: value_from_json(value) for param, value in stored["values"].items()
            }
            continue
        todo.append(qualname)
    names = sorted({qualname.rsplit(".", 1)[-1] for qualname in todo})
    if names:
        def search(more: list[str]) -> dict[str, list[Path]]:
            return (
                index.files_containing(files, more)
                if index is not None
                else files_containing(files, more)
            )

        where = search(names)
        for qualname in todo:
            facts.answers.pop(qualname, None)
            facts.used = {}
            consulted = answer(facts, [qualname], files, where, search)
            if index is not None:
                index.answers[qualname] = {
                    "values": answers_to_json(facts.answers.get(qualname, {})),
                    "used": facts.used,
                    "files": {name: sorted(str(p) for p in named)
                              for name, named in consulted.items()},
                }
                index.mark_dirty()
    facts.learned()
    return {
        qualname: answers_to_json(facts.answers.get(qualname, {})) for qualname in questions
    }


def _counted_over(
    progress: Callable[[int, int], None] | None, settled: int
) -> Callable[[int, int], None] | None:
    """The progress of the files still to check, counted over every file of the run
    (``settled``: those skipped, cached or unreadable), as the summary line counts."""
    if progress is None:
        return None
    report = progress

    def counted(done: int, total: int) -> None:
        report(done + settled, total + settled)

    return counted


class _Checker:
    """Checks the files the prefilter lets through as they are found: in this process
    for a small run, in worker processes once enough have come to pay for starting
    them, so the workers check while the rest of the project is still being read."""

    def __init__(self, settings: Settings, config: Config, jobs: int | None, files: int) -> None:
        self.settings, self.config, self.files = settings, config, files
        self.available = jobs if jobs is not None else (os.cpu_count() or 1)
        self.tasks: list[Task] = []
        self.futures: list[Future[list[FileResult]]] = []
        self.pool: ProcessPoolExecutor | None = None
        self.workers = 1

    def add(self, task: Task, seen: int) -> None:
        """``task`` found after ``seen`` of the run's files were looked at."""
        self.tasks.append(task)
        if self.pool is None and self.available > 1 and len(self.tasks) >= PARALLEL_THRESHOLD:
            # As many workers as the run is likely to keep busy, from the share of files
            # let through so far.
            expected = len(self.tasks) * self.files // max(seen, 1)
            self.workers = min(self.available, max(2, expected // _CHUNK))
            cache = self.settings.facts.cache is not None
            self.pool = ProcessPoolExecutor(
                self.workers, initializer=_initialise, initargs=(self.config, cache)
            )
        if self.pool is not None:
            self._submit(whole_chunks=True)

    def _submit(self, *, whole_chunks: bool) -> None:
        assert self.pool is not None
        done = len(self.futures) * _CHUNK
        while len(self.tasks) - done >= (_CHUNK if whole_chunks else 1):
            chunk = self.tasks[done:done + _CHUNK]
            self.futures.append(self.pool.submit(_check_chunk, chunk))
            done += len(chunk)

    def results(self, progress: Callable[[int, int], None] | None) -> list[FileResult]:
        """Every task's result, in the order they were added."""
        total = len(self.tasks)
        results: list[FileResult] = []
        if self.pool is None:
            for task in self.tasks:
                results.append(_check_one(self.settings, task))
                if progress is not None:
                    progress(len(results), total)
            return results
        try:
            self._submit(whole_chunks=False)
            for future in self.futures:
                results.extend(future.result())
                if progress is not None:
                    progress(len(results), total)
        finally:
            self.pool.shutdown(cancel_futures=True)
        return results


def _check_one(settings: Settings, task: Task) -> FileResult:
    path, shown, module, _ = task
    try:
        data = read_source(path)
    except OSError as error:
        return FileResult([UndecodableFile.unreadable(shown, error)])
    return check_source_result(shown, data, settings, module=module)


_WORKER_SETTINGS: Settings | None = None


def _initialise(config: Config, cache: bool) -> None:
    global _WORKER_SETTINGS
    gc.set_threshold(*_GC_THRESHOLD)
    _WORKER_SETTINGS = prepare(config, cache=cache)


def _check_chunk(tasks: list[Task]) -> list[FileResult]:
    assert _WORKER_SETTINGS is not None
    return [_check_one(_WORKER_SETTINGS, task) for task in tasks]


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
        config.enum_bases,
        config.public_api,
        config.logging,
        str(config.environment),
        settings.registry.module,
        schemas,
        sorted(settings.safe_types),
        str(config.root),
    ]
