"""Would asking a real type checker about the sink arguments still unknown pay for itself?

Usage:
    python benchmarks/deep_mode.py --download DIR --environments DIR [--package NAME ...]

For each product of the labelled corpus (``benchmarks/corpus/labels.json``), with its
dependencies installed (``environments.py``), it runs the checker, keeps the RL001
findings on values of unknown kind (the ones a type could settle), starts mypy's daemon
on the product (``dmypy run --export-types``, ``--check-untyped-defs``) and asks it the
type of each (``dmypy inspect --show type``). It prints, per product: the findings
asked about, how many mypy typed as not text (so a deep mode would drop them), how many
of those the labels call SAFE (false positives removed) and TRUE (leaks it would hide),
and the seconds mypy took against the checker's own.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from environments import ensure
from score_corpus import LABELS, character_column, download, overlaps, sinks_of

from redactlint.analysis.config import Config
from redactlint.analysis.engine import iter_python_files
from redactlint.analysis.runner import run

BIN = Path(sys.executable).parent
# Types a value of which carries no text of its own.
NOT_TEXT = re.compile(
    r"^(builtins\.)?(int|float|bool|complex|None|datetime\.\w+|decimal\.Decimal)"
    r"(\s*\|\s*(builtins\.)?(int|float|bool|None))*\??$"
)


def is_not_text(revealed: str) -> bool:
    return bool(NOT_TEXT.match(revealed.strip().strip('"')))


def measure(package: dict[str, Any], sites: list[dict[str, Any]], root: Path,
            environment: Path, verbose: bool = False) -> dict[str, Any]:
    config = Config(root=root, sinks=sinks_of(package), environment=environment)
    files = list(iter_python_files([root], config))
    started = time.perf_counter()
    findings, _ = run(files, config, jobs=1)
    checker = time.perf_counter() - started
    unknown = [f for f in findings if f.code == "RL001" and "unknown kind" in f.message]
    subprocess.run([str(BIN / "dmypy"), "stop"], cwd=root, capture_output=True, check=False)
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "dmypy"), "run", "--export-types", "--timeout", "3600", "--",
         "--python-executable", str(environment / "bin" / "python"), "--check-untyped-defs",
         "--ignore-missing-imports", "--no-error-summary", "."],
        cwd=root, capture_output=True, check=False,
    )
    typed = 0
    dropped: list[tuple[Any, str]] = []
    for finding in unknown:
        span = finding.span
        relative = Path(finding.path).resolve().relative_to(root.resolve())
        where = f"{relative}:{span.line}:{span.column}:{span.end_line}:{span.end_column - 1}"
        answer = subprocess.run(
            [str(BIN / "dmypy"), "inspect", "--show", "type", where],
            cwd=root, capture_output=True, text=True, check=False,
        ).stdout.strip()
        if answer and answer != '"Any"' and "Can't find" not in answer:
            typed += 1
        if is_not_text(answer):
            dropped.append((finding, answer))
    mypy = time.perf_counter() - started
    subprocess.run([str(BIN / "dmypy"), "stop"], cwd=root, capture_output=True, check=False)
    labels = {"SAFE": 0, "TRUE": 0, "DEBATABLE": 0, "unlabelled": 0}
    for finding, answer in dropped:
        relative = Path(finding.path).resolve().relative_to(root.resolve()).as_posix()
        label = "unlabelled"
        for site in sites:
            if site["file"] != relative:
                continue
            lines = (root / site["file"]).read_text(encoding="utf-8").split("\n")
            box = (site["line"], character_column(lines, site["line"], site["col"]),
                   site["end_line"], character_column(lines, site["end_line"], site["end_col"]))
            if overlaps(box, finding):
                label = site["label"]
                break
        labels[label] += 1
        if verbose:
            print(f"  {label:10} {relative}:{finding.span.line}:{finding.span.column}  "
                  f"mypy: {answer}")
    return {
        "asked": len(unknown), "typed": typed, "not text": len(dropped), **labels,
        "checker s": round(checker, 1), "mypy s": round(mypy, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--download", type=Path, required=True)
    parser.add_argument("--environments", type=Path, required=True)
    parser.add_argument("--package", action="append")
    parser.add_argument("--verbose", action="store_true",
                        help="list each value mypy typed as not text, with its label")
    options = parser.parse_args()
    corpus = json.loads(LABELS.read_text(encoding="utf-8"))
    download(options.download, corpus["packages"])
    for package in corpus["packages"]:
        if options.package and package["name"] not in options.package:
            continue
        environment = ensure(options.environments, package["name"], package["version"])
        if environment is None:
            continue
        sites = [s for s in corpus["sites"] if s["package"] == package["name"]]
        result = measure(package, sites, options.download / package["root"], environment,
                         options.verbose)
        print(f"{package['name']}: " + ", ".join(f"{k} {v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
