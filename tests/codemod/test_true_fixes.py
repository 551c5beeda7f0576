"""``fix`` on a legacy product, then the product run: only true fixes.

The product (``legacy_project``) has a sink that sends what it is given, a vendor
client that validates its payload, and callers with unannotated parameters of every
kind. It is run with canary values before and after ``redactlint fix``: every value
that was not text leaves with the same type and value, every text that carried a
canary leaves redacted, the literals leave as they were, and nothing raises.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from redactlint.cli import main

PROJECT = Path(__file__).parent / "legacy_project"
REPO = Path(__file__).parents[2]
CANARIES = ("alice@example.com", "/home/alice/private.py", "SECRET-TOKEN-123")


def _drive(root: Path) -> dict[str, Any]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(REPO)])}
    done = subprocess.run(
        [sys.executable, "drive.py"], cwd=root, env=environment, capture_output=True,
        text=True, check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture
def fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, Any]]:
    root = tmp_path / "legacy_project"
    shutil.copytree(PROJECT, root)
    before = _drive(root)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["fix", "legacy"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return root, before


def _fields(run: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(event, name): field for event, props in run["sent"] for name, field in
            props.items()}


def _line(root: Path, text: str) -> int:
    lines = (root / "legacy" / "app.py").read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_fixed_product_keeps_kinds_and_redacts_every_canary(
    fixed: tuple[Path, dict[str, Any]],
) -> None:
    root, before = fixed
    after = _drive(root)
    assert after["raised"] == before["raised"] == [None] * 7
    old, new = _fields(before), _fields(after)
    assert old.keys() == new.keys()
    for key, was in old.items():
        now = new[key]
        carried = was["type"] == "str" and any(c in str(was["value"]) for c in CANARIES)
        if carried:
            assert now["type"] == "str"
            assert not any(c in str(now["value"]) for c in CANARIES), (key, now)
            assert "‹×›" in now["value"], (key, now)
        elif was["type"] == "str":
            assert now == was, (key, was, now)  # a literal the product needs arrives
        else:
            assert now == was, (key, was, now)  # numbers, bools, None, dicts, objects


def test_fix_reports_nothing_it_could_fix_and_is_idempotent(
    fixed: tuple[Path, dict[str, Any]],
) -> None:
    root, _ = fixed
    files = {path: path.read_bytes() for path in (root / "legacy").glob("*.py")}
    again = CliRunner().invoke(main, ["fix", "legacy"], catch_exceptions=False)
    assert "fixed 0 findings in 0 files." in again.stderr
    assert {path: path.read_bytes() for path in files} == files
    check = CliRunner().invoke(main, ["check", "--format", "json", "legacy"])
    left = json.loads(check.stdout)["findings"]
    # A mapping from elsewhere (its user id and version would be lost) is left to the
    # reader, reported; everything else was fixed.
    line = _line(root, '[SelfDescribingJson("invocation/1", data)]')
    assert [(f["code"], f["line"], f["fix"]) for f in left] == [
        ("RL001", line, None), ("RL004", line, None)
    ]
    app = (root / "legacy" / "app.py").read_text()
    assert 'redacted(' in app and 'safe("save")' in app and "safe(STATUS)" in app
    # A payload the function builds itself is redacted at the call, its literals marked
    # where they are written.
    assert 'safe("delete")' in app and "redacted(data)" in app
    assert "safe(on_delete.__name__)" in app  # text the checker proves safe, computed


RELAY = Path(__file__).parent / "relay_project"


def test_a_relayed_payload_is_redacted_and_still_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A payload from elsewhere, at a sink declared with its vendor's schema: the fix
    redacts it with that schema, so the schema's own words pass its validation."""
    root = tmp_path / "relay_project"
    shutil.copytree(RELAY, root)
    before = _drive_relay(root)
    assert before == [["files/v1", {"action": "rename", "path": "/home/alice/private.py",
                                    "size": 12}]]
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["fix", "relay"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    handlers = (root / "relay" / "handlers.py").read_text()
    assert ('data=redact.redacted(payload["data"], '
            'schema=event_logger.schemas[payload["schema_id"]])') in handlers
    assert _drive_relay(root) == [["files/v1", {"action": "rename", "path": "‹×›",
                                                "size": 12}]]
    again = CliRunner().invoke(main, ["fix", "relay"], catch_exceptions=False)
    assert "fixed 0 findings in 0 files." in again.stderr
    assert (root / "relay" / "handlers.py").read_text() == handlers


def _drive_relay(root: Path) -> Any:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(REPO)])}
    done = subprocess.run([sys.executable, "drive.py"], cwd=root, env=environment,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_fix_with_a_schema_survives_the_cache(tmp_path: Path) -> None:
    from redactlint.analysis import load_config
    from redactlint.analysis.runner import run

    root = tmp_path / "relay_project"
    shutil.copytree(RELAY, root)
    config = load_config([root])
    files = sorted((root / "relay").glob("*.py"))
    first, _ = run(files, config, jobs=1, cache_directory=tmp_path / "cache")
    cached, stats = run(files, config, jobs=1, cache_directory=tmp_path / "cache")
    assert stats.cached and cached == first
    assert [f.fix_with for f in cached if f.code == "RL004"] == [
        (("schema", 'event_logger.schemas[payload["schema_id"]]'),)
    ]
