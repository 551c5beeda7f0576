"""``check`` options shared by the integrations: formats, explicit excluded files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import redactlint


def test_the_formats_are_listed() -> None:
    result = redactlint("check", "--help")
    assert "[text|json|sarif|github|gitlab]" in result.stdout
    assert "--baseline" in result.stdout and "--changed-since" in result.stdout


def test_an_unknown_format_is_a_usage_error(project: Path) -> None:
    result = redactlint("check", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_config_excludes_apply_to_files_given_explicitly(project: Path) -> None:
    result = redactlint("check", "shop/generated/leaky_excluded.py", "shop/clean.py")
    assert result.exit_code == 0
    assert result.stdout == "No findings (1 file checked).\n"


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github", "gitlab"])
def test_exit_codes(project: Path, output_format: str) -> None:
    assert redactlint("check", "--format", output_format).exit_code == 1
    assert redactlint("check", "--format", output_format, "--exit-zero").exit_code == 0
    assert redactlint("check", "--format", output_format, "shop/clean.py").exit_code == 0


def test_json_carries_the_fingerprints_the_other_formats_carry(project: Path) -> None:
    listed = json.loads(redactlint("check", "--format", "json").stdout)["findings"]
    issues = json.loads(redactlint("check", "--format", "gitlab").stdout)
    assert [f["fingerprint"] for f in listed] == [issue["fingerprint"] for issue in issues]
    assert len({f["fingerprint"] for f in listed}) == len(listed)
