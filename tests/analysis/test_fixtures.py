"""The fixture corpus: every line marked ``# expect: RLxxx`` is flagged, no other line is.

Each file under ``fixtures/`` is copied into the test project's ``app.fixtures``
package (so relative imports resolve) and checked as the command would check it.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from redactlint.analysis.engine import check_file

from .project import (
    FIXTURES,
    Project,
    describe_difference,
    expectations,
    without_expectations,
)

FILES = sorted(path.relative_to(FIXTURES).as_posix() for path in FIXTURES.rglob("*.py"))


@pytest.mark.parametrize("name", FILES)
def test_fixture(project: Project, name: str) -> None:
    source = (FIXTURES / name).read_text(encoding="utf-8")
    findings = check_file(project.fixtures / name, project.settings)
    expected = expectations(source)
    found = {(finding.line, finding.code) for finding in findings}
    assert found == expected, f"{name}:\n" + describe_difference(source, expected, found)
    twice = [key for key, count in Counter((f.span, f.code) for f in findings).items() if count > 1]
    assert not twice, f"{name}: reported more than once: {twice}"


def test_every_rule_is_exercised_by_the_corpus() -> None:
    from redactlint.analysis.rules import CHECKER_RULES

    covered = {
        code
        for path in FIXTURES.rglob("*.py")
        for _, code in expectations(path.read_text(encoding="utf-8"))
    }
    # RL901 and RL902 are whole-file findings, checked in test_config.py.
    missing = {rule.code for rule in CHECKER_RULES} - covered - {"RL901", "RL902"}
    assert not missing, f"no fixture expects {sorted(missing)}"


def test_fixtures_are_copied_unchanged_but_for_expectations(project: Project) -> None:
    for name in FILES:
        original = (FIXTURES / name).read_text(encoding="utf-8")
        copied = (project.fixtures / name).read_text(encoding="utf-8")
        assert copied == without_expectations(original), name
        assert len(copied.split("\n")) == len(original.split("\n")), name


@pytest.mark.parametrize("name", FILES)
def test_expectation_comments_are_well_formed(name: str) -> None:
    """A misspelt expectation would silently expect nothing."""
    for number, line in enumerate((FIXTURES / name).read_text(encoding="utf-8").split("\n"), 1):
        if "expect" in line and "#" in line:
            assert re.search(r"# expect: RL[0-9]{3}(, RL[0-9]{3})*$", line), f"{name}:{number}"
