"""Property tests: no data can escape its span, whatever the text or template."""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from redactlint import redact
from redactlint.redact import RedactableStr

# Text rich in the characters that matter: markers, the hash sign, newlines.
text = st.text(alphabet=st.sampled_from(list("ab ‹›†?\n\r%{}×")) | st.characters(), max_size=40)
canary_strategy = st.from_regex(r"CANARY[0-9a-f]{8}", fullmatch=True)
# A template's literal text: anything without format syntax.
literal = st.text(alphabet=st.characters(blacklist_characters="{}%"), max_size=12)


def count_spans(value: str) -> int:
    return len(re.findall("‹[^›]*›", value))


@settings(max_examples=300)
@given(
    literals=st.lists(literal, min_size=1, max_size=5),
    values=st.lists(text, max_size=4),
    canary=canary_strategy,
)
def test_canary_never_survives_redaction(
    literals: list[str], values: list[str], canary: str
) -> None:
    template = "{}".join(literals)
    args: list[object] = list(values[: len(literals) - 1])
    args += [""] * (len(literals) - 1 - len(args))
    if args:
        args[len(args) // 2] = f"x{canary}\ny"
        for formatted in (
            redact.format(template, *args),
            redact.sprintf(template.replace("{}", "%s"), *args),
        ):
            redacted = formatted.redact()
            assert canary not in redacted
            assert canary not in formatted.redact(hash=True)
            assert canary in formatted.strip_markers()


@given(value=text)
def test_redact_is_idempotent(value: str) -> None:
    once = RedactableStr(value).redact()
    assert once.redact() == once
    hashed = redact.format("{}{}", redact.hashed(value), value).redact(hash=True, salt="s")
    assert hashed.redact() == RedactableStr(hashed).redact()


@given(values=st.lists(st.tuples(st.booleans(), text), max_size=6), separator=text)
def test_data_cannot_open_or_close_spans(values: list[tuple[bool, str]], separator: str) -> None:
    """The count of ‹×› after redaction equals the count of unsafe spans written."""
    parts = [redact.unsafe(v) if is_unsafe else redact.safe(v) for is_unsafe, v in values]
    for joined in (redact.join(separator, parts), redact.join(" ", parts)):
        expected = count_spans(joined)
        assert joined.redact().count(redact.REDACTED) == expected
        # Each unsafe value contributes at least one span per non-empty line.
    written = 0
    for is_unsafe, v in values:
        if is_unsafe:
            written += len([line for line in v.splitlines() if line])
    separated = redact.join("|", parts)
    assert separated.redact().count(redact.REDACTED) == written


@given(value=text)
def test_unsafe_strip_equals_escape(value: str) -> None:
    assert redact.unsafe(value).strip_markers() == redact.escape_markers(value)


@given(value=st.one_of(text, st.integers(), st.floats(allow_nan=False), st.none()))
def test_safe_never_yields_a_marker(value: object) -> None:
    result = str(redact.safe(value))
    assert not set(result) & {redact.START, redact.END, redact.HASH}
    assert str(redact.safe(redact.unsafe(value))).count(redact.START) == 0


@given(value=text)
def test_every_line_is_balanced(value: str) -> None:
    """Spans never cross a line boundary, so line-oriented tools can redact each line."""
    for line in redact.unsafe(value).splitlines():
        assert line.count(redact.START) == line.count(redact.END) <= 1
        if line:
            assert line.startswith(redact.START) and line.endswith(redact.END)


@given(value=text, canary=canary_strategy)
def test_hashed_canary_never_survives(value: str, canary: str) -> None:
    marked = redact.hashed(value + canary)
    assert canary not in marked.redact()
    assert canary not in marked.redact(hash=True, salt=b"k")


def _general_format(template: str, *args: object) -> str:
    builder = redact.Builder()
    builder.format(template, *args)
    return str(builder)


def _general_sprintf(template: str, *args: object) -> str:
    builder = redact.Builder()
    builder.printf(template, *args)
    return str(builder)


argument = st.one_of(
    text,
    text.map(redact.safe),
    text.map(redact.unsafe),
    text.map(redact.hashed),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.sampled_from([RedactableStr("a›"), RedactableStr("‹open"), ValueError("x\ny")]),
)
field_text = st.sampled_from(["{}", "{!r}", "{:>6}", "{:<3}"])
printf_text = st.sampled_from(["%s", "%r", "%6s", "%-3s"])


@settings(max_examples=400)
@given(
    literals=st.lists(st.sampled_from(["", " ", "x‹", "%", "a b"]), min_size=1, max_size=5),
    fields=st.lists(st.tuples(field_text, printf_text), min_size=4, max_size=4),
    values=st.lists(argument, min_size=4, max_size=4),
)
def test_fast_path_agrees_with_builder(
    literals: list[str], fields: list[tuple[str, str]], values: list[object]
) -> None:
    """The compiled fast path and the general Builder path give the same text."""
    count = len(literals) - 1
    format_template = literals[0]
    printf_template = literals[0].replace("%", "%%")
    for index in range(count):
        format_template += fields[index][0] + literals[index + 1]
        printf_template += fields[index][1] + literals[index + 1].replace("%", "%%")
    args = values[:count]
    assert _outcome(redact.format, format_template, args) == _outcome(
        _general_format, format_template, args
    )
    assert _outcome(redact.sprintf, printf_template, args) == _outcome(
        _general_sprintf, printf_template, args
    )


def _outcome(function: Callable[..., object], template: str, args: list[object]) -> object:
    """The text produced, or the type of error raised (both paths must agree on it)."""
    try:
        return str(function(template, *args))
    except (TypeError, ValueError) as error:
        return type(error)
