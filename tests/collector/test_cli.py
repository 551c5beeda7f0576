"""``redactlint collector-config`` through click: the printed configuration, --check's
exit codes 0 and 1, and errors as exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from redactlint.cli import main
from redactlint.collector import collector_config, render_yaml
from redactlint.schema.loader import load_schema_dir

from .helpers import APP, SCHEMAS, WIRING

README = Path(__file__).resolve().parents[2] / "README.md"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["collector-config", *map(str, args)])


def test_prints_the_configuration_for_the_schemas() -> None:
    result = run("--schemas", SCHEMAS)
    assert result.exit_code == 0, result.output
    schemas = load_schema_dir(SCHEMAS)
    assert result.output == render_yaml(collector_config(schemas), len(schemas))


def test_the_schemas_default_from_the_configuration() -> None:
    result = run("--config", APP / "pyproject.toml")
    assert result.exit_code == 0, result.output
    assert result.output == run("--schemas", SCHEMAS).output


def test_the_property_prefix_option() -> None:
    result = run("--schemas", SCHEMAS, "--property-prefix", "props.")
    assert '- "props.query"' in result.output and "event.properties." not in result.output


def test_check_a_wider_configuration_exits_1(tmp_path: Path) -> None:
    wide = tmp_path / "collector.yaml"
    wide.write_text(
        "processors:\n  redaction:\n    allow_all_keys: true\n"
        "    allowed_keys: [event.name, session.token]\n" + WIRING.replace("/redactlint", ""),
        encoding="utf-8",
    )
    result = run("--schemas", SCHEMAS, "--check", wide)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"{wide}:3: processors.redaction.allow_all_keys: true lets every attribute key through",
        f"{wide}:4: processors.redaction.allowed_keys[1]: 'session.token' is in no event schema",
        f"{wide}:2: processors.redaction.blocked_values: no pattern masks a leaked marker span"
        " such as '‹alice@example.com›'",
        f"{wide}: wider (3 problems) than the 3 event schemas.",
    ]


def test_check_the_generated_configuration_exits_0(tmp_path: Path) -> None:
    generated = tmp_path / "collector.yaml"
    generated.write_text(run("--schemas", SCHEMAS).output + WIRING, encoding="utf-8")
    result = run("--schemas", SCHEMAS, "--check", generated)
    assert result.exit_code == 0, result.output
    assert result.output == f"{generated}: not wider than the 3 event schemas.\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("processors: [\n", "not valid YAML"),
        ("- a\n", "a collector configuration is a YAML mapping"),
        (None, "No such file or directory"),
    ],
)
def test_unusable_input_exits_2(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "collector.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run("--schemas", SCHEMAS, "--check", path)
    assert result.exit_code == 2
    assert result.output.startswith(f"redactlint: error: {path}: ")
    assert message in result.output


def test_a_missing_schema_directory_exits_2(tmp_path: Path) -> None:
    result = run("--schemas", tmp_path / "none")
    assert result.exit_code == 2
    assert result.output.startswith("redactlint: error: ")


def test_the_readme_shows_the_generated_configuration() -> None:
    processors = run("--schemas", SCHEMAS).output.split("\n\n")[0]
    assert processors.partition("\n")[2] in README.read_text(encoding="utf-8")
