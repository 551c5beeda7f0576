"""Drive dbt-core's anonymous usage tracking and record the HTTP bodies it would send.

Run with the product's copy first on ``PYTHONPATH`` (``dbt`` extends its ``__path__``,
so the copy's modules shadow the installed ones), in dbt-core's own environment:
dbt-common, dbt-adapters and snowplow-tracker are the real ones. The tracker is dbt's
own, with its own emitter; only the emitter's ``http_post`` is replaced, so what is
recorded is the JSON body Snowplow's POST would carry, each context decoded from its
base64. Every track_* function a product caller passes data to is called, through that
caller where it can run without a warehouse, with canaries in every text a user or a
customer controls and the numbers, bools, lists and enums dbt really passes.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from canaries import EMAIL, PATH, TOKEN
from capture import Recorder, protect_stdout

# The readable names of the Snowplow structured event's fields.
FIELD_NAMES = {
    "e": "event_type", "se_ca": "category", "se_ac": "action", "se_la": "label",
    "se_pr": "property", "se_va": "value", "uid": "user_id", "eid": "event_id",
    "dtm": "created_at", "stm": "sent_at", "tv": "tracker_version", "p": "platform",
    "aid": "app_id", "tna": "namespace",
}


def contexts(encoded: str) -> Iterator[tuple[str, Any]]:
    """Each context of a ``cx`` field, by the name in its schema URI, with its data."""
    text = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    for context in json.loads(text)["data"]:
        yield context["schema"].split("/")[1], context["data"]


def capture_posts(recorder: Recorder) -> None:
    """Make dbt's emitter record each POST body instead of sending it."""
    import dbt.tracking as tracking

    def http_post(data: str) -> int:
        for event in json.loads(data)["data"]:
            fields: dict[str, Any] = {}
            for key, value in event.items():
                if key in ("cx", "co"):
                    decoded = contexts(value) if key == "cx" else (
                        (c["schema"].split("/")[1], c["data"]) for c in json.loads(value)["data"]
                    )
                    for name, data_ in decoded:
                        fields[f"context.{name}"] = data_
                else:
                    fields[FIELD_NAMES.get(key, key)] = value
            recorder.record(str(event.get("se_ac")), fields)
        return 200

    tracking.emitter.http_post = http_post  # type: ignore[method-assign]
    original = tracking.tracker.track

    def track(event: Any) -> Any:
        try:
            return original(event)
        except Exception as error:  # dbt.tracking.track hides it: the event is lost
            recorder.swallowed(error)
            raise

    tracking.tracker.track = track  # type: ignore[method-assign]


def flushed(call: Any) -> Any:
    """``call`` then dbt's own ``flush()``, so the scenario's events are sent at its end."""
    import dbt.tracking as tracking

    def run() -> None:
        try:
            call()
        finally:
            tracking.flush()

    return run


@dataclass
class FakeAdapterRunInfo:
    """What ``adapter.get_adapter_run_info`` returns: an adapter's own details."""

    adapter_name: str
    base_adapter_version: str
    adapter_version: str
    model_adapter_details: Any


class FakeAdapter:
    """An adapter as ``track_model_run`` uses it: run info, and a catalog integration."""

    def get_adapter_run_info(self, config: Any) -> FakeAdapterRunInfo:
        return FakeAdapterRunInfo(
            adapter_name="postgres", base_adapter_version="1.24.5", adapter_version="1.9.0",
            model_adapter_details={"table_owner": EMAIL, "partitions": 4, "clustered": True},
        )

    def get_catalog_integration(self, name: str) -> Any:
        return SimpleNamespace(catalog_type="iceberg_rest")


def model_result(materialized: bool) -> Any:
    """A run result of a model (or, with ``materialized`` False, of a seed) as dbt makes it."""
    from dbt.artifacts.resources.types import AccessType, ModelLanguage, NodeType
    from dbt.artifacts.schemas.results import NodeStatus, TimingInfo

    config = SimpleNamespace(
        incremental_strategy=EMAIL, materialized=PATH, _extra={"catalog_name": TOKEN},
    )
    node = SimpleNamespace(
        resource_type=NodeType.Model if materialized else NodeType.Seed,
        access=AccessType.Protected, contract=SimpleNamespace(enforced=True), version=2,
        config=config, group=TOKEN, unique_id=f"model.{TOKEN}.customers",
        raw_code=f"select * from '{PATH}' where email = '{EMAIL}'", language=ModelLanguage.sql,
        get_materialization=lambda: config.materialized,
    )
    timing = [
        TimingInfo("compile", datetime(2024, 5, 1, 12, 0, 0), datetime(2024, 5, 1, 12, 0, 1)),
        TimingInfo("execute", datetime(2024, 5, 1, 12, 0, 1), datetime(2024, 5, 1, 12, 0, 9)),
    ]
    status = NodeStatus.Success if materialized else NodeStatus.Skipped
    return SimpleNamespace(node=node, execution_time=8.25, status=status, timing=timing)


