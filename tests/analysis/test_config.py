"""Configuration errors name their key; ``redactlint check`` exit codes, filters and formats."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from redactlint.analysis.config import Parameter, parse_config_file
from redactlint.analysis.engine import prepare
from redactlint.cli import main
from redactlint.errors import UsageError

from .project import PYPROJECT, build_project

HEADER = '[tool.redactlint]\nschemas = "schemas"\n'


def with_keys(keys: str) -> str:
    """The test project's configuration with ``keys`` added to ``[tool.redactlint]``."""
    head, sinks = PYPROJECT.split("\n\n", 1)
    return f"{head}\n{keys}\n{sinks}"


# (what [tool.redactlint] holds, the key the error must name)
BAD_TABLES = [
    (HEADER + "colour = 1\n", "'colour'"),
    ("[tool.redactlint]\nschemas = 1\n", "'schemas'"),
    ('[tool.redactlint]\nschemas = ""\n', "'schemas'"),
    (HEADER + "registry = []\n", "'registry'"),
    (HEADER + "safe-types-allowlist = 3\n", "'safe-types-allowlist'"),
    (HEADER + 'exclude = "migrations/**"\n', "'exclude'"),
    (HEADER + "exclude = [1]\n", "'exclude'"),
    (HEADER + 'select = ["E501"]\n', "'select'"),
    (HEADER + 'ignore = ["RL0001"]\n', "'ignore'"),
    (HEADER + 'select = "RL001"\n', "'select'"),
    (HEADER + "[tool.redactlint.sinks]\ncall = 'analytics.track'\n", "'sinks'"),
    (HEADER + "sinks = ['analytics.track']\n", "sinks[0]"),
    (HEADER + "[[tool.redactlint.sinks]]\nevent = 0\n", "'call'"),
    (HEADER + "[[tool.redactlint.sinks]]\ncall = 'analytics..track'\n", "'call'"),
    (HEADER + "[[tool.redactlint.sinks]]\ncall = 'a.track'\nevent = -1\n", "'event'"),
    (HEADER + "[[tool.redactlint.sinks]]\ncall = 'a.track'\nevent = 'not a name'\n", "'event'"),
    (HEADER + "[[tool.redactlint.sinks]]\ncall = 'a.track'\nproperties = true\n", "'properties'"),
    (HEADER + "[[tool.redactlint.sinks]]\ncall = 'a.track'\nevents = 0\n", "'events'"),
    (HEADER + "[[tool.redactlint.sinks]]\ncall = 'a.send'\nreturns = true\n", "'decorator = true'"),
    (HEADER + "[[tool.redactlint.sinks]]\ncall = 'a.send'\nreturns = 1\n", "'returns'"),
    (HEADER + "[[tool.redactlint.sinks]]\ncall = 'a.Handler'\ncollects = 'a.b'\n", "'collects'"),
    (HEADER + "per-file-ignores = []\n", "'per-file-ignores'"),
    (HEADER + '[tool.redactlint.per-file-ignores]\n"tests/*" = "RL001"\n', "per-file-ignores"),
    (HEADER + '[tool.redactlint.per-file-ignores]\n"tests/*" = ["X1"]\n', "'X1'"),
    ("[tool]\nredactlint = 3\n", "[tool.redactlint]"),
    ("[tool.redactlint\n", "invalid TOML"),
]


@pytest.mark.parametrize(("text", "key"), BAD_TABLES)
def test_bad_configuration_names_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    with pytest.raises(UsageError) as caught:
        parse_config_file(path)
    assert key in str(caught.value)
    assert str(path) in str(caught.value)


def test_good_configuration_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        with_keys(
            'exclude = ["migrations/**"]\nselect = ["RL0", "RL101"]\n'
            'per-file-ignores = { "tests/*" = ["RL001"] }\n'
        )
    )
    config = parse_config_file(path)
    assert config.root == tmp_path.resolve()
    assert config.schemas == tmp_path.resolve() / "schemas"
    # The key is ``registry``; the field says it is a path, not the ``Registry`` built from it.
    assert config.registry_path == tmp_path.resolve() / "app/telemetry/events.py"
    assert config.sinks[0].call == "analytics.track"
    assert (config.sinks[0].event, config.sinks[0].properties) == (
        Parameter(position=0),
        Parameter(position=1),
    )
    assert config.per_file_ignores == (("tests/*", ("RL001",)),)


