"""What every rule declares, whatever it checks: Python modules (RL) or event schemas (RS).

A rule's declaration is its stable code, a kebab-case name, how much a finding
matters (``severity``), the family it belongs to (``category``), whether and how
safely ``redactlint fix`` repairs it (``fix``), its four-part doc and its examples.
``explain``, the renderers and the SARIF rule descriptors read only this, so the two
kinds of rule look the same to them. Standard library only: both the schema lint and
the checker build on it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import Literal

# How much a finding matters, in SARIF's terms: "error" (data may leave, or the call
# breaks), "warning" (a file or a call the checker could not check), "note" (nothing is
# at risk: a suppression that hides nothing).
Severity = Literal["error", "warning", "note"]

_SECTION = re.compile(r"^## (.+)$", re.MULTILINE)


class FixSafety(str, enum.Enum):
    """Whether ``redactlint fix`` repairs a rule's findings, and how safely (as ruff says).

    A safe fix changes only what it is for (how a value is marked, how a literal is
    spelled): the program computes the same thing otherwise. An unsafe fix may change
    what the program does in some cases, which the rule's "Fix safety" section names:
    review its diff.
    """

    NONE = "none"
    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class RuleDeclaration:
    """One rule as every reader of rules sees it: code, name, severity, category, fix
    safety, doc (Markdown: a summary line, then ``## `` sections) and examples."""

    code: str
    name: str
    severity: Severity
    category: str
    fix: FixSafety
    doc: str
    # False when a finding means the call fails at run time (a TypeError): a baseline
    # must not accept it, since accepting it would accept a crash.
    baselinable: bool = field(default=True, kw_only=True)
    # Snippets a test runs: VALID ones must not produce the code, INVALID ones must.
    valid: tuple[str, ...] = field(default=(), kw_only=True)
    invalid: tuple[str, ...] = field(default=(), kw_only=True)

    @property
    def summary(self) -> str:
        """The first line of the doc, as written."""
        return self.doc.splitlines()[0] if self.doc else ""

    @property
    def description(self) -> str:
        """The summary without a leading ``CODE name:`` (the schema lint's module
        docstrings start with it), as a list of rules shows it after code and name."""
        return self.summary.removeprefix(f"{self.code} {self.name}: ")

    @property
    def title(self) -> str:
        """The description as a sentence of its own (under a heading, in SARIF)."""
        return self.description[:1].upper() + self.description[1:]

    @property
    def body(self) -> str:
        """The doc after its summary line: the ``## `` sections."""
        return self.doc.partition("\n")[2]

    def sections(self) -> dict[str, str]:
        """The doc's ``## `` sections by heading, each without surrounding blank lines."""
        parts = _SECTION.split(self.body)
        return {
            heading.strip(): text.strip()
            for heading, text in zip(parts[1::2], parts[2::2], strict=False)
        }

    def markdown(self) -> str:
        """The whole doc as Markdown under a ``# CODE name`` heading (``explain``)."""
        return f"# {self.code} {self.name}\n\n{self.title}\n{self.body}\n"
