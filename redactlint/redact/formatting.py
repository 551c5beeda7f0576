"""``redact.format``: ``str.format`` templates with marked arguments.

A plain ``str`` template's literal text is trusted as safe (its markers
escaped); a ``RedactableStr`` template keeps its marks: its spans are copied
verbatim and never parsed, only the text between them is a template (so the
output of one ``format`` used as the template of another shows no data). Each
replacement field is
resolved like ``str.format`` does (automatic or explicit numbering, keywords,
attribute and index access, ``!r``/``!s``/``!a``, nested fields in the spec) and
the value is embedded by its kind. A field whose nested spec takes an unsafe
value is written unsafe, since the spec's fill character would otherwise leak.
"""

from __future__ import annotations

import _string  # type: ignore[import-not-found]
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .builder import Builder
from .compiled import Compiled, FieldPlan, Render, fill_parts
from .compiled import template_pieces as marked_template_pieces
from .markers import escape_markers
from .safetypes import SAFE, kind_of
from .strings import RedactableStr

_builtin_format = format
_formatter = string.Formatter()
_CONVERTERS: dict[str, Callable[[object], str]] = {"r": repr, "s": str, "a": ascii}


@dataclass(frozen=True, slots=True)
class Field:
    """One replacement field: where its value comes from and how it renders."""

    first: int | str | None  # None: the next automatic number
    rest: tuple[tuple[bool, int | str], ...]  # attribute (True) or index lookups
    conversion: str | None
    spec: str
    nested: tuple[Field, ...]  # fields inside the spec, in order
    spec_parts: tuple[str | Field, ...]  # the spec split around nested fields


Piece = str | Field  # a literal is a str, a verbatim span a RedactableStr
_plans: dict[str, tuple[Piece, ...]] = {}
_PLAN_CACHE_SIZE = 2048


def _parse_field(name: str, conversion: str | None, spec: str, depth: int) -> Field:
    if depth > 1:
        raise ValueError("Max string recursion exceeded")
    first, rest_iter = _string.formatter_field_name_split(name)
    rest = tuple(rest_iter)
    first_key: int | str | None = None if first == "" else first
    if conversion is not None and conversion not in _CONVERTERS:
        raise ValueError(f"Unknown conversion specifier {conversion}")
    spec_parts: list[str | Field] = []
    nested: list[Field] = []
    if "{" in spec or "}" in spec:
        for literal, inner_name, inner_spec, inner_conv in _formatter.parse(spec):
            if literal:
                spec_parts.append(literal)
            if inner_name is not None:
                inner = _parse_field(inner_name, inner_conv, inner_spec or "", depth + 1)
                nested.append(inner)
                spec_parts.append(inner)
    return Field(first_key, rest, conversion, spec, tuple(nested), tuple(spec_parts))


def parse(template: str) -> tuple[Piece, ...]:
    """Split a template into escaped literal text and fields (cached)."""
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
    for literal, name, spec, conversion in _formatter.parse(template):
        if literal:
            pieces.append(escape_markers(literal))
        if name is not None:
            pieces.append(_parse_field(name, conversion, spec or "", 0))
    return pieces


def template_pieces(template: str) -> tuple[Piece, ...]:
    """The pieces of any template: a ``RedactableStr`` keeps its spans verbatim."""
    return marked_template_pieces(template, parse, _parse_text)


class _Arguments:
    """Resolves fields against the call's arguments, numbering as ``str.format``."""

    __slots__ = ("args", "auto", "kwargs", "manual")

    def __init__(self, args: Sequence[object], kwargs: Mapping[str, object]) -> None:
        self.args = args
        self.kwargs = kwargs
        self.auto = 0
        self.manual = False

    def resolve(self, field: Field) -> object:
        first = field.first
        if first is None:
            if self.manual:
                raise ValueError(
                    "cannot switch from manual field specification to automatic field numbering"
                )
            first = self.auto
            self.auto += 1
        elif isinstance(first, int):
            if self.auto:
                raise ValueError(
                    "cannot switch from automatic field numbering to manual field specification"
                )
            self.manual = True
        if isinstance(first, int):
            if first >= len(self.args):
                raise IndexError(
                    f"Replacement index {first} out of range for positional args tuple"
                )
            value = self.args[first]
        else:
            value = self.kwargs[first]
        for is_attribute, key in field.rest:
            value = getattr(value, str(key)) if is_attribute else value[key]  # type: ignore[index]
        return value


