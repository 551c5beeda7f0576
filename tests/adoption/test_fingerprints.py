"""Fingerprints: path, rule, surrounding definitions, expression text, occurrence."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from redactlint.adoption.fingerprints import enclosing_scope, finding_text, fingerprints
from redactlint.analysis.findings import Finding, Span

SOURCE = textwrap.dedent(
    """\
    class Cart:
        def checkout(self, user):
            track("cart.checkout", {"user": user})
            track("cart.checkout", {"user": user})

    async def other(user):
        track("cart.checkout", {"user":   user})
    """
).splitlines()


def finding(line: int, column: int, end: int, code: str = "RL001") -> Finding:
    return Finding("a.py", Span(line, column, line, end), code, "message", statement=(line, line))


def prints(*found: Finding, lines: list[str] = SOURCE) -> list[str]:
    return fingerprints(list(found), Path.cwd(), read=lambda path: lines)


def test_the_text_and_the_scope() -> None:
    first = finding(3, 41, 45)
    assert finding_text(first, SOURCE) == "user"
    assert enclosing_scope(first, SOURCE) == "Cart.checkout"
    assert enclosing_scope(finding(7, 39, 43), SOURCE) == "other"
    assert enclosing_scope(finding(1, 1, 6), SOURCE) == ""


def test_an_empty_span_uses_the_line() -> None:
    empty = Finding("a.py", Span(3, 1, 3, 1), "RL901", "syntax error")
    assert finding_text(empty, SOURCE) == 'track("cart.checkout", {"user": user})'


def test_identical_findings_get_occurrence_indexes() -> None:
    one, two = prints(finding(3, 41, 45), finding(4, 41, 45))
    assert one != two
    # Alone, the second one takes the first one's place: counted, not located.
    assert prints(finding(4, 41, 45)) == [one]


def test_the_scope_tells_identical_text_apart() -> None:
    in_method, in_function = prints(finding(3, 41, 45), finding(7, 39, 43))
    assert in_function != prints(finding(3, 41, 45), finding(4, 41, 45))[1]
    assert in_method != in_function


def test_line_numbers_do_not_count_but_the_code_and_path_do() -> None:
    (original,) = prints(finding(3, 41, 45))
    moved = ["", "", *SOURCE]
    assert prints(finding(5, 41, 45), lines=moved) == [original]
    assert prints(finding(3, 41, 45, code="RL002")) != [original]
    other = Finding("b.py", Span(3, 41, 3, 45), "RL001", "m", statement=(3, 3))
    assert prints(other) != [original]


def test_editing_the_rest_of_the_statement_keeps_it() -> None:
    (original,) = prints(finding(3, 41, 45))
    edited = list(SOURCE)
    edited[2] = edited[2].replace('"cart.checkout"', '"cart.checkedOut"')
    assert prints(finding(3, 43, 47), lines=edited) == [original]


def test_check_does_not_import_the_ci_renderers() -> None:
    code = (
        "import sys, redactlint.cli\n"
        "late = {'redactlint.report.sarif', 'redactlint.report.github', "
        "'redactlint.report.gitlab', 'redactlint.adoption.changes', 'yaml'}\n"
        "print(sorted(late & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"
