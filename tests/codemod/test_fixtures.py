"""``redactlint fix`` on fixture pairs: each ``<case>.input.py`` fixed in a project
must equal ``<case>.output.py`` byte for byte.

Then: a second run changes nothing, the output compiles, and ``check`` reports no
finding of a fixed kind except where the output says ``# not fixed: RLxxx`` (a fix
the codemod must refuse, reported on stderr) or ``# no fix: RLxxx`` (a finding
without a mechanical fix).
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from .conftest import Project

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(path.name.removesuffix(".input.py") for path in FIXTURES.glob("*.input.py"))
FIXED_CODES = "RL001,RL002,RL204,RL205"
_MARK = r"#\s*{}:\s*(?P<codes>RL[0-9]{{3}}(?:\s*,\s*RL[0-9]{{3}})*)"


def marked(source: str, mark: str) -> set[tuple[int, str]]:
    """(line, code) for every ``# <mark>: RL001`` comment in ``source``."""
    pattern = re.compile(_MARK.format(mark))
    found: set[tuple[int, str]] = set()
    for number, line in enumerate(source.splitlines(), start=1):
        match = pattern.search(line)
        if match is not None:
            found.update((number, code.strip()) for code in match["codes"].split(","))
    return found


def remaining(project: Project, path: str) -> set[tuple[int, str]]:
    result = project.run("check", "--select", FIXED_CODES, "--format", "json", path)
    assert result.exit_code in (0, 1), result.output
    return {(f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]}


def show_difference(expected: bytes, actual: bytes) -> str:
    return "".join(
        difflib.unified_diff(
            expected.decode().splitlines(keepends=True),
            actual.decode().splitlines(keepends=True),
            "expected",
            "actual",
        )
    )


def test_every_case_has_a_pair() -> None:
    outputs = {path.name.removesuffix(".output.py") for path in FIXTURES.glob("*.output.py")}
    assert outputs == set(CASES)
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES)
def test_fix(project: Project, case: str) -> None:
    source = (FIXTURES / f"{case}.input.py").read_bytes()
    expected = (FIXTURES / f"{case}.output.py").read_bytes()
    relative = f"app/{case}.py"
    path = project.write(relative, source)
    assert remaining(project, relative), "the input has nothing to fix"

    first = project.run("fix", relative)
    actual = path.read_bytes()
    assert actual == expected, show_difference(expected, actual)
    compile(actual, relative, "exec", dont_inherit=True)

    refused = marked(expected.decode(), "not fixed")
    assert remaining(project, relative) == refused | marked(expected.decode(), "no fix")
    for line, code in refused:  # each refusal is reported, with its place
        assert re.search(rf"{re.escape(relative)}:{line}:\d+: {code} not fixed: ", first.stderr)
    # Exit 1 exactly when findings (of any rule) remain.
    assert first.exit_code == project.run("check", relative).exit_code

    second = project.run("fix", relative)
    assert path.read_bytes() == expected
    assert "fixed 0 findings in 0 files." in second.stderr
    assert second.exit_code == first.exit_code


@pytest.mark.parametrize("case", CASES)
def test_diff_shows_the_same_fix(project: Project, case: str) -> None:
    source = (FIXTURES / f"{case}.input.py").read_bytes()
    expected = (FIXTURES / f"{case}.output.py").read_bytes()
    relative = f"app/{case}.py"
    path = project.write(relative, source)
    result = project.run("fix", "--diff", relative)
    assert path.read_bytes() == source
    wanted = "".join(
        difflib.unified_diff(
            source.decode().splitlines(keepends=True),
            expected.decode().splitlines(keepends=True),
            f"a/{relative}",
            f"b/{relative}",
        )
    )
    assert result.stdout == wanted
    if wanted:
        assert result.exit_code == 1


def test_diff_exits_1_when_findings_would_remain(project: Project) -> None:
    relative = "app/unfixable.py"
    project.write(relative, (FIXTURES / "unfixable.input.py").read_bytes())
    assert project.run("fix", "--diff", relative).exit_code == 1