def test_a_sink_parameter_may_be_given_by_name_and_position(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.redactlint]\n[[tool.redactlint.sinks]]\ncall = "vendor.emit"\n'
        'event = { name = "schema_id", position = 0 }\nproperties = { name = "data" }\n'
    )
    sink = parse_config_file(path).sinks[0]
    assert sink.event == Parameter("schema_id", 0)
    assert sink.properties == Parameter("data")
    assert str(sink.event) == "keyword schema_id or position 0"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda root: (root / "schemas" / "search.submitted.json").unlink(), None),
        (lambda root: (root / "redact-safe-types.txt").unlink(), "allowlist file not found"),
        (
            lambda root: (root / "redact-safe-types.txt").write_text("app.Thing\n"),
            "no reason",
        ),
        (
            lambda root: (root / "redact-safe-types.txt").write_text("not-a-name reason\n"),
            "qualified class name",
        ),
        (lambda root: (root / "schemas" / "bad.json").write_text("{"), "schemas"),
        (lambda root: shutil.rmtree(root / "schemas"), "schemas directory"),
    ],
)
def test_bad_project_files_are_usage_errors(
    tmp_path: Path, change: Callable[[Path], object], message: str | None
) -> None:
    project = build_project(tmp_path / "project", fixtures=False)
    change(project.root)
    config = parse_config_file(project.root / "pyproject.toml")
    if message is None:
        prepare(config)  # fewer schemas is not an error
        return
    with pytest.raises(UsageError) as caught:
        prepare(config)
    assert message in str(caught.value)


# -- the command line ------------------------------------------------------------

CLEAN = """\
from redactlint.redact import unsafe

from app.tracking import note


def clean(text):
    note(unsafe(text))
"""

FINDINGS = """\
from redactlint.redact import unsafe

from app.telemetry.events import SearchSubmitted
from app.tracking import note


def leaks(text):
    note(text)
    SearchSubmitted(query=unsafe(text), pattern_type="fuzzy", result_count=1, duration_ms=1.0)
"""


