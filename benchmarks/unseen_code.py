"""Check products the checker was never tuned on and score the findings read by hand.

Usage:
    python benchmarks/unseen_code.py --download DIR [--environments DIR] [--json FILE]
                                     [--only NAME ...]

It fetches each product (its sdist, or its wheel where the sdist does not build
without its toolchain) into DIR once, declares its analytics as sinks the way a new
user would, checks each as its own project (without an environment, a new user's first
run; with ``--environments``, each product's dependencies installed, as its developers
have them, see ``environments.py``) and compares the findings with the frozen labels
under ``corpus/unseen_findings*.json``, in batches, each labelled before any change made
for its products: every finding of the first run was read by hand by a reviewer who
had not worked on the checker, and the leaks no finding covered are listed (``missed``).
It prints TRUE, FALSE and DEBATABLE still reported, the share of FALSE, what is no
longer reported, the new findings nobody has read yet and the missed leaks now
reported. It exits 1 if a product crashed the checker.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from redactlint.adoption.gate import unchecked_vendor_calls
from redactlint.analysis.config import Config, Parameter, SinkSpec
from redactlint.analysis.engine import InternalError, iter_python_files
from redactlint.analysis.runner import run

sys.path.insert(0, str(Path(__file__).parent))
from environments import ensure

CORPUS = Path(__file__).parent / "corpus"
# The first two products' labels, then the next four's, the next two's, the next four's
# (5 and 6: the findings changes brought), the next three's (8: the same), then the
# eighth batch's four (9, and 10: a leak its reviewer listed) and the ninth batch's four
# (11, and 12: the same), each frozen before any change made for its products and read
# the same way; 13 to 15: what checking a declared sink's own additions (what it passes
# on, what a function it hands its parameters to returns) and the parameters a
# decorator sink names brought; 16: skypilot's usage messages declared as sent whole
# (``fields = true``); 17: the tenth batch, four products; 18: ultralytics' calls of
# its ``events`` object, matched once an object's declared ``__call__`` was; 19: the
# eleventh batch, four products; 20: soda-core's sinks' own bodies, checked once its
# namespace package ``soda_core.telemetry`` was named as Python imports it; 21: the
# twelfth batch, four products, read on the checker as the session that made 16 to 20
# left it.
LABELS = (
    CORPUS / "unseen_findings.json",
    CORPUS / "unseen_findings_2.json",
    CORPUS / "unseen_findings_3.json",
    CORPUS / "unseen_findings_4.json",
    CORPUS / "unseen_findings_5.json",
    CORPUS / "unseen_findings_6.json",
    CORPUS / "unseen_findings_7.json",
    CORPUS / "unseen_findings_8.json",
    CORPUS / "unseen_findings_9.json",
    CORPUS / "unseen_findings_10.json",
    CORPUS / "unseen_findings_11.json",
    CORPUS / "unseen_findings_12.json",
    CORPUS / "unseen_findings_13.json",
    CORPUS / "unseen_findings_14.json",
    CORPUS / "unseen_findings_15.json",
    CORPUS / "unseen_findings_16.json",
    CORPUS / "unseen_findings_17.json",
    CORPUS / "unseen_findings_18.json",
    CORPUS / "unseen_findings_19.json",
    CORPUS / "unseen_findings_20.json",
    CORPUS / "unseen_findings_21.json",
)


@dataclass(frozen=True)
class Unseen:
    requirement: str
    wheel: bool  # fetched as a wheel, of which only ``package`` is kept
    source: str  # the directory under the project root that holds the package
    package: str
    sinks: tuple[SinkSpec, ...]
    # Where the sdist is, for one pip will not download (its version comes from git and
    # its metadata does not match the file's name).
    url: str | None = None


PRODUCTS = (
    Unseen(
        "acryl-datahub==1.7.0.17", False, "src", "datahub",
        (
            SinkSpec("datahub.telemetry.telemetry.telemetry_instance.ping", event=0,
                     properties=1),
            SinkSpec("datahub.telemetry.telemetry.with_telemetry", decorator=True),
        ),
    ),
    Unseen(
        "zenml==0.98.0", True, ".", "zenml",
        (
            SinkSpec("zenml.analytics.track", event="event", properties="metadata"),
            SinkSpec("zenml.analytics.utils.track_handler", event="event",
                     properties="metadata", collects="metadata"),
            SinkSpec("zenml.analytics.utils.track_decorator", event="event", decorator=True),
        ),
    ),
    Unseen(
        "gradio==6.31.0", True, ".", "gradio",
        (SinkSpec("gradio.analytics._do_analytics_request", event=0, properties=1),),
    ),
    Unseen(
        "kedro-telemetry==0.9.0", False, ".", "kedro_telemetry",
        (SinkSpec("kedro_telemetry.plugin._send_heap_event", event="event_name",
                  properties="properties"),),
    ),
    Unseen(
        "crewai==1.15.30", True, ".", "crewai",
        # Every argument of ``_add_attribute(span, key, value)`` counts as sent.
        (SinkSpec("crewai.telemetry.telemetry.Telemetry._add_attribute"),),
    ),
    Unseen(
        "chromadb==1.5.9", True, ".", "chromadb",
        (SinkSpec("chromadb.telemetry.product.ProductTelemetryClient.capture",
                  properties="event"),),
    ),
    Unseen(
        "aider-chat==0.86.2", True, ".", "aider",
        (SinkSpec("aider.analytics.Analytics.event", event="event_name"),),
    ),
    # The fourth batch: sdists, each checked whole, its sinks as its reviewer declared them.
    Unseen(
        "dvc==3.67.1", False, ".", "dvc",
        (
            SinkSpec("dvc.analytics.collect_and_send_report"),
            SinkSpec("requests.post", properties=Parameter("json", 2)),
        ),
    ),
    Unseen(
        "mem0ai==2.2.1", False, ".", "mem0",
        (
            SinkSpec("mem0.memory.telemetry.capture_event", event="event_name",
                     properties="additional_data"),
            SinkSpec("mem0.memory.telemetry.capture_client_event", event="event_name",
                     properties="additional_data"),
            SinkSpec("mem0.memory.telemetry.AnonymousTelemetry.capture_event",
                     event="event_name", properties="properties"),
        ),
    ),
    Unseen(
        "ragas==0.4.3", False, "src", "ragas",
        (
            SinkSpec("ragas._analytics.track", properties="event_properties"),
            SinkSpec("ragas._analytics.AnalyticsBatcher.add_evaluation",
                     properties="evaluation_event"),
        ),
    ),
    Unseen(
        "browser-use==0.13.14", False, ".", "browser_use",
        (SinkSpec("browser_use.telemetry.service.ProductTelemetry.capture",
                  properties="event"),),
    ),
    # The seventh batch (great_expectations 1.24.1, also read, ships no usage telemetry).
    Unseen(
        "deepeval==4.3.1", False, "deepeval", "deepeval",
        (
            SinkSpec("deepeval.telemetry.client.capture", event="event",
                     properties="properties"),
            SinkSpec("deepeval.telemetry.client.TelemetryBackend.capture", event="event",
                     properties="properties"),
            *(SinkSpec(f"deepeval.telemetry.api.capture_{kind}")
              for kind in ("evaluation_run", "synthesizer_run", "conversation_simulator_run",
                           "benchmark_run", "cli_command")),
            SinkSpec("deepeval.telemetry.context.record_metric"),
        ),
    ),
    Unseen(
        "embedchain==0.1.128", False, ".", "embedchain",
        (SinkSpec("*.capture", event="event_name", properties="properties"),),
    ),
    Unseen(
        "open-interpreter==0.4.3", False, ".", "interpreter",
        (SinkSpec("interpreter.core.utils.telemetry.send_telemetry", event="event_name",
                  properties="properties"),),
    ),
    Unseen(
        "haystack-ai==3.4.1", True, ".", "haystack",
        (SinkSpec("haystack.telemetry._telemetry.send_telemetry", event=0, properties=1,
                  decorator=True, returns=True),),
    ),
    Unseen(
        "bentoml==1.4.40", False, "src", "bentoml",
        (
            SinkSpec("bentoml._internal.utils.analytics.usage_stats.track",
                     properties="event_properties"),
            SinkSpec("bentoml._internal.utils.analytics.usage_stats.track_serve"),
        ),
    ),
    Unseen(
        "evidently==0.7.23", False, "src", "evidently",
        (
            SinkSpec("iterative_telemetry.IterativeTelemetryLogger.send_event",
                     event=Parameter("action", 1)),
            SinkSpec("log_event", event=0),
            SinkSpec("evidently.telemetry.event_logger.send_event",
                     event=Parameter("action", 1)),
        ),
    ),
    Unseen(
        "rasa==3.6.21", False, ".", "rasa",
        (SinkSpec("rasa.telemetry._track", event="event_name", properties="properties"),),
    ),
    Unseen(
        "semgrep==1.185.0", False, "src", "semgrep",
        tuple(SinkSpec(f"semgrep.metrics.Metrics.{method}") for method in (
            "add_engine_config", "add_interfile_languages_used", "add_is_diff_scan",
            "add_project_url", "add_configs", "add_rules",
            "add_max_memory_bytes", "add_findings", "add_targets",
            "add_errors", "add_profiling", "add_token",
            "add_integration_name", "add_exit_code", "add_deployment_id",
            "add_install_pro_outcome", "stage_install_pro_error", "add_feature",
            "add_registry_url", "add_parse_rates", "add_mcp",
            "add_mcp_scan_metrics", "add_mcp_findings_metrics", "add_mcp_git_info",
            "add_mcp_oauth_info", "add_mcp_error",
        )),
    ),
    Unseen(
        "dlt==1.31.0", False, "dlt", "dlt",
        (
            SinkSpec("dlt.common.runtime.anon_tracker.track", event="event_name",
                     properties="properties"),
            SinkSpec("dlt.common.runtime.telemetry.with_telemetry", event="command",
                     decorator=True),
            SinkSpec("dlt._workspace.cli.utils.track_command", event="command", decorator=True),
            SinkSpec("dlt._workspace.mcp.context.with_mcp_tool_telemetry", decorator=True),
        ),
    ),
    Unseen(
        "soda-core==4.28.0", False, "src", "soda_core",
        (
            SinkSpec("soda_core.telemetry.soda_telemetry.SodaTelemetry.set_attribute"),
            SinkSpec("soda_core.telemetry.soda_telemetry.SodaTelemetry.ingest_cli_arguments",
                     properties="args"),
            SinkSpec("soda_core.telemetry.soda_telemetry.SodaTelemetry."
                     "ingest_contract_verification_session_result"),
            SinkSpec("soda_core.telemetry.soda_telemetry.SodaTelemetry."
                     "ingest_contract_publication"),
            SinkSpec("soda_core.telemetry.soda_tracer.soda_trace", decorator=True),
        ),
    ),
    Unseen(
        "skypilot==0.14.1", False, "sky", "sky",
        (
            SinkSpec("sky.usage.usage_lib.entrypoint", event=0, decorator=True),
            *(SinkSpec(f"sky.usage.usage_lib.{name}") for name in (
                "record_cluster_name_for_current_operation", "send_heartbeat",
                "send_server_heartbeat")),
            *(SinkSpec(f"sky.usage.usage_lib.UsageMessageToReport.{name}") for name in (
                "update_user_task_yaml", "update_actual_task", "update_ray_yaml",
                "update_cluster_resources", "update_cluster_status",
                "update_final_cluster_status", "update_task_id")),
            SinkSpec("sky.usage.usage_lib.UsageMessageToReport.update_runtime", decorator=True),
            # Each message is posted whole (its public attributes) when an entrypoint ends.
            SinkSpec("sky.usage.usage_lib.MessageToReport", fields=True),
        ),
    ),
    Unseen(
        "huggingface_hub==2.5.0", False, "src", "huggingface_hub",
        (
            SinkSpec("huggingface_hub.utils._telemetry.send_telemetry", event="topic"),
            SinkSpec("huggingface_hub.utils._telemetry._send_telemetry_in_thread",
                     event="topic"),
            SinkSpec("huggingface_hub.utils._headers._http_user_agent",
                     properties="user_agent"),
        ),
    ),
    # The tenth batch: sdists, each checked whole, its sinks as its reviewer declared them.
    Unseen(
        "streamlit==1.67.0", False, "streamlit", "streamlit",
        (
            SinkSpec("streamlit.runtime.metrics_util.gather_metrics",
                     event=Parameter("name", 0), decorator=True),
            SinkSpec("streamlit.runtime.scriptrunner_utils.shared_run_state.SharedRunState"
                     ".track_command", properties=Parameter("command", 0)),
            SinkSpec("streamlit.runtime.metrics_util.create_page_profile_message",
                     properties=Parameter("commands", 0)),
            SinkSpec("streamlit.runtime.agent.usage.fill_page_profile",
                     properties=Parameter("page_profile", 0)),
            SinkSpec("streamlit.runtime.app_session._populate_user_info_msg",
                     properties=Parameter("msg", 0)),
        ),
    ),
    Unseen(
        # Its usage events go through ``events(cfg, device, run)``, a module-level object's
        # ``__call__``, which its reviewer declared but no call matched then.
        "ultralytics==8.4.190", False, "ultralytics", "ultralytics",
        (
            SinkSpec("sentry_sdk.set_user", properties=Parameter("value", 0)),
            SinkSpec("ultralytics.utils.events.Events.__call__"),
        ),
    ),
    Unseen(
        "argilla-server==2.8.0", False, "src/argilla_server", "argilla_server",
        (
            SinkSpec("argilla_server.telemetry._client.TelemetryClient.track_data",
                     event="topic", properties="data"),
            SinkSpec("argilla_server.telemetry._client.TelemetryClient.track_api_request"),
            SinkSpec("argilla_server.telemetry._client.TelemetryClient.track_server_startup"),
            SinkSpec("huggingface_hub.utils.send_telemetry", event=Parameter("topic", 0),
                     properties="user_agent"),
        ),
    ),
    Unseen(
        "khoj==1.42.10", False, "src/khoj", "khoj",
        (
            SinkSpec("khoj.routers.helpers.update_telemetry_state", event="telemetry_type",
                     properties="metadata"),
            SinkSpec("khoj.utils.helpers.log_telemetry", event="telemetry_type",
                     properties="properties"),
        ),
    ),
    # The eleventh batch, the same way.
    Unseen(
        # ``langflow/`` is a namespace package (no ``__init__.py``): its reviewer had to
        # declare the sink as ``services.telemetry...``, the only name the checker then
        # matched; it is declared here by the name Python imports it by.
        "langflow-base==0.0.96", False, "langflow", "langflow",
        (SinkSpec("langflow.services.telemetry.service.TelemetryService._queue_event",
                  properties=Parameter("payload", 0)),),
    ),
    Unseen(
        "agno==3.1.10", False, "agno", "agno",
        (
            *(SinkSpec(f"agno.api.{call}", properties=Parameter(name, 0)) for call, name in (
                ("agent.create_agent_run", "run"), ("agent.acreate_agent_run", "run"),
                ("team.create_team_run", "run"), ("team.acreate_team_run", "run"),
                ("workflow.create_workflow_run", "workflow"),
                ("workflow.acreate_workflow_run", "workflow"),
                ("os.log_os_telemetry", "launch"),
                ("evals.create_eval_run_telemetry", "eval_run"),
                ("evals.async_create_eval_run_telemetry", "eval_run"),
            )),
            *(SinkSpec(f"agno.api.api.Api.{method}", event=Parameter("route", 0),
                       properties=Parameter("payload", 1))
              for method in ("post_in_background", "apost_in_background")),
        ),
    ),
    Unseen(
        # Its sdist builds with cargo (crates.io is out of reach): the wheel, same source.
        "litellm==1.110.2", True, ".", "litellm",
        (
            *(SinkSpec(f"*.{method}", properties=0) for method in (
                "set_instance", "record_request", "record_attempt", "record_ui_event")),
            SinkSpec("litellm.telemetry.aggregate.AggregatingSink._export_window",
                     properties="instance"),
        ),
    ),
    Unseen(
        "pandasai==3.0.0", False, "pandasai", "pandasai",
        (SinkSpec("pandasai.helpers.telemetry.scarf_analytics"), SinkSpec("requests.get")),
    ),
    # The twelfth batch (lancedb 0.41.0, read too, sends no usage telemetry).
    Unseen(
        "ydata-profiling==4.18.4", False, "src/ydata_profiling", "ydata_profiling",
        (SinkSpec("ydata_profiling.utils.common.analytics_features"),),
        url="https://files.pythonhosted.org/packages/9d/a6/"
            "9fce390621ec3e51ab7b2deb855bbb81f8b6c44917fdcfa095624feb1f4a/"
            "ydata_profiling-4.18.4.tar.gz",
    ),
    Unseen(
        "deepchecks==0.19.1", False, "deepchecks", "deepchecks",
        (
            SinkSpec("deepchecks.analytics.anonymous_telemetry.validate_latest_version"),
            SinkSpec("http.client.HTTPSConnection.request"),
        ),
    ),
    Unseen(
        "unstructured==0.27.35", False, "unstructured", "unstructured",
        (
            SinkSpec("unstructured.utils.scarf_analytics"),
            SinkSpec("unstructured.telemetry.init_telemetry"),
            SinkSpec("unstructured.telemetry.partition_runtime_telemetry", decorator=True,
                     properties=0),
            *(SinkSpec(f"unstructured.telemetry.set_partition_{name}", properties=0)
              for name in ("document_type", "document_type_from_mime", "strategy_used")),
            SinkSpec("unstructured.telemetry._Invocation", fields=True),
            SinkSpec("unstructured.telemetry._schedule_delivery", properties=0),
        ),
    ),
    Unseen(
        "composio==0.30.0", False, "composio", "composio",
        (
            SinkSpec("composio.core.models.base.trace_method", event=Parameter("name", 1)),
            SinkSpec("composio.core.models._telemetry.create_event",
                     event=Parameter("type", 0)),
            *(SinkSpec(f"composio.core.models._telemetry.{name}",
                       properties=Parameter("event", 0)) for name in ("push_event", "_push")),
        ),
    ),
)


def fetch(directory: Path, product: Unseen) -> Path:
    """The product's project root under ``directory``, downloaded and unpacked once."""
    name, version = product.requirement.split("==")
    stem = f"{name.replace('-', '_')}-{version}"
    root = directory / stem
    if root.exists():
        return root
    directory.mkdir(parents=True, exist_ok=True)
    if product.url is not None:
        with urllib.request.urlopen(product.url, timeout=120) as response:
            (directory / f"{stem}.tar.gz").write_bytes(response.read())
        with tarfile.open(directory / f"{stem}.tar.gz") as tar:
            tar.extractall(directory, filter="data")
        return root
    kind = ["--only-binary", ":all:"] if product.wheel else ["--no-binary", ":all:"]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", *kind, "--no-deps",
         "--ignore-requires-python", "-d",
         str(directory), product.requirement],
        check=True,
    )
    if product.wheel:
        (archive,) = directory.glob(f"{stem}-*.whl")
        with zipfile.ZipFile(archive) as wheel:
            members = [m for m in wheel.namelist() if m.startswith(product.package + "/")]
            wheel.extractall(root, members)
    else:
        with tarfile.open(directory / f"{stem}.tar.gz") as tar:
            tar.extractall(directory, filter="data")
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--download", type=Path, required=True)
    parser.add_argument("--environments", type=Path,
                        help="one virtual environment a product, as its developers have")
    parser.add_argument("--json", type=Path, help="write every finding here, for review")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="check only the products whose requirement starts with NAME")
    options = parser.parse_args()
    rows: list[dict[str, object]] = []
    warned: set[tuple[str, str, int]] = set()
    crashed = False
    for product in PRODUCTS:
        if options.only and not product.requirement.startswith(tuple(options.only)):
            continue
        root = fetch(options.download, product)
        environment = None
        if options.environments is not None:
            name, version = product.requirement.split("==")
            environment = ensure(options.environments, name, version)
        config = Config(root=root, sinks=product.sinks, environment=environment)
        files = list(iter_python_files([root / product.source], config))
        try:
            findings, stats = run(files, config, jobs=1)
        except InternalError as error:
            print(f"CRASH {product.requirement}: {error}")
            crashed = True
            continue
        print(f"== {product.requirement}: {len(files)} files ({stats.checked} read), "
              f"{len(findings)} findings; calls matched: "
              + ", ".join(f"{call} {len(stats.matched.get(call, []))}"
                          for call in (spec.call for spec in product.sinks)))
        # Calls of a telemetry library no declared sink covers: ``check`` warns of each.
        for found in unchecked_vendor_calls(config, stats):
            shown = found.path.resolve().relative_to(root.resolve()).as_posix()
            print(f"   warning: {shown}:{found.line} calls {found.call}, which no declared "
                  "sink covers")
            warned.add((product.requirement, shown, found.line))
        for finding in findings:
            path = Path(finding.path).resolve()
            lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
            rows.append({
                "product": product.requirement,
                "path": path.relative_to(root.resolve()).as_posix(),
                "line": finding.line, "column": finding.column, "code": finding.code,
                "source": lines[finding.line - 1].strip()[:160],
            })
    if options.json:
        options.json.write_text(json.dumps(rows, indent=1), "utf-8")
    score(rows, LABELS, warned)
    return 1 if crashed else 0


