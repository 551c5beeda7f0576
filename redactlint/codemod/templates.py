"""Turn text built with f-strings, ``%``, ``.format()`` or ``+`` into ``redact`` calls.

Each rewrite builds the runtime call: the template (the literal parts, with braces
escaped for ``str.format``) first, then the interpolated values in order, so values
keep their source text and comments, and a call laid out over several lines stays
laid out that way.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence

import libcst as cst
import libcst.matchers as m


class CannotRewrite(Exception):
    """The expression has a shape the rewrite would not preserve exactly."""


Spell = Callable[[str], cst.BaseExpression]


def rewrite(node: cst.BaseExpression, spell: Spell) -> cst.Call:
    """``redact.format(...)``/``redact.sprintf(...)`` for an f-string, ``%``, ``.format()``
    or ``+``; ``spell`` names a runtime function in the file being fixed."""
    if isinstance(node, (cst.FormattedString, cst.ConcatenatedString)):
        values: list[cst.BaseExpression] = []
        template = _template_node(node, values)
        return _call(spell("format"), template, [cst.Arg(value=_argument(v)) for v in values])
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Modulo):
        return _percent(node, spell)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return _concatenation(node, spell)
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "format"
    ):
        return _format_call(node, spell)
    raise CannotRewrite(f"no template rewrite for {type(node).__name__}")


def _call(
    func: cst.BaseExpression,
    template: cst.BaseExpression,
    args: Sequence[cst.Arg],
    whitespace: cst.BaseParenthesizableWhitespace | None = None,
    closing: cst.BaseParenthesizableWhitespace | None = None,
) -> cst.Call:
    """``func(template, *args)``; ``whitespace`` after the opening parenthesis and
    ``closing`` before the closing one keep a multi-line layout."""
    whitespace = whitespace or cst.SimpleWhitespace("")
    if template.lpar and not _has_comment(template):
        template = template.with_changes(lpar=[], rpar=[])
    if isinstance(whitespace, cst.ParenthesizedWhitespace):
        # One argument per line as the original had: the template gets its own line.
        after = cst.ParenthesizedWhitespace(
            indent=whitespace.indent, last_line=whitespace.last_line
        )
        first = cst.Arg(
            value=template,
            comma=cst.Comma(whitespace_after=after) if args else cst.MaybeSentinel.DEFAULT,
        )
    else:
        first = cst.Arg(value=template)
    arguments = [first, *args]
    if closing is not None:
        last = arguments[-1]
        arguments[-1] = last.with_changes(whitespace_after_arg=closing)
    return cst.Call(func=func, args=arguments, whitespace_before_args=whitespace)


def _argument(value: cst.BaseExpression) -> cst.BaseExpression:
    """``value`` as a call argument: a bare tuple gets parentheses, needless ones go."""
    if isinstance(value, cst.Tuple):
        if not value.lpar:
            return value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return value
    if (
        value.lpar
        and isinstance(value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript))
        and not _has_comment(value)
    ):
        return value.with_changes(lpar=[], rpar=[])
    return value


def _has_comment(node: cst.CSTNode) -> bool:
    return bool(m.findall(node, m.Comment()))


# -- string literals ------------------------------------------------------------------


def split_literal(code: str) -> tuple[str, str, str]:
    """A simple string literal's ``(prefix, quote, body)``."""
    index = 0
    while code[index] not in "'\"":
        index += 1
    prefix = code[:index]
    rest = code[index:]
    quote = rest[:3] if rest[:3] in ('"""', "'''") else rest[0]
    return prefix, quote, rest[len(quote) : -len(quote)]


def escape_braces(body: str, raw: bool) -> str:
    """A literal's source text with ``{``/``}`` doubled, leaving ``\\N{NAME}`` escapes."""
    if raw:
        return body.replace("{", "{{").replace("}", "}}")
    out: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            if body[index + 1] == "N" and body[index + 2 : index + 3] == "{":
                end = body.find("}", index)
                end = len(body) - 1 if end < 0 else end
                out.append(body[index : end + 1])
                index = end + 1
            else:
                out.append(body[index : index + 2])
                index += 2
            continue
        out.append(char * 2 if char in "{}" else char)
        index += 1
    return "".join(out)


def _is_bytes(node: cst.SimpleString) -> bool:
    return "b" in split_literal(node.value)[0].lower()


def _text_literal(node: cst.BaseExpression) -> bool:
    """A ``str`` literal made of plain (not f-, not bytes) strings only."""
    if isinstance(node, cst.SimpleString):
        return not _is_bytes(node)
    if isinstance(node, cst.ConcatenatedString):
        return _text_literal(node.left) and _text_literal(node.right)
    return False