def scenarios(recorder: Recorder, home: Path) -> None:
    """Every call of a tracking function with data, each flushed as dbt flushes."""
    import dbt.deprecations as deprecations
    import dbt.tracking as tracking
    from dbt.artifacts.resources.types import NodeType
    from dbt.compilation import print_compile_stats
    from dbt.contracts.graph.node_args import ModelNodeArgs
    from dbt.exceptions import DbtProfileError, DbtProjectError
    from dbt.hints import HintType, show_hint
    from dbt.parser.manifest import ManifestLoader, ReparseReason
    from dbt.plugins.manager import PluginManager, dbt_hook, dbtPlugin
    from dbt.plugins.manifest import PluginNodes
    from dbt.task.deps import DepsTask
    from dbt.task.run import track_model_run
    from dbt.utils import md5
    from dbt_common.events.base_types import msg_from_base_event
    from dbt_common.events.types import BehaviorChangeEvent

    project = SimpleNamespace(hashed_name=lambda: md5(TOKEN))

    def invocation(command: str, failure: Exception | None) -> None:
        with tracking.track_run(run_command=command):
            if failure is not None:
                raise failure

    recorder.scenario("track_run ok", lambda: invocation("run", None))
    recorder.scenario(
        "track_run error",
        lambda: invocation("build", RuntimeError(f"could not read {PATH} for {EMAIL}")),
    )
    for error in (DbtProjectError(f"bad project {TOKEN}"), DbtProfileError(f"no profile {EMAIL}",
                                                                            result_type="invalid_profile")):
        recorder.scenario(
            f"track_invalid_invocation {error.result_type}",
            flushed(lambda error=error: tracking.track_invalid_invocation(
                args=SimpleNamespace(which="run"), result_type=error.result_type)),
        )
    recorder.scenario(
        "track_project_id",
        flushed(lambda: tracking.track_project_id({"project_id": project.hashed_name()})),
    )
    recorder.scenario(
        "track_adapter_info",
        flushed(lambda: tracking.track_adapter_info(
            {"adapter_type": "postgres", "adapter_unique_id": md5(f"{TOKEN}.db.example.com")})),
    )
    perf = SimpleNamespace(
        path_count=41, parsed_path_count=40, read_files_elapsed=0.125,
        load_macros_elapsed=0.5, parse_project_elapsed=1.75, patch_sources_elapsed=0.0625,
        process_manifest_elapsed=0.25, load_all_elapsed=2.75, is_partial_parse_enabled=True,
        is_static_analysis_enabled=False, static_analysis_path_count=0,
        static_analysis_parsed_path_count=0,
    )
    loader = SimpleNamespace(root_project=project, _perf_info=perf)
    recorder.scenario(
        "ManifestLoader.track_project_load",
        flushed(lambda: ManifestLoader.track_project_load(loader)),  # type: ignore[arg-type]
    )
    recorder.scenario(
        "print_compile_stats",
        flushed(lambda: print_compile_stats(
            {NodeType.Model: 12, NodeType.Test: 30, NodeType.Seed: 0, "catalogs": 1})),
    )
    for index, materialized in ((3, True), (4, False)):
        recorder.scenario(
            f"run.track_model_run {'model' if materialized else 'seed'}",
            flushed(lambda index=index, materialized=materialized: track_model_run(
                index, 10, model_result(materialized),
                adapter=FakeAdapter() if materialized else None)),
        )
    deps = SimpleNamespace(project=project)
    for package, source, version in (
        (f"{TOKEN}/dbt_utils", "hub", "1.3.0"),
        (PATH, "local", None),
        (f"https://{TOKEN}@git.example.com/{EMAIL}/pkg.git", "git", "v1.0"),
        (f"https://example.com/{TOKEN}.tar.gz", "tarball", None),
    ):
        recorder.scenario(
            f"DepsTask.track_package_install {source}",
            flushed(lambda package=package, source=source, version=version:
                    DepsTask.track_package_install(
                        deps, package_name=package, source_type=source,  # type: ignore[arg-type]
                        version=version)),
        )
    recorder.scenario(
        "DBTDeprecation.track_deprecation_warn",
        flushed(lambda: deprecations.deprecations["package-redirect"].track_deprecation_warn()),
    )
    (home / ".dbt").mkdir(exist_ok=True)
    recorder.scenario(
        "show_hint", flushed(lambda: show_hint(HintType.REUSE_RELATIONS_ON_TOO_MANY_MODELS))
    )
    change = BehaviorChangeEvent(
        flag_name="require_explicit_package_overrides_for_builtin_materializations",
        flag_source=TOKEN, description=f"The model {PATH} overrides a builtin materialization",
        docs_url="https://docs.getdbt.com/reference/global-configs/legacy-behaviors",
    )
    recorder.scenario(
        "track_behavior_change_warn",
        flushed(lambda: tracking.track_behavior_change_warn(msg_from_base_event(change))),
    )
    recorder.scenario(
        "track_experimental_parser_sample",
        flushed(lambda: tracking.track_experimental_parser_sample({
            "project_id": project.hashed_name(), "file_id": md5(f"model.{TOKEN}.customers"),
            "status": ["00_experimental_parser_pass", "81_stable_parser_cannot_parse"],
        })),
    )
    recorder.scenario(
        "track_partial_parser reason",
        flushed(lambda: tracking.track_partial_parser(
            {"full_reparse_reason": ReparseReason.file_not_found})),
    )
    recorder.scenario("track_partial_parser exception", flushed(partial_parse_failure))

    class Plugin(dbtPlugin):
        """A third-party plugin contributing one model node."""

        @dbt_hook
        def get_nodes(self) -> PluginNodes:
            nodes = PluginNodes()
            nodes.add_model(ModelNodeArgs(name="customers", package_name=TOKEN,
                                          identifier="customers", schema=EMAIL))
            return nodes

    Plugin.__name__ = Plugin.__qualname__ = f"{TOKEN}Plugin"
    recorder.scenario(
        "PluginManager.get_nodes",
        flushed(lambda: PluginManager([Plugin(project_name=TOKEN)]).get_nodes()),
    )
    for options in ({"graph_compilation_elapsed": 0.75},
                    {"adapter_cache_construction_elapsed": 0.25}):
        recorder.scenario(
            f"track_runnable_timing {next(iter(options))}",
            flushed(lambda options=options: tracking.track_runnable_timing(options)),
        )
    recorder.scenario(
        "track_artifact_upload",
        flushed(lambda: tracking.track_artifact_upload({"command": "run"})),
    )
    recorder.scenario(
        "track_deprecated_version_invocation",
        flushed(tracking.track_deprecated_version_invocation),
    )


