"""A rule's documentation as ``redactlint explain CODE`` prints it.

The doc is the rule's own declaration (its docstring for a checker rule), so a
rule's code and its explanation never drift apart.
"""

from __future__ import annotations

from ..declaration import RuleDeclaration


def render_rule_doc(rule: RuleDeclaration) -> str:
    """A rule's doc as Markdown: a ``# CODE name`` heading, the summary, its parts."""
    return rule.markdown()
