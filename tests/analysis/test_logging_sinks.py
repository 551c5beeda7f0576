"""``logging = true``: the standard library's logging calls are sinks behind the
product's redacting log handler.

The shared test project does not set the key, so these tests build their own: the
same schemas, sinks and allowlist, with ``logging = true``. Each file of
``logging_fixtures/`` is checked there, every line marked ``# expect: RLxxx`` flagged
and no other; the same files checked without the key give no finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from redactlint.analysis.config import parse_config_file
from redactlint.analysis.errors import UsageError

HEADER = "[tool.redactlint]\n"


@pytest.mark.parametrize("value", ["1", '"true"', "[true]", "{ on = true }"])
def test_logging_must_be_a_bool(tmp_path: Path, value: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(f"{HEADER}logging = {value}\n")
    with pytest.raises(UsageError) as caught:
        parse_config_file(path)
    assert "'logging' must be true or false" in str(caught.value)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(("text", "expected"), [("", False), ("logging = true\n", True),
                                                ("logging = false\n", False)])
def test_logging_is_parsed(tmp_path: Path, text: str, expected: bool) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(HEADER + text)
    assert parse_config_file(path).logging is expected
