"""Run ``redactlint check`` and ``redactlint fix --diff`` over over a million lines of
real packages and prove them reliable: no internal error, every RL901 on a file
``compile()`` rejects too, every fix compiles and is a fixed point, each process
under 300 MB resident.

Usage:
    python benchmarks/reliability_real_code.py [--download DIR] [--jobs N] [PACKAGE_DIR ...]

With ``--download DIR`` it fetches (or reuses, when already there) the sources of
Django, mlflow, dagster, sympy and parso (whose tests hold files that do not
compile) with ``pip download --no-binary :all: --no-deps`` into DIR. The packages
are checked as they are, with generic sinks declared in a ``pyproject.toml`` of its
own (``*.track``, ``*.capture``, ``*.emit``, ``*.record``), by the installed command
in a subprocess; its wall time and the peak resident memory of the command and of
each worker process are measured (``VmHWM`` of every process of the run, read from
``/proc`` while it runs, and the kernel's ``ru_maxrss`` of the largest process once
it has ended). The prefilter skips files that name no sink, so the runner checks
every file once more without it, in worker processes too, for the RL901 rule.
``fix --diff`` runs the same way; the files it would change are fixed again in
process to check that the result compiles and that a second fix changes nothing.

It prints the totals and exits 1 if any check fails. The opt-in test
``tests/reliability/test_real_code.py`` runs the same checks
(``REDACTLINT_REAL_CODE=DIR``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from redactlint.analysis.config import parse_config_file
from redactlint.analysis.engine import iter_python_files, prepare
from redactlint.analysis.prefilter import Prefilter

PACKAGES = ("Django==5.1.3", "mlflow==2.17.0", "dagster==1.9.2", "sympy==1.13.3", "parso==0.8.4")
PYPROJECT = """\
[tool.redactlint]

[[tool.redactlint.sinks]]
call = "*.track"

[[tool.redactlint.sinks]]
call = "*.capture"
event = "event"
properties = "properties"

[[tool.redactlint.sinks]]
call = "*.emit"

[[tool.redactlint.sinks]]
call = "*.record"
"""
LIMIT_MB = 300
COMMAND = Path(sys.executable).with_name("redactlint")


def download(directory: Path, packages: tuple[str, ...] = PACKAGES) -> list[Path]:
    """The extracted source trees of ``packages`` under ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    wanted = [spec.replace("==", "-").lower() for spec in packages]
    missing = [
        spec
        for spec, stem in zip(packages, wanted, strict=True)
        if not any(p.name.lower().replace("_", "-") == stem for p in directory.iterdir())
    ]
    if missing:
        subprocess.run(
            [
                *(sys.executable, "-m", "pip", "download", "-q"),
                *("--no-binary", ":all:", "--no-deps", "-d", str(directory), *missing),
            ],
            check=True,
        )
    roots = []
    for archive in sorted(directory.glob("*.tar.gz")):
        target = directory / archive.name.removesuffix(".tar.gz")
        if target.name.lower().replace("_", "-") not in wanted:
            continue
        if not target.exists():
            with tarfile.open(archive) as tar:
                tar.extractall(directory, filter="data")
        roots.append(target)
    return roots


@dataclass
class Measured:
    """One command run: its output, exit code, wall time and memory."""

    command: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # the largest process of the run (ru_maxrss)
    pid: int = 0
    processes: dict[int, float] = field(default_factory=dict)  # pid -> VmHWM in MB

    @property
    def main_mb(self) -> float:
        return self.processes.get(self.pid, 0.0)

    @property
    def workers_mb(self) -> list[float]:
        return [mb for pid, mb in sorted(self.processes.items()) if pid != self.pid]


