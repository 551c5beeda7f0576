"""The prefilter, the cache and the worker processes never change what is found."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from redactlint.analysis import runner
from redactlint.analysis.config import parse_config_file
from redactlint.analysis.engine import iter_python_files
from redactlint.analysis.findings import Finding
from redactlint.analysis.index import FORMAT, Index
from redactlint.analysis.prefilter import Prefilter
from redactlint.analysis.registry import Registry
from tests.analysis.project import Project, build_project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("runner")
    built = build_project(root)
    # Files with nothing to find, which the prefilter may skip.
    for index in range(30):
        (root / "app" / f"plain_{index}.py").write_text(f"VALUE = {index}\n", encoding="utf-8")
    return built


@pytest.fixture(autouse=True)
def in_project(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.root)


def run(project: Project, **options: object) -> list[Finding]:
    config = parse_config_file(project.root / "pyproject.toml")
    files = list(iter_python_files([project.root / "app"], config))
    findings, _ = runner.run(files, config, **options)  # type: ignore[arg-type]
    return findings


def test_prefilter_skips_files_but_no_finding(project: Project) -> None:
    everything = run(project, use_prefilter=False, jobs=1)
    assert everything, "the fixture corpus has findings"
    config = parse_config_file(project.root / "pyproject.toml")
    files = list(iter_python_files([project.root / "app"], config))
    _, stats = runner.run(files, config, jobs=1)
    assert stats.skipped >= 30
    assert run(project, jobs=1) == everything


def test_worker_processes_find_the_same(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the threshold is patched in this process only")
    monkeypatch.setattr(runner, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(runner, "_CHUNK", 1)
    config = parse_config_file(project.root / "pyproject.toml")
    files = list(iter_python_files([project.root / "app"], config))
    parallel, stats = runner.run(files, config, jobs=2, use_prefilter=False)
    assert stats.jobs == 2
    assert parallel == run(project, jobs=1, use_prefilter=False)


def test_workers_started_while_files_are_read_find_the_same(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The pool starts once enough files passed the prefilter, with skipped and cached
    files still to come; every result is kept, in order. The threshold is read only here,
    where the pool is started, so this holds whatever the start method."""
    alone = run(project, jobs=1)
    monkeypatch.setattr(runner, "PARALLEL_THRESHOLD", 3)
    monkeypatch.setattr(runner, "_CHUNK", 2)
    config = parse_config_file(project.root / "pyproject.toml")
    files = list(iter_python_files([project.root / "app"], config))
    cache = tmp_path / "cache"
    cold, stats = runner.run(files, config, jobs=2, cache_directory=cache)
    assert stats.jobs == 2 and stats.skipped >= 30 and cold == alone
    touched = project.root / "app" / "plain_0.py"
    original = touched.read_text(encoding="utf-8")
    try:
        touched.write_text(original + "import app.tracking\napp.tracking.note(input())\n",
                           encoding="utf-8")
        changed, stats = runner.run(files, config, jobs=2, cache_directory=cache)
        assert stats.checked == 1 and stats.jobs == 1
        assert [f for f in changed if f not in alone] and all(f in changed for f in alone)
    finally:
        touched.write_text(original, encoding="utf-8")


