"""``redactlint migrate`` through click: usage errors (exit 2, a message, never a
traceback), mapping files, warnings about the registry, and file-level cases
(encodings, line endings, tabs, sinks called by keyword or as methods)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import Project

CALL = 'import analytics\n\nanalytics.track("Filter Applied", {"kind": "repo"})\n'
MIGRATED = 'from app.telemetry.events import FilterApplied\n\nFilterApplied(kind="repo").record()\n'


def test_migrates_the_whole_project_by_default(project: Project) -> None:
    project.write("app/one.py", CALL)
    project.write("app/two.py", CALL)
    project.write("app/clean.py", "x = 1\n")

    result = project.run("migrate")

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "migrated 2 calls in 2 files.\n"
    assert (project.root / "app" / "one.py").read_text() == MIGRATED
    assert (project.root / "app" / "clean.py").read_text() == "x = 1\n"


def test_diff_with_nothing_to_do_exits_0(project: Project) -> None:
    project.write("app/one.py", MIGRATED)
    result = project.run("migrate", "--diff")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "would migrate 0 calls in 0 files.\n"


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        ('[tool.redactlint]\nschemas = "schemas"\n', "migrate needs the generated registry"),
        (
            '[tool.redactlint]\nregistry = "app/telemetry/events.py"\n',
            "migrate needs the event schemas",
        ),
        (
            '[tool.redactlint]\nschemas = "schemas"\nregistry = "app/telemetry/events.py"\n'
            '[[tool.redactlint.sinks]]\ncall = "vendor.track_model_run"\nproperties = 0\n',
            "no legacy sink to read",
        ),
        ('[tool.redactlint]\nschemas = "missing"\nregistry = "r.py"\n', "schemas directory"),
    ],
)
def test_configuration_errors_exit_2(project: Project, pyproject: str, message: str) -> None:
    project.write("pyproject.toml", pyproject)
    result = project.run("migrate")
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_broken_schemas_and_missing_paths_exit_2(project: Project) -> None:
    assert project.run("migrate", "nowhere.py").exit_code == 2
    project.write("schemas/broken.json", "{")
    result = project.run("migrate")
    assert result.exit_code == 2
    assert "the event schemas have problems" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("m.yaml", "events: {}", "must end in .toml or .json"),
        ("m.toml", "events = [", "cannot parse the mapping file"),
        ("m.json", '{"event": {}}', "unknown key 'event'"),
        ("m.json", '{"drop-arguments": [true]}', "'drop-arguments' must list"),
        ("m.toml", '[events.x]\nevent = "no.such"\n', "no schema defines event 'no.such'"),
        ("m.toml", "[events.x]\nkeys = {}\n", "no schema records this legacy name"),
        (
            "m.toml",
            '[events."Filter Applied"]\nkeys = { colour = "color" }\n',
            "event filter.applied has no property 'color' (it has: kind, value)",
        ),
    ],
)
def test_mapping_file_errors_exit_2(
    project: Project, name: str, content: str, message: str
) -> None:
    project.write("app/one.py", CALL)
    mapping = project.write(name, content)
    result = project.run("migrate", "--mapping", mapping)
    assert result.exit_code == 2
    assert message in result.stderr
    assert (project.root / "app" / "one.py").read_text() == CALL


def test_json_mapping_drops_keyword_arguments(project: Project) -> None:
    project.write(
        "app/one.py",
        "import analytics\n\n"
        'analytics.track("filter", {"on": "repo"}, user_id=7)\n'
        'analytics.track("filter", {"on": "repo"}, session=7)\n',
    )
    mapping = project.write(
        "mapping.json",
        json.dumps(
            {
                "drop-arguments": ["user_id"],
                "events": {"filter": {"event": "filter.applied", "keys": {"on": "kind"}}},
            }
        ),
    )

    result = project.run("migrate", "--mapping", mapping)

    assert result.exit_code == 1
    assert (project.root / "app" / "one.py").read_text() == (
        "import analytics\nfrom app.telemetry.events import FilterApplied\n\n"
        'FilterApplied(kind="repo").record()\n'
        'analytics.track("filter", {"on": "repo"}, session=7)\n'
    )
    assert (
        "app/one.py:4:1: cannot map: extra argument `session=7`: the registry form has no "
        "place for it (drop it with drop-arguments = ['session'] in a mapping file)"
    ) in result.stderr


def test_warns_when_the_registry_is_missing_or_stale(project: Project) -> None:
    project.write("app/one.py", CALL)
    registry = project.root / "app" / "telemetry" / "events.py"
    text = registry.read_text()
    registry.write_text(text.replace("class FilterApplied(", "class Renamed("))
    stale = project.run("migrate", "--diff")
    assert "events.py has no FilterApplied: it is stale, run redactlint generate" in stale.stderr

    registry.unlink()
    missing = project.run("migrate")
    assert missing.exit_code == 0
    assert "events.py does not exist yet: run redactlint generate" in missing.stderr


def test_unparsable_file_is_reported_and_left(project: Project) -> None:
    broken = 'import analytics\nanalytics.track("Filter Applied", {"kind": "repo"}\n'
    project.write("app/broken.py", broken)
    project.write("app/one.py", CALL)

    result = project.run("migrate")

    assert result.exit_code == 1
    assert "app/broken.py: not migrated: cannot parse the file" in result.stderr
    assert result.stderr.endswith("migrated 1 call in 1 file; 1 file not migrated.\n")
    assert (project.root / "app" / "broken.py").read_text() == broken
    assert (project.root / "app" / "one.py").read_text() == MIGRATED


def test_encodings_and_line_endings_are_kept(project: Project) -> None:
    latin = (
        "# -*- coding: latin-1 -*-\nimport analytics\n"
        'analytics.track("Filter Applied", {"kind": "repo", "value": "café"})\n'
    ).encode("latin-1")
    bom_text = 'x = "é"; import analytics\nanalytics.track("Filter Applied", {"kind": "repo"})\n'
    bom = b"\xef\xbb\xbf" + bom_text.encode()
    crlf = CALL.replace("\n", "\r\n").encode()
    project.write("app/latin.py", latin)
    project.write("app/bom.py", bom)
    project.write("app/crlf.py", crlf)

    result = project.run("migrate")

    assert result.exit_code == 0, result.output
    assert (project.root / "app" / "latin.py").read_bytes() == (
        "# -*- coding: latin-1 -*-\nfrom app.telemetry.events import FilterApplied\n\n"
        'FilterApplied(kind="repo", value="café").record()\n'
    ).encode("latin-1")
    assert (project.root / "app" / "bom.py").read_bytes() == b"\xef\xbb\xbf" + (
        'from app.telemetry.events import FilterApplied\n\nx = "é"\n'
        'FilterApplied(kind="repo").record()\n'
    ).encode()
    assert (project.root / "app" / "crlf.py").read_bytes() == MIGRATED.replace(
        "\n", "\r\n"
    ).encode()


def test_keyword_and_method_sinks(project: Project) -> None:
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text()
        + '\n[[tool.redactlint.sinks]]\ncall = "analytics.kw_track"\nevent = "event"\n'
        'properties = "properties"\n\n[[tool.redactlint.sinks]]\ncall = "*.capture"\n'
        "event = 0\nproperties = 1\n"
    )
    analytics = project.root / "analytics.py"
    analytics.write_text(
        analytics.read_text() + "\n\ndef kw_track(*, event, properties):\n    pass\n"
    )
    project.write(
        "app/one.py",
        "import analytics\n\n\ndef f(client, v):\n"
        '    analytics.kw_track(properties={"kind": "repo", "value": v}, event="Filter Applied")\n'
        '    client.capture("Filter Applied", properties={"kind": "repo"})\n'
        '    client.capture("Filter Applied", {"kind": "repo"})\n',
    )

    result = project.run("migrate")

    assert result.exit_code == 1
    assert (project.root / "app" / "one.py").read_text() == (
        "from app.telemetry.events import FilterApplied\n\n\ndef f(client, v):\n"
        '    FilterApplied(kind="repo", value=v).record()\n'
        '    client.capture("Filter Applied", properties={"kind": "repo"})\n'
        '    FilterApplied(kind="repo").record()\n'
    )
    # properties = 1 is a position: a keyword argument is not it
    assert "extra argument `properties=" in result.stderr


def test_tab_indented_code_gets_tab_indented_arguments(project: Project) -> None:
    project.write(
        "app/one.py",
        'import analytics\n\n\ndef f(v):\n\tanalytics.track(\n\t\t"Filter Applied",\n'
        '\t\t{"kind": "repo", "value": v},\n\t)\n',
    )
    assert project.run("migrate").exit_code == 0
    assert (
        (project.root / "app" / "one.py")
        .read_text()
        .endswith('\tFilterApplied(\n\t\tkind="repo",\n\t\tvalue=v,\n\t).record()\n')
    )


def test_unmapped_listing_goes_to_stderr_in_order(project: Project) -> None:
    project.write("app/a.py", "import analytics\nanalytics.track(name, {})\n")
    project.write("app/b.py", 'import analytics\nanalytics.track("Nope", {})\n')
    result = project.run("migrate", "app")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "app/a.py:2:1: cannot map: dynamic event name `name`",
        "app/b.py:2:1: cannot map: unknown event 'Nope': no schema has this name or legacy "
        "name, and the mapping file does not map it",
        "migrated 0 calls in 0 files; 2 calls left as they are.",
    ]


def test_migrated_files_still_import(project: Project) -> None:
    project.write("app/one.py", CALL)
    assert project.run("migrate").exit_code == 0
    completed = subprocess.run(
        [sys.executable, "-c", "import app.one"],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
