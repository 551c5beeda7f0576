"""Checking again after an edit inside one function gives what a whole check gives.

Each fixture of the corpus is edited, one line inside a function at a time (a string
changed, a line inserted, removed or duplicated, a leak added, a suppression written),
and ``check_again`` must either decline (None) or report exactly the findings
``check_module`` reports for the edited text. Chains of edits, with the tree parsed
again after edits that moved lines, must too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redactlint.analysis.findings import Finding
from redactlint.analysis.incremental import Snapshot, check_again, check_module, reparse

from .project import FIXTURES, Project, without_expectations

FILES = sorted(path.relative_to(FIXTURES).as_posix() for path in FIXTURES.rglob("*.py"))
EDITS = ("string", "insert", "remove", "duplicate", "leak", "suppress", "same-line leak")


def body_lines(source: str) -> list[int]:
    """0-based indexes of lines inside function bodies (past each body's first line)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno:
            found.update(range(node.body[0].lineno - 1, node.end_lineno))
    return sorted(found)


def edited(lines: list[str], index: int, edit: str) -> list[str]:
    line = lines[index]
    indent = line[: len(line) - len(line.lstrip())]
    new = list(lines)
    if edit == "string":
        quote = line.find('"')
        new[index] = line[: quote + 1] + "x" + line[quote + 1:] if quote >= 0 else line + " "
    elif edit == "insert":
        new.insert(index + 1, f'{indent}extra_name = "literal"')
    elif edit == "remove":
        del new[index]
    elif edit == "duplicate":
        new.insert(index, line)
    elif edit == "leak":
        new.insert(index + 1, f"{indent}emit_extra = str(object())")
    elif edit == "suppress":
        new[index] = line + "  # redactlint: ignore[RL001] reviewed"
    else:
        new[index] = line + "  # noqa: RL001"
    return new


def reported(findings: list[Finding]) -> list[tuple[object, ...]]:
    return sorted((f.span, f.code, f.message, f.statement, f.fix) for f in findings)


def same_as_whole(project: Project, path: Path, snapshot: Snapshot, text: str) -> Snapshot:
    data = text.encode("utf-8")
    whole = check_module(snapshot.shown, data, project.settings, snapshot.module)
    again = check_again(snapshot, data, project.settings)
    if again is not None:
        assert reported(again.findings) == reported(whole.findings), path
        reparse(again)
        return again
    return whole


@pytest.mark.parametrize("name", FILES)
def test_an_edit_in_a_function_is_checked_as_a_whole_check_would(
    project: Project, name: str
) -> None:
    path = project.fixtures / name
    source = without_expectations((FIXTURES / name).read_text(encoding="utf-8"))
    module = project.settings.module_name(str(path))
    snapshot = check_module(str(path), source.encode("utf-8"), project.settings, module)
    lines = source.split("\n")
    for index in body_lines(source)[::13]:
        for edit in EDITS:
            same_as_whole(project, path, snapshot, "\n".join(edited(lines, index, edit)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_chains_of_edits_stay_true(project: Project, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(FILES))
    path = project.fixtures / name
    source = without_expectations((FIXTURES / name).read_text(encoding="utf-8"))
    module = project.settings.module_name(str(path))
    snapshot = check_module(str(path), source.encode("utf-8"), project.settings, module)
    lines = source.split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        inside = body_lines("\n".join(lines))
        if not inside:
            return
        lines = edited(lines, data.draw(st.sampled_from(inside)), data.draw(st.sampled_from(EDITS)))
        snapshot = same_as_whole(project, path, snapshot, "\n".join(lines))


def test_an_edit_inside_a_function_is_checked_alone(project: Project) -> None:
    """The common edit takes the short way: a character typed in a function's string."""
    path = project.fixtures / "marking.py"
    source = without_expectations((FIXTURES / "marking.py").read_text(encoding="utf-8"))
    module = project.settings.module_name(str(path))
    snapshot = check_module(str(path), source.encode("utf-8"), project.settings, module)
    lines = source.split("\n")
    taken = 0
    for index in body_lines(source):
        if '"' in lines[index]:
            again = check_again(snapshot, "\n".join(edited(lines, index, "string")).encode(),
                                project.settings)
            taken += again is not None
    assert taken >= 5


def test_edits_outside_one_function_are_checked_whole(project: Project) -> None:
    path = project.fixtures / "marking.py"
    source = without_expectations((FIXTURES / "marking.py").read_text(encoding="utf-8"))
    module = project.settings.module_name(str(path))
    snapshot = check_module(str(path), source.encode("utf-8"), project.settings, module)
    assert check_again(snapshot, ("X = 1\n" + source).encode(), project.settings) is None
    header = source.replace("def ", "def  ", 1)
    assert check_again(snapshot, header.encode(), project.settings) is None
    with_global = source + "\n\ndef setter():\n    global X\n    X = 2\n"
    assert check_again(snapshot, with_global.encode(), project.settings) is None


def test_a_finding_whose_span_holds_the_edited_method_is_made_again(
    project: Project,
) -> None:
    """RL203 spans its whole class: typing in one of its methods moves its end."""
    path = project.fixtures / "runtime_api.py"
    source = without_expectations((FIXTURES / "runtime_api.py").read_text(encoding="utf-8"))
    module = project.settings.module_name(str(path))
    snapshot = check_module(str(path), source.encode("utf-8"), project.settings, module)
    lines = source.split("\n")
    index = next(i for i, line in enumerate(lines) if 'printer.print("token")' in line)
    same_as_whole(project, path, snapshot, "\n".join(edited(lines, index, "string")))
