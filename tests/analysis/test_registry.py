"""The one rule registry: every RL and RS rule declared in one shape, found by code."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from redactlint.analysis.rules import CHECKER_RULES
from redactlint.analysis.rules.registry import RULES, find_rule
from redactlint.cli import main
from redactlint.declaration import FixSafety, RuleDeclaration
from redactlint.schema.lint import SCHEMA_RULES

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


def test_the_registry_holds_the_checker_and_the_schema_lint_rules() -> None:
    codes = [rule.code for rule in RULES]
    assert codes == [rule.code for rule in CHECKER_RULES] + [rule.code for rule in SCHEMA_RULES]
    assert len(set(codes)) == len(codes)
    assert {code[:2] for code in codes} == {"RL", "RS"}


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_every_rule_declares_the_same_shape(rule: RuleDeclaration) -> None:
    assert isinstance(rule, RuleDeclaration)
    assert rule.severity in ("error", "warning", "note")
    assert rule.category and rule.category == rule.category.lower()
    assert isinstance(rule.fix, FixSafety)
    assert rule.name and rule.name == rule.name.lower() and " " not in rule.name
    assert rule.title[:1].isupper() or rule.title.startswith("``")
    sections = rule.sections()
    assert list(sections)[: len(SECTIONS)] == list(SECTIONS), rule.code
    # A rule documents how safe its fix is exactly when it has one.
    assert ("Fix safety" in sections) == (rule.fix is not FixSafety.NONE), rule.code
    assert find_rule(rule.code.lower()) is rule


def test_a_checker_rule_declares_what_its_class_says() -> None:
    for rule in CHECKER_RULES:
        declared = find_rule(rule.code)
        assert declared is not None
        assert (declared.name, declared.severity, declared.category, declared.fix) == (
            rule.name, rule.severity, rule.category, rule.fix
        )
        assert (declared.valid, declared.invalid) == (rule.VALID, rule.INVALID)


def test_unknown_codes_are_not_found() -> None:
    assert find_rule("RL999") is None
    assert find_rule("RS999") is None
    assert find_rule("") is None


def test_explain_lists_and_shows_every_rule_from_the_registry() -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["explain"]).output.splitlines()
    assert [line.split()[0] for line in listing] == [rule.code for rule in RULES]
    for rule in RULES:
        shown = runner.invoke(main, ["explain", rule.code])
        assert shown.exit_code == 0
        assert shown.output.startswith(f"# {rule.code} {rule.name}\n\n{rule.title}\n")
