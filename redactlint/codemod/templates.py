"""Turn text built with f-strings, ``%``, ``.format()`` or ``+`` into ``redact`` calls.

Each builder returns the runtime function to call and its arguments: the template
(the literal parts, with braces escaped for ``str.format``) first, then the
interpolated values in order, so values keep their source text and comments.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst


class CannotRewrite(Exception):
    """The expression has a shape the rewrite would not preserve exactly."""


Rewrite = tuple[str, list[cst.Arg]]


def rewrite(node: cst.BaseExpression) -> Rewrite:
    """``("format" | "sprintf", args)`` for an f-string, ``%``, ``.format()`` or ``+``."""
    if isinstance(node, (cst.FormattedString, cst.ConcatenatedString)):
        return "format", _fstring(node)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
        return "sprintf", _percent(node)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return "format", _concatenation(node)
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "format"
        and isinstance(node.func.value, (cst.SimpleString, cst.ConcatenatedString))
    ):
        template = node.func.value
        return "format", [cst.Arg(value=template), *node.args]
    raise CannotRewrite(type(node).__name__)


# -- f-strings ------------------------------------------------------------------------


def _fstring(node: cst.FormattedString | cst.ConcatenatedString) -> list[cst.Arg]:
    values: list[cst.BaseExpression] = []
    template = _template_node(node, values)
    return [cst.Arg(value=template), *(cst.Arg(value=v) for v in values)]


def _template_node(node: cst.BaseExpression, values: list[cst.BaseExpression]) -> cst.BaseString:
    """The same string, part for part (layout kept), as a ``str.format`` template."""
    if isinstance(node, cst.ConcatenatedString):
        left = _template_node(node.left, values)
        right = _template_node(node.right, values)
        return node.with_changes(left=left, right=right)
    if isinstance(node, cst.SimpleString):
        prefix, quote, body = _split_literal(node.value)
        if "b" in prefix.lower():
            raise CannotRewrite("bytes literal")
        escaped = body.replace("{", "{{").replace("}", "}}")
        return node.with_changes(value=prefix + quote + escaped + quote)
    if isinstance(node, cst.FormattedString):
        return cst.SimpleString(_fstring_template(node, values), lpar=node.lpar, rpar=node.rpar)
    raise CannotRewrite(type(node).__name__)


def _fstring_template(node: cst.FormattedString, values: list[cst.BaseExpression]) -> str:
    prefix = node.prefix.replace("f", "").replace("F", "")
    text = "".join(_fstring_parts(node.parts, values))
    return prefix + node.start[len(node.prefix) :] + text + node.end


def _fstring_parts(
    parts: Sequence[cst.BaseFormattedStringContent], values: list[cst.BaseExpression]
) -> list[str]:
    out: list[str] = []
    for part in parts:
        if isinstance(part, cst.FormattedStringText):
            out.append(part.value)  # f-string text escapes braces as str.format does
            continue
        assert isinstance(part, cst.FormattedStringExpression)
        conversion = part.conversion
        if part.equal is not None:
            expression = cst.Module(body=[]).code_for_node(part.expression)
            out.append(expression.replace("{", "{{").replace("}", "}}") + "=")
            if conversion is None and part.format_spec is None:
                conversion = "r"
        values.append(
            part.expression.with_changes(lpar=[], rpar=[])
            if isinstance(part.expression, (cst.Name, cst.Attribute))
            else part.expression
        )
        field = "{"
        if conversion is not None:
            field += "!" + conversion
        if part.format_spec is not None:
            field += ":" + "".join(_fstring_parts(part.format_spec, values))
        out.append(field + "}")
    return out


def _split_literal(code: str) -> tuple[str, str, str]:
    index = 0
    while code[index] not in "'\"":
        index += 1
    prefix = code[:index]
    rest = code[index:]
    quote = rest[:3] if rest[:3] in ('"""', "'''") else rest[0]
    return prefix, quote, rest[len(quote) : -len(quote)]


# -- % formatting ---------------------------------------------------------------------


def _percent(node: cst.BinaryOperation) -> list[cst.Arg]:
    template = node.left
    if not isinstance(template, (cst.SimpleString, cst.ConcatenatedString)):
        raise CannotRewrite("the template is not a literal")
    right = node.right
    if isinstance(right, cst.Tuple):
        values = [
            element.value
            for element in right.elements
            if not isinstance(element, cst.StarredElement)
        ]
        if len(values) != len(right.elements):
            raise CannotRewrite("starred element")
        return [cst.Arg(value=template), *(cst.Arg(value=v) for v in values)]
    if isinstance(right, cst.Dict):
        return [cst.Arg(value=template), cst.Arg(value=right)]
    text = _literal_value(template)
    if _conversion_count(text) != 1:
        raise CannotRewrite("cannot tell how many values the right side holds")
    return [cst.Arg(value=template), cst.Arg(value=right)]


def _conversion_count(template: str) -> int:
    count = 0
    index = 0
    while True:
        index = template.find("%", index)
        if index < 0:
            return count
        if template[index + 1 : index + 2] == "%":
            index += 2
            continue
        count += 1
        index += 1


def _literal_value(node: cst.BaseExpression) -> str:
    value = ast.literal_eval(cst.Module(body=[]).code_for_node(node))
    if not isinstance(value, str):
        raise CannotRewrite("not a str literal")
    return value


# -- + concatenation ------------------------------------------------------------------


def _concatenation(node: cst.BinaryOperation) -> list[cst.Arg]:
    operands: list[cst.BaseExpression] = []

    def collect(expression: cst.BaseExpression) -> None:
        if (
            isinstance(expression, cst.BinaryOperation)
            and isinstance(expression.operator, cst.Add)
            and not expression.lpar
        ):
            collect(expression.left)
            collect(expression.right)
        else:
            operands.append(expression)

    collect(node)
    template = ""
    values: list[cst.BaseExpression] = []
    quote = '"'
    for operand in operands:
        if isinstance(operand, (cst.SimpleString, cst.ConcatenatedString)):
            literal = _literal_value(operand)
            template += literal.replace("{", "{{").replace("}", "}}")
            if isinstance(operand, cst.SimpleString) and operand.quote == "'":
                quote = "'"
        else:
            template += "{}"
            values.append(operand)
    return [
        cst.Arg(value=cst.SimpleString(_quote(template, quote))),
        *(cst.Arg(value=v) for v in values),
    ]


def _quote(text: str, quote: str) -> str:
    literal = repr(text)
    if quote == '"' and literal.startswith("'") and '"' not in text:
        literal = '"' + literal[1:-1].replace("\\'", "'") + '"'
    return literal