def _string_operand(node: cst.BaseExpression) -> bool:
    """A ``str`` literal or f-string, possibly implicitly concatenated."""
    if isinstance(node, cst.SimpleString):
        return not _is_bytes(node)
    if isinstance(node, cst.FormattedString):
        return True
    if isinstance(node, cst.ConcatenatedString):
        return _string_operand(node.left) and _string_operand(node.right)
    return False


def _literal_value(node: cst.BaseExpression) -> str:
    value = ast.literal_eval(cst.Module(body=[]).code_for_node(node.with_changes(lpar=[], rpar=[])))
    if not isinstance(value, str):
        raise CannotRewrite("not a str literal")
    return value


# -- f-strings ------------------------------------------------------------------------


def _template_node(node: cst.BaseExpression, values: list[cst.BaseExpression]) -> cst.BaseString:
    """The same string, part for part (layout kept), as a ``str.format`` template."""
    if isinstance(node, cst.ConcatenatedString):
        left = _template_node(node.left, values)
        right = _template_node(node.right, values)
        return node.with_changes(left=left, right=right)
    if isinstance(node, cst.SimpleString):
        prefix, quote, body = split_literal(node.value)
        if "b" in prefix.lower():
            raise CannotRewrite("bytes literal")
        escaped = escape_braces(body, raw="r" in prefix.lower())
        return node.with_changes(value=prefix + quote + escaped + quote)
    if isinstance(node, cst.FormattedString):
        return cst.SimpleString(_fstring_template(node, values), lpar=node.lpar, rpar=node.rpar)
    raise CannotRewrite(type(node).__name__)


def _fstring_template(node: cst.FormattedString, values: list[cst.BaseExpression]) -> str:
    prefix = node.prefix.replace("f", "").replace("F", "")
    text = "".join(_fstring_parts(node.parts, values))
    return prefix + node.start[len(node.prefix) :] + text + node.end


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


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
            # f"{x = }" writes its source text, "x = ", before the value's repr.
            equal = part.equal
            debug = (
                _code(part.whitespace_before_expression)
                + _code(part.expression)
                + _code(part.whitespace_after_expression)
                + _code(equal.whitespace_before)
                + "="
                + _code(equal.whitespace_after)
            )
            out.append(debug.replace("{", "{{").replace("}", "}}"))
            if conversion is None and part.format_spec is None:
                conversion = "r"
        values.append(part.expression)
        field = "{"
        if conversion is not None:
            field += "!" + conversion
        if part.format_spec is not None:
            field += ":" + "".join(_fstring_parts(part.format_spec, values))
        out.append(field + "}")
    return out


# -- .format() ------------------------------------------------------------------------


def _format_call(node: cst.Call, spell: Spell) -> cst.Call:
    assert isinstance(node.func, cst.Attribute)
    template = node.func.value
    if not _text_literal(template):
        raise CannotRewrite("the template is not a string literal")
    if _has_comment(node.func.dot):
        raise CannotRewrite("a comment between the template and .format")
    # The template is already a str.format template: it moves into the call as is.
    whitespace = node.whitespace_before_args
    args = list(node.args)
    if not args:
        return cst.Call(func=spell("format"), args=[cst.Arg(value=template)])
    call = _call(spell("format"), template, args, whitespace)
    return call


# -- % formatting ---------------------------------------------------------------------


def _percent(node: cst.BinaryOperation, spell: Spell) -> cst.Call:
    template = node.left
    if not _text_literal(template):
        raise CannotRewrite("the template is not a string literal")
    right = node.right
    if isinstance(right, cst.Tuple):
        if any(isinstance(element, cst.StarredElement) for element in right.elements):
            raise CannotRewrite("starred element")
        args = [
            cst.Arg(value=_argument(element.value), comma=element.comma)
            for element in right.elements
        ]
        if not args:
            raise CannotRewrite("empty tuple")
        whitespace = right.lpar[0].whitespace_after if right.lpar else None
        closing = right.rpar[-1].whitespace_before if right.rpar else None
        if not isinstance(whitespace, cst.ParenthesizedWhitespace):
            # One line: the tuple's trailing comma, as in (text,), is not the call's.
            last = args[-1]
            if isinstance(last.comma, cst.Comma) and not _has_comment(last.comma):
                args[-1] = last.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return _call(spell("sprintf"), template, args, whitespace, closing)
    count, named = _conversions(_literal_value(template))
    if not isinstance(right, cst.Dict) and count != 1 and not named:
        raise CannotRewrite("cannot tell how many values the right side holds")
    # One value, or a mapping for "%(name)s" conversions: passed as it is.
    return _call(spell("sprintf"), template, [cst.Arg(value=_argument(right))])


