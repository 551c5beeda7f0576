"""How fast is ``redactlint check`` against ruff, flake8 and grep on over a million lines?

Usage:
    python benchmarks/bench_check.py [--corpus DIR] [--runs N] [--skip-flake8]

Builds a corpus from real packages fetched with ``pip download --no-binary :all:
--no-deps`` (cached in ``--corpus``), copies it to a temporary directory, plants a
leaky and a clean sink call in 2% of the files, and measures in one run, each by
the median of ``--runs`` runs:

1. ``redactlint check``, cold (empty cache)
2. warm (cache full, nothing changed)
3. after touching 1% of the files
4. one file (the pre-commit case), including interpreter start (redactlint's bytecode
   written first, as installing it does)
5. ``ruff check --no-cache --isolated`` (its default rules)
6. ``flake8 --isolated`` (its defaults)
7. ``grep -rlF`` for the sink name (the floor: reading every byte)

It prints each time, the ratios to ruff and to grep, redactlint's peak memory,
and verifies that every planted leak was found.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

PACKAGES = ("Django==5.1.3", "sympy==1.13.3", "mlflow==2.17.0", "dagster==1.9.2")
SINK_MODULE = "bench_analytics"
PLANT = """

# Planted by benchmarks/bench_check.py
import {module} as _bench_analytics


def _bench_planted_{index}(value):
    _bench_analytics.track("bench.event", {{"query": value}})
    _bench_analytics.track("bench.event", {{"query": "constant"}})
"""
PYPROJECT = f'''[tool.redactlint]

[[tool.redactlint.sinks]]
call = "{SINK_MODULE}.track"
event = 0
properties = 1
'''
BIN = Path(sys.executable).parent


def fetch(corpus: Path) -> list[Path]:
    corpus.mkdir(parents=True, exist_ok=True)
    missing = [
        p
        for p in PACKAGES
        if not list(corpus.glob(p.split("==")[0] + "-*.tar.gz"))
        and not list(corpus.glob(p.split("==")[0].lower() + "-*.tar.gz"))
    ]
    if missing:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-binary",
                ":all:",
                "--no-deps",
                "-d",
                str(corpus),
                *missing,
            ],
            check=True,
        )
    roots = []
    for archive in sorted(corpus.glob("*.tar.gz")):
        name = archive.name.removesuffix(".tar.gz")
        if not any(name.lower().startswith(p.split("==")[0].lower()) for p in PACKAGES):
            continue
        target = corpus / name
        if not target.exists():
            with tarfile.open(archive) as tar:
                tar.extractall(corpus, filter="data")
        roots.append(target)
    return roots


def build(roots: list[Path], work: Path) -> tuple[list[Path], dict[Path, int]]:
    for root in roots:
        shutil.copytree(root, work / root.name, symlinks=True)
    (work / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    files = sorted(p for p in work.rglob("*.py") if p.is_file())
    chooser = random.Random(0)
    planted: dict[Path, int] = {}
    for index, path in enumerate(chooser.sample(files, max(1, len(files) // 50))):
        original = path.read_bytes()
        try:
            compile(original, str(path), "exec")
        except (SyntaxError, ValueError):
            continue
        text = original.decode("utf-8", "replace")
        line = text.count("\n") + 8  # the leaky call's line in PLANT
        with path.open("ab") as handle:
            handle.write(PLANT.format(module=SINK_MODULE, index=index).encode())
        planted[path.resolve()] = line
    return files, planted


def timed(command: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall time, peak RSS in KiB of the command and its children, and its stdout."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "out = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "elapsed = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "sys.stderr.write(out.stderr)\n"
        "print(elapsed, peak)\n"
        "print(out.stdout, end='')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *command], cwd=cwd, capture_output=True, text=True, check=True
    )
    first, _, rest = result.stdout.partition("\n")
    elapsed, peak = first.split()
    return float(elapsed), int(peak), rest


def compile_package() -> None:
    """Write redactlint's bytecode, as installing it does: a development checkout in an
    environment that writes none (``PYTHONDONTWRITEBYTECODE``) would otherwise compile
    every module again at each start, and time that instead of the check."""
    import redactlint

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(redactlint.__file__).parent)],
        check=True, capture_output=True,
    )


def median_of(
    runs: int, command: list[str], cwd: Path, before: object = None
) -> tuple[float, int, str]:
    times, peaks, output = [], [], ""
    for _ in range(runs):
        if callable(before):
            before()
        elapsed, peak, output = timed(command, cwd)
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), max(peaks), output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "rl-corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-flake8", action="store_true")
    options = parser.parse_args()
    roots = fetch(options.corpus)
    compile_package()
    with tempfile.TemporaryDirectory(prefix="rl-bench-") as temporary:
        work = Path(temporary)
        files, planted = build(roots, work)
        lines = sum(p.read_bytes().count(b"\n") for p in files)
        print(f"corpus: {len(files)} files, {lines} lines, {len(planted)} planted leaks")
        cache = work / ".bench-cache"
        redactlint = [
            str(BIN / "redactlint"),
            "check",
            "--format",
            "json",
            "--exit-zero",
            "--quiet",
            "--cache-dir",
            str(cache),
            ".",
        ]
        results: dict[str, tuple[float, int]] = {}

        def clear() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        cold, cold_peak, output = median_of(options.runs, redactlint, work, clear)
        results["redactlint cold"] = (cold, cold_peak)
        found = {
            (str((work / f["path"]).resolve()), f["line"])
            for f in json.loads(output)["findings"]
            if f["code"] == "RL001"
        }
        missed = [(p, n) for p, n in planted.items() if (str(p), n) not in found]
        results["redactlint warm"] = median_of(options.runs, redactlint, work)[:2]
        touched = random.Random(1).sample(files, max(1, len(files) // 100))

        def touch() -> None:
            for path in touched:
                with path.open("ab") as handle:
                    handle.write(b"\n# touched\n")

        results["redactlint 1% touched"] = median_of(options.runs, redactlint, work, touch)[:2]
        one = next(iter(planted))
        single = [str(BIN / "redactlint"), "check", "--quiet", "--exit-zero", str(one)]
        results["redactlint one file"] = median_of(options.runs, single, work)[:2]
        results["ruff"] = median_of(
            options.runs,
            [str(BIN / "ruff"), "check", "--no-cache", "--isolated", "--exit-zero", "-q", "."],
            work,
        )[:2]
        if not options.skip_flake8 and (BIN / "flake8").exists():
            flake8 = [
                str(BIN / "flake8"),
                "--isolated",
                "--exit-zero",
                "-q",
                "--select",
                "E,F,W,C90",
                ".",
            ]  # its defaults, without our own plugin
            results["flake8"] = median_of(1, flake8, work)[:2]
        results["grep"] = median_of(
            options.runs, ["grep", "-rlF", "--include=*.py", f"{SINK_MODULE}.track", "."], work
        )[:2]
    ruff = results["ruff"][0]
    grep = results["grep"][0]
    print(f"{'measure':<24} {'seconds':>8} {'/ruff':>7} {'/grep':>7} {'peak MiB':>9}")
    for name, (seconds, peak) in results.items():
        print(
            f"{name:<24} {seconds:8.2f} {seconds / ruff:7.2f} {seconds / grep:7.1f} "
            f"{peak / 1024:9.0f}"
        )
    print(
        f"cpu count: {os.cpu_count()}; planted leaks found: {len(planted) - len(missed)}"
        f"/{len(planted)}"
    )
    for path, line in missed:
        print(f"MISSED {path}:{line}")
    return 1 if missed else 0


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"benchmark took {time.perf_counter() - started:.0f} s")
    sys.exit(code)
