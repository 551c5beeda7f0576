"""Check four real products' telemetry: no crash, counts per rule, findings to read by hand.

Usage:
    python benchmarks/real_code.py --download DIR [--environments DIR] [--sample N]
                                   [--show CODE] [--json FILE]

With ``--download DIR`` it fetches the sources of jupyter_server, dbt-core, mlflow and
apache-superset with ``pip download --no-binary :all: --no-deps`` into DIR (once) and
checks each as its own project, with its event functions declared as sinks the way a
new user would declare them. It prints, per product and in total, the files read and
skipped, the findings per rule, a seeded sample of findings to read by hand, and fails
if a file crashed the checker or an RL901 file actually compiles. With ``--environments
DIR`` each product is checked with its dependencies installed in ``DIR/<name>`` (made
once, see ``environments.py``), as its own developers would check it.

The findings are then scored against ``corpus/real_code_findings.json``, where each
finding of an earlier run was read by hand and labelled TRUE, FALSE or DEBATABLE: it
prints the count of each label still reported, the share of FALSE, the labelled
findings no longer reported, and the new findings nobody has read yet (read them).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tarfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from redactlint.analysis.config import Config, SinkSpec
from redactlint.analysis.engine import InternalError, iter_python_files
from redactlint.analysis.findings import Finding
from redactlint.analysis.runner import run

sys.path.insert(0, str(Path(__file__).parent))
from environments import ensure


@dataclass(frozen=True)
class Product:
    requirement: str  # NAME==VERSION, as pip downloads it
    package: str  # the import package inside the sdist
    sinks: tuple[SinkSpec, ...]


PRODUCTS = (
    Product(
        "jupyter_server==2.21.1",
        "jupyter_server",
        (
            # jupyter_events validates each event against its registered JSON Schema:
            # declared, the fix keeps the schema's own words in a payload it redacts.
            SinkSpec("jupyter_events.EventLogger.emit", event="schema_id", properties="data",
                     schema='{"properties": $receiver.schemas.get($event).properties}'),
            # The product's own wrappers, which pass their data on to the event logger.
            SinkSpec("jupyter_server.services.contents.manager.ContentsManager.emit",
                     properties="data"),
            SinkSpec("jupyter_server.gateway.gateway_client.GatewayClient.emit",
                     properties="data"),
            SinkSpec("jupyter_server.services.kernels.kernelmanager.ServerKernelManager.emit",
                     event="schema_id", properties="data"),
        ),
    ),
    Product(
        "dbt-core==1.12.3",
        "dbt",
        (
            SinkSpec("dbt.tracking.track", event="action", properties="context"),
            *(
                SinkSpec(f"dbt.tracking.{name}", properties=0)
                for name in (
                    "track_project_id",
                    "track_adapter_info",
                    "track_invocation_start",
                    "track_project_load",
                    "track_resource_counts",
                    "track_model_run",
                    "track_rpc_request",
                    "track_deprecation_warn",
                    "track_behavior_change_warn",
                    "track_invocation_end",
                    "track_experimental_parser_sample",
                    "track_partial_parser",
                    "track_plugin_get_nodes",
                    "track_runnable_timing",
                    "track_artifact_upload",
                )
            ),
            SinkSpec("dbt.tracking.track_package_install", properties=2),
            SinkSpec("dbt.tracking.track_invalid_invocation", properties="args"),
            SinkSpec("dbt.tracking.track_hint_view"),
        ),
    ),
    Product(
        "mlflow==3.18.0",
        "mlflow",
        (
            SinkSpec("mlflow.telemetry.track._record_event", event=0, properties=1),
            SinkSpec("mlflow.telemetry.track.record_usage_event", event=0, decorator=True),
        ),
    ),
    Product(
        "apache-superset==6.1.0",
        "superset",
        (
            # Declared once: ``from superset import event_logger`` re-exports it.
            *(SinkSpec(f"superset.extensions.event_logger.{method}", event="action")
              for method in ("log_with_context", "log_context")),
            SinkSpec("superset.extensions.event_logger.log_this_with_context",
                     event="action", decorator=True),
            *(SinkSpec(f"superset.extensions.event_logger.{method}", decorator=True)
              for method in ("log_this", "log_this_with_extra_payload")),
            # The payload updater the decorators hand to views, and the one
            # ``log_context`` yields.
            SinkSpec("add_extra_log_payload"),
            SinkSpec("log"),
        ),
    ),
)


def download(directory: Path, products: Iterable[Product] = PRODUCTS) -> dict[str, Path]:
    """The extracted sdist of each product, downloaded once into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    roots: dict[str, Path] = {}
    for product in products:
        name, version = product.requirement.split("==")
        stem = f"{name.replace('-', '_')}-{version}"
        archive = directory / f"{stem}.tar.gz"
        if not archive.exists():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "-q", "--no-binary", ":all:",
                 "--no-deps", "-d", str(directory), product.requirement],
                check=True,
            )
        target = directory / stem
        if not target.exists():
            with tarfile.open(archive) as tar:
                tar.extractall(directory, filter="data")
        roots[product.requirement] = target
    return roots


