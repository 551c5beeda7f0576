"""The edits ``redactlint fix`` would make for each finding, computed without writing.

For renderers that carry fixes (SARIF's ``fixes``). Each file with fixable findings
is fixed in memory by :func:`~redactlint.codemod.fix.fix_files`, exactly as
``redactlint fix`` fixes it with the same configuration (the same passes, the same
runtime import added), and the original text is compared with the fixed one: first
by lines, then by words and characters within each changed block of lines.

Attribution: each change goes to one finding the fix applied, the one with the
smallest span that contains it (an insertion at either end of a span is inside it,
and one that could as well be made a few equal characters away, as a ``)`` after
``b)``, is made where it is inside a span);
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
# What a changed block is compared by: words, runs of white space, single characters.
_TOKEN = re.compile(r"\w+|\s+|.", re.DOTALL)

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
    found = list(changes(original, fixed))
    done = 0  # the end of the last change placed: the next one may not move before it
    for number, (start, end, text) in enumerate(found):
        if start == end:  # an insertion: where it is inside a span, if it can be
            high = found[number + 1][0] if number + 1 < len(found) else len(original)
            start, text = _placed(original, start, text, (done, high), spans)
            end = start
        done = end
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
    """The differences between two texts, in order, as replacements of the original:
    lines compared first, then the words and characters of each changed block (a name
    is never split, so ``ratio`` -> ``mark(ratio)`` is one insertion before it)."""
    old_lines = original.splitlines(keepends=True)
    new_lines = fixed.splitlines(keepends=True)
    old_starts = _ends(old_lines)
    lines = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag == "equal":
            continue
        old, new, base = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2]), old_starts[i1]
        old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
        old_at, new_at = _ends(old_tokens), _ends(new_tokens)
        tokens = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
        for inner, k1, k2, l1, l2 in tokens.get_opcodes():
            if inner != "equal":
                yield base + old_at[k1], base + old_at[k2], new[new_at[l1] : new_at[l2]]


def _placed(
    original: str,
    at: int,
    text: str,
    bounds: tuple[int, int],
    spans: Sequence[tuple[int, int]],
) -> tuple[int, str]:
    """An insertion moved, within the unchanged text ``bounds``, to the equivalent
    place inside the smallest span (``)`` inserted after ``b)`` is the same as before
    its ``)``, right after ``b``); where it is when no place is inside one."""
    places = [(at, text)]
    where, moved = at, text
    while where > bounds[0] and moved and moved[-1] == original[where - 1]:
        where, moved = where - 1, original[where - 1] + moved[:-1]
        places.append((where, moved))
    where, moved = at, text
    while where < bounds[1] and moved and moved[0] == original[where]:
        where, moved = where + 1, moved[1:] + original[where]
        places.append((where, moved))
    inside = [
        (span_end - span_start, abs(place - at), place, moved)
        for place, moved in places
        for span_start, span_end in spans
        if span_start <= place <= span_end
    ]
    if not inside:
        return at, text
    _, _, place, moved = min(inside)
    return place, moved


def _ends(parts: Sequence[str]) -> list[int]:
    """Where each of ``parts`` starts in their concatenation, and its length last."""
    ends = [0]
    for part in parts:
        ends.append(ends[-1] + len(part))
    return ends


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