def measure(command: list[str], cwd: Path) -> Measured:
    """Run ``command`` in a child process, sampling every process of its tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
        peaks: dict[int, float] = {}
        done = threading.Event()
        sampler = threading.Thread(target=_sample, args=(process.pid, peaks, done))
        sampler.start()
        returncode = process.wait()
        done.set()
        sampler.join()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss is in KiB on Linux; it only grows, so an earlier, larger child hides this one.
    peak = max(after, 0) / 1024 if after > before else max(peaks.values(), default=0.0)
    return Measured(command, returncode, stdout, stderr, seconds, peak, process.pid, peaks)


def _sample(root: int, peaks: dict[int, float], done: threading.Event) -> None:
    while not done.is_set():
        for pid in _tree(root):
            high = _vm_hwm(pid)
            if high is not None:
                peaks[pid] = max(peaks.get(pid, 0.0), high)
        done.wait(0.05)


def _tree(root: int) -> list[int]:
    pids, pending = [], [root]
    while pending:
        pid = pending.pop()
        pids.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
                pending.extend(int(child) for child in children)
        except OSError:
            continue
    return pids


def _vm_hwm(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


@dataclass
class Report:
    """What a run found, and what went wrong."""

    files: int = 0
    lines: int = 0
    findings: Counter[str] = field(default_factory=Counter)
    rl901_compile_rejects: int = 0
    compile_rejects_checked: int = 0
    fixes: int = 0
    fixed_files: int = 0
    fix_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    check: Measured | None = None
    unfiltered: Measured | None = None
    unfiltered_findings: Counter[str] = field(default_factory=Counter)
    fix: Measured | None = None


def run(roots: list[Path], jobs: int | None = None, verify_fixes: bool = True) -> Report:
    """Check and fix ``roots``; every reliability check recorded in the report."""
    report = Report()
    with tempfile.TemporaryDirectory() as scratch:
        config_path = Path(scratch) / "pyproject.toml"
        config_path.write_text(PYPROJECT, encoding="utf-8")
        config = parse_config_file(config_path)
        settings = prepare(config)
        files = [path for root in roots for path in iter_python_files([root], config)]
        report.files = len(files)
        report.lines = sum(path.read_bytes().count(b"\n") for path in files)
        base = Path(os.path.commonpath([str(root.resolve()) for root in roots]))
        common = ["--config", str(config_path)] + [str(root.resolve()) for root in roots]
        jobs_option = ["--jobs", str(jobs)] if jobs else []

        check = measure(
            [
                *(str(COMMAND), "check", "--format", "json", "--exit-zero", "--no-cache", "-q"),
                *jobs_option,
                *common,
            ],
            base,
        )
        report.check = check
        _expect_clean_exit("check", check, report)
        findings = json.loads(check.stdout)["findings"] if check.returncode == 0 else []
        report.findings = Counter(str(f["code"]) for f in findings)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the packages' own invalid escapes
            for finding in findings:
                if finding["code"] != "RL901":
                    continue
                path = base / str(finding["path"])
                if _compiles(path.read_bytes()):
                    report.failures.append(f"RL901 on a file compile() accepts: {path}")
                else:
                    report.rl901_compile_rejects += 1
            prefilter = Prefilter.build(config.sinks, settings.registry)
            reported = {
                (base / str(f["path"])).resolve()
                for f in findings
                if f["code"] in ("RL901", "RL902")
            }
            for path in files:
                data = path.read_bytes()
                if prefilter.needs_check(data) and not _compiles(data):
                    report.compile_rejects_checked += 1
                    # compile() checks more than the parser (return outside a
                    # function...): only a parse failure must be RL901.
                    if path.resolve() not in reported and not _parses(data):
                        report.failures.append(f"unparsable file without RL901: {path}")

        # The prefilter skips the files that mention no sink; check every file once more
        # without it (the runner's workers, in a process of its own) for the RL901 rule.
        unfiltered = measure(
            [sys.executable, str(Path(__file__).resolve()), "--unfiltered", *common], base
        )
        report.unfiltered = unfiltered
        _expect_clean_exit("check without prefilter", unfiltered, report)
        if unfiltered.returncode == 0:
            rows = json.loads(unfiltered.stdout)
            report.unfiltered_findings = Counter(code for _, code in rows)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for shown, code in rows:
                    if code == "RL901" and _compiles((base / shown).read_bytes()):
                        report.failures.append(f"RL901 on a file compile() accepts: {shown}")

        fix = measure([str(COMMAND), "fix", "--diff", *common], base)
        report.fix = fix
        _expect_clean_exit("fix --diff", fix, report)
        summary = [line for line in fix.stderr.splitlines() if line.startswith("would fix ")]
        words = summary[0].split() if summary else []
        if words[:2] == ["would", "fix"]:
            report.fixes, report.fixed_files = int(words[2]), int(words[5])
        report.fix_errors = [line for line in fix.stderr.splitlines() if ": not fixed: " in line]
        changed = sorted(
            {
                base / line[len("--- a/") :]
                for line in fix.stdout.splitlines()
                if line.startswith("--- a/")
            }
        )
        if len(changed) != report.fixed_files:
            report.failures.append(f"diff names {len(changed)} files, summary {report.fixed_files}")
        if verify_fixes:
            report.failures.extend(_verify_fixes(changed, settings))
    measured_runs = (
        ("check", report.check),
        ("check without prefilter", report.unfiltered),
        ("fix --diff", report.fix),
    )
    for name, measured in measured_runs:
        if measured is not None and measured.peak_mb > LIMIT_MB:
            report.failures.append(f"{name}: a process reached {measured.peak_mb:.0f} MB")
    return report


def _expect_clean_exit(name: str, measured: Measured, report: Report) -> None:
    if measured.returncode not in (0, 1) or "Traceback" in measured.stderr:
        report.failures.append(
            f"{name} exited {measured.returncode}: {measured.stderr.strip()[-2000:]}"
        )


def _compiles(data: bytes) -> bool:
    try:
        compile(data, "<file>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _parses(data: bytes) -> bool:
    """False when the parser rejects ``data`` (nesting too deep for this stack is not
    a syntax error: the checker retries it on a deeper one)."""
    import ast

    try:
        compile(data, "<file>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    except (RecursionError, MemoryError):
        return True
    return True


def _verify_fixes(paths: list[Path], settings: object) -> list[str]:
    """The fixed text of each file compiles and a second fix changes nothing."""
    from redactlint.analysis.engine import Settings, check_source
    from redactlint.codemod.fix import fix_files, fix_source

    assert isinstance(settings, Settings)
    failures = []
    for result in fix_files(paths, settings, write=False):
        if not result.changed:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                compile(result.fixed, str(result.path), "exec", dont_inherit=True)
            except (SyntaxError, ValueError) as error:
                failures.append(f"{result.path}: the fixed file does not compile: {error}")
                continue
        module = settings.module_name(str(result.path))
        again = [
            f
            for f in check_source(str(result.path), result.fixed.encode(), settings, module=module)
            if f.fix is not None
        ]
        if again and fix_source(result.path, result.fixed, again).changed:
            failures.append(f"{result.path}: a second fix changes it again")
    return failures


def describe(report: Report, roots: list[Path]) -> str:
    check, fix = report.check, report.fix
    assert check is not None and fix is not None
    rows = [
        f"packages: {', '.join(root.name for root in roots)}",
        f"{report.files} files, {report.lines} lines",
        f"check: exit {check.returncode}, {check.seconds:.1f} s wall, "
        f"{sum(report.findings.values())} findings "
        f"({', '.join(f'{c}: {n}' for c, n in sorted(report.findings.items())) or 'none'})",
        f"  RL901: {report.findings['RL901']}, each on a file compile() rejects: "
        f"{report.rl901_compile_rejects}",
        f"  files that mention a sink and do not compile: {report.compile_rejects_checked}",
        f"  peak resident memory: largest process {check.peak_mb:.0f} MB; command "
        f"{check.main_mb:.0f} MB; {len(check.workers_mb)} workers "
        f"{', '.join(f'{mb:.0f}' for mb in check.workers_mb) or '-'} MB",
        *_describe_unfiltered(report),
        f"fix --diff: exit {fix.returncode}, {fix.seconds:.1f} s wall, would fix "
        f"{report.fixes} findings in {report.fixed_files} files, "
        f"{len(report.fix_errors)} files not fixed",
        f"  peak resident memory: {fix.peak_mb:.0f} MB",
    ]
    rows += [f"  {line}" for line in report.fix_errors[:10]]
    rows += [f"FAIL {failure}" for failure in report.failures]
    rows.append("OK" if not report.failures else f"{len(report.failures)} failures")
    return "\n".join(rows)


def _describe_unfiltered(report: Report) -> list[str]:
    measured, found = report.unfiltered, report.unfiltered_findings
    if measured is None:
        return []
    return [
        f"check without prefilter (every file parsed and walked): exit {measured.returncode}, "
        f"{measured.seconds:.1f} s wall, {sum(found.values())} findings "
        f"({', '.join(f'{c}: {n}' for c, n in sorted(found.items())) or 'none'})",
        f"  RL901: {found['RL901']}, RL902: {found['RL902']}; "
        f"every RL901 on a file compile() rejects",
        f"  peak resident memory: largest process {measured.peak_mb:.0f} MB; "
        f"{len(measured.workers_mb)} workers "
        f"{', '.join(f'{mb:.0f}' for mb in measured.workers_mb) or '-'} MB",
    ]


def unfiltered_check(config_path: Path, roots: list[Path]) -> int:
    """``--unfiltered``: the runner on every file, prefilter off; prints (path, code) rows."""
    from redactlint.analysis.engine import InternalError
    from redactlint.analysis.runner import run as run_checker

    config = parse_config_file(config_path)
    files = [path for root in roots for path in iter_python_files([root], config)]
    try:
        findings, _ = run_checker(files, config, use_prefilter=False)
    except InternalError as error:
        print(f"internal error: {error}", file=sys.stderr)
        return 2
    print(json.dumps([(finding.path, finding.code) for finding in findings]))
    return 0


def main() -> int:
    if sys.argv[1:2] == ["--unfiltered"]:
        _, config_path, *roots = sys.argv[2:]
        return unfiltered_check(Path(config_path), [Path(root) for root in roots])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="*", type=Path)
    parser.add_argument("--download", type=Path, help="fetch (or reuse) the packages here")
    parser.add_argument("--jobs", type=int, help="worker processes (default: CPUs)")
    options = parser.parse_args()
    roots = list(options.roots)
    if options.download:
        roots += download(options.download)
    if not roots:
        parser.error("give package directories or --download DIR")
    report = run(roots, options.jobs)
    print(describe(report, roots))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
