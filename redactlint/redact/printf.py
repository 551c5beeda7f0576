"""``redact.sprintf``: printf-style (``%``) templates with marked arguments.

A plain ``str`` template is trusted as safe text (its markers escaped); a
``RedactableStr`` template keeps its spans verbatim and only the text between
them is parsed for conversions. Each conversion renders its argument with
Python's own ``%`` semantics (flags, width, precision, ``%r`` quoting) and the
result is embedded by the argument's kind, so width and conversions land inside
the span: ``sprintf(":%10s:", "abc")`` is ``:‹       abc›:``. Errors (missing or
extra arguments, a bad conversion) raise exactly as ``%`` does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .builder import Builder
from .compiled import Compiled, FieldPlan, fill_parts
from .compiled import template_pieces as marked_template_pieces
from .markers import escape_markers
from .strings import RedactableStr

_CONVERSION = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?(?P<flags>[#0\- +]*)(?P<width>\*|\d+)?"
    r"(?:\.(?P<precision>\*|\d*))?[hlL]?(?P<type>.?)",
    re.DOTALL,
)
_TYPES = frozenset("diouxXeEfFgGcrsa")


@dataclass(frozen=True, slots=True)
class Conversion:
    """One ``%`` conversion of a template."""

    key: str | None
    flags: str
    width: str | None
    precision: str | None
    type: str

    def spec(self, width: object, precision: object) -> str:
        """The single-conversion ``%`` template for this conversion."""
        text = "%" + self.flags
        if width is not None:
            text += str(width)
        if precision is not None:
            text += "." + str(precision)
        return text + self.type


Piece = str | Conversion  # a literal is a str, a verbatim span a RedactableStr
_plans: dict[str, tuple[Piece, ...]] = {}
_PLAN_CACHE_SIZE = 2048


def parse(template: str) -> tuple[Piece, ...]:
    """Split a template into escaped literal text and conversions (cached)."""
    plan = _plans.get(template)
    if plan is not None:
        return plan
    plan = tuple(_parse_text(template))
    if len(_plans) >= _PLAN_CACHE_SIZE:
        _plans.clear()
    _plans[template] = plan
    return plan


def _parse_text(template: str) -> list[Piece]:
    pieces: list[Piece] = []
    literal: list[str] = []
    pos = 0
    while True:
        found = template.find("%", pos)
        if found < 0:
            literal.append(template[pos:])
            break
        literal.append(template[pos:found])
        match = _CONVERSION.match(template, found)
        assert match is not None  # the pattern matches any "%"
        conversion_type = match["type"]
        if conversion_type == "%" and match.end() == found + 2:
            literal.append("%")
        elif conversion_type in _TYPES and conversion_type:
            if literal:
                pieces.append(escape_markers("".join(literal)))
                literal = []
            pieces.append(
                Conversion(
                    match["key"],
                    match["flags"],
                    match["width"],
                    match["precision"],
                    conversion_type,
                )
            )
        elif not conversion_type:
            raise ValueError("incomplete format")
        else:
            raise ValueError(
                f"unsupported format character {conversion_type!r} "
                f"(0x{ord(conversion_type):x}) at index {match.end() - 1}"
            )
        pos = match.end()
    text = "".join(literal)
    if text:
        pieces.append(escape_markers(text))
    return pieces


def template_pieces(template: str) -> tuple[Piece, ...]:
    """The pieces of any template: a ``RedactableStr`` keeps its spans verbatim."""
    return marked_template_pieces(template, parse, _parse_text)


def write_printf(builder: Builder, template: str, args: tuple[object, ...]) -> None:
    """Write ``template % args`` into ``builder`` with arguments embedded by kind."""
    plan = template_pieces(template)
    conversions = [piece for piece in plan if type(piece) is Conversion]
    mapping: Mapping[str, object] | None = None
    if any(conversion.key is not None for conversion in conversions):
        if len(args) != 1 or not isinstance(args[0], Mapping):
            raise TypeError("format requires a mapping")
        mapping = args[0]
    position = 0

    def take() -> object:
        nonlocal position
        if mapping is not None:
            raise TypeError("format requires a mapping")
        if position >= len(args):
            raise TypeError("not enough arguments for format string")
        position += 1
        return args[position - 1]

    for piece in plan:
        if type(piece) is str:
            builder._write_safe(piece)
            continue
        if isinstance(piece, RedactableStr):
            builder.redactable(piece)
            continue
        assert isinstance(piece, Conversion)
        width: object = piece.width
        precision: object = piece.precision
        if width == "*":
            width = _star(take())
        if precision == "*":
            precision = _star(take())
        if piece.key is not None:
            assert mapping is not None
            value = mapping[piece.key]
        else:
            value = take()
        spec = piece.spec(width, precision)
        builder.embed(value, lambda v, spec=spec: spec % (v,))
    if mapping is None and position < len(args):
        raise TypeError("not all arguments converted during string formatting")


def _star(value: object) -> int:
    if not isinstance(value, int):
        raise TypeError("* wants int")
    return value


# The fast path: templates with positional conversions only (no mapping keys,
# no ``*``) are compiled once; anything else takes the Builder.
_compiled: dict[str, Compiled | None] = {}
_NO_KEYWORDS: dict[str, object] = {}


def _compile(template: str) -> Compiled | None:
    literals: list[str] = []
    fields: list[FieldPlan] = []
    literal = ""
    for piece in parse(template):
        if isinstance(piece, str):
            literal += piece
            continue
        if piece.key is not None or piece.width == "*" or piece.precision == "*":
            return None
        literals.append(literal)
        literal = ""
        spec = piece.spec(piece.width, piece.precision)
        render = None if spec == "%s" else lambda value, spec=spec: spec % (value,)
        fields.append(FieldPlan(len(fields), render, spec))
    literals.append(literal)
    return Compiled.build(literals, fields)


def sprintf(template: str, *args: object) -> RedactableStr:
    """Format a printf-style template; the template is trusted, arguments are not.

    A ``RedactableStr`` template keeps its spans (see the module docstring).

    >>> sprintf("hello %s", "world")
    'hello ‹world›'
    """
    if type(template) is not str and isinstance(template, RedactableStr):
        builder = Builder()
        write_printf(builder, template, args)
        return builder.build()
    try:
        compiled = _compiled[template]
    except (KeyError, TypeError):
        if len(_compiled) >= _PLAN_CACHE_SIZE:
            _compiled.clear()
        compiled = _compiled[str(template)] = _compile(str(template))
    if compiled is not None and len(compiled.fields) == len(args):
        try:
            generated = compiled.generated
            if generated is not None:
                return generated(args, _NO_KEYWORDS)
            return fill_parts(compiled, args, _NO_KEYWORDS)
        except ValueError:
            pass  # the general path raises the builtin's error, or embeds an oversized int
    builder = Builder()
    write_printf(builder, template, args)
    return builder.build()
