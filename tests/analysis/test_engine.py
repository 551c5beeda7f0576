"""The engine on awkward files: spans in characters, broken bytes, deep nesting."""

from __future__ import annotations

import sys

import pytest

from .project import Project, check_module

SINK = "from app.tracking import note\n"


def spans(project: Project, source: str | bytes) -> list[tuple[str, int, int, int, int]]:
    return [
        (f.code, f.span.line, f.span.column, f.span.end_line, f.span.end_column)
        for f in check_module(project, source)
    ]


def test_columns_count_characters_not_bytes(project: Project) -> None:
    source = SINK + 'def f(text):\n    note("café ‹", text)\n'
    assert sorted(spans(project, source)) == [
        ("RL001", 3, 20, 3, 24),
        ("RL205", 3, 10, 3, 18),
    ]


def test_a_form_feed_does_not_shift_lines(project: Project) -> None:
    source = SINK + "\x0c\ndef f(text):\n    note('é', text)\n"
    assert spans(project, source) == [("RL001", 4, 15, 4, 19)]


def test_crlf_line_endings(project: Project) -> None:
    source = (SINK + "def f(text):\n    note('é', text)\n").replace("\n", "\r\n")
    assert spans(project, source) == [("RL001", 3, 15, 3, 19)]


def test_byte_order_mark(project: Project) -> None:
    source = "\ufeff".encode() + (SINK + "def f(text):\n    note(text)\n").encode()
    assert spans(project, source) == [("RL001", 3, 10, 3, 14)]


def test_a_finding_is_reported_once(project: Project) -> None:
    # Before Python 3.12 each literal part of an f-string carries the whole f-string's
    # span; from 3.12 on each part has its own.
    found = spans(project, 'label = f"‹{1}›{2}‹"\n')
    assert {code for code, *_ in found} == {"RL205"}
    assert len(set(found)) == len(found)
    assert len(found) == (1 if sys.version_info < (3, 12) else 3)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"def broken(:\n", "RL901"),
        (b"x = 1\x00\n", "RL901"),
        (b"name = '\xe9'\n", "RL902"),
        (b"# -*- coding: no-such-codec -*-\nx = 1\n", "RL902"),
        (b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nx = 1\n", "RL902"),
    ],
)
def test_unusable_files_are_one_finding(project: Project, data: bytes, code: str) -> None:
    findings = check_module(project, data)
    assert [f.code for f in findings] == [code]
    assert findings[0].message


def test_syntax_error_location(project: Project) -> None:
    findings = check_module(project, "x = 1\ny = (\n")
    assert [(f.code, f.line) for f in findings] == [("RL901", 2)]


def test_deep_nesting_is_a_finding_not_a_crash(project: Project) -> None:
    deep = SINK + "def f(text):\n    note(" + " + ".join(["text"] * 5000) + ")\n"
    codes = {f.code for f in check_module(project, deep)}
    assert codes <= {"RL001", "RL002", "RL901"} and codes
