"""What ``redactlint init`` proposes on real products, against the sinks they are known
to have.

Usage:
    python benchmarks/init_real_code.py --download DIR [--product NAME ...]

With ``--download DIR`` it fetches the sources of jupyter_server, dbt-core, meltano,
apache-superset and mlflow with ``pip download --no-binary :all: --no-deps`` into DIR
(once; an sdist already extracted there is used as it is), runs ``redactlint init
--dry-run --yes`` on each extracted sdist, checks that nothing was written, and prints
what it proposes (call, origin, number of calls, examples), what it lists as only named
like a sink, and which of the product's known sinks it found or missed. The known sinks
are the ones a person found by reading each product's telemetry code.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from redactlint.cli import main as redactlint
from redactlint.init.discover import discover


@dataclass(frozen=True)
class Product:
    requirement: str  # NAME==VERSION, as pip downloads it
    known: tuple[str, ...]  # the calls of its telemetry, as a declaration ends


_DBT_TRACKING = (
    "track", "track_project_id", "track_adapter_info", "track_invocation_start",
    "track_project_load", "track_resource_counts", "track_model_run", "track_rpc_request",
    "track_package_install", "track_deprecation_warn", "track_behavior_change_warn",
    "track_invocation_end", "track_invalid_invocation", "track_experimental_parser_sample",
    "track_partial_parser", "track_plugin_get_nodes", "track_runnable_timing",
    "track_artifact_upload", "track_hint_view",
)
_MELTANO_TRACKER = (
    "track_command_event", "track_block_event", "track_exit_event",
    "track_telemetry_state_change_event", "track_unstruct_event",
)

PRODUCTS = (
    Product("jupyter_server==2.21.1", (
        "jupyter_events.EventLogger.emit",
        # The product's own wrappers, which pass their data on to the event logger.
        "jupyter_server.services.contents.manager.ContentsManager.emit",
        "jupyter_server.gateway.gateway_client.GatewayClient.emit",
        "jupyter_server.services.kernels.kernelmanager.ServerKernelManager.emit",
    )),
    Product("dbt-core==1.12.3", (
        "snowplow_tracker.Tracker.track", *(f"dbt.tracking.{name}" for name in _DBT_TRACKING),
    )),
    Product("meltano==4.4.1", (
        "snowplow_tracker.Tracker.track",
        *(f"meltano.core.tracking.tracker.Tracker.{name}" for name in _MELTANO_TRACKER),
    )),
    Product("apache-superset==6.1.0", tuple(
        f"event_logger.{method}" for method in (
            "log_with_context", "log_context", "log_this_with_context", "log_this",
            "log_this_with_extra_payload",
        )
    )),
    Product("mlflow==3.18.0", (
        "mlflow.telemetry.track._record_event", "mlflow.telemetry.track.record_usage_event",
    )),
)


def download(directory: Path, requirement: str) -> Path:
    """The extracted sdist of ``requirement``, downloaded once into ``directory``."""
    name, version = requirement.split("==")
    stem = f"{name.replace('-', '_')}-{version}"
    target = directory / stem
    if target.is_dir():
        return target
    directory.mkdir(parents=True, exist_ok=True)
    archive = directory / f"{stem}.tar.gz"
    if not archive.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-binary", ":all:",
             "--no-deps", "-d", str(directory), requirement],
            check=True,
        )
    with tarfile.open(archive) as tar:
        tar.extractall(directory, filter="data")
    return target


def _state(root: Path) -> tuple[bytes | None, bool, bool]:
    pyproject = root / "pyproject.toml"
    return (pyproject.read_bytes() if pyproject.exists() else None,
            (root / "schemas").exists(), (root / ".pre-commit-config.yaml").exists())


def report(product: Product, root: Path) -> tuple[int, int]:
    """Print what init proposes for ``root``; the known sinks found, and known."""
    before = _state(root)
    started = time.perf_counter()
    result = CliRunner().invoke(redactlint, ["init", "--dry-run", "--yes", str(root)])
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(f"{product.requirement}: init exited {result.exit_code}:\n"
                         f"{result.output}")
    if _state(root) != before:
        raise SystemExit(f"{product.requirement}: init --dry-run wrote to {root}")
    found = discover(root)  # the same walk again, for the comparison
    print(f"== {product.requirement}: {found.files} files, {elapsed:.1f} s, "
          f"{len(found.proposals)} proposed, {len(found.unlikely)} only named like a sink, "
          f"{len(found.logging)} logging calls, {len(found.skipped)} files skipped")
    for line in result.output.splitlines():
        if line.startswith(("Would", "Not changed")):
            break
        if not line.startswith("Read "):
            print(f"   {line}")
    calls = [p.call for p in found.proposals]
    hits = [known for known in product.known
            if any(call == known or call.endswith("." + known) for call in calls)]
    missed = [known for known in product.known if known not in hits]
    extra = [call for call in calls
             if not any(call == known or call.endswith("." + known) for known in product.known)]
    print(f"   known sinks proposed: {len(hits)}/{len(product.known)}"
          + (f"; missed: {', '.join(missed)}" if missed else ""))
    print(f"   proposed, not among the known sinks ({len(extra)}): {', '.join(extra) or '-'}")
    return len(hits), len(product.known)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--download", type=Path, required=True)
    parser.add_argument("--product", action="append",
                        help="a product's name (jupyter_server, dbt-core...); default all")
    options = parser.parse_args()
    chosen = [p for p in PRODUCTS
              if not options.product or p.requirement.split("==")[0] in options.product]
    hits = known = 0
    for product in chosen:
        found, of = report(product, download(options.download, product.requirement))
        hits, known = hits + found, known + of
    print(f"== known sinks proposed: {hits}/{known}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
