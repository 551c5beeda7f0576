"""``redactlint init`` on the command line: what it asks, what it writes, and what it
refuses to touch."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from redactlint.analysis.config import parse_config_file
from redactlint.cli import main
from redactlint.errors import UsageError
from redactlint.init.discover import discover
from redactlint.init.setup import apply, plan

from .projects import SHOP, write

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

COMMAND = Path(sys.executable).parent / "redactlint"


def init(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["init", *args], input=stdin, catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write(tmp_path / "shop", SHOP)
    monkeypatch.chdir(root)
    return root


def test_yes_writes_a_configuration_check_runs_with(shop: Path) -> None:
    result = init("--yes")
    assert result.exit_code == 0, result.output
    assert "analytics.track  (Segment) 2 calls: shop/segment_calls.py:4" in result.output
    config = parse_config_file(shop / "pyproject.toml")
    assert [s.call for s in config.sinks] == [
        "analytics.track", "rudderstack.analytics.track", "posthog.Posthog.capture",
        "snowplow_tracker.Tracker.track", "amplitude.Amplitude.track",
        "mixpanel.Mixpanel.track", "jupyter_events.EventLogger.emit",
        "shop.telemetry.log_event", "shop.telemetry.track_checkout",
    ]
    assert config.logging is False  # --yes never claims the log handlers redact
    assert "# logging = true  # 2 logging calls" in (shop / "pyproject.toml").read_text()
    assert (shop / "schemas" / "README.md").is_file()
    assert "repo: local" in (shop / ".pre-commit-config.yaml").read_text()
    checked = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert checked.exit_code in (0, 1), checked.output
    sinks = CliRunner().invoke(main, ["sinks"], catch_exceptions=False)
    assert sinks.exit_code == 0, sinks.output
    assert re.search(r"^shop\.telemetry\.track_checkout +2  shop/app.py:6", sinks.output, re.M)


def test_dry_run_writes_nothing_and_shows_everything(shop: Path) -> None:
    before = snapshot(shop)
    result = init("--dry-run", "--yes")
    assert result.exit_code == 0, result.output
    assert snapshot(shop) == before
    assert "Would create pyproject.toml" in result.output
    assert '    call = "mixpanel.Mixpanel.track"' in result.output
    assert "Would create .pre-commit-config.yaml" in result.output
    assert "entry: redactlint check" in result.output


def test_a_dry_run_without_a_terminal_shows_what_yes_would_write(shop: Path) -> None:
    """Piped or in CI there is nobody to answer: the preview asks nothing."""
    before = snapshot(shop)
    result = init("--dry-run")
    assert result.exit_code == 0, result.output
    assert snapshot(shop) == before
    assert "showing what --yes would write" in result.output
    assert '    call = "mixpanel.Mixpanel.track"' in result.output


def test_a_second_init_refuses_and_changes_nothing(shop: Path) -> None:
    assert init("--yes").exit_code == 0
    written = snapshot(shop)
    again = init("--yes")
    assert again.exit_code == 2
    line = (shop / "pyproject.toml").read_text().splitlines().index("[tool.redactlint]") + 1
    assert again.stderr == (
        f"redactlint: error: pyproject.toml:{line}: [tool.redactlint] is already "
        "configured here; init only starts a new configuration and never merges into one: "
        "edit it (`redactlint sinks` shows what its sinks match)\n"
    )
    assert snapshot(shop) == written


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_an_existing_pyproject_keeps_every_byte(shop: Path, newline: str) -> None:
    text = ('[project]\nname = "shop"  # a comment\n\n[tool.black]\nline-length = 99'
            .replace("\n", newline))  # no newline at the end
    (shop / "pyproject.toml").write_bytes(text.encode())
    assert init("--yes").exit_code == 0
    after = (shop / "pyproject.toml").read_bytes()
    assert after.startswith(text.encode())
    appended = after[len(text):].decode()
    assert appended.startswith(newline * 2 + "[tool.redactlint]" + newline)
    assert "\n" not in appended.replace("\r\n", "") if newline == "\r\n" else True
    data = tomllib.loads(after.decode())
    assert data["project"] == {"name": "shop"} and data["tool"]["black"] == {"line-length": 99}
    assert len(data["tool"]["redactlint"]["sinks"]) == 9


def test_an_existing_pre_commit_configuration_is_shown_the_hooks(shop: Path) -> None:
    existing = b"repos:\n  - repo: https://example.invalid/hooks  # ours\n    rev: v1\n"
    (shop / ".pre-commit-config.yaml").write_bytes(existing)
    result = init("--yes")
    assert result.exit_code == 0, result.output
    assert (shop / ".pre-commit-config.yaml").read_bytes() == existing
    assert "exists and is left as it is: add these hooks under its `repos:`" in result.output
    assert "      - repo: local\n" in result.output


def test_answers_choose_the_sinks_and_logging(shop: Path) -> None:
    answers = "y\n" + "n\n" * 7 + "y\n" + "y\n"  # first and last sink, then logging
    result = init(stdin=answers)
    assert result.exit_code == 0, result.output
    config = parse_config_file(shop / "pyproject.toml")
    assert [s.call for s in config.sinks] == ["analytics.track", "shop.telemetry.track_checkout"]
    assert config.logging is True
    assert "Declare analytics.track as a sink? [Y/n]" in result.output


def test_no_answer_writes_nothing(shop: Path) -> None:
    before = snapshot(shop)
    result = init(stdin="y\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("redactlint: error: stopped before every proposal had an")
    assert snapshot(shop) == before


def test_bad_input_is_one_line_and_exit_2(shop: Path) -> None:
    (shop / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    result = init("--yes")
    assert result.exit_code == 2
    assert result.stderr.startswith("redactlint: error: pyproject.toml: invalid TOML: Expected")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    missing = init("--yes", "no-such-directory")
    assert missing.exit_code == 2
    assert missing.stderr == "redactlint: error: no-such-directory: not a directory\n"


def test_a_schemas_folder_of_another_kind_is_left_alone(shop: Path) -> None:
    (shop / "schemas").mkdir()
    (shop / "schemas" / "openapi.json").write_text('{"openapi": "3.1.0"}', encoding="utf-8")
    assert init("--yes").exit_code == 0
    assert parse_config_file(shop / "pyproject.toml").schemas == shop / "event-schemas"
    assert (shop / "event-schemas" / "README.md").is_file()
    # The schema hook lints the folder [tool.redactlint] names, whatever its name.
    assert "entry: redactlint schema lint\n" in (shop / ".pre-commit-config.yaml").read_text()
    assert CliRunner().invoke(main, ["check"]).exit_code in (0, 1)


def test_a_project_without_event_calls_gets_an_empty_configuration(tmp_path: Path) -> None:
    write(tmp_path, {"app.py": "print('hello')\n"})
    result = init("--yes", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "No event-logging calls found" in result.output
    assert (tmp_path / "pyproject.toml").read_text() == '[tool.redactlint]\nschemas = "schemas"\n'


def test_the_installed_command(tmp_path: Path) -> None:
    root = write(tmp_path / "shop", SHOP)
    dry = subprocess.run([str(COMMAND), "init", "--dry-run", "--yes", str(root)],
                         capture_output=True, text=True, check=False, timeout=120)
    assert dry.returncode == 0, dry.stderr
    assert "9. shop.telemetry.track_checkout" in dry.stdout
    assert not (root / "pyproject.toml").exists()
    done = subprocess.run([str(COMMAND), "init", "--yes"], cwd=root,
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    checked = subprocess.run([str(COMMAND), "check"], cwd=root,
                             capture_output=True, text=True, check=False, timeout=300)
    assert checked.returncode in (0, 1), checked.stderr


def test_a_file_edited_while_init_asks_is_not_written_over(shop: Path) -> None:
    (shop / "pyproject.toml").write_text('[project]\nname = "shop"\n', encoding="utf-8")
    changes = plan(discover(shop), [], logging=False)
    (shop / "pyproject.toml").write_text('[project]\nname = "renamed"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="changed while init ran"):
        apply(changes)
    assert (shop / "pyproject.toml").read_text() == '[project]\nname = "renamed"\n'


def test_hooks_already_configured_are_not_shown_again(shop: Path) -> None:
    existing = b"repos:\n  - repo: local\n    hooks:\n      - id: redactlint\n"
    (shop / ".pre-commit-config.yaml").write_bytes(existing)
    result = init("--yes")
    assert result.exit_code == 0, result.output
    assert (shop / ".pre-commit-config.yaml").read_bytes() == existing
    assert ".pre-commit-config.yaml" not in result.output


def test_a_virtual_environment_under_any_name_is_left_out(shop: Path) -> None:
    write(shop, {"env/pyvenv.cfg": "home = /usr/bin\n",
                 "env/lib/python3.12/site.py": 'import analytics\nanalytics.track("u", "x")\n'})
    assert init("--yes").exit_code == 0
    config = parse_config_file(shop / "pyproject.toml")
    assert config.exclude == ("env/**",)
    sinks = CliRunner().invoke(main, ["sinks"], catch_exceptions=False)
    assert re.search(r"^analytics\.track +2  shop/segment_calls.py:4", sinks.output, re.M)


def test_a_pyproject_that_cannot_take_the_table_is_left_alone(shop: Path) -> None:
    text = b'tool = { black = { line-length = 99 } }\n'
    (shop / "pyproject.toml").write_bytes(text)
    result = init("--yes")
    assert result.exit_code == 2
    assert result.stderr.startswith("redactlint: error: pyproject.toml: [tool.redactlint] cannot "
                                    "be appended here")
    assert (shop / "pyproject.toml").read_bytes() == text
    assert not (shop / "schemas").exists()
