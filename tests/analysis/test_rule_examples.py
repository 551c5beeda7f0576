"""Every rule's own VALID and INVALID examples, run against the test project."""

from __future__ import annotations

import inspect

import pytest

from redactlint.analysis.rules import CHECKER_RULES, Rule
from redactlint.declaration import FixSafety

from .project import (
    PRELUDE,
    Project,
    check_module,
    check_snippet,
    describe_difference,
    expectations,
    without_expectations,
)

SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")
# Undecodable bytes cannot be written as a str snippet: test_config.py covers RL902.
WITHOUT_INVALID_EXAMPLES = {"RL902"}


def _examples(kind: str) -> list[object]:
    return [
        pytest.param(rule, snippet, id=f"{rule.code}-{index}")
        for rule in CHECKER_RULES
        for index, snippet in enumerate(getattr(rule, kind))
    ]


@pytest.mark.parametrize(("rule", "snippet"), _examples("VALID"))
def test_valid_example_has_no_finding_of_its_rule(
    project: Project, rule: type[Rule], snippet: str
) -> None:
    found = {item for item in check_snippet(project, snippet) if item[1] == rule.code}
    assert not found, "\n" + describe_difference(snippet, set(), found)


@pytest.mark.parametrize(("rule", "snippet"), _examples("INVALID"))
def test_invalid_example_is_flagged_where_expected(
    project: Project, rule: type[Rule], snippet: str
) -> None:
    expected = {item for item in expectations(snippet) if item[1] == rule.code}
    assert expected, f"{rule.code} INVALID example has no '# expect: {rule.code}' line"
    found = {item for item in check_snippet(project, snippet) if item[1] == rule.code}
    assert found == expected, "\n" + describe_difference(snippet, expected, found)


@pytest.mark.parametrize("rule", CHECKER_RULES, ids=[rule.code for rule in CHECKER_RULES])
def test_rule_is_documented_in_four_parts(rule: type[Rule]) -> None:
    doc = inspect.cleandoc(rule.__doc__ or "")
    positions = [doc.find(section) for section in SECTIONS]
    assert all(position > 0 for position in positions), f"{rule.code} lacks a doc section"
    assert positions == sorted(positions), f"{rule.code} doc sections are out of order"
    assert rule.summary(), f"{rule.code} has no summary line"
    assert rule.name and rule.name == rule.name.lower() and " " not in rule.name


@pytest.mark.parametrize("rule", CHECKER_RULES, ids=[rule.code for rule in CHECKER_RULES])
def test_rule_has_invalid_examples(rule: type[Rule]) -> None:
    if rule.code in WITHOUT_INVALID_EXAMPLES:
        assert not rule.INVALID
    else:
        assert rule.INVALID, f"{rule.code} has no INVALID example"


def test_codes_are_unique_and_in_order() -> None:
    codes = [rule.code for rule in CHECKER_RULES]
    assert codes == sorted(set(codes))


def test_undecodable_bytes_are_rl902(project: Project) -> None:
    findings = check_module(project, b"name = '\xe9'\n")
    assert [(f.line, f.code) for f in findings] == [(1, "RL902")]


def test_examples_parse_with_the_prelude(project: Project) -> None:
    """A snippet that does not parse would only ever test RL901."""
    for rule in CHECKER_RULES:
        if rule.code == "RL901":
            continue
        for snippet in (*rule.VALID, *rule.INVALID):
            codes = {code for _, code in check_snippet(project, snippet)}
            assert "RL901" not in codes, f"{rule.code} example does not parse:\n{snippet}"


@pytest.mark.parametrize(("rule", "snippet"), [*_examples("VALID"), *_examples("INVALID")])
def test_example_has_no_other_finding(project: Project, rule: type[Rule], snippet: str) -> None:
    """Examples agree with the example schemas: no stray finding of another rule."""
    expected = expectations(snippet)
    found = check_snippet(project, snippet)
    assert found == expected, "\n" + describe_difference(snippet, expected, found)


@pytest.mark.parametrize("rule", CHECKER_RULES, ids=[rule.code for rule in CHECKER_RULES])
def test_fix_safety_is_documented_for_exactly_the_fixable_rules(
    project: Project, rule: type[Rule]
) -> None:
    """A rule with a fix says how safe it is, last, as ruff's docs do; a rule without one
    has no such section, and its examples produce no finding that carries a fix."""
    doc = inspect.cleandoc(rule.__doc__ or "")
    sections = rule.declaration().sections()
    fixed = {
        finding.fix
        for snippet in rule.INVALID
        for finding in check_module(project, PRELUDE + without_expectations(snippet))
        if finding.code == rule.code and finding.fix is not None
    }
    if rule.fix is FixSafety.NONE:
        assert "## Fix safety" not in doc
        assert not fixed, f"{rule.code} declares no fix but its findings carry {fixed}"
        return
    assert list(sections)[-1] == "Fix safety", f"{rule.code} lacks a last Fix safety section"
    safety = sections["Fix safety"]
    assert safety.startswith(f"The fix is {rule.fix.value}"), safety