@pytest.fixture
def cli_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small project, with the working directory at its root."""
    root = build_project(tmp_path / "project", fixtures=False).root
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--no-color", *args], catch_exceptions=False)


def write(root: Path, name: str, content: str | bytes) -> Path:
    path = root / "app" / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


def test_clean_project_exits_0(cli_project: Path) -> None:
    write(cli_project, "clean.py", CLEAN)
    result = run()
    assert result.exit_code == 0, result.output
    assert "No findings" in result.stdout


def test_findings_exit_1_with_paths_relative_to_the_working_directory(
    cli_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(cli_project, "leaks.py", FINDINGS)
    result = run("app")
    assert result.exit_code == 1, result.output
    assert "app/leaks.py:8:10: RL001 " in result.stdout
    assert "app/leaks.py:9:" in result.stdout and " RL105 " in result.stdout
    assert str(cli_project) not in result.stdout
    monkeypatch.chdir(cli_project / "app")
    result = run("leaks.py")
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("leaks.py:8:10: RL001 ")


def test_exit_zero(cli_project: Path) -> None:
    write(cli_project, "leaks.py", FINDINGS)
    result = run("--exit-zero")
    assert result.exit_code == 0
    assert "RL001" in result.stdout


@pytest.mark.parametrize(
    ("options", "codes"),
    [
        ((), {"RL001", "RL105"}),
        (("--select", "RL001"), {"RL001"}),
        (("--select", "RL1"), {"RL105"}),
        (("--select", "rl001,RL105"), {"RL001", "RL105"}),
        (("--ignore", "RL001"), {"RL105"}),
        (("--select", "RL0", "--ignore", "RL001"), set()),
        (("--select", "RL2"), set()),
    ],
)
def test_select_and_ignore(cli_project: Path, options: tuple[str, ...], codes: set[str]) -> None:
    write(cli_project, "leaks.py", FINDINGS)
    result = run("--format", "json", *options)
    document = json.loads(result.stdout)
    assert {finding["code"] for finding in document["findings"]} == codes
    assert result.exit_code == (1 if codes else 0)


def test_json_format(cli_project: Path) -> None:
    write(cli_project, "leaks.py", FINDINGS)
    write(cli_project, "clean.py", CLEAN)
    result = run("--format", "json", "app")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert set(document) == {"version", "files", "summary", "findings"}
    assert document["files"] == 5  # app/__init__.py, telemetry/{__init__,events}.py and two
    assert document["summary"] == {"RL001": 1, "RL105": 1}
    first = document["findings"][0]
    assert set(first) == {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "rule",
        "message",
        "fix",
        "fingerprint",
    }
    assert (first["path"], first["line"], first["column"]) == ("app/leaks.py", 8, 10)
    assert (first["code"], first["rule"], first["fix"]) == (
        "RL001",
        "unknown-string-in-sink",
        "mark",
    )
    assert (first["end_line"], first["end_column"]) == (8, 14)


def test_broken_files_are_findings_and_the_run_goes_on(cli_project: Path) -> None:
    write(cli_project, "a_syntax.py", "from app.tracking import note\ndef broken(:\n    pass\n")
    # A file that mentions no sink and not the runtime cannot leak: the prefilter
    # skips it without parsing, whatever its syntax.
    write(cli_project, "irrelevant_syntax.py", "def broken(:\n    pass\n")
    write(cli_project, "b_bytes.py", b"from app.tracking import note\nname = '\xe9'\n")
    write(cli_project, "c_leaks.py", FINDINGS)
    result = run("--format", "json", "app")
    assert result.exit_code == 1, result.output
    listed = json.loads(result.stdout)["findings"]
    found = {(f["path"], f["code"]) for f in listed}
    # A byte that is not UTF-8 is reported where an editor shows it: line 2, column 9.
    [undecodable] = [f for f in listed if f["code"] == "RL902"]
    assert (undecodable["line"], undecodable["column"]) == (2, 9)
    assert undecodable["message"] == "cannot decode the file: byte 0xe9 is not utf-8"
    assert found == {
        ("app/a_syntax.py", "RL901"),
        ("app/b_bytes.py", "RL902"),
        ("app/c_leaks.py", "RL001"),
        ("app/c_leaks.py", "RL105"),
    }
    syntax = run("app/a_syntax.py")
    assert "app/a_syntax.py:2:" in syntax.stdout and "RL901 syntax error" in syntax.stdout


def test_declared_encoding_is_honoured(cli_project: Path) -> None:
    write(cli_project, "latin.py", b"# -*- coding: latin-1 -*-\nname = '\xe9'\n")
    result = run("app/latin.py")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("setup", "needle"),
    [
        (lambda root: (root / "pyproject.toml").write_text(with_keys("colour = 1\n")), "colour"),
        (
            lambda root: (root / "pyproject.toml").write_text(
                PYPROJECT + "[[tool.redactlint.sinks]]\ncall = 3\n"
            ),
            "'call'",
        ),
        (lambda root: (root / "pyproject.toml").write_text("[tool.redactlint\n"), "TOML"),
        (lambda root: (root / "redact-safe-types.txt").unlink(), "allowlist"),
    ],
)
def test_bad_configuration_exits_2_without_a_traceback(
    cli_project: Path, setup: Callable[[Path], object], needle: str
) -> None:
    setup(cli_project)
    write(cli_project, "leaks.py", FINDINGS)
    result = CliRunner().invoke(
        main, ["check", "--config", "pyproject.toml", "app"], catch_exceptions=True
    )
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert needle in result.output
    assert result.output.startswith("redactlint: error:")


def test_missing_path_exits_2(cli_project: Path) -> None:
    result = run("no/such/file.py")
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_configuration_is_found_from_a_subdirectory(
    cli_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(cli_project, "leaks.py", FINDINGS)
    monkeypatch.chdir(cli_project / "app" / "telemetry")
    result = run("--format", "json", "../leaks.py")
    codes = {finding["code"] for finding in json.loads(result.stdout)["findings"]}
    assert codes == {"RL001", "RL105"}  # the sinks and schemas of the project's pyproject


def test_exclude_and_per_file_ignores(cli_project: Path) -> None:
    (cli_project / "pyproject.toml").write_text(
        with_keys(
            'exclude = ["app/generated/**"]\nper-file-ignores = { "app/legacy_*.py" = ["RL0"] }\n'
        )
    )
    (cli_project / "app" / "generated").mkdir()
    write(cli_project, "generated/leaks.py", FINDINGS)
    write(cli_project, "legacy_leaks.py", FINDINGS)
    result = run("--format", "json")
    found = {(f["path"], f["code"]) for f in json.loads(result.stdout)["findings"]}
    assert found == {("app/legacy_leaks.py", "RL105")}


def test_explain(cli_project: Path) -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["explain"])
    assert listing.exit_code == 0
    assert "RL001" in listing.output and "RL903" in listing.output
    doc = runner.invoke(main, ["explain", "rl106"])
    assert doc.exit_code == 0
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in doc.output
    unknown = runner.invoke(main, ["explain", "RL999"])
    assert unknown.exit_code == 2
    assert "RS002" in listing.output and "RS008" in listing.output  # the schema lint's too
    schema = runner.invoke(main, ["explain", "rs002"])
    assert schema.exit_code == 0, schema.output
    assert schema.output.startswith("# RS002 missing-metadata\n\nAn event has no owner")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in schema.output
