"""Fingerprints: a finding's identity that survives unrelated edits.

A fingerprint hashes the file's path relative to the project root, the rule code,
the names of the functions and classes around the finding (``Cart.checkout``), the
source text of the finding's expression (of its line(s) when the finding has an
empty span, like a syntax error) with whitespace collapsed, and the occurrence index
among findings with all of that in common in the file. Line numbers take no part:
moving code keeps the fingerprint, and so does editing another expression of the
same statement; editing the flagged expression, or renaming its function, changes
it. SARIF's ``partialFingerprints``, GitLab's ``fingerprint`` and the baseline all
use this one function.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from ..analysis.findings import Finding

VERSION = "1"  # part of every hash: change it when the recipe changes

_DEFINITION = re.compile(r"^([ \t]*)(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)")


def relative_path(path: str, root: Path) -> str:
    """``path`` relative to ``root`` in POSIX form, or absolute when outside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        try:
            return absolute.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return absolute.as_posix()


def source_lines(path: str) -> list[str]:
    """The file's physical lines as the parser numbers them ([] when unreadable)."""
    from ..analysis.sources import file_lines

    return file_lines(Path(path))


def finding_text(finding: Finding, lines: Sequence[str]) -> str:
    """The whitespace-collapsed source text of the finding's span, or of its
    line(s) when the span is empty."""
    span = finding.span
    first, last = span.line, max(span.end_line, span.line)
    chosen = list(lines[first - 1 : last]) if 0 < first <= len(lines) else []
    if not chosen:
        return ""
    if first == last:
        expression = chosen[0][span.column - 1 : span.end_column - 1]
    else:
        pieces = [chosen[0][span.column - 1 :], *chosen[1:-1]]
        if len(chosen) == last - first + 1:
            pieces.append(chosen[-1][: span.end_column - 1])
        expression = "\n".join(pieces)
    return " ".join((expression if expression.strip() else "\n".join(chosen)).split())


def enclosing_scope(finding: Finding, lines: Sequence[str]) -> str:
    """The dotted names of the ``def``/``class`` blocks around the finding's statement,
    found by indentation (no parse): ``""`` at module level."""
    first = finding.statement[0] or finding.span.line
    if not 0 < first <= len(lines):
        return ""
    text = lines[first - 1].expandtabs()
    indent = len(text) - len(text.lstrip()) if text.strip() else len(text)
    names: list[str] = []
    for index in range(first - 2, -1, -1):
        if indent == 0:
            break
        match = _DEFINITION.match(lines[index])
        if match is not None:
            width = len(match.group(1).expandtabs())
            if width < indent:
                names.append(match.group(2))
                indent = width
    return ".".join(reversed(names))


def _digest(*parts: str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8", errors="surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()[:32]


def fingerprints(
    findings: Sequence[Finding],
    root: Path,
    read: Callable[[str], Sequence[str]] = source_lines,
) -> list[str]:
    """One fingerprint per finding, in the order given.

    Occurrence indexes follow the order of ``findings`` within each file, so give
    them sorted (``Finding.sort_key``) for indexes that follow the source order.
    """
    cache: dict[str, Sequence[str]] = {}
    seen: Counter[str] = Counter()
    result: list[str] = []
    for finding in findings:
        lines = cache.get(finding.path)
        if lines is None:
            lines = cache[finding.path] = read(finding.path)
        relative = relative_path(finding.path, root)
        content = _digest(
            VERSION,
            relative,
            finding.code,
            enclosing_scope(finding, lines),
            finding_text(finding, lines),
        )
        index = seen[content]
        seen[content] += 1
        result.append(_digest(content, str(index)))
    return result
