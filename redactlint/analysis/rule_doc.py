"""A checker rule's documentation as ``redactlint explain CODE`` prints it.

The doc is the rule class's docstring (its first line, then what it does, why, an
example and the fix), so a rule's code and its explanation never drift apart.
"""

from __future__ import annotations

import inspect

from .rules import Rule


def render_rule_doc(rule: type[Rule]) -> str:
    """A rule's doc as Markdown: title line, then its four parts."""
    doc = inspect.cleandoc(rule.__doc__ or "")
    title, _, body = doc.partition("\n")
    return f"# {rule.code} {rule.name}\n\n{title}\n{body}\n"