_CALL_LINES = 12


def score(
    rows: list[dict[str, object]],
    labels: Sequence[Path],
    warned: set[tuple[str, str, int]] | None = None,
) -> None:
    """Print, per product and in all, how the findings compare with those read by hand
    (``warned``: library calls the run warned that no declared sink covers)."""
    def key(row: dict[str, object]) -> tuple[object, ...]:
        return tuple(row[name] for name in ("product", "path", "line", "column", "code"))

    read: dict[tuple[object, ...], dict[str, object]] = {}
    missed: list[dict[str, object]] = []
    for path in labels:
        document = json.loads(path.read_text("utf-8"))
        read.update((key(row), row) for row in document["findings"])
        missed += [row for row in document.get("missed", []) if row.get("label") == "TRUE"]
    reported = {key(row) for row in rows}
    products = sorted({str(row["product"]) for row in read.values()} | {
        str(row["product"]) for row in rows})
    totals: Counter[str] = Counter()
    for product in [*products, None]:
        mine = [row for row in rows if product is None or row["product"] == product]
        counts = Counter(str(read[key(row)]["label"]) if key(row) in read else "unread"
                         for row in mine)
        gone = Counter(str(row["label"]) for k, row in read.items()
                       if k not in reported and (product is None or row["product"] == product))
        false = counts["FALSE"] / len(mine) * 100 if mine else 0.0
        print(f"== {product or 'all'}: {len(mine)} findings, TRUE {counts['TRUE']}, "
              f"FALSE {counts['FALSE']} ({false:.1f} %), DEBATABLE {counts['DEBATABLE']}, "
              f"not read yet {counts['unread']}; no longer reported: "
              + (", ".join(f"{label} {n}" for label, n in sorted(gone.items())) or "none"))
        if product is None:
            totals = counts
    for row in rows:
        if key(row) not in read:
            print(f"   not read yet: {row['product']} {row['path']}:{row['line']}:"
                  f"{row['column']} {row['code']} {row['source']}")
    if totals["unread"] == 0:
        print("   every finding was read by hand")
    # Leaks the reviewers found with no finding: each should now have one on its line.
    # A finding on the call's lines counts (its arguments may span a few).
    lines = {(row["product"], row["path"], row["line"]) for row in rows}
    found = [m for m in missed if any(
        (m["product"], m["path"], int(str(m["line"])) + offset) in lines
        for offset in range(_CALL_LINES))]
    warnings = [m for m in missed if m not in found and any(
        (m["product"], m["path"], int(str(m["line"])) + offset) in (warned or set())
        for offset in range(_CALL_LINES))]
    print(f"== leaks read by hand that the first run missed: {len(missed)}, now reported "
          f"{len(found)}, warned of as a library call no declared sink covers "
          f"{len(warnings)}")
    for row in missed:
        if row not in found and row not in warnings:
            print(f"   still missed: {row['product']} {row['path']}:{row['line']} {row['value']}")


if __name__ == "__main__":
    sys.exit(main())