def test_cache_gives_the_same_findings_and_follows_changes(
    project: Project, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cold = run(project, cache_directory=cache, jobs=1)
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    config = parse_config_file(project.root / "pyproject.toml")
    files = list(iter_python_files([project.root / "app"], config))
    warm, stats = runner.run(files, config, cache_directory=cache, jobs=1)
    assert warm == cold and stats.checked == 0 and stats.cached > 0
    leaky = project.root / "app" / "fixtures" / "marking.py"
    original = leaky.read_bytes()
    try:
        leaky.write_bytes(original + b"\nfrom app.tracking import note\nnote(input())\n")
        changed, stats = runner.run(files, config, cache_directory=cache, jobs=1)
        assert stats.checked == 1
        assert len(changed) == len(cold) + 1
    finally:
        leaky.write_bytes(original)


def test_other_settings_are_pruned(project: Project, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run(project, cache_directory=cache, jobs=1)
    before = {p.name for p in (cache / FORMAT).iterdir()}
    config = parse_config_file(project.root / "pyproject.toml").with_overrides(ignore=("RL2",))
    files = list(iter_python_files([project.root / "app"], config))
    runner.run(files, config, cache_directory=cache, jobs=1)
    after = {p.name for p in (cache / FORMAT).iterdir()}
    assert len(after) == 1 and after.isdisjoint(before)


def _fill(cache_root: str, worker: int) -> None:
    from redactlint.analysis.index import FileResult

    for round_ in range(20):
        index = Index(Path(cache_root), "shared")
        index.store(f"{worker}-{round_}", FileResult([]))
        index.save()


def test_concurrent_writers_never_leave_a_broken_index(tmp_path: Path) -> None:
    processes = [multiprocessing.Process(target=_fill, args=(str(tmp_path), n)) for n in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    index = Index(tmp_path, "shared")
    assert index.results, "the last writer's results are there"
    json.loads(index.path.read_bytes().partition(b"\n")[2])
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_a_warm_run_reads_no_unchanged_file(project: Project, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    config = parse_config_file(project.root / "pyproject.toml")
    files = list(iter_python_files([project.root / "app"], config))
    cold, first = runner.run(files, config, cache_directory=cache, jobs=1)
    warm, second = runner.run(files, config, cache_directory=cache, jobs=1)
    assert first.read == len(files)
    assert (second.read, second.checked) == (0, 0)
    assert warm == cold


def _tracking_project(tmp_path: Path) -> Path:
    """A package ``app`` with the sink ``app.sink.track``."""
    root = tmp_path / "project"
    (root / "app").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.redactlint]\n[[tool.redactlint.sinks]]\ncall = "app.sink.track"\nredacts = true\n'
    )
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "sink.py").write_text("def track(*values):\n    pass\n")
    return root


def test_a_change_in_a_module_a_result_used_rechecks_the_file(tmp_path: Path) -> None:
    """The findings of a file depend on the modules it imports facts from."""
    root = _tracking_project(tmp_path)
    constants = root / "app" / "constants.py"
    constants.write_text('FLAVOR = "sklearn"\n')
    (root / "app" / "use.py").write_text(
        "from app.constants import FLAVOR\nfrom app.sink import track\n\ntrack(FLAVOR)\n"
    )
    config = parse_config_file(root / "pyproject.toml")
    cache = tmp_path / "cache"
    files = list(iter_python_files([root], config))
    clean, _ = runner.run(files, config, cache_directory=cache, jobs=1)
    assert clean == []
    constants.write_text("import os\nFLAVOR = os.environ['FLAVOR']\n")
    leaky, stats = runner.run(files, config, cache_directory=cache, jobs=1)
    assert [f.code for f in leaky] == ["RL001"]
    assert stats.checked == 1  # use.py, whose result used constants.py


def test_call_site_kinds_follow_the_callers(tmp_path: Path) -> None:
    """An unannotated parameter is what every caller passes; a new caller changes it."""
    root = _tracking_project(tmp_path)
    (root / "app" / "report.py").write_text(
        "from app.sink import track\n\n\ndef report(count):\n    track(count)\n"
    )
    caller = root / "app" / "caller.py"
    caller.write_text("from app.report import report\n\nreport(3)\nreport(len([]))\n")
    config = parse_config_file(root / "pyproject.toml")
    cache = tmp_path / "cache"
    files = list(iter_python_files([root], config))
    assert runner.run(files, config, cache_directory=cache, jobs=1)[0] == []
    assert runner.run(files, config, jobs=1)[0] == []  # the same without the cache
    caller.write_text(caller.read_text() + "report(input())\n")
    findings, _ = runner.run(files, config, cache_directory=cache, jobs=1)
    assert [(f.path.endswith("report.py"), f.code) for f in findings] == [(True, "RL001")]
    assert runner.run(files, config, jobs=1)[0] == findings


def test_a_one_file_run_finds_callers_in_files_added_since_the_last_run(
    tmp_path: Path,
) -> None:
    """The project's file list is kept while no directory changed; a new file (in a new
    directory too) is found, so is a removed one."""
    root = _tracking_project(tmp_path)
    report = root / "app" / "report.py"
    report.write_text("from app.sink import track\n\n\ndef report(count):\n    track(count)\n")
    (root / "app" / "caller.py").write_text("from app.report import report\n\nreport(3)\n")
    config = parse_config_file(root / "pyproject.toml")
    cache = tmp_path / "cache"

    def one_file() -> list[str]:
        findings, _ = runner.run([report], config, cache_directory=cache, jobs=1)
        return [f.code for f in findings]

    assert one_file() == []
    assert one_file() == []  # the listing kept
    package = root / "app" / "jobs"
    package.mkdir()
    (package / "__init__.py").write_text("")
    leaky = package / "nightly.py"
    leaky.write_text("from app.report import report\n\nreport(input())\n")
    assert one_file() == ["RL001"]
    leaky.unlink()
    assert one_file() == []


def test_prefilter_words() -> None:
    from redactlint.analysis.config import SinkSpec

    prefilter = Prefilter.build([SinkSpec("analytics.track"), SinkSpec("*.emit")], Registry())
    assert prefilter.needs_check(b"from analytics import track as t\n")
    assert prefilter.needs_check(b"import analytics.client\nanalytics.client.track(1)\n")
    assert prefilter.needs_check(b"from . import track\n")  # inside the sink's own package
    assert not prefilter.needs_check(b"def track(x):\n    return x\n")
    assert not prefilter.needs_check(b"import analytics\nanalytics.flush()\n")
    assert prefilter.needs_check(b"self.logger.emit(data)\n")
    assert prefilter.needs_check("label = '\u2039x'\n".encode())
    assert prefilter.needs_check(b"# redactlint: ignore[RL001] reason\n")
    assert prefilter.needs_check(b"# -*- coding: cp1252 -*-\nx = 1\n")
    assert not prefilter.needs_check(b"# -*- coding: utf-8 -*-\nx = 1\n")
    assert not prefilter.needs_check(b"import os\nprint(os.sep)\n")


def test_a_whole_project_run_forgets_the_results_of_old_contents(tmp_path: Path) -> None:
    root = _tracking_project(tmp_path)
    use = root / "app" / "use.py"
    use.write_text("from app.sink import track\n\ntrack(input())\n")
    config = parse_config_file(root / "pyproject.toml")
    cache = tmp_path / "cache"
    files = list(iter_python_files([root], config))
    for text in ("track(1)\n", "track(2)\n"):
        use.write_text("from app.sink import track\n\n" + text)
        runner.run(files, config, cache_directory=cache, jobs=1, project_files=files)
    index = next(cache.rglob("index.json"))
    stored = json.loads(index.read_bytes().partition(b"\n")[2])["results"]
    # use.py as it is now (not its earlier content too), and sink.py, which defines the sink
    assert len(stored) == 2
