"""Every rule redactlint has, in one registry: the checker's (RL) and the schema lint's (RS).

``RULES`` declares them all in one shape
(:class:`~redactlint.declaration.RuleDeclaration`: code, name, severity, category,
fix safety, doc, examples), the checker's first, each family in code order;
``find_rule`` looks one up by code. A module of its own, so that the checker does not
import the schema lint (and its JSON Schema validator) to run.
"""

from __future__ import annotations

from ...declaration import RuleDeclaration
from ...schema.lint_rules import SCHEMA_RULES
from . import CHECKER_RULES

RULES: tuple[RuleDeclaration, ...] = (
    *(rule.declaration() for rule in CHECKER_RULES),
    *SCHEMA_RULES,
)
_BY_CODE = {rule.code: rule for rule in RULES}


def find_rule(code: str) -> RuleDeclaration | None:
    """The rule with ``code`` (case-insensitive), RL or RS, if there is one."""
    return _BY_CODE.get(code.upper())


__all__ = ["RULES", "RuleDeclaration", "find_rule"]
