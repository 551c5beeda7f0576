"""Stored redactable text read back: other line splits, truncation, unclosed markers.

Text written by the runtime is often stored and read again by other tools: a
file opened with universal newlines splits at ``\\r``, a log line is cut at a
size limit. Whatever happened to it, redacting what is read must not show data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redactlint import redact
from redactlint.redact import RedactableStr
from redactlint.redact.markers import strip_markers

CANARIES = ["alice@example.com", "SECRET-TOKEN-123", "/home/alice/private.py"]
# Every line boundary str.splitlines knows (\r\n is \r then \n).
BOUNDARIES = [
    "\n",
    "\r",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
]


def _builder(value: str) -> RedactableStr:
    builder = redact.Builder()
    builder.safe("value: ")
    builder.unsafe(value)
    builder.hashed(value)
    builder.printf(" %s", value)
    builder.format(" {}", value)
    return builder.build()


WRITERS: dict[str, Callable[[str], RedactableStr]] = {
    "unsafe": redact.unsafe,
    "hashed": redact.hashed,
    "format": lambda value: redact.format("user {} done", value),
    "format adjacent": lambda value: redact.format("{}{}", value, value),
    "format spec": lambda value: redact.format("[{!r:>40}]", value),
    "format nested": lambda value: redact.format("[{0.args[0]}]", ValueError(value)),
    "sprintf": lambda value: redact.sprintf("user %s done", value),
    "sprintf adjacent": lambda value: redact.sprintf("%s%s", value, value),
    "sprintf mapping": lambda value: redact.sprintf("%(v)s", {"v": value}),
    "join": lambda value: redact.join(", ", [value, value]),
    "exception": lambda value: redact.format("error: {}", ValueError(value)),
    "builder": _builder,
}


def assert_no_canary(text: str, canary: str) -> None:
    redacted = RedactableStr(text).redact()
    assert canary not in redacted
    for part in (canary[:4], canary[-4:]):
        assert part not in redacted


@pytest.mark.parametrize("boundary", BOUNDARIES, ids=[repr(b) for b in BOUNDARIES])
@pytest.mark.parametrize("writer", list(WRITERS), ids=list(WRITERS))
@pytest.mark.parametrize("canary", CANARIES)
def test_every_line_redacts_on_its_own(writer: str, boundary: str, canary: str) -> None:
    """Split at any line boundary, each line still hides the canary on both sides."""
    marked = WRITERS[writer](f"{canary}{boundary}{canary}{boundary}")
    assert canary not in marked.redact()
    for line in marked.splitlines():
        assert_no_canary(line, canary)
    for line in marked.splitlines(keepends=True):
        assert_no_canary(line, canary)


def test_boundaries_are_exactly_those_of_splitlines() -> None:
    """The runtime breaks spans at every character ``str.splitlines`` splits at, and only there."""
    breaking = [
        chr(code)
        for code in range(0x3000)
        if len(redact.unsafe("a" + chr(code) + "b").redact().splitlines()) == 2
        and redact.unsafe("a" + chr(code) + "b").count(redact.START) == 2
    ]
    splitting = [
        chr(code) for code in range(0x3000) if len(("a" + chr(code) + "b").splitlines()) == 2
    ]
    assert breaking == splitting
    assert set("".join(BOUNDARIES)) == set(splitting)


@pytest.mark.parametrize("canary", CANARIES)
def test_crlf_text_read_back_with_universal_newlines(tmp_path: Path, canary: str) -> None:
    """Stored with ``\\r\\n`` and read line by line, no line shows the canary."""
    path = tmp_path / "events.log"
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write(redact.format("user {}\r\nnext {}\r\n", f"{canary}\r\n{canary}", canary))
        stream.write(redact.sprintf("old\rlogger %s\r", f"{canary}\r{canary}"))
    with path.open(encoding="utf-8") as stream:  # universal newlines: \r, \n and \r\n
        lines = stream.readlines()
    assert len(lines) >= 6
    for line in lines:
        assert_no_canary(line, canary)


@pytest.mark.parametrize("canary", CANARIES)
def test_truncated_text_never_shows_its_tail(canary: str) -> None:
    """Cut anywhere (a size limit), the open span redacts to the end of the text."""
    marked = redact.format("token {} and {} end", canary, redact.hashed(canary))
    for cut in range(len(marked) + 1):
        prefix = RedactableStr(marked[:cut])
        assert_no_canary(prefix, canary)
        assert canary[:3] not in prefix.redact(hash=True, salt=b"k")
        assert_no_canary(prefix.redact(), canary)
    assert RedactableStr("‹SECRET-TOKEN-1").redact() == "‹×›"
    assert RedactableStr("id ‹†alice@exa").redact(hash=True, salt=b"k") == "id ‹×›"


def test_unclosed_markers_of_any_count() -> None:
    """Many unclosed markers redact to one ``‹×›`` (and in linear time: see the benchmark)."""
    assert RedactableStr("‹" * 50_000).redact() == "‹×›"
    assert RedactableStr("a‹" * 20_000 + "SECRET-TOKEN-123").redact() == "a‹×›"
    assert RedactableStr("‹a›" + "‹" * 1000 + "x›tail").redact() == "‹×›‹×›tail"


@settings(max_examples=200)
@given(
    values=st.lists(
        st.text(alphabet=st.sampled_from(list("ab ‹›†\n\r\x0b\x85\u2028")), max_size=8), max_size=4
    ),
    writer=st.sampled_from(sorted(WRITERS)),
    canary=st.sampled_from(CANARIES),
    cut=st.integers(min_value=0, max_value=400),
    data=st.data(),
)
def test_canary_survives_no_split_or_cut(
    values: list[str], writer: str, canary: str, cut: int, data: st.DataObject
) -> None:
    """Written by any writer, then cut and split at any line boundary: no canary."""
    boundary = data.draw(st.sampled_from(BOUNDARIES))
    value = boundary.join([*values, canary, *values, canary])
    marked = WRITERS[writer](value)
    for text in (marked, marked[:cut]):
        assert_no_canary(text, canary)
        for line in text.splitlines():
            assert_no_canary(line, canary)


@given(text=st.text(alphabet=st.sampled_from(list("ab‹›†×\n")), max_size=30))
def test_redaction_is_idempotent_and_leaves_only_closed_spans(text: str) -> None:
    once = RedactableStr(text).redact()
    assert once.redact() == once
    # Every ‹ left is the start of ‹×›: no data follows an opening marker.
    assert once.count(redact.START) == once.count(redact.REDACTED)


@given(text=st.text(alphabet=st.sampled_from(list("ab‹›†\r\n")), max_size=30))
def test_strip_markers_keeps_what_redaction_keeps(text: str) -> None:
    """What redaction keeps is, markers aside, a subsequence of the stripped text."""
    marked = RedactableStr(text)
    kept = marked.redact().replace(redact.REDACTED, "")
    stripped = marked.strip_markers()
    position = 0
    for char in strip_markers(kept):
        position = stripped.index(char, position) + 1
