"""Set-up mistakes that used to turn the checks off with a green exit now fail loud.

Each test is one mistake a new user made: the run must exit 2 and say what is wrong
and where, or (for a sink no call matches) warn, never print ``No findings``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from redactlint.cli import main
from tests.support import EXAMPLE_SCHEMAS, write_project

PYPROJECT = """\
[tool.redactlint]
schemas = "schemas"
registry = "app/telemetry/events.py"

[[tool.redactlint.sinks]]
call = "app.analytics.track"
event = 0
properties = 1
redacts = true
"""
ANALYTICS = "def track(event, properties):\n    pass\n"
LEAK = (
    "from app.analytics import track\n\n\n"
    "def handler(text: str) -> None:\n"
    '    track("search.submitted", {"query": text})\n'
)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_project(tmp_path / "project", EXAMPLE_SCHEMAS, PYPROJECT)
    (root / "app" / "analytics.py").write_text(ANALYTICS)
    (root / "app" / "leak.py").write_text(LEAK)
    monkeypatch.chdir(root)
    return root


def test_no_configuration_is_exit_2_naming_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "code"
    code.mkdir()
    (code / "leak.py").write_text(LEAK)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke("check", "--no-cache", "../code")
    assert result.exit_code == 2
    assert "no pyproject.toml with a [tool.redactlint] table found" in result.output
    assert str(code) in result.output and str(elsewhere) in result.output
    assert "No findings" not in result.output


def test_the_configuration_of_the_working_directory_applies_to_paths_outside_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cd cfg && redactlint check ../code``: the code has no configuration above it."""
    code = project.parent / "code"
    (code / "app").mkdir(parents=True)
    (code / "app" / "__init__.py").write_text("")
    (code / "app" / "leak.py").write_text(LEAK)
    monkeypatch.chdir(project)
    result = invoke("check", "--no-cache", os.path.relpath(code))
    assert result.exit_code == 1, result.output
    assert "RL001" in result.output


@pytest.mark.parametrize(
    ("option", "code"),
    [("--select", "RL01"), ("--select", "RX001"), ("--ignore", "RL999"), ("--select", "RL1,RL7")],
)
def test_a_code_that_matches_no_rule_is_exit_2(project: Path, option: str, code: str) -> None:
    result = invoke("check", "--no-cache", option, code)
    assert result.exit_code == 2
    assert "matches no rule" in result.output


