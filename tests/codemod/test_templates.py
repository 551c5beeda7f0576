"""The rewrites keep the text: ``redact.format``/``sprintf`` built from an f-string,
``%``, ``.format()`` or ``+`` renders, once its markers are stripped, exactly what
the original expression did, for any values; marker escapes keep a literal's value."""

from __future__ import annotations

import ast
import warnings

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redactlint import redact
from redactlint.codemod.fix import _escape_markers
from redactlint.codemod.templates import CannotRewrite, rewrite

EXPRESSIONS = (
    'f"repo:{repo} {text}"',
    "f'{text!r:>10}|{text!s}|{text!a:^8}'",
    'f"{text:<20} {n:.2%} {text:{width}}"',
    'f"[{text:{width}.{width}}] [{text!r:>{width}}]"',
    'f"{text=}"',
    'f"{ text = }, {repo=!s}, {text=:>12}"',
    "f\"{text.count('{')=}\"",
    'f"{text, n}"',
    'f"{(text, n)!r:>40}"',
    'rf"\\d+ {text}\\{repo}"',
    'f"""a\n{text}\n"""',
    '"{json}" f" {text}"',
    '"\\N{BULLET} {x}" f"{text}" "}"',
    '"{" + text + "}"',
    '"\\N{BULLET} {x} " + text',
    'r"\\N{x}" + text',
    "'\"' + text + \"'\"",
    '"tab\\t" + text + "\\n"',
    'text + " in " + repo',
    '"q=" + f"{text}!" + repo',
    '"a" + (text + "b")',
    '("prefix "  # why\n + text\n + " suffix")',
    '"q=%s in %r (%d)" % (text, repo, n)',
    '"%(a)s-%(b)r" % {"a": text, "b": repo}',
    '"q=%-10s!" % text',
    '"%(a)s-%(b)r" % dict(a=text, b=repo)',
    '"%%%s%%" % text',
    '"50%% of %s" % text',
    '"q=%s" % (text,)',
    '("q=%s "  "(%5.1f)") % (text, n)',
    '"{} in {}".format(text, repo)',
    '"{a}-{b!r:>{w}}".format(a=text, b=repo, w=width)',
    '"{1}/{0}/{1}".format(text, repo)',
    '"a {{b}} {}".format(text)',
    '"{}: {}".format(*[text, repo])',
)

NO_MARKERS = st.text(
    alphabet=st.characters(blacklist_characters="\u2039\u203a\u2020", codec="utf-8"),
    max_size=12,
)


def spell(function: str) -> cst.BaseExpression:
    return cst.Attribute(value=cst.Name("redact"), attr=cst.Name(function))


def rewritten(source: str) -> str:
    call = rewrite(cst.parse_expression(source), spell)
    return cst.Module(body=[]).code_for_node(call)


@pytest.mark.parametrize("source", EXPRESSIONS)
@settings(max_examples=25, deadline=None)
@given(text=NO_MARKERS, repo=NO_MARKERS, n=st.integers(-1000, 1000), width=st.integers(0, 30))
def test_rewrite_renders_the_same_text(
    source: str, text: str, repo: str, n: int, width: int
) -> None:
    namespace = {"redact": redact, "text": text, "repo": repo, "n": n, "width": width}
    original = eval(source, dict(namespace))
    fixed = eval(rewritten(source), dict(namespace))
    assert isinstance(fixed, redact.RedactableStr)
    assert fixed.strip_markers() == original


@pytest.mark.parametrize("source", EXPRESSIONS)
def test_values_are_marked_not_trusted(source: str) -> None:
    namespace = {"redact": redact, "text": "SECRET", "repo": "SECRET", "n": 1, "width": 8}
    fixed = eval(rewritten(source), namespace)
    assert "SECRET" not in fixed.redact()


def test_comments_in_a_format_template_stay() -> None:
    assert rewritten('("a {} "  # c\n "b").format(text)') == (
        'redact.format(("a {} "  # c\n "b"), text)'
    )


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("template.format(text)", "not a string literal"),
        ('b"%s" % text', "not a string literal"),
        ('"%s %s" % pair', "how many values"),
        ('"%s" % (*parts,)', "starred"),
        ("text + repo", "no string literal"),
        ('"a" . format(text)', None),
        ('("a"  # c\n .format(text))', "comment"),
    ],
)
def test_shapes_without_an_exact_rewrite(source: str, reason: str | None) -> None:
    if reason is None:
        assert rewritten(source) == 'redact.format("a", text)'
        return
    with pytest.raises(CannotRewrite, match=reason):
        rewritten(source)


_PIECES = ("a", "{", "\u2039", "\u203a", "\u2020", "\\\\", "\\n", "\\\u2039", "\\u2039", '\\"')


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=8), st.sampled_from(["", "u", "f"]))
def test_marker_escapes_keep_the_value(pieces: list[str], prefix: str) -> None:
    source = prefix + '"' + "".join(pieces) + '"'
    if prefix == "f" and "{" in pieces:
        source = source.replace("{", "{{")
    fixed = cst.Module(body=[]).code_for_node(_escape_markers(cst.parse_expression(source)))
    assert not any(marker in fixed for marker in "\u2039\u203a\u2020")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "\‹" is an invalid escape, kept as written
        assert _value(fixed) == _value(source)


def _value(source: str) -> object:
    tree = ast.parse(source, mode="eval").body
    if isinstance(tree, ast.JoinedStr):
        return "".join(str(part.value) for part in tree.values if isinstance(part, ast.Constant))
    return ast.literal_eval(tree)


def test_raw_strings_are_refused() -> None:
    with pytest.raises(CannotRewrite, match="raw"):
        _escape_markers(cst.parse_expression('"ok" r"\u2039"'))
