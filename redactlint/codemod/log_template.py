"""Rewrite a logging call's dynamic message into a constant template with arguments.

``log.info(f"user {email} did %s", action)`` becomes
``log.info("user %s did %s", email, action)``: the f-string's literal text is the
template, each interpolation a ``%s`` (``%r`` for ``!r``, ``%a`` for ``!a``) whose value
joins the arguments where its placeholder stands among the ``%`` placeholders the text
already had. Without arguments the handler never %-formatted the message, so a ``%`` in
its text was text: it is written ``%%``. ``log.info(msg)`` becomes
``log.info("%s", msg)``. The values keep their source text; the checker then sees them
as arguments (and ``fix`` marks them). Anything whose meaning would not survive exactly
is refused.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst

from ..analysis.logging_calls import placeholders
from .templates import CannotRewrite, split_literal

_CONVERSIONS = {None: "%s", "s": "%s", "r": "%r", "a": "%a"}
# What a piece of the template holds: its literal text, or a value to pass.
Piece = tuple[str, None] | tuple[None, cst.BaseExpression]


def rewrite_message(call: cst.Call, index: int) -> cst.Call:
    """``call`` with its message, the argument at ``index``, made a constant template."""
    args = list(call.args)
    if any(arg.star for arg in args) or args[index].keyword is not None:
        raise CannotRewrite("the message or the arguments are unpacked or by keyword")
    message = args[index].value
    rest = [arg for arg in args[index + 1 :] if arg.keyword is None]
    keywords = args[index + 1 + len(rest) :]
    if isinstance(message, (cst.Name, cst.Attribute)):
        if rest:
            raise CannotRewrite("a message held in a variable, with arguments")
        template: cst.BaseExpression = cst.SimpleString('"%s"')
        ordered: list[cst.Arg | cst.BaseExpression] = [message]
    elif isinstance(message, (cst.FormattedString, cst.ConcatenatedString)):
        template, ordered = _split(message, rest)
    else:
        raise CannotRewrite(f"no template rewrite for {type(message).__name__}")
    laid = _laid_out(call, args, [*args[: index + 1], *ordered, *keywords])
    laid[index] = laid[index].with_changes(value=template)
    return call.with_changes(args=laid)


def _split(
    message: cst.FormattedString | cst.ConcatenatedString, rest: Sequence[cst.Arg]
) -> tuple[cst.BaseString, list[cst.Arg | cst.BaseExpression]]:
    """The template for ``message``, and the arguments in the order its placeholders
    take them: ``rest`` (the call's arguments) and the interpolated values."""
    pieces: list[Piece] = []
    template = _template(message, pieces, escape=False)
    if not rest and any(text is None for text, _ in pieces):
        # Arguments from now on: the handler %-formats the message, so % must be %%.
        pieces = []
        template = _template(message, pieces, escape=True)
    ordered: list[cst.Arg | cst.BaseExpression] = []
    waiting = list(rest)
    for text, value in pieces:
        if value is not None:
            ordered.append(value)
            continue
        assert text is not None
        count = placeholders(text) if rest else 0
        if count is None or count > len(waiting):
            raise CannotRewrite("the % placeholders do not match the arguments")
        ordered.extend(waiting[:count])
        del waiting[:count]
    if waiting:
        raise CannotRewrite("the % placeholders do not match the arguments")
    return template, ordered


def _template(node: cst.BaseExpression, pieces: list[Piece], escape: bool) -> cst.BaseString:
    """``node`` as a plain string literal, part for part (layout kept); ``escape``:
    a ``%`` in its text is text, written ``%%``."""
    if isinstance(node, cst.ConcatenatedString):
        left = _template(node.left, pieces, escape)
        right = _template(node.right, pieces, escape)
        return node.with_changes(left=left, right=right)
    if isinstance(node, cst.SimpleString):
        prefix, quote, body = split_literal(node.value)
        if "b" in prefix.lower():
            raise CannotRewrite("bytes literal")
        body = _text(prefix, quote, body, pieces, escape)
        return node.with_changes(value=prefix + quote + body + quote)
    if isinstance(node, cst.FormattedString):
        prefix = node.prefix.replace("f", "").replace("F", "")
        quote = node.start[len(node.prefix) :]
        out: list[str] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                source = part.value.replace("{{", "{").replace("}}", "}")
                out.append(_text(prefix, quote, source, pieces, escape))
                continue
            assert isinstance(part, cst.FormattedStringExpression)
            if part.format_spec is not None or part.equal is not None:
                raise CannotRewrite("an interpolation with a format spec or =")
            out.append(_CONVERSIONS[part.conversion])
            pieces.append((None, _argument(part.expression)))
        return cst.SimpleString(prefix + quote + "".join(out) + node.end, lpar=node.lpar,
                                rpar=node.rpar)
    raise CannotRewrite(type(node).__name__)


def _text(prefix: str, quote: str, source: str, pieces: list[Piece], escape: bool) -> str:
    """A literal part's source text, its value recorded in ``pieces``."""
    try:
        value = ast.literal_eval(prefix + quote + source + quote)
    except (SyntaxError, ValueError) as error:
        raise CannotRewrite(f"cannot read the literal: {error}") from None
    if not isinstance(value, str):
        raise CannotRewrite("not a str literal")
    pieces.append((value, None))
    if not escape:
        return source
    if value.count("%") != source.count("%"):
        raise CannotRewrite("a % written as an escape")
    return source.replace("%", "%%")


def _argument(value: cst.BaseExpression) -> cst.BaseExpression:
    """An interpolated expression as an argument: a bare tuple keeps its meaning."""
    if isinstance(value, cst.Tuple) and not value.lpar:
        return value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return value


def _laid_out(
    call: cst.Call, original: Sequence[cst.Arg], values: Sequence[cst.Arg | cst.BaseExpression]
) -> list[cst.Arg]:
    """``values`` as the call's arguments, laid out as the original ones were: each
    position keeps the comma it had, new positions get the call's separator, the last
    argument keeps what closed the call (a trailing comma, the line break)."""
    between = _separator(call, original)
    last = original[-1]
    laid: list[cst.Arg] = []
    for position, value in enumerate(values):
        arg = value if isinstance(value, cst.Arg) else cst.Arg(value=value)
        if position == len(values) - 1:
            arg = arg.with_changes(comma=last.comma, whitespace_after_arg=last.whitespace_after_arg)
        else:
            comma = original[position].comma if position < len(original) - 1 else between
            after = arg.whitespace_after_arg if value is not last else cst.SimpleWhitespace("")
            arg = arg.with_changes(comma=comma, whitespace_after_arg=after)
        laid.append(arg)
    return laid


def _separator(call: cst.Call, original: Sequence[cst.Arg]) -> cst.Comma:
    """A comma between arguments as this call writes them: on one line, or one argument
    a line at the indentation they have."""
    sample = original[-2].comma if len(original) > 1 else None
    whitespace = (
        sample.whitespace_after if isinstance(sample, cst.Comma) else call.whitespace_before_args
    )
    if isinstance(whitespace, cst.ParenthesizedWhitespace):
        return cst.Comma(
            whitespace_after=cst.ParenthesizedWhitespace(
                indent=whitespace.indent, last_line=whitespace.last_line
            )
        )
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
