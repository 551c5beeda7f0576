"""Precision and recall of the checker on the labelled corpus of real sink arguments.

Usage:
    python benchmarks/score_corpus.py --download DIR [--environments DIR] [--verbose] [--check]

``benchmarks/corpus/labels.json`` lists sink arguments of seven real products, each
labelled by hand: TRUE (text that can carry user or customer data: it must be
reported), SAFE (it must not be) or DEBATABLE (kept out of the score, counted apart).
The sdists are fetched with ``pip download --no-binary :all: --no-deps`` into DIR
(once), each product is checked as its own project with the sinks the labels give,
and a labelled argument counts as reported when a marking finding (RL001, RL002,
RL003) overlaps its span. With ``--environments DIR`` each product is checked as its
users would check it, with its dependencies installed in ``DIR/<name>`` (made once, see
``environments.py``), so third-party classes and enum bases are read from there.
It prints, per product and in total, the counts, precision
and recall; ``--verbose`` lists every miss and every false positive with the
labeller's reason; ``--check`` exits 1 unless recall is 100 % and precision at least
95 %.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from redactlint.analysis.config import Config, Parameter, SinkSpec
from redactlint.analysis.engine import iter_python_files
from redactlint.analysis.findings import Finding
from redactlint.analysis.runner import run

sys.path.insert(0, str(Path(__file__).parent))
from environments import ensure

LABELS = Path(__file__).parent / "corpus" / "labels.json"
MARKING_CODES = frozenset({"RL001", "RL002", "RL003"})
SOURCE_DIRECTORIES = ("src",)


def parameter(value: Any) -> Parameter | None:
    if value is None:
        return None
    return Parameter(value.get("name"), value.get("position"))


def sinks_of(package: dict[str, Any]) -> tuple[SinkSpec, ...]:
    return tuple(
        SinkSpec(sink["call"], parameter(sink.get("event")), parameter(sink.get("properties")))
        for sink in package["sinks"]
    )


def download(directory: Path, packages: list[dict[str, Any]]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for package in packages:
        target = directory / package["root"]
        if target.exists():
            continue
        archive = directory / f"{package['root']}.tar.gz"
        if not archive.exists():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "-q", "--no-binary", ":all:",
                 "--no-deps", "-d", str(directory), f"{package['name']}=={package['version']}"],
                check=True,
            )
        with tarfile.open(archive) as tar:
            tar.extractall(directory, filter="data")


def character_column(lines: list[str], line: int, byte_column: int) -> int:
    """1-based character column of a UTF-8 byte offset (as ``ast`` counts)."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return len(text.encode("utf-8")[:byte_column].decode("utf-8", "ignore")) + 1


def overlaps(site: tuple[int, int, int, int], finding: Finding) -> bool:
    span = finding.span
    start, end = (site[0], site[1]), (site[2], site[3])
    found_start, found_end = (span.line, span.column), (span.end_line, span.end_column)
    return found_start < end and start < found_end


def score_package(
    package: dict[str, Any],
    sites: list[dict[str, Any]],
    directory: Path,
    environment: Path | None = None,
) -> tuple[list[tuple[dict[str, Any], list[Finding]]], int]:
    """Each labelled site with the findings on it, and the count of unlabelled findings."""
    root = directory / package["root"]
    config = Config(root=root, sinks=sinks_of(package), environment=environment)
    files = list(iter_python_files([root], config))
    findings, _ = run(files, config, jobs=1)
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.code in MARKING_CODES:
            relative = Path(finding.path).resolve().relative_to(root.resolve()).as_posix()
            by_file[relative].append(finding)
    results = []
    matched: set[Finding] = set()
    for site in sites:
        lines = (root / site["file"]).read_text(encoding="utf-8").split("\n")
        span = (
            site["line"], character_column(lines, site["line"], site["col"]),
            site["end_line"], character_column(lines, site["end_line"], site["end_col"]),
        )
        hits = [f for f in by_file.get(site["file"], []) if overlaps(span, f)]
        matched.update(hits)
        results.append((site, hits))
    unlabelled = sum(len(found) for found in by_file.values()) - len(matched)
    return results, unlabelled


def ratio(numerator: int, denominator: int) -> str:
    return f"{100 * numerator / denominator:.1f} %" if denominator else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--download", type=Path, required=True)
    parser.add_argument("--environments", type=Path)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--check", action="store_true")
    options = parser.parse_args()
    corpus = json.loads(LABELS.read_text(encoding="utf-8"))
    download(options.download, corpus["packages"])
    total: Counter[str] = Counter()
    print(f"{'product':<28} {'TP':>4} {'FN':>4} {'FP':>4} {'TN':>4} {'debatable':>14} "
          f"{'precision':>10} {'recall':>8} {'other findings':>15}")
    for package in corpus["packages"]:
        sites = [s for s in corpus["sites"] if s["package"] == package["name"]]
        environment = None
        if options.environments is not None:
            environment = ensure(options.environments, package["name"], package["version"])
        results, unlabelled = score_package(package, sites, options.download, environment)
        counts: Counter[str] = Counter()
        for site, hits in results:
            label, reported = site["label"], bool(hits)
            key = {("TRUE", True): "TP", ("TRUE", False): "FN", ("SAFE", True): "FP",
                   ("SAFE", False): "TN", ("DEBATABLE", True): "D+",
                   ("DEBATABLE", False): "D-"}[(label, reported)]
            counts[key] += 1
            if options.verbose and key in ("FN", "FP"):
                print(f"  {key} {package['name']} {site['file']}:{site['line']}:{site['col']} "
                      f"{site['text']!r}: {site['why']}")
                for hit in hits:
                    print(f"      reported {hit.code}: {hit.message}")
        total.update(counts)
        total["other"] += unlabelled
        name = f"{package['name']}=={package['version']}"
        print(f"{name:<28} {counts['TP']:>4} {counts['FN']:>4} {counts['FP']:>4} "
              f"{counts['TN']:>4} {counts['D+']:>5} reported/{counts['D-']:<3} "
              f"{ratio(counts['TP'], counts['TP'] + counts['FP']):>10} "
              f"{ratio(counts['TP'], counts['TP'] + counts['FN']):>8} {unlabelled:>15}")
    precision = ratio(total["TP"], total["TP"] + total["FP"])
    recall = ratio(total["TP"], total["TP"] + total["FN"])
    print(f"{'total':<28} {total['TP']:>4} {total['FN']:>4} {total['FP']:>4} {total['TN']:>4} "
          f"{total['D+']:>5} reported/{total['D-']:<3} {precision:>10} {recall:>8} "
          f"{total['other']:>15}")
    scored = sum(total[k] for k in ("TP", "FN", "FP", "TN"))
    print(f"precision {precision}, recall {recall} over {scored} scored sink arguments "
          f"({total['D+'] + total['D-']} debatable kept apart)")
    passed = total["FN"] == 0 and total["TP"] >= 0.95 * (total["TP"] + total["FP"])
    return 0 if passed or not options.check else 1


if __name__ == "__main__":
    sys.exit(main())