def product_environment(environments: Path | None, product: Product) -> Path | None:
    """The product's virtual environment under ``environments`` (made once), else None."""
    if environments is None:
        return None
    name, version = product.requirement.split("==")
    return ensure(environments, name, version)


def check_product(
    product: Product, root: Path, environment: Path | None = None
) -> tuple[list[Finding], dict[str, object]]:
    config = Config(root=root, sinks=product.sinks, environment=environment)
    files = list(iter_python_files([root / product.package], config))
    started = time.perf_counter()
    findings, stats = run(files, config, jobs=1)
    elapsed = time.perf_counter() - started
    lines = sum(path.read_bytes().count(b"\n") for path in files)
    return findings, {
        "files": len(files), "lines": lines, "read": stats.checked, "skipped": stats.skipped,
        "seconds": round(elapsed, 2), "matched": stats.matched,
    }


READ_BY_HAND = Path(__file__).parent / "corpus" / "real_code_findings.json"


def score(rows: list[dict[str, object]], labels: Path = READ_BY_HAND) -> None:
    """Print how the findings in ``rows`` compare with the ones read by hand."""
    def key(row: dict[str, object]) -> tuple[object, ...]:
        return tuple(row[name] for name in ("product", "path", "line", "column", "code"))

    read = {key(row): row for row in json.loads(labels.read_text("utf-8"))["findings"]}
    reported = {key(row) for row in rows}
    labels = Counter(str(read[k]["label"]) for k in reported if k in read)
    unread = [row for row in rows if key(row) not in read]
    gone = Counter(str(row["label"]) for k, row in read.items() if k not in reported)
    false = labels["FALSE"] / len(rows) * 100 if rows else 0.0
    print(f"== read by hand: TRUE {labels['TRUE']}, FALSE {labels['FALSE']}, DEBATABLE "
          f"{labels['DEBATABLE']}, not read yet {len(unread)}: {false:.1f} % false positives")
    print("   no longer reported: " + (", ".join(
        f"{label} {count}" for label, count in sorted(gone.items())) or "none"))
    for row in unread:
        print(f"   not read yet: {row['product']} {row['path']}:{row['line']}:{row['column']} "
              f"{row['code']} {row['source']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--download", type=Path, required=True)
    parser.add_argument("--environments", type=Path, help="one virtual environment a product")
    parser.add_argument("--sample", type=int, default=20, help="findings to print per product")
    parser.add_argument("--show", help="print every finding of this code (or prefix)")
    parser.add_argument("--json", type=Path, help="write every finding here, for review")
    options = parser.parse_args()
    roots = download(options.download)
    total: Counter[str] = Counter()
    crashes: list[str] = []
    wrong_syntax: list[str] = []
    rows: list[dict[str, object]] = []
    random.seed(0)
    for product in PRODUCTS:
        root = roots[product.requirement]
        environment = product_environment(options.environments, product)
        try:
            findings, stats = check_product(product, root, environment)
        except InternalError as error:
            crashes.append(str(error))
            continue
        counts = Counter(f.code for f in findings)
        total.update(counts)
        matched = stats.pop("matched")
        assert isinstance(matched, dict)
        print(f"== {product.requirement}: {stats['files']} files ({stats['read']} read, "
              f"{stats['skipped']} skipped), {stats['lines']} lines, {stats['seconds']} s, "
              f"{len(findings)} findings")
        print("   per rule: " + ", ".join(f"{c}: {n}" for c, n in sorted(counts.items())))
        print("   matched calls per declared sink:")
        for spec in product.sinks:
            print(f"   {len(matched.get(spec.call, [])):6d}  {spec.call}")
        shown = [f for f in findings if options.show and f.code.startswith(options.show)]
        shown = shown or random.sample(findings, min(options.sample, len(findings)))
        for finding in shown:
            print(f"   {finding.path}:{finding.line}:{finding.column}: {finding.code} "
                  f"{finding.message}")
        for finding in findings:
            lines = Path(finding.path).read_text(encoding="utf-8", errors="replace").split("\n")
            rows.append({"product": product.requirement,
                         "path": str(Path(finding.path).resolve().relative_to(root.resolve())),
                         "line": finding.line, "column": finding.column, "code": finding.code,
                         "message": finding.message,
                         "source": lines[finding.line - 1].strip()[:160]})
            if finding.code == "RL901":
                try:
                    compile(Path(finding.path).read_bytes(), finding.path, "exec")
                    wrong_syntax.append(finding.path)
                except (SyntaxError, ValueError):
                    pass
    print(f"== total: {sum(total.values())} findings; "
          + ", ".join(f"{c}: {n}" for c, n in sorted(total.items())))
    if not crashes:
        score(rows)
    if options.json:
        options.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    for crash in crashes:
        print(f"CRASH {crash}")
    for path in wrong_syntax:
        print(f"RL901 on a file that compiles: {path}")
    return 1 if crashes or wrong_syntax else 0


if __name__ == "__main__":
    sys.exit(main())
