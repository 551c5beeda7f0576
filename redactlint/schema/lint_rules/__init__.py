"""The schema lint rules, one per module, each documented in its module docstring.

``SCHEMA_RULES`` lists them in code order: what ``lint`` runs by default, and the RS
half of the one rule registry (:mod:`redactlint.analysis.rules.registry`).
"""

from __future__ import annotations

from . import (
    additional_properties,
    backtracking,
    confusable_names,
    event_name,
    expiry,
    governance,
    metadata,
    personal_data,
    sensitivity,
)
from .base import LintContext, LintFinding, Rule

SCHEMA_RULES: tuple[Rule, ...] = (
    event_name.RULE,
    metadata.RULE,
    sensitivity.RULE,
    personal_data.RULE,
    additional_properties.RULE,
    expiry.RULE,
    confusable_names.RULE,
    backtracking.RULE,
    governance.RULE,
)

__all__ = ["SCHEMA_RULES", "LintContext", "LintFinding", "Rule"]
