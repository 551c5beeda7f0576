"""The bundled example app and its tour work as the README says, from examples/app.

Every command runs in place, as a user runs it, and must write nothing there
(bytecode writing is turned off, so the example directory stays as committed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from redactlint.redact import hashed

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "examples" / "app"
REGISTRY = "notebook_search/telemetry/events.py"
REDACTLINT = Path(sys.executable).with_name("redactlint")
HEAVY = ["click", "libcst", "jsonschema", "redactlint.schema", "redactlint.analysis"]

# Everything the session handles that must never leave the machine.
RAW_VALUES = [
    "alice",
    "bob",
    "password reset",
    "payroll",
    "salary",
    "rotate_payroll_token",
    "parse_salary",
    "nb-4f1c",
    r"\w+_token",
    "tokens.py",
]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("NO_COLOR", None)
    return env


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=APP,
        env=environment(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )


def redactlint(*args: str) -> subprocess.CompletedProcess[str]:
    return run(REDACTLINT, *args)


def files_under(directory: Path) -> Iterator[tuple[str, int]]:
    for path in sorted(directory.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path.relative_to(directory).as_posix(), path.stat().st_mtime_ns


@pytest.fixture(scope="module")
def session() -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "notebook_search")


@pytest.fixture(scope="module")
def exported(session: subprocess.CompletedProcess[str]) -> dict[str, list[dict[str, object]]]:
    """The exported payloads, by mode section of the output."""
    sections: dict[str, list[dict[str, object]]] = {}
    current = ""
    for line in session.stdout.splitlines():
        if line.startswith('== mode="'):
            current = line.split('"')[1]
            sections[current] = []
        elif line.startswith("{"):
            sections[current].append(json.loads(line))
    return sections


# -- the project: schemas, registry, allowlists --------------------------------------


def test_the_schemas_lint_clean() -> None:
    result = redactlint("schema", "lint", "schemas")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no findings" in result.stdout


def test_the_committed_registry_is_fresh() -> None:
    result = redactlint("generate", "--check", "--schemas", "schemas", "--out", REGISTRY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date (3 events)" in result.stdout


def test_no_canary_survives_export() -> None:
    result = redactlint(
        "verify",
        "--registry",
        "notebook_search.telemetry.events",
        "--path",
        ".",
        "--schemas",
        "schemas",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no canary survived" in result.stdout


def test_every_safe_type_entry_names_a_class_of_the_app() -> None:
    import ast

    listed = [
        line.split()[0]
        for line in (APP / "redact-safe-types.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert listed == ["notebook_search.codeintel.CodeLocation"]
    module, _, name = listed[0].rpartition(".")
    source = (APP / Path(*module.split("."))).with_suffix(".py").read_text(encoding="utf-8")
    classes = {node.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ClassDef)}
    assert name in classes


# -- the product -----------------------------------------------------------------------


def test_the_app_runs(session: subprocess.CompletedProcess[str]) -> None:
    assert session.returncode == 0, session.stderr
    assert session.stderr == ""
    assert "‹×›" in session.stdout


def test_no_raw_value_reaches_the_output(session: subprocess.CompletedProcess[str]) -> None:
    assert "alice@example.com" not in session.stdout
    for raw in RAW_VALUES:
        assert raw not in session.stdout, raw


def test_redact_mode_marks_what_was_there(exported: dict[str, list[dict[str, object]]]) -> None:
    payloads = exported["redact"]
    names = [payload["event"] for payload in payloads]
    assert names == [
        "search.submitted",
        "search.submitted",
        "notebook.pageViewed",
        "notebook.pageViewed",
        "codeIntel.goToDefinition",
        "codeIntel.goToDefinition",
    ]
    first, scoped = (payload["properties"] for payload in payloads[:2])
    assert isinstance(first, dict) and isinstance(scoped, dict)
    # The two-line query with an e-mail address: each line redacted on its own.
    assert first["query"] == "‹×›\n‹×›"
    assert first["patternType"] == "literal"
    assert first["resultCount"] == 0
    assert isinstance(first["durationMs"], (int, float))
    assert scoped["patternType"] == "regexp"
    assert scoped["repo"] == hashed("acme/payroll").redact(hash=True, salt="tour-install-salt")

    views = [payload["properties"] for payload in payloads[2:4]]
    digest = hashed("nb-4f1c").redact(hash=True, salt="tour-install-salt")
    assert views == [
        {"cellCount": 3, "notebookId": digest, "page": "view"},  # a known page kind
        {"cellCount": 3, "notebookId": digest, "page": "‹×›"},  # a custom route
    ]
    jumps = [payload["properties"] for payload in payloads[4:]]
    assert [(jump["precise"], jump["symbol"], jump["language"]) for jump in jumps] == [
        (True, "‹×›", "python"),
        (False, "‹×›", "python"),
    ]


def test_the_log_is_redacted_too(session: subprocess.CompletedProcess[str]) -> None:
    logs = [line for line in session.stdout.splitlines() if line.startswith("log: ")]
    assert logs == [
        "log: definition of ‹×› (precise): python file ‹×› line 42",
        "log: definition of ‹×› (search-based): python file ‹×› line 118",
    ]


def test_drop_mode_leaves_sensitive_fields_out(
    exported: dict[str, list[dict[str, object]]],
) -> None:
    search, view = (payload["properties"] for payload in exported["drop"])
    assert isinstance(search, dict)
    assert sorted(search) == ["durationMs", "patternType", "resultCount"]
    assert view == {"cellCount": 3}


def test_the_app_imports_only_the_runtime() -> None:
    code = (
        "import json, runpy, sys\n"
        "runpy.run_module('notebook_search', run_name='__main__')\n"
        f"sys.stderr.write(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    result = run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stderr) == []


# -- the checker -----------------------------------------------------------------------


def test_check_finds_exactly_the_two_deliberate_mistakes() -> None:
    result = redactlint("check", "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    report = json.loads(result.stdout)
    found = [(f["path"], f["code"]) for f in report["findings"]]
    assert found == [
        ("notebook_search/mistakes.py", "RL002"),
        ("notebook_search/mistakes.py", "RL001"),
    ]
    mistakes = (APP / "notebook_search" / "mistakes.py").read_text(encoding="utf-8").splitlines()
    for finding in report["findings"]:
        # Each finding points at the value, a few lines below its labelled comment.
        above = mistakes[finding["line"] - 4 : finding["line"] - 1]
        assert any(f"Deliberate mistake for the tour ({finding['code']})" in x for x in above)


def test_check_text_output_ends_with_a_summary() -> None:
    result = redactlint("check", "--no-color")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == ["notebook_search/mistakes.py"] * 2
    assert lines[-1].startswith("Found 2 findings (RL001: 1, RL002: 1)")


# -- the tour ------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("sh") is None, reason="the tour is a POSIX shell script")
def test_the_tour_runs_end_to_end_and_writes_nothing() -> None:
    before = list(files_under(APP))
    result = run("sh", "tour.sh")
    assert result.returncode == 0, result.stdout + result.stderr
    steps = [line for line in result.stdout.splitlines() if line.startswith("$ ")]
    assert steps == [
        "$ redactlint schema lint schemas",
        f"$ redactlint generate --check --schemas schemas --out {REGISTRY}",
        "$ redactlint verify --registry notebook_search.telemetry.events --path . "
        "--schemas schemas",
        "$ python3 -m notebook_search",
        "$ redactlint check",
    ]
    assert "Found 2 findings (RL001: 1, RL002: 1)" in result.stdout
    assert result.stdout.rstrip().endswith("(and RL002).")
    assert "alice@example.com" not in result.stdout
    assert list(files_under(APP)) == before


def test_the_readme_runs_the_tour() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "python3 -m venv .venv && .venv/bin/pip install -q -e . && sh examples/app/tour.sh"
    assert f"```sh\n{command}\n```" in readme
    assert command in (APP / "tour.sh").read_text(encoding="utf-8")
