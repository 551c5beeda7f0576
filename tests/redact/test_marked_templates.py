"""Marked text used as a template keeps its marks.

``redact.format(redact.format("user {}", email))`` is easy to write (a message
built once, logged later through a formatting call). A plain ``str`` template
is trusted; a ``RedactableStr`` template keeps its spans: copied verbatim, never
parsed, never shown; only the text between spans is a template.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redactlint import redact
from redactlint.redact import RedactableStr

CANARIES = ["alice@example.com", "SECRET-TOKEN-123", "/home/alice/private.py"]


def _builder_printf(template: str) -> RedactableStr:
    builder = redact.Builder()
    builder.printf(template)
    return builder.build()


def _builder_format(template: str) -> RedactableStr:
    builder = redact.Builder()
    builder.format(template)
    return builder.build()


TEMPLATE_USES: dict[str, Callable[[str], RedactableStr]] = {
    "format": lambda template: redact.format(template),
    "sprintf": lambda template: redact.sprintf(template),
    "join separator": lambda template: redact.join(template, ["a", redact.safe("b")]),
    "Builder.printf": _builder_printf,
    "Builder.format": _builder_format,
}
MARKED: dict[str, Callable[[str], RedactableStr]] = {
    "format": lambda value: redact.format("user {} logged in", value),
    "sprintf": lambda value: redact.sprintf("user %s logged in", value),
    "unsafe": redact.unsafe,
    "hashed": redact.hashed,
    "join": lambda value: redact.join(" ", [redact.safe("user"), value]),
    "stored": lambda value: RedactableStr(f"user ‹{value}› logged in"),
    "truncated": lambda value: RedactableStr(f"user ‹{value}"),
}


@pytest.mark.parametrize("use", list(TEMPLATE_USES))
@pytest.mark.parametrize("marked", list(MARKED))
@pytest.mark.parametrize("canary", CANARIES)
def test_marked_template_keeps_its_spans(use: str, marked: str, canary: str) -> None:
    template = MARKED[marked](canary)
    result = TEMPLATE_USES[use](template)
    assert canary not in result.redact()
    assert canary not in result.redact(hash=True, salt=b"k")
    assert canary in result.strip_markers()  # the span was kept, not dropped


def test_template_spans_are_copied_verbatim() -> None:
    template = redact.format("user {} said {}", "{0.__class__} %s %(x)s", redact.hashed("a{}"))
    assert redact.format(template, "ARG") == template
    assert redact.sprintf(template) == template
    assert redact.join(template, ["x", "y"]) == f"‹x›{template}‹y›"
    builder = redact.Builder()
    builder.printf(template)
    builder.format(template)
    assert builder.build() == template + template


def test_safe_parts_of_a_marked_template_are_the_template() -> None:
    template = redact.format("{{}} at {} took %s", "SECRET-TOKEN-123")
    assert template == "{} at ‹SECRET-TOKEN-123› took %s"
    result = redact.format(template, "alice@example.com")
    assert result == "‹alice@example.com› at ‹SECRET-TOKEN-123› took %s"
    assert result.redact() == "‹×› at ‹×› took %s"
    printed = redact.sprintf(template, redact.safe("3 s"))
    assert printed == "{} at ‹SECRET-TOKEN-123› took 3 s"
    # A span followed by an unsafe argument merges, as a spliced argument does.
    assert redact.format(RedactableStr("‹a›{}"), "b") == "‹ab›"
    # Stray markers outside spans are escaped like a plain template's.
    assert redact.format(RedactableStr("a› †{}"), 1) == "a? ?1"


def test_unclosed_span_in_a_template_runs_to_the_end() -> None:
    template = RedactableStr("id {} then ‹SECRET-TOKEN-123 {} %s")
    result = redact.format(template, "alice@example.com")
    assert result == "id ‹alice@example.com› then ‹SECRET-TOKEN-123 {} %s"
    assert result.redact() == "id ‹×› then ‹×›"
    assert redact.sprintf(RedactableStr("n=%d ‹SECRET-TOKEN-123 %s"), 3).redact() == "n=3 ‹×›"


def test_a_field_cannot_reach_into_a_span() -> None:
    with pytest.raises(ValueError):
        redact.format(RedactableStr("{‹0›}"), "x")
    with pytest.raises(ValueError):
        redact.sprintf(RedactableStr("%‹s›"), "x")


def test_plain_and_safe_templates_stay_trusted_and_escaped() -> None:
    """The plan cache is keyed by text: equal plain and marked templates must not share it."""
    text = "‹a› {}"
    for first, second in ((str, RedactableStr), (RedactableStr, str), (str, redact.safe)):
        first_result = redact.format(first(text), "x")
        second_result = redact.format(second(text), "x")
        assert {first_result, second_result} <= {"?a? ‹x›", "‹a› ‹x›"}
        assert redact.format(text, "x") == "?a? ‹x›"
        assert redact.format(RedactableStr(text), "x") == "‹a› ‹x›"
        assert redact.format(redact.safe(text), "x") == "?a? ‹x›"
    assert redact.sprintf("‹a› %s", "x") == "?a? ‹x›"
    assert redact.sprintf(RedactableStr("‹a› %s"), "x") == "‹a› ‹x›"
    assert redact.sprintf("‹a› %s", "x") == "?a? ‹x›"
    assert redact.join("‹›", ["a", "b"]) == "‹a›??‹b›"


literal = st.text(alphabet=st.sampled_from(list("ab ‹›†\n{}%")), max_size=6).map(
    lambda text: text.replace("{", "{{").replace("}", "}}").replace("%", "%%")
)


@settings(max_examples=200)
@given(
    pieces=st.lists(st.tuples(literal, st.booleans()), min_size=1, max_size=5),
    canary=st.sampled_from(CANARIES),
    args=st.lists(st.text(max_size=5), min_size=5, max_size=5),
)
def test_canary_in_a_marked_template_never_survives(
    pieces: list[tuple[str, bool]], canary: str, args: list[str]
) -> None:
    """Templates mixing safe text, fields and marked canaries: no canary after redaction."""
    format_parts: list[object] = []
    printf_parts: list[object] = []
    count = 0
    for text, with_field in pieces:
        format_parts += [redact.safe(text), redact.unsafe(f"{canary}{{}}%s")]
        printf_parts += [redact.safe(text), redact.hashed(f"{canary}%s")]
        if with_field:
            format_parts.append(redact.safe("{}"))
            printf_parts.append(redact.safe("%s"))
            count += 1
    format_template = redact.join("", format_parts)
    printf_template = redact.join("", printf_parts)
    for template, result in (
        (format_template, redact.format(format_template, *args[:count])),
        (printf_template, redact.sprintf(printf_template, *args[:count])),
    ):
        assert canary not in result.redact()
        assert canary not in result.redact(hash=True, salt=b"k")
        assert result.strip_markers().count(canary) == template.strip_markers().count(canary)
