"""``require-event-keys``: the x-event governance keys a project requires, from
``[tool.redactlint]`` through ``schema lint`` (RS009), and the keys themselves."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from redactlint.analysis.config import parse_config_file
from redactlint.cli import main
from redactlint.errors import UsageError
from redactlint.schema.loader import load_schema_dir
from redactlint.schema.problems import SchemaError
from tests.schema.helpers import FIXTURES, event_document, write_document

INVALID = FIXTURES / "lint" / "RS009" / "invalid"


def lint(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["schema", "lint", *map(str, args)])


def configure(root: Path, keys: str) -> None:
    (root / "pyproject.toml").write_text(
        f'[tool.redactlint]\nschemas = "schemas"\nrequire-event-keys = {keys}\n',
        encoding="utf-8",
    )


def test_the_key_is_read_and_kept_in_order(tmp_path: Path) -> None:
    configure(tmp_path, '["retention", "purpose", "data-category"]')
    config = parse_config_file(tmp_path / "pyproject.toml")
    assert config.require_event_keys == ("retention", "purpose", "data-category")


def test_no_key_is_required_unless_configured(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.redactlint]\n", encoding="utf-8")
    assert parse_config_file(tmp_path / "pyproject.toml").require_event_keys == ()


@pytest.mark.parametrize(
    ("keys", "needle"),
    [
        ('"purpose"', "'require-event-keys' must be an array of strings"),
        ("[1]", "'require-event-keys' must be an array of strings"),
        ('["purpose", "owners"]', "'owners' is not an x-event key that can be required"),
        ('["feature"]', "'feature' is not an x-event key"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, keys: str, needle: str) -> None:
    configure(tmp_path, keys)
    with pytest.raises(UsageError) as caught:
        parse_config_file(tmp_path / "pyproject.toml")
    assert needle in str(caught.value)
    assert str(tmp_path / "pyproject.toml") in str(caught.value)


def test_schema_lint_requires_the_configured_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(INVALID, tmp_path / "schemas")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.redactlint]\n", encoding="utf-8")
    assert lint("schemas").exit_code == 0
    configure(tmp_path, '["purpose"]')
    result = lint()
    assert result.exit_code == 1, result.output
    assert result.output.count(": RS009 x-event has no 'purpose'") == 2
    assert "'retention'" not in result.output


def test_schema_lint_exits_2_on_a_bad_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(INVALID, tmp_path / "schemas")
    monkeypatch.chdir(tmp_path)
    configure(tmp_path, '["porpoise"]')
    result = lint()
    assert result.exit_code == 2
    assert "'porpoise' is not an x-event key" in result.output
    assert "Traceback" not in result.output


def test_governance_facts_are_loaded(tmp_path: Path) -> None:
    facts = {
        "purpose": "Measure which search modes people use.",
        "retention": "90 days",
        "destination": "the product analytics warehouse",
        "data-category": "usage",
    }
    write_document(tmp_path, event_document(**facts))
    (event,) = load_schema_dir(tmp_path)
    assert (event.purpose, event.retention, event.destination, event.data_category) == tuple(
        facts.values()
    )


@pytest.mark.parametrize("value", ["", 90, None])
def test_governance_facts_are_non_empty_strings(tmp_path: Path, value: object) -> None:
    write_document(tmp_path, event_document(retention=value))
    with pytest.raises(SchemaError) as caught:
        load_schema_dir(tmp_path)
    assert "non-empty strings" in str(caught.value)
