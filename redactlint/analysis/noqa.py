"""``# noqa`` comments, read as flake8 reads them.

The same findings come out of ``redactlint check``, pre-commit, CI and flake8, so a
finding flake8 would hide behind ``# noqa`` is hidden everywhere: a ``# noqa`` or
``# noqa: RL001`` (a code or a code prefix such as ``RL0``) anywhere on the line the
finding is reported at suppresses it. ``redactlint audit`` lists every one, since a
blanket ``# noqa`` hides privacy findings as well as style ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .findings import Finding

# flake8's own pattern (flake8/defaults.py), searched anywhere on the physical line.
_NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)


@dataclass(frozen=True)
class Noqa:
    """A ``# noqa`` comment: the codes it names, or none for a blanket one."""

    line: int
    codes: tuple[str, ...]

    def covers(self, code: str) -> bool:
        return not self.codes or code in self.codes or code.startswith(self.codes)


def noqa_on(text: str, line: int) -> Noqa | None:
    """The ``# noqa`` comment on one physical line, if there is one."""
    match = _NOQA.search(text)
    if match is None:
        return None
    codes = match["codes"]
    named = tuple(c for c in re.split(r"[,\s]+", codes) if c) if codes else ()
    return Noqa(line, named)


def without_noqa(findings: Sequence[Finding], lines: Sequence[str]) -> list[Finding]:
    """``findings`` less those a ``# noqa`` on their line suppresses."""
    kept: list[Finding] = []
    for finding in findings:
        text = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
        found = noqa_on(text, finding.line) if "noqa" in text.lower() else None
        if found is None or not found.covers(finding.code):
            kept.append(finding)
    return kept
