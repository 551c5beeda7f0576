"""Run the checker over real packages: no crash, and findings to review by hand.

Usage:
    python benchmarks/real_code.py [--download DIR] [--sample N] [PACKAGE_DIR ...]

With ``--download DIR`` it fetches the sources of a few real packages with
``pip download --no-binary :all: --no-deps`` into DIR and checks them with
their event functions declared as sinks (dbt-core's tracking, jupyter_server's
event emits, any ``*.track``/``*.capture``/``*.emit``/``*.log_event`` call).
It prints totals, counts per code, a sample of findings, and fails if a file
crashed the checker or if an RL901 file actually compiles.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

from redactlint.analysis.config import Config, SinkSpec
from redactlint.analysis.engine import InternalError, check_file, iter_python_files, prepare

PACKAGES = ("dbt-core==1.8.7", "jupyter_server==2.14.2", "mlflow==2.17.0")
SINKS = (
    SinkSpec("dbt.tracking.track", event="action", properties="context"),
    SinkSpec("dbt.tracking.track_model_run", properties=0),
    SinkSpec("dbt.tracking.track_project_load", properties=0),
    SinkSpec("dbt.tracking.track_partial_parser", properties=0),
    SinkSpec("dbt.tracking.track_package_install", properties=2),
    SinkSpec("*.emit", event="schema_id", properties="data"),
    SinkSpec("*.track"),
    SinkSpec("*.capture"),
    SinkSpec("*.log_event"),
)


def download(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
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
            str(directory),
            *PACKAGES,
        ],
        check=True,
    )
    roots = []
    for archive in sorted(directory.glob("*.tar.gz")):
        target = directory / archive.name.removesuffix(".tar.gz")
        if not target.exists():
            with tarfile.open(archive) as tar:
                tar.extractall(directory, filter="data")
        roots.append(target)
    return roots


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="*", type=Path)
    parser.add_argument("--download", type=Path)
    parser.add_argument("--sample", type=int, default=25)
    options = parser.parse_args()
    roots = list(options.roots)
    if options.download:
        roots += download(options.download)
    if not roots:
        parser.error("give package directories or --download DIR")
    with tempfile.TemporaryDirectory() as empty:
        settings = prepare(Config(root=Path(empty), sinks=SINKS))
    files = [path for root in roots for path in iter_python_files([root], settings.config)]
    lines = 0
    findings = []
    crashes = []
    started = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        lines += data.count(b"\n")
        try:
            findings.extend(check_file(path, settings))
        except InternalError as error:
            crashes.append(str(error))
    elapsed = time.perf_counter() - started
    wrong_syntax = []
    for finding in findings:
        if finding.code == "RL901":
            try:
                compile(Path(finding.path).read_bytes(), finding.path, "exec")
                wrong_syntax.append(finding.path)
            except (SyntaxError, ValueError):
                pass
    counts = Counter(finding.code for finding in findings)
    print(f"{len(files)} files, {lines} lines, {elapsed:.1f} s, {len(findings)} findings")
    print("per code: " + ", ".join(f"{c}: {n}" for c, n in sorted(counts.items())))
    random.seed(0)
    for finding in random.sample(findings, min(options.sample, len(findings))):
        print(f"  {finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}")
    for crash in crashes:
        print(f"CRASH {crash}")
    for path in wrong_syntax:
        print(f"RL901 on a file that compiles: {path}")
    return 1 if crashes or wrong_syntax else 0


if __name__ == "__main__":
    sys.exit(main())
