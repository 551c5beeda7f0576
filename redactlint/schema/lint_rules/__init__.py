"""The schema lint rules, one per module, each documented in its module docstring."""

from __future__ import annotations

from . import (
    additional_properties,
    backtracking,
    confusable_names,
    event_name,
    expiry,
    metadata,
    personal_data,
    sensitivity,
)
from .base import LintContext, LintFinding, Rule

RULES: tuple[Rule, ...] = (
    event_name.RULE,
    metadata.RULE,
    sensitivity.RULE,
    personal_data.RULE,
    additional_properties.RULE,
    expiry.RULE,
    confusable_names.RULE,
    backtracking.RULE,
)

__all__ = ["RULES", "LintContext", "LintFinding", "Rule"]