def write_format(
    builder: Builder, template: str, args: Sequence[object], kwargs: Mapping[str, object]
) -> None:
    """Write ``template.format(*args, **kwargs)`` into ``builder``."""
    arguments = _Arguments(args, kwargs)
    for piece in template_pieces(template):
        if type(piece) is str:
            builder._write_safe(piece)
            continue
        if isinstance(piece, RedactableStr):
            builder.redactable(piece)
            continue
        assert isinstance(piece, Field)
        value = arguments.resolve(piece)
        spec = piece.spec
        safe_spec = True
        if piece.nested:
            rendered_spec = []
            for part in piece.spec_parts:
                if isinstance(part, str):
                    rendered_spec.append(part)
                    continue
                inner = arguments.resolve(part)
                if kind_of(inner) != SAFE:
                    safe_spec = False
                rendered_spec.append(_render(inner, part.conversion, part.spec))
            spec = "".join(rendered_spec)
        if safe_spec:
            builder.embed(value, lambda v, c=piece.conversion, s=spec: _render(v, c, s))
        else:
            builder.unsafe(_render(value, piece.conversion, spec))


def _render(value: object, conversion: str | None, spec: str) -> str:
    if conversion is not None:
        value = _CONVERTERS[conversion](value)
    return _builtin_format(value, spec)


# The fast path: templates whose fields are plain positions or names (nearly
# all of them) are compiled once; anything else takes the Builder.
_compiled: dict[str, Compiled | None] = {}


def _compile(template: str) -> Compiled | None:
    literals: list[str] = []
    fields: list[FieldPlan] = []
    literal = ""
    auto = 0
    manual = False
    for piece in parse(template):
        if isinstance(piece, str):
            literal += piece
            continue
        if piece.rest or piece.nested:
            return None
        key = piece.first
        if key is None:
            if manual:
                return None  # the general path raises the builtin's error
            key = auto
            auto += 1
        elif isinstance(key, int):
            if auto:
                return None
            manual = True
        literals.append(literal)
        literal = ""
        conversion, spec = piece.conversion, piece.spec
        render: Render | None = None
        if conversion is not None or spec:
            render = lambda value, c=conversion, s=spec: _render(value, c, s)  # noqa: E731
        fields.append(FieldPlan(key, render, None))
    literals.append(literal)
    return Compiled.build(literals, fields)


def format(template: str, /, *args: object, **kwargs: object) -> RedactableStr:
    """Format a ``str.format`` template; the template is trusted, arguments are not.

    A ``RedactableStr`` template keeps its spans (see the module docstring).

    >>> format("hello {}", "world")
    'hello ‹world›'
    """
    if type(template) is not str and isinstance(template, RedactableStr):
        builder = Builder()
        write_format(builder, template, args, kwargs)
        return builder.build()
    try:
        compiled = _compiled[template]
    except (KeyError, TypeError):
        if len(_compiled) >= _PLAN_CACHE_SIZE:
            _compiled.clear()
        compiled = _compiled[str(template)] = _compile(str(template))
    if compiled is not None:
        try:
            generated = compiled.generated
            if generated is not None:
                return generated(args, kwargs)
            return fill_parts(compiled, args, kwargs)
        except (IndexError, KeyError, ValueError):
            pass  # the general path raises the builtin's error, or embeds an oversized int
    builder = Builder()
    write_format(builder, template, args, kwargs)
    return builder.build()