def test_a_code_in_the_configuration_that_matches_no_rule_is_exit_2(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    table = '[tool.redactlint]\nignore = ["RL01"]\n'
    pyproject.write_text(PYPROJECT.replace("[tool.redactlint]\n", table))
    result = invoke("check", "--no-cache")
    assert result.exit_code == 2
    assert "pyproject.toml" in result.output and "'RL01' matches no rule" in result.output


def test_a_rule_prefix_still_selects(project: Path) -> None:
    result = invoke("check", "--no-cache", "--select", "RL0")
    assert result.exit_code == 1
    assert "RL001" in result.output


def test_a_registry_outside_a_package_is_exit_2(project: Path) -> None:
    (project / "app" / "telemetry" / "__init__.py").unlink()
    result = invoke("check", "--no-cache")
    assert result.exit_code == 2
    assert "add __init__.py to" in result.output and "telemetry" in result.output


def test_flake8_without_a_configuration_reports_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ast

    from redactlint.flake8 import Plugin

    (tmp_path / "leak.py").write_text(LEAK)
    monkeypatch.chdir(tmp_path)
    plugin = Plugin(ast.parse(LEAK), str(tmp_path / "leak.py"), LEAK.splitlines(True))
    assert list(plugin.run()) == []


def _sink_config(project: Path, sink: str) -> None:
    (project / "pyproject.toml").write_text(
        PYPROJECT.replace(
            '[[tool.redactlint.sinks]]\ncall = "app.analytics.track"\nevent = 0\nproperties = 1\n',
            sink,
        )
    )


def test_a_misspelt_sink_is_exit_2(project: Path) -> None:
    _sink_config(project, '[[tool.redactlint.sinks]]\ncall = "app.analytics.trak"\nevent = 0\n')
    result = invoke("check", "--no-cache")
    assert result.exit_code == 2
    assert "defines no 'trak'" in result.output and "sinks[0]" in result.output


@pytest.mark.parametrize(
    ("sink", "message"),
    [
        ("event = 0\nproperties = 2\n", "properties at position 2, but it takes 2 positional"),
        ('event = "name"\nproperties = 1\n', "event = 'name', but it has no such parameter"),
        # What the decorated functions return: places in a tuple, never parameter names.
        ('decorator = true\nreturns = true\nevent = "event"\n',
         "event must be a position in the tuple the decorated functions return"),
    ],
)
def test_a_sink_parameter_the_signature_lacks_is_exit_2(
    project: Path, sink: str, message: str
) -> None:
    _sink_config(project, f'[[tool.redactlint.sinks]]\ncall = "app.analytics.track"\n{sink}')
    result = invoke("check", "--no-cache")
    assert result.exit_code == 2
    assert message in result.output


def test_a_sink_defined_in_the_project_matches_by_name_and_position(project: Path) -> None:
    _sink_config(project, '[[tool.redactlint.sinks]]\ncall = "app.analytics.track"\n'
                 'event = "event"\nproperties = "properties"\n')
    result = invoke("check", "--no-cache")
    assert result.exit_code == 1  # the call passes them by position
    assert "RL001" in result.output


def test_a_declared_sink_no_call_matches_is_a_warning_in_a_whole_project_run(
    project: Path,
) -> None:
    (project / "app" / "analytics.py").write_text(ANALYTICS + "\n\ndef unused(event):\n    pass\n")
    (project / "pyproject.toml").write_text(
        PYPROJECT + '\n[[tool.redactlint.sinks]]\ncall = "app.analytics.unused"\nevent = 0\n'
    )
    result = CliRunner().invoke(main, ["check", "--no-cache"])
    assert result.exit_code == 1
    assert "declared sink 'app.analytics.unused' matched no call" in result.stderr
    assert "'app.analytics.track'" not in result.stderr
    # Only a run over the whole project can tell: a file list proves nothing.
    partial = CliRunner().invoke(main, ["check", "--no-cache", "app/leak.py"])
    assert "matched no call" not in partial.stderr


def test_the_summary_says_how_many_files_were_checked_and_skipped(project: Path) -> None:
    (project / "app" / "plain.py").write_text("VALUE = 1\n")
    result = invoke("check", "--no-cache")
    assert "skipped as they name no sink" in result.output
    last = result.output.strip().splitlines()[-1]
    assert "checked" in last and "skipped" in last


@pytest.mark.parametrize(
    ("sink", "message"),
    [
        # A class whose objects are sent: nothing of a call of it is an event or properties.
        ('call = "app.message.Message"\nfields = true\nevent = 0\n',
         "'fields = true' declares a class whose objects are sent"),
        ('call = "app.analytics.track"\nfields = true\n',
         "'fields = true' needs a class whose objects are sent, and this is a function"),
        ('call = "app.message.Message"\nfields = "yes"\n', "'fields' must be true or false"),
    ],
)
def test_a_fields_sink_that_is_no_class_is_exit_2(project: Path, sink: str, message: str) -> None:
    (project / "app" / "message.py").write_text("class Message:\n    pass\n")
    _sink_config(project, f"[[tool.redactlint.sinks]]\n{sink}")
    result = invoke("check", "--no-cache")
    assert result.exit_code == 2
    assert message in result.output


def test_what_is_stored_on_a_sent_object_counts_as_its_sink_matching(project: Path) -> None:
    (project / "app" / "message.py").write_text(
        "import sys\n\n\nclass Message:\n    def __init__(self) -> None:\n"
        "        self.cmd = ' '.join(sys.argv)\n"
    )
    (project / "pyproject.toml").write_text(
        PYPROJECT + '\n[[tool.redactlint.sinks]]\ncall = "app.message.Message"\nfields = true\n'
    )
    result = CliRunner().invoke(main, ["check", "--no-cache"])
    assert result.exit_code == 1
    assert "app/message.py:6:20: RL001" in result.output
    assert "passed to app.message.Message as its attribute 'cmd'" in result.output
    assert "matched no call" not in result.stderr


def test_a_telemetry_library_call_no_declared_sink_covers_is_a_warning(project: Path) -> None:
    """The project declares its wrapper but calls PostHog's client directly elsewhere:
    that call's values would leave unchecked with a green run."""
    (project / "app" / "posthog_calls.py").write_text(
        "from posthog import Posthog\n\nclient = Posthog('key')\n\n\n"
        "def capture_event(event: str, properties: dict) -> None:\n"
        "    client.capture(distinct_id='anon', event=event, properties=properties)\n\n\n"
        "def identify(email: str) -> None:\n"
        "    client.capture(distinct_id=email, event='$identify')\n"
    )
    (project / "pyproject.toml").write_text(
        PYPROJECT + '\n[[tool.redactlint.sinks]]\ncall = "app.posthog_calls.capture_event"\n'
        'event = "event"\nproperties = "properties"\n'
    )
    result = CliRunner().invoke(main, ["check", "--no-cache"])
    assert "app/posthog_calls.py:11 calls posthog.Posthog.capture, which no declared sink " \
        "covers" in result.stderr
    assert "posthog_calls.py:7 " not in result.stderr  # inside the declared wrapper
    # Declared, the library's calls are checked and nothing is left uncovered.
    (project / "pyproject.toml").write_text(
        PYPROJECT + '\n[[tool.redactlint.sinks]]\ncall = "posthog.Posthog.capture"\n'
        'event = "event"\nproperties = "properties"\n'
    )
    declared = CliRunner().invoke(main, ["check", "--no-cache"])
    assert "no declared sink covers" not in declared.stderr
    assert "app/posthog_calls.py:11:" in declared.output
