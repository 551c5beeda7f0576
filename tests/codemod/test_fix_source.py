"""``fix_source`` on findings made by hand: what the codemod does with a span and a
fix kind, whatever the checker reports today."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactlint.analysis.findings import Finding, FixKind, Span
from redactlint.codemod.fix import fix_source


def finding(source: str, text: str, fix: FixKind, code: str = "RL001") -> Finding:
    """A finding on the first occurrence of ``text`` in ``source``."""
    offset = source.index(text)
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    end = offset + len(text)
    end_line = source.count("\n", 0, end) + 1
    end_column = end - (source.rfind("\n", 0, end) + 1) + 1
    return Finding("m.py", Span(line, column, end_line, end_column), code, "message", fix)


@pytest.mark.parametrize(
    "value",
    [
        "[i.name for i in items]",
        "{k: 1 for k in items}",
        "{k for k in items}",
        "(i for i in items)",
        "[items]",
        "(items, n)",
        "{'a': items}",
        "lambda: items",
        "-n",
        "not n",
        "n > 3",
        "42",
        "1.5",
        'b"bytes"',
        "...",
    ],
)
def test_values_that_are_never_text_are_not_wrapped(value: str) -> None:
    source = f"track('e', {{'query': {value}}})\n"
    result = fix_source(Path("m.py"), source, [finding(source, value, FixKind.WRAP_UNSAFE)])
    assert result.fixed == source
    assert result.applied == []
    [(_, reason)] = result.skipped
    assert reason.startswith("cannot rewrite: not text")


def test_two_findings_on_one_expression_apply_once() -> None:
    source = 'X = f"\u2039{a}\u203a"\n'
    findings = [
        finding(source, 'f"\u2039{a}\u203a"', FixKind.ESCAPE_MARKERS, "RL205"),
        finding(source, 'f"\u2039{a}\u203a"', FixKind.ESCAPE_MARKERS, "RL205"),
    ]
    result = fix_source(Path("m.py"), source, findings)
    assert result.fixed == 'X = f"\\u2039{a}\\u203a"\n'
    assert len(result.applied) == 2 and result.skipped == []


def test_escape_then_format_on_the_same_f_string() -> None:
    source = 'track("e", {"q": f"\u2039{a}"})\n'
    value = 'f"\u2039{a}"'
    findings = [
        finding(source, value, FixKind.REDACT_FORMAT, "RL002"),
        finding(source, value, FixKind.ESCAPE_MARKERS, "RL205"),
    ]
    result = fix_source(Path("m.py"), source, findings)
    assert result.fixed == (
        'from redactlint import redact\n\ntrack("e", {"q": redact.format("\\u2039{}", a)})\n'
    )


def test_wrap_and_format_on_one_expression_apply_one() -> None:
    source = 'track("e", {"q": f"{a}"})\n'
    findings = [
        finding(source, 'f"{a}"', FixKind.REDACT_FORMAT, "RL002"),
        finding(source, 'f"{a}"', FixKind.WRAP_UNSAFE, "RL001"),
    ]
    result = fix_source(Path("m.py"), source, findings)
    assert 'redact.format("{}", a)' in result.fixed
    assert "unsafe" not in result.fixed
    assert [reason for _, reason in result.skipped] == [
        "another fix applies to the same expression"
    ]


def test_marker_inside_an_f_string_expression_is_refused() -> None:
    source = "X = f\"{d['\u2039']}\"\n"
    result = fix_source(
        Path("m.py"), source, [finding(source, "'\u2039'", FixKind.ESCAPE_MARKERS, "RL205")]
    )
    assert result.fixed == source
    assert result.skipped[0][1] == "cannot rewrite: an f-string expression cannot hold escapes"


def test_a_fix_that_would_not_compile_is_dropped_alone() -> None:
    # A wrong span: wrapping an assignment target cannot compile; the other fix stays.
    source = "a = 1\nb = c\n"
    findings = [
        finding(source, "a", FixKind.WRAP_UNSAFE),
        finding(source, "c", FixKind.WRAP_UNSAFE),
    ]
    result = fix_source(Path("m.py"), source, findings)
    assert result.error is None
    assert result.fixed == "from redactlint import redact\n\na = 1\nb = redact.unsafe(c)\n"
    assert [f.span.line for f, _ in result.skipped] == [1]
    assert "would not compile" in result.skipped[0][1]


def test_no_expression_at_the_span() -> None:
    source = "x = 1\n"
    wrong = Finding("m.py", Span(9, 1, 9, 2), "RL001", "message", FixKind.WRAP_UNSAFE)
    result = fix_source(Path("m.py"), source, [wrong])
    assert result.fixed == source
    assert result.skipped == [(wrong, "no expression at this span")]


def test_unparsable_file_is_an_error_not_a_crash() -> None:
    source = "x = (\n"
    result = fix_source(Path("m.py"), source, [finding(source, "x", FixKind.WRAP_UNSAFE)])
    assert result.error is not None and result.error.startswith("libcst cannot parse")
    assert not result.changed


@pytest.mark.parametrize(
    "source", ["f([*items])\n", "f(*items)\n", "f({**items})\n", "f(**items)\n"]
)
def test_unpacked_values_are_not_wrapped(source: str) -> None:
    result = fix_source(Path("m.py"), source, [finding(source, "items", FixKind.WRAP_UNSAFE)])
    assert result.fixed == source
    assert result.skipped[0][1] == "cannot rewrite: an unpacked iterable, not text"


def test_a_file_that_does_not_compile_as_it_is() -> None:
    source = "def f(x):\n    return await x\n"
    result = fix_source(Path("m.py"), source, [finding(source, "x\n", FixKind.WRAP_UNSAFE)])
    assert result.error == "the file does not compile as it is; left unchanged"


@pytest.mark.parametrize(
    ("call", "kind", "fixed"),
    [
        ("SafeStr(kind)", FixKind.SAFE_CALL, "redact.safe(kind)"),
        ("redact.SafeStr(kind)", FixKind.SAFE_CALL, "redact.safe(kind)"),
    ],
)
def test_direct_construction(call: str, kind: FixKind, fixed: str) -> None:
    source = f"from redactlint import redact\nX = {call}\n"
    result = fix_source(Path("m.py"), source, [finding(source, call, kind, "RL204")])
    assert result.fixed == f"from redactlint import redact\nX = {fixed}\n"


@pytest.mark.parametrize("call", ["SafeStr()", "SafeStr(a, b)", "SafeStr(*a)", "SafeStr(x=a)"])
def test_direct_construction_needs_one_positional_argument(call: str) -> None:
    source = f"X = {call}\n"
    result = fix_source(Path("m.py"), source, [finding(source, call, FixKind.SAFE_CALL, "RL204")])
    assert result.fixed == source
    assert result.skipped[0][1] == "cannot rewrite: not a call with one positional argument"


def test_a_refused_fix_adds_no_import() -> None:
    source = 'track(("a %s" %  # why\n x))\n'
    value = '"a %s" %  # why\n x'
    result = fix_source(Path("m.py"), source, [finding(source, value, FixKind.REDACT_FORMAT)])
    assert result.skipped[0][1] == "cannot rewrite: a comment inside the expression would be lost"
    assert result.fixed == source


def test_a_refused_fix_does_not_extend_an_import() -> None:
    source = "from redactlint.redact import safe\ntrack(-x)\n"
    result = fix_source(Path("m.py"), source, [finding(source, "-x", FixKind.WRAP_UNSAFE)])
    assert result.fixed == source
