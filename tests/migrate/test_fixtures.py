"""``redactlint migrate`` on fixture pairs: each ``<case>.input.py`` migrated in the
project must equal ``<case>.output.py`` byte for byte.

``<case>.unmapped.txt`` lists the calls the case must leave alone, as
``line:col: cannot map: reasons`` exactly as reported (exit code 1 then), and
``<case>.mapping.toml`` is passed as ``--mapping`` when present. Then: a second
run changes nothing, ``--diff`` writes nothing, the unmapped calls' lines are
unchanged, and after ``fix`` the checker finds no unmarked string (RL001, RL002).
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from .conftest import Project

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(path.name.removesuffix(".input.py") for path in FIXTURES.glob("*.input.py"))


def arguments(case: str) -> list[str]:
    mapping = FIXTURES / f"{case}.mapping.toml"
    return ["migrate", f"app/{case}.py", *(["--mapping", str(mapping)] if mapping.exists() else [])]


def expected_unmapped(case: str) -> list[str]:
    listed = FIXTURES / f"{case}.unmapped.txt"
    return listed.read_text(encoding="utf-8").splitlines() if listed.exists() else []


def reported_unmapped(case: str, stderr: str) -> list[str]:
    prefix = f"app/{case}.py:"
    return [line.removeprefix(prefix) for line in stderr.splitlines() if ": cannot map: " in line]


def show_difference(expected: bytes, actual: bytes) -> str:
    return "".join(
        difflib.unified_diff(
            expected.decode().splitlines(keepends=True),
            actual.decode().splitlines(keepends=True),
            "expected",
            "actual",
        )
    )


def test_every_case_has_an_expected_output() -> None:
    assert CASES
    for case in CASES:
        assert (FIXTURES / f"{case}.output.py").is_file(), case


@pytest.mark.parametrize("case", CASES)
def test_migrate_fixture(project: Project, case: str) -> None:
    source = (FIXTURES / f"{case}.input.py").read_bytes()
    expected = (FIXTURES / f"{case}.output.py").read_bytes()
    unmapped = expected_unmapped(case)
    target = project.write(f"app/{case}.py", source)

    result = project.run(*arguments(case))

    assert result.exit_code == (1 if unmapped else 0), result.output
    actual = target.read_bytes()
    assert actual == expected, show_difference(expected, actual)
    assert reported_unmapped(case, result.stderr) == unmapped
    compile(actual, str(target), "exec")
    output_lines = actual.decode().splitlines()
    for entry in unmapped:  # an unmapped call's first line is still there, as it was
        line = int(entry.split(":", 1)[0])
        assert source.decode().splitlines()[line - 1] in output_lines

    again = project.run(*arguments(case))
    assert target.read_bytes() == expected, "a second run changed the file"
    assert again.exit_code == result.exit_code
    # the same calls again (an added import moves them down a line)
    reasons = [entry.split(": ", 1)[1] for entry in unmapped]
    assert [entry.split(": ", 1)[1] for entry in reported_unmapped(case, again.stderr)] == reasons


@pytest.mark.parametrize("case", CASES)
def test_diff_writes_nothing(project: Project, case: str) -> None:
    source = (FIXTURES / f"{case}.input.py").read_bytes()
    expected = (FIXTURES / f"{case}.output.py").read_bytes()
    target = project.write(f"app/{case}.py", source)

    result = project.run(*arguments(case), "--diff")

    assert target.read_bytes() == source
    changes = source != expected
    assert result.exit_code == (1 if changes or expected_unmapped(case) else 0)
    if changes:
        assert result.stdout.startswith(f"--- a/app/{case}.py\n+++ b/app/{case}.py\n")
        added = [line[1:] for line in result.stdout.splitlines() if line.startswith("+")][1:]
        assert all(line in expected.decode().splitlines() for line in added)
    else:
        assert result.stdout == ""


@pytest.mark.parametrize("case", CASES)
def test_fix_marks_what_migrate_left(project: Project, case: str) -> None:
    project.write(f"app/{case}.py", (FIXTURES / f"{case}.input.py").read_bytes())
    project.run(*arguments(case))

    fixed = project.run("fix", f"app/{case}.py")
    assert fixed.exit_code in (0, 1), fixed.output
    check = project.run("check", "--select", "RL001,RL002", "--format", "json", f"app/{case}.py")

    assert check.exit_code == 0, check.stdout
    assert json.loads(check.stdout)["findings"] == []
