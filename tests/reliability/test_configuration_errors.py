"""Bad configuration and broken schema files end ``check`` with exit code 2 and one
message naming the file and the key (or the place in the file), never a traceback."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ..analysis.project import PYPROJECT, Project
from .conftest import assert_no_crash, invoke

HEADER = '[tool.redactlint]\nschemas = "schemas"\n'
SINK = '[[tool.redactlint.sinks]]\ncall = "analytics.track"\n'


def pyproject(text: str | bytes) -> Callable[[Path], object]:
    data = text.encode() if isinstance(text, str) else text
    return lambda root: (root / "pyproject.toml").write_bytes(data)


def replaced(old: str, new: str) -> Callable[[Path], object]:
    assert old in PYPROJECT
    return pyproject(PYPROJECT.replace(old, new))


# (case, change to the project, the file named, what else the message must name)
PYPROJECT_CASES: list[tuple[str, Callable[[Path], object], str, str]] = [
    ("toml syntax", pyproject(HEADER + "exclude = [\n"), "pyproject.toml", "invalid TOML"),
    ("toml not utf-8", pyproject(HEADER.encode() + b"# caf\xe9\n"), "pyproject.toml", "UTF-8"),
    (
        "table not a table",
        pyproject("[tool]\nredactlint = 3\n"),
        "pyproject.toml",
        "[tool.redactlint]",
    ),
    ("unknown key", pyproject(HEADER + "colour = 1\n"), "pyproject.toml", "'colour'"),
    (
        "schemas not a string",
        replaced('schemas = "schemas"', "schemas = 1"),
        "pyproject.toml",
        "'schemas'",
    ),
    (
        "schemas empty",
        replaced('schemas = "schemas"', 'schemas = ""'),
        "pyproject.toml",
        "'schemas'",
    ),
    (
        "registry a list",
        replaced('registry = "app/telemetry/events.py"', "registry = []"),
        "pyproject.toml",
        "'registry'",
    ),
    (
        "allowlist a number",
        replaced('safe-types-allowlist = "redact-safe-types.txt"', "safe-types-allowlist = 3"),
        "pyproject.toml",
        "'safe-types-allowlist'",
    ),
    ("exclude a string", pyproject(HEADER + 'exclude = "x/**"\n'), "pyproject.toml", "'exclude'"),
    ("exclude numbers", pyproject(HEADER + "exclude = [1]\n"), "pyproject.toml", "'exclude'"),
    ("select not a code", pyproject(HEADER + 'select = ["E501"]\n'), "pyproject.toml", "'select'"),
    ("ignore a string", pyproject(HEADER + 'ignore = "RL001"\n'), "pyproject.toml", "'ignore'"),
    (
        "sinks a table",
        pyproject(HEADER + "[tool.redactlint.sinks]\ncall = 'a.b'\n"),
        "pyproject.toml",
        "'sinks'",
    ),
    ("sink a string", pyproject(HEADER + "sinks = ['a.track']\n"), "pyproject.toml", "sinks[0]"),
    (
        "sink without call",
        pyproject(HEADER + "[[tool.redactlint.sinks]]\nevent = 0\n"),
        "pyproject.toml",
        "'call'",
    ),
    (
        "call a number",
        pyproject(HEADER + "[[tool.redactlint.sinks]]\ncall = 3\n"),
        "pyproject.toml",
        "'call'",
    ),
    (
        "call empty part",
        pyproject(HEADER + "[[tool.redactlint.sinks]]\ncall = 'a..b'\n"),
        "pyproject.toml",
        "'call'",
    ),
    (
        "call bare star",
        pyproject(HEADER + "[[tool.redactlint.sinks]]\ncall = '*.'\n"),
        "pyproject.toml",
        "'call'",
    ),
    ("event negative", pyproject(HEADER + SINK + "event = -1\n"), "pyproject.toml", "'event'"),
    ("event not a name", pyproject(HEADER + SINK + "event = 'a b'\n"), "pyproject.toml", "'event'"),
    ("event a float", pyproject(HEADER + SINK + "event = 1.5\n"), "pyproject.toml", "'event'"),
    (
        "properties a bool",
        pyproject(HEADER + SINK + "properties = true\n"),
        "pyproject.toml",
        "'properties'",
    ),
    ("unknown sink key", pyproject(HEADER + SINK + "events = 0\n"), "pyproject.toml", "'events'"),
    (
        "per-file-ignores a list",
        pyproject(HEADER + "per-file-ignores = []\n"),
        "pyproject.toml",
        "'per-file-ignores'",
    ),
    (
        "per-file-ignores a string",
        pyproject(HEADER + '[tool.redactlint.per-file-ignores]\n"t/*" = "RL001"\n'),
        "pyproject.toml",
        "per-file-ignores",
    ),
    (
        "per-file-ignores bad code",
        pyproject(HEADER + '[tool.redactlint.per-file-ignores]\n"t/*" = ["X1"]\n'),
        "pyproject.toml",
        "'X1'",
    ),
    (
        "schemas directory missing",
        lambda root: shutil.rmtree(root / "schemas"),
        "schemas",
        "not found",
    ),
    (
        "schemas a file",
        lambda root: (shutil.rmtree(root / "schemas"), (root / "schemas").write_text("x")),
        "schemas",
        "schemas directory",
    ),
    (
        "allowlist missing",
        lambda root: (root / "redact-safe-types.txt").unlink(),
        "redact-safe-types.txt",
        "not found",
    ),
    (
        "allowlist a directory",
        lambda root: (
            (root / "redact-safe-types.txt").unlink(),
            (root / "redact-safe-types.txt").mkdir(),
        ),
        "redact-safe-types.txt",
        "cannot read",
    ),
    (
        "allowlist not utf-8",
        lambda root: (root / "redact-safe-types.txt").write_bytes(b"app.X caf\xe9\n"),
        "redact-safe-types.txt",
        "cannot read",
    ),
    (
        "allowlist entry without reason",
        lambda root: (root / "redact-safe-types.txt").write_text("# ok\napp.Thing\n"),
        "redact-safe-types.txt:2",
        "app.Thing",
    ),
    (
        "allowlist entry not a name",
        lambda root: (root / "redact-safe-types.txt").write_text("not-a-name reason\n"),
        "redact-safe-types.txt:1",
        "'not-a-name'",
    ),
]

SCHEMA = "schemas/search.submitted.json"


def schema_bytes(data: bytes) -> Callable[[Path], object]:
    return lambda root: (root / SCHEMA).write_bytes(data)


def schema_edit(edit: Callable[[dict[str, Any]], object]) -> Callable[[Path], object]:
    def change(root: Path) -> None:
        document = json.loads((root / SCHEMA).read_text(encoding="utf-8"))
        edit(document)
        (root / SCHEMA).write_text(json.dumps(document), encoding="utf-8")

    return change


def schema_text(old: str, new: str) -> Callable[[Path], object]:
    def change(root: Path) -> None:
        text = (root / SCHEMA).read_text(encoding="utf-8")
        assert old in text
        (root / SCHEMA).write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def copy_schema_as(name: str) -> Callable[[Path], object]:
    return lambda root: shutil.copy(root / SCHEMA, root / "schemas" / name)


SCHEMA_CASES: list[tuple[str, Callable[[Path], object], str, str]] = [
    ("invalid json", schema_bytes(b'{"type": '), SCHEMA, "line 1, column"),
    ("empty file", schema_bytes(b""), SCHEMA, "invalid JSON"),
    ("not an object", schema_bytes(b"[]"), SCHEMA, "not of type 'object'"),
    ("not utf-8", schema_bytes(b'{"x-event": "caf\xe9"}'), SCHEMA, "not UTF-8"),
    (
        "nested too deeply",
        schema_bytes(b"[" * 100_000 + b"]" * 100_000),
        SCHEMA,
        "nested too deeply",
    ),
    (
        "number too long",
        schema_text('"version": 1', '"version": 1' + "0" * 5000),
        SCHEMA,
        "invalid JSON",
    ),
    ("NaN version", schema_text('"version": 1', '"version": NaN'), SCHEMA, "/x-event/version"),
    ("no x-event", schema_edit(lambda d: d.pop("x-event")), SCHEMA, "'x-event'"),
    (
        "version a string",
        schema_edit(lambda d: d["x-event"].update(version="one")),
        SCHEMA,
        "/x-event/version",
    ),
    (
        "version zero",
        schema_edit(lambda d: d["x-event"].update(version=0)),
        SCHEMA,
        "/x-event/version",
    ),
    (
        "bad action",
        schema_edit(lambda d: d["x-event"].update(action="Sub mitted")),
        SCHEMA,
        "/x-event",
    ),
    (
        "bad expiry",
        schema_edit(lambda d: d["x-event"].update(expires="2024-13-45")),
        SCHEMA,
        "expires",
    ),
    (
        "sensitivity unknown",
        schema_edit(lambda d: d["properties"]["query"].update({"x-sensitivity": "secret"})),
        SCHEMA,
        "/properties/query/x-sensitivity",
    ),
    (
        "safe-if not anchored",
        schema_edit(lambda d: d["properties"]["repo"].update({"x-safe-if": "[a-z]+"})),
        SCHEMA,
        "x-safe-if",
    ),
    (
        "safe-if not a regex",
        schema_edit(lambda d: d["properties"]["repo"].update({"x-safe-if": "^([a-z]$"})),
        SCHEMA,
        "x-safe-if",
    ),
    (
        "property type unknown",
        schema_edit(lambda d: d["properties"]["resultCount"].update(type="bigint")),
        SCHEMA,
        "/properties/resultCount",
    ),
    (
        "duplicate key",
        schema_text('"type": "object",', '"type": "object", "type": "object",'),
        SCHEMA,
        "duplicate key 'type'",
    ),
    (
        "misnamed file",
        copy_schema_as("search.other.json"),
        "schemas/search.other.json",
        "file name must be",
    ),
    (
        "a directory named like a schema",
        lambda root: (root / "schemas" / "x.json").mkdir(),
        "schemas/x.json",
        "cannot read",
    ),
    (
        "a broken link",
        lambda root: (root / "schemas" / "y.json").symlink_to(root / "nowhere.json"),
        "schemas/y.json",
        "cannot read",
    ),
]


def run_broken(project: Project, change: Callable[[Path], object]) -> str:
    change(project.root)
    result = invoke("check")
    assert_no_crash(result, allowed=(2,))
    assert result.stdout == ""
    return result.stderr


@pytest.mark.parametrize(
    ("change", "file", "key"),
    [case[1:] for case in PYPROJECT_CASES],
    ids=[case[0] for case in PYPROJECT_CASES],
)
def test_bad_configuration_exits_2_naming_file_and_key(
    fresh_project: Project, change: Callable[[Path], object], file: str, key: str
) -> None:
    message = run_broken(fresh_project, change)
    assert message.startswith("redactlint: error: "), message
    assert str(fresh_project.root / file) in message, message
    assert key in message, message


@pytest.mark.parametrize(
    ("change", "file", "key"),
    [case[1:] for case in SCHEMA_CASES],
    ids=[case[0] for case in SCHEMA_CASES],
)
def test_broken_schemas_exit_2_naming_file_and_key(
    fresh_project: Project, change: Callable[[Path], object], file: str, key: str
) -> None:
    message = run_broken(fresh_project, change)
    assert message.startswith("redactlint: error: the event schemas have problems"), message
    assert str(fresh_project.root / file) in message, message
    assert key in message, message


def test_a_configuration_file_given_explicitly(fresh_project: Project) -> None:
    """``--config`` naming a file that is broken, missing or not a table at all."""
    root = fresh_project.root
    (root / "other.toml").write_text("tool = 3\n")
    for arguments, expected in [
        (("--config", "other.toml"), "'tool' must be a table"),
        (("--config", "missing.toml"), "cannot read configuration"),
    ]:
        result = invoke("check", *arguments)
        assert_no_crash(result, allowed=(2,))
        assert expected in result.stderr and ".toml" in result.stderr, result.stderr


def test_an_unreadable_configuration(
    fresh_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fresh_project.root / "pyproject.toml"
    real_open = Path.open

    def refusing(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "pyproject.toml":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing)
    result = invoke("check", "--config", str(path))
    assert_no_crash(result, allowed=(2,))
    assert f"{path}: cannot read configuration: Permission denied" in result.stderr


def test_a_stray_broken_pyproject_above_is_not_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken ``pyproject.toml`` that does not mention redactlint is not taken as ours."""
    (tmp_path / "pyproject.toml").write_bytes(b"[project\nname = 'caf\xe9'\n")
    (tmp_path / "module.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "--no-cache", "module.py")
    assert_no_crash(result, allowed=(2,))
    assert "no pyproject.toml with a [tool.redactlint] table found" in result.output
    assert "invalid TOML" not in result.output
