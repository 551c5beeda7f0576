"""The edits ``redactlint fix`` would make for each finding, computed without writing.

For renderers that carry fixes (SARIF's ``fixes``). Each file with fixable findings
is fixed in memory by :func:`~redactlint.codemod.fix.fix_files`, exactly as
``redactlint fix`` fixes it with the same configuration (the same passes, the same
runtime import added), and the original text is compared with the fixed one: first
by lines, then by characters within each changed block of lines.

Attribution: each change goes to one finding the fix applied, the one with the
smallest span that contains it (an insertion at either end of a span is inside it);
a change inside no span (the import of the runtime, a call laid out again around a
rewritten log message) goes to the nearest such finding, the earlier on a tie. A
finding's consecutive changes on one line are merged into one edit. Every change
belongs to exactly one finding, so applying every finding's edits to the original
text gives what ``redactlint fix`` writes. A finding whose fix was skipped has no
edits, and the fix of a finding the caller does not report (baselined, say) is
left out.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..analysis.config import Config
from ..analysis.engine import prepare
from ..analysis.findings import Finding, Span, TextEdit
from .fix import fix_files

# The line ends Python counts (as the checker does), not the others ``splitlines`` knows.
_LINE_END = re.compile(r"\r\n|\r|\n")

Change = tuple[int, int, str]  # start and end offsets in the original text, new text


def fix_edits(findings: Sequence[Finding], config: Config) -> dict[Finding, tuple[TextEdit, ...]]:
    """The edits of each of ``findings`` that ``redactlint fix`` fixes under ``config``."""
    reported = {_key(f): f for f in findings if f.fix is not None}
    if not reported:
        return {}
    settings = prepare(config)
    files = [Path(path) for path in dict.fromkeys(f.path for f in reported.values())]
    edits: dict[Finding, tuple[TextEdit, ...]] = {}
    for result in fix_files(files, settings, write=False):
        if not result.changed:
            continue
        owners = [finding for finding in result.found if finding in result.applied]
        for owner, owned in attribute(result.original, result.fixed, owners).items():
            finding = reported.get(_key(owner))
            if finding is not None:
                edits[finding] = owned
    return edits


def attribute(
    original: str, fixed: str, owners: Sequence[Finding]
) -> dict[Finding, tuple[TextEdit, ...]]:
    """The changes from ``original`` to ``fixed`` as edits, each given to one of
    ``owners`` (findings located in ``original``) by the rule in the module doc."""
    if not owners:
        return {}
    starts = _line_starts(original)
    spans = [(_offset(starts, f.span.line, f.span.column),
              _offset(starts, f.span.end_line, f.span.end_column)) for f in owners]
    grouped: dict[int, list[Change]] = {}
    previous: int | None = None
    for start, end, text in changes(original, fixed):
        owner = _owner(start, end, spans)
        bucket = grouped.setdefault(owner, [])
        if bucket and previous == owner and not _LINE_END.search(original, bucket[-1][1], start):
            # one edit with the unchanged text between them, on the same line
            first, last, before = bucket[-1]
            bucket[-1] = (first, end, before + original[last:start] + text)
        else:
            bucket.append((start, end, text))
        previous = owner
    return {
        owners[index]: tuple(
            TextEdit(_span(starts, start, end), text) for start, end, text in bucket
        )
        for index, bucket in grouped.items()
    }


def changes(original: str, fixed: str) -> Iterator[Change]:
    """The differences between two texts, in order, as replacements of the original."""
    old_lines = original.splitlines(keepends=True)
    new_lines = fixed.splitlines(keepends=True)
    old_starts = [0]
    for line in old_lines:
        old_starts.append(old_starts[-1] + len(line))
    lines = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag == "equal":
            continue
        old, new, base = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2]), old_starts[i1]
        characters = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for inner, k1, k2, l1, l2 in characters.get_opcodes():
            if inner != "equal":
                yield base + k1, base + k2, new[l1:l2]


def _owner(start: int, end: int, spans: Sequence[tuple[int, int]]) -> int:
    """The index of the span that owns a change from ``start`` to ``end``."""
    containing = [
        (span_end - span_start, index)
        for index, (span_start, span_end) in enumerate(spans)
        if span_start <= start and end <= span_end
    ]
    if containing:
        return min(containing)[1]
    return min(
        (max(span_start - end, start - span_end, 0), index)
        for index, (span_start, span_end) in enumerate(spans)
    )[1]


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in _LINE_END.finditer(text))]


def _offset(starts: Sequence[int], line: int, column: int) -> int:
    """The offset of a 1-based line and column (characters)."""
    if line > len(starts):
        return starts[-1]
    return starts[max(line, 1) - 1] + max(column, 1) - 1


def _span(starts: Sequence[int], start: int, end: int) -> Span:
    (line, column), (end_line, end_column) = _position(starts, start), _position(starts, end)
    return Span(line, column, end_line, end_column)


def _position(starts: Sequence[int], offset: int) -> tuple[int, int]:
    """The 1-based line and column of an offset."""
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def _key(finding: Finding) -> tuple[str, Span, str]:
    return finding.path, finding.span, finding.code
