"""SARIF fixes on every codemod fixture: the replacements of a check's results, applied
to the input, give the fixture's output, which is what ``redactlint fix`` writes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from redactlint.analysis.findings import Finding, FixKind, Span, TextEdit
from redactlint.codemod.edits import attribute
from tests.report.test_sarif import apply_fixes, validate

from .conftest import PYPROJECT, Project
from .test_fixtures import CASES, FIXTURES, show_difference
from .test_log_template import AFTER, BEFORE, RELATIVE


@pytest.mark.parametrize("case", CASES)
def test_sarif_fixes_give_the_fixed_file(project: Project, case: str) -> None:
    source = (FIXTURES / f"{case}.input.py").read_bytes()
    expected = (FIXTURES / f"{case}.output.py").read_bytes()
    relative = f"app/{case}.py"
    project.write(relative, source)
    result = project.run("check", "--no-cache", "--format", "sarif", relative)
    assert result.exit_code in (0, 1), result.output
    document: Any = json.loads(result.stdout)
    validate(document)
    fixed = apply_fixes(document).get(relative, source.decode("utf-8")).encode("utf-8")
    assert fixed == expected, show_difference(expected, fixed)


def test_sarif_fixes_of_log_messages_include_the_later_pass(project: Project) -> None:
    """A message made a template, then its values marked (a second pass of ``fix``):
    the first pass's finding carries both."""
    project.write("pyproject.toml", PYPROJECT.replace("[tool.redactlint]\n",
                                                      "[tool.redactlint]\nlogging = true\n", 1))
    project.write(RELATIVE, BEFORE)
    result = project.run("check", "--no-cache", "--format", "sarif", RELATIVE)
    assert result.exit_code == 1, result.output
    document: Any = json.loads(result.stdout)
    validate(document)
    assert apply_fixes(document) == {RELATIVE: AFTER}
    (first,) = [
        r for r in document["runs"][0]["results"]
        if r["ruleId"] == "RL201"
        and r["locations"][0]["physicalLocation"]["region"]["startLine"] == 10
    ]
    inserted = [
        replacement["insertedContent"]["text"]
        for change in first["fixes"][0]["artifactChanges"]
        for replacement in change["replacements"]
    ]
    assert any("redact.unsafe(email)" in text for text in inserted)


def test_an_import_goes_with_the_first_fix_and_each_fix_keeps_its_own_edits() -> None:
    original = "import x\n\nx.track(a, b)\n"
    fixed = "import x\nfrom redactlint import unsafe\n\nx.track(unsafe(a), unsafe(b))\n"
    first = Finding("m.py", Span(3, 9, 3, 10), "RL001", "a", FixKind.WRAP_UNSAFE)
    second = Finding("m.py", Span(3, 12, 3, 13), "RL001", "b", FixKind.WRAP_UNSAFE)
    edits = attribute(original, fixed, [first, second])
    assert edits[first] == (
        TextEdit(Span(2, 1, 2, 1), "from redactlint import unsafe\n"),
        TextEdit(Span(3, 9, 3, 10), "unsafe(a)"),
    )
    # The ")" inserted after "b)" is placed before the call's own ")", inside b's span.
    assert edits[second] == (TextEdit(Span(3, 12, 3, 13), "unsafe(b)"),)


def test_a_name_is_never_split_between_edits() -> None:
    """``ratio`` -> ``mark(ratio)`` is one edit of the name, not the ``r`` kept and the
    rest replaced by ``edact.mark(ratio)``."""
    finding = Finding("m.py", Span(1, 13, 1, 18), "RL001", "ratio", FixKind.MARK)
    edits = attribute("track({'r': ratio})\n", "track({'r': redact.mark(ratio)})\n", [finding])
    assert edits == {finding: (TextEdit(Span(1, 13, 1, 18), "redact.mark(ratio)"),)}