def _conversions(template: str) -> tuple[int, bool]:
    """How many conversions a ``%`` template has, and whether all are ``%(name)``."""
    count = named = 0
    index = 0
    while True:
        index = template.find("%", index)
        if index < 0:
            return count, count > 0 and named == count
        if template[index + 1 : index + 2] == "%":
            index += 2
            continue
        count += 1
        named += template[index + 1 : index + 2] == "("
        index += 1


# -- + concatenation ------------------------------------------------------------------


def _concatenation(node: cst.BinaryOperation, spell: Spell) -> cst.Call:
    """``"a" + x + "b"`` -> ``format("a{}b", x)``.

    A comment between operands splits the template there into implicitly
    concatenated literals, so the comment keeps its place.
    """
    operands: list[cst.BaseExpression] = []
    separators: list[cst.Add] = []

    def collect(expression: cst.BaseExpression) -> None:
        if (
            isinstance(expression, cst.BinaryOperation)
            and isinstance(expression.operator, cst.Add)
            and not expression.lpar
        ):
            collect(expression.left)
            assert isinstance(expression.operator, cst.Add)
            separators.append(expression.operator)
            collect(expression.right)
        else:
            operands.append(expression)

    collect(node.with_changes(lpar=[], rpar=[]))
    if not any(_string_operand(operand) for operand in operands):
        # Without a string literal among them the operands may be lists or numbers.
        raise CannotRewrite("no string literal among the operands")
    values: list[cst.BaseExpression] = []
    groups: list[list[cst.BaseString | None]] = [[]]
    breaks: list[cst.BaseParenthesizableWhitespace] = []
    for index, operand in enumerate(operands):
        if index:
            separator = separators[index - 1]
            before, after = separator.whitespace_before, separator.whitespace_after
            if _has_comment(before) and _has_comment(after):
                raise CannotRewrite("comments on both sides of a +")
            if _has_comment(before) or _has_comment(after):
                breaks.append(before if _has_comment(before) else after)
                groups.append([])
        if _string_operand(operand):
            if _has_comment(operand):
                raise CannotRewrite("a comment inside a string operand")
            groups[-1].append(_template_node(operand.with_changes(lpar=[], rpar=[]), values))
        else:
            groups[-1].append(None)
            values.append(operand)
    literals = [_join(group) for group in groups]
    template: cst.SimpleString | cst.ConcatenatedString = literals[-1]
    for whitespace, literal in zip(reversed(breaks), reversed(literals[:-1]), strict=True):
        template = cst.ConcatenatedString(
            left=literal, right=template, whitespace_between=whitespace
        )
    return _call(spell("format"), template, [cst.Arg(value=_argument(v)) for v in values])


def _flatten(node: cst.BaseString) -> list[cst.SimpleString]:
    if isinstance(node, cst.ConcatenatedString):
        return [*_flatten(node.left), *_flatten(node.right)]
    assert isinstance(node, cst.SimpleString)
    return [node]


def _join(group: Sequence[cst.BaseString | None]) -> cst.SimpleString:
    """One literal for a run of template pieces (``None`` is a value's ``{}``).

    Pieces written alike (same quotes, same rawness) are joined as source text, so
    escapes stay as written; otherwise the joined value is quoted afresh.
    """
    pieces: list[cst.SimpleString | None] = []
    for piece in group:
        pieces.extend([None] if piece is None else _flatten(piece))
    styles = set()
    for piece in pieces:
        if piece is not None:
            prefix, quote, _ = split_literal(piece.value)
            styles.add(("r" in prefix.lower(), quote))
    if len(styles) <= 1:
        raw, quote = styles.pop() if styles else (False, '"')
        prefix = "r" if raw else ""
        body = "".join("{}" if p is None else split_literal(p.value)[2] for p in pieces)
        return cst.SimpleString(prefix + quote + body + quote)
    text = "".join("{}" if p is None else _literal_value(p) for p in pieces)
    first = next(p for p in pieces if p is not None)
    return cst.SimpleString(_quote(text, split_literal(first.value)[1][0]))


# The marker characters and the escapes that write them in a literal.
MARKER_ESCAPES = {"\u2039": "\\u2039", "\u203a": "\\u203a", "\u2020": "\\u2020"}


def _quote(text: str, quote: str) -> str:
    literal = repr(text)
    if quote == '"' and literal.startswith("'") and '"' not in text:
        literal = '"' + literal[1:-1].replace("\\'", "'") + '"'
    for marker, escape in MARKER_ESCAPES.items():
        literal = literal.replace(marker, escape)
    return literal