def partial_parse_failure() -> None:
    """The partial parser's failure event, sent by dbt's own ManifestLoader.

    ``safe_update_project_parser_files_partially`` builds the exception info and calls
    ``track_partial_parser``; only the partial parser it constructs is replaced, by one
    whose file listing fails the way a missing private file does.
    """
    import dbt.parser.manifest as manifest
    from dbt.parser.manifest import ManifestLoader

    class FailingPartialParsing:
        processing_file = None

        def __init__(self, saved: object, files: object) -> None:
            pass

        def skip_parsing(self) -> bool:
            return False

        def get_parsing_files(self) -> dict[str, Any]:
            Path(PATH).read_text(encoding="utf-8")
            return {}

    saved = SimpleNamespace(files={}, build_parent_and_child_maps=lambda: None,
                            build_group_map=lambda: None)
    loader = ManifestLoader.__new__(ManifestLoader)
    loader.saved_manifest = saved
    loader.manifest = SimpleNamespace(files={})
    original = manifest.PartialParsing
    manifest.PartialParsing = FailingPartialParsing  # type: ignore[misc,assignment]
    try:
        loader.safe_update_project_parser_files_partially({})
    finally:
        manifest.PartialParsing = original  # type: ignore[misc]


def main() -> int:
    out = protect_stdout()
    home = Path(tempfile.mkdtemp(prefix="dbt-driver-"))
    os.environ["HOME"] = str(home)  # the cookie and the hints' cooldown file live there
    recorder = Recorder()
    import dbt.task.run
    import dbt.tracking as tracking

    recorder.modules = {"dbt.tracking": tracking.__file__ or "",
                        "dbt.task.run": dbt.task.run.__file__ or ""}
    cookies = home / "cookies"
    cookies.mkdir()
    (cookies / "profiles.yml").write_text("{}\n", encoding="utf-8")
    (cookies / ".user.yml").write_text("id: 6f7c2a4e-1d3b-4c5a-9e8f-0a1b2c3d4e5f\n",
                                       encoding="utf-8")
    tracking.active_user = tracking.User(str(cookies))
    tracking.active_user.initialize()
    capture_posts(recorder)
    scenarios(recorder, home)
    recorder.dump(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
